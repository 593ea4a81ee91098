package index

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/opendata-bg/opendata/dataset"
)

// columns is an in-memory mirror of the fields that filter, sort and facet,
// for every record in the index: a row per id, values as small numbers.
// Queries without q never search bleve: they scan the rows. Queries with q
// ask bleve only for the matching documents (and their scores); filters,
// facets, sorting and paging are done here. It is filled from the index's
// doc values on Open and kept up to date by Put and Delete.
type columns struct {
	mu    sync.RWMutex
	ids   []string // row → record id
	rows  []row
	byID  map[string]int32
	munis dict
	codes dict // municipality codes
	progs dict
	funds dict
	live  int
	segs  segmentRows // bleve document numbers → rows

	// Compact copies of the facet values by row, for counting them over
	// many hits and filtering many rows without touching the rows.
	fAlive       []bool
	fMuni, fProg []int32
	fCode        []int32  // municipality codes
	fYears       []uint32 // yFrom<<16 | yTo
	fFunds       []uint64 // bit i: funds.values[i] (the first 64 values)

	matches matchCache // what query parts matched, until the next write

	version uint64 // bumped by every change of the rows

	// Each made when first needed; a search that needs one waits only for
	// that one (the ranks of the titles take a sort of every title).
	rankMu    sync.Mutex
	rank      []int32 // row → place of its id in id order (see idRanks)
	titleMu   sync.Mutex
	titleRank []int32 // row → place of its title in collation order (see titleRanks)
	titleVer  uint64  // the version titleRank was made at
	orderMu   sync.Mutex
	orders    map[rowOrder]*sortedRows // every live row, in each order asked (see sortedAll)
	orderVer  uint64                   // the version orders were made at
}

// sortedRows is every live row in one order, ready when done is closed.
type sortedRows struct {
	done chan struct{}
	hits []hitRow
}

// row is one record's filter, sort and facet values.
type row struct {
	alive     bool
	muni      int32 // index in munis, -1 when none
	code      int32 // index in codes, -1 when none
	prog      int32 // index in progs, -1 when none
	yFrom     int16 // the years the record covers; 0 when none
	yTo       int16
	start     int32 // YYYYMMDD (a year alone is YYYY0000); 0 when none
	published int32
	updated   int64    // unix seconds of the last change; 0 when none
	budget    int64    // cents of euro; -1 when none
	funds     []uint16 // indexes in funds
	title     string   // Bulgarian collation key; "" when none
	register  int8     // index in dataset.RegisterFacets; -1 when unknown
}

// dict interns the values of a keyword field.
type dict struct {
	index  map[string]int32
	values []string
}

func (d *dict) id(v string) int32 {
	if i, ok := d.index[v]; ok {
		return i
	}
	if d.index == nil {
		d.index = map[string]int32{}
	}
	i := int32(len(d.values))
	d.index[v] = i
	d.values = append(d.values, v)
	return i
}

// lookup returns the index of v, false when no record ever had it.
func (d *dict) lookup(v string) (int32, bool) {
	i, ok := d.index[v]
	return i, ok
}

func newColumns() *columns {
	return &columns{byID: map[string]int32{}}
}

// columnFields are the index fields whose doc values fill the columns.
var columnFields = []string{fMunicipality, fProgramme, fFund, fYear, sBudget, sStart, sPublished, sUpdated, sTitle, fRegister, fMuniCode}

// rowBuilder gathers one record's values from (field, term) pairs, as doc
// values or a document give them.
type rowBuilder struct {
	c *columns
	r row
}

func (b *rowBuilder) reset() {
	b.r = row{alive: true, muni: -1, code: -1, prog: -1, budget: -1, register: -1}
}

func (b *rowBuilder) visit(field string, term []byte) {
	r := &b.r
	switch field {
	case fMunicipality:
		r.muni = b.c.munis.id(string(term))
	case fMuniCode:
		r.code = b.c.codes.id(string(term))
	case fProgramme:
		r.prog = b.c.progs.id(string(term))
	case fFund:
		f := uint16(b.c.funds.id(string(term)))
		for _, g := range r.funds {
			if g == f {
				return
			}
		}
		r.funds = append(r.funds, f)
	case fYear:
		y := dataset.YearOf(string(term))
		if y == 0 {
			return
		}
		if r.yFrom == 0 || int16(y) < r.yFrom {
			r.yFrom = int16(y)
		}
		if int16(y) > r.yTo {
			r.yTo = int16(y)
		}
	case sBudget:
		if n, err := strconv.ParseInt(string(term), 10, 64); err == nil {
			r.budget = n
		}
	case sStart:
		r.start = dateNumber(string(term))
	case sPublished:
		r.published = dateNumber(string(term))
	case sUpdated:
		if n, err := strconv.ParseInt(string(term), 10, 64); err == nil {
			r.updated = n
		}
	case sTitle:
		if k, err := hex.DecodeString(string(term)); err == nil {
			r.title = string(k)
		}
	case fRegister:
		r.register = int8(slices.Index(dataset.RegisterFacets, string(term)))
	}
}

// dateNumber turns an isoDate key (YYYY-MM-DD or YYYY) into a number that
// sorts the same way; 0 when it is neither.
func dateNumber(s string) int32 {
	digits := func(s string) int32 {
		n := int32(0)
		for _, c := range s {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + c - '0'
		}
		return n
	}
	switch len(s) {
	case 4:
		return max(0, digits(s)*10000)
	case 10:
		y, m, d := digits(s[:4]), digits(s[5:7]), digits(s[8:10])
		if y < 0 || m < 0 || d < 0 {
			return 0
		}
		return y*10000 + m*100 + d
	}
	return 0
}

// set stores the row of id (reusing its old row, if any).
func (c *columns) set(id string, r row) {
	i, ok := c.byID[id]
	if !ok {
		i = int32(len(c.rows))
		c.byID[id] = i
		c.ids = append(c.ids, id)
		c.rows = append(c.rows, row{})
		c.fAlive, c.fMuni, c.fProg = append(c.fAlive, false), append(c.fMuni, -1), append(c.fProg, -1)
		c.fCode = append(c.fCode, -1)
		c.fYears, c.fFunds = append(c.fYears, 0), append(c.fFunds, 0)
	}
	if !c.rows[i].alive {
		c.live++
	}
	c.rows[i] = r
	c.fAlive[i], c.fMuni[i], c.fProg[i] = r.alive, r.muni, r.prog
	c.fCode[i] = r.code
	c.fYears[i] = uint32(r.yFrom)<<16 | uint32(r.yTo)
	c.fFunds[i] = 0
	for _, f := range r.funds {
		if f < 64 {
			c.fFunds[i] |= 1 << f
		}
	}
}

// remove marks id's row dead.
func (c *columns) remove(id string) {
	if i, ok := c.byID[id]; ok && c.rows[i].alive {
		c.rows[i] = row{muni: -1, code: -1, prog: -1, budget: -1, register: -1}
		c.fAlive[i], c.fMuni[i], c.fCode[i], c.fProg[i], c.fYears[i], c.fFunds[i] = false, -1, -1, -1, 0, 0
		c.live--
	}
}

// put mirrors records just indexed, from the documents they were indexed as.
func (c *columns) put(recs []dataset.Record) {
	db := newDocBuilder()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.matches.clear()
	c.version++
	b := rowBuilder{c: c}
	for i := range recs {
		if recs[i].ID == "" {
			continue
		}
		b.reset()
		for field, v := range db.doc(&recs[i]) {
			switch v := v.(type) {
			case string:
				b.visit(field, []byte(v))
			case []string:
				for _, s := range v {
					b.visit(field, []byte(s))
				}
			}
		}
		c.set(recs[i].ID, b.r)
	}
}

// delete mirrors records just deleted.
func (c *columns) delete(ids []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.matches.clear()
	c.version++
	for _, id := range ids {
		c.remove(id)
	}
}

// loadColumns reads the columns of every document in idx from its doc values.
func loadColumns(idx bleve.Index) (*columns, error) {
	c := newColumns()
	adv, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("load index columns: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("load index columns: %w", err)
	}
	defer r.Close()
	all, err := r.DocIDReaderAll()
	if err != nil {
		return nil, fmt.Errorf("load index columns: %w", err)
	}
	defer all.Close()
	dvr, err := r.DocValueReader(columnFields)
	if err != nil {
		return nil, fmt.Errorf("load index columns: %w", err)
	}
	b := rowBuilder{c: c}
	for {
		iid, err := all.Next()
		if err != nil {
			return nil, fmt.Errorf("load index columns: %w", err)
		}
		if iid == nil {
			return c, nil
		}
		id, err := r.ExternalID(iid)
		if err != nil {
			return nil, fmt.Errorf("load index columns: %w", err)
		}
		b.reset()
		if err := dvr.VisitDocValues(iid, bindex.DocValueVisitor(b.visit)); err != nil {
			return nil, fmt.Errorf("load index columns: %w", err)
		}
		c.set(id, b.r)
	}
}

// replace takes n's content (n is not used after). The caller holds c.mu.
func (c *columns) replace(n *columns) {
	c.ids, c.rows, c.byID = n.ids, n.rows, n.byID
	c.munis, c.codes, c.progs, c.funds, c.live = n.munis, n.codes, n.progs, n.funds, n.live
	c.fAlive, c.fMuni, c.fCode, c.fProg, c.fYears, c.fFunds = n.fAlive, n.fMuni, n.fCode, n.fProg, n.fYears, n.fFunds
	c.matches.clear()
	c.version++
	c.rankMu.Lock()
	c.rank = nil
	c.rankMu.Unlock()
	c.segs.mu.Lock()
	c.segs.segs, c.segs.lastSnap, c.segs.lastRows, c.segs.lastDocs = nil, nil, nil, nil
	c.segs.mu.Unlock()
}
