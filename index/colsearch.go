package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/opendata-bg/opendata/dataset"
)

// segmentRows maps bleve's document numbers to rows. A segment of the
// index never changes, so its map is made once (reading each document's
// id) and reused by every snapshot that has the segment.
type segmentRows struct {
	mu       sync.Mutex
	segs     map[segKey][]int32 // local document number → row, -1 for none
	lastSnap *scorch.IndexSnapshot
	lastRows []int32 // the snapshot's global document number → row
	lastDocs []int64 // the snapshot's row → global document number, -1 for none (made when first asked)
}

type segKey struct{ id, count uint64 }

// docRows returns the row of each document number of snap (-1 for a
// deleted document or one the columns do not know yet). The caller holds
// c.mu (read).
func (c *columns) docRows(snap *scorch.IndexSnapshot) ([]int32, error) {
	s := &c.segs
	s.mu.Lock()
	defer s.mu.Unlock()
	if snap == s.lastSnap {
		return s.lastRows, nil
	}
	if s.segs == nil {
		s.segs = map[segKey][]int32{}
	}
	segs := snap.Segments()
	total := 0
	for _, seg := range segs {
		total += int(seg.FullSize())
	}
	out := make([]int32, 0, total)
	keep := make(map[segKey]bool, len(segs))
	complete := true
	for _, seg := range segs {
		key := segKey{seg.Id(), uint64(seg.FullSize())}
		keep[key] = true
		rows, ok := s.segs[key]
		if !ok {
			var whole bool
			var err error
			if rows, whole, err = c.mapSegment(seg); err != nil {
				return nil, err
			}
			if whole {
				s.segs[key] = rows
			}
			complete = complete && whole
		}
		out = append(out, rows...)
	}
	for key := range s.segs {
		if !keep[key] {
			delete(s.segs, key)
		}
	}
	if complete {
		s.lastSnap, s.lastRows, s.lastDocs = snap, out, nil
	}
	return out, nil
}

// rowDocs returns the document number in snap of each of the hits' rows
// (-1 for none), the reverse of docRows. The caller holds c.mu (read).
func (c *columns) rowDocs(snap *scorch.IndexSnapshot, hits []hitRow) ([]int64, error) {
	rows, err := c.docRows(snap)
	if err != nil {
		return nil, err
	}
	s := &c.segs
	s.mu.Lock()
	docs := s.lastDocs
	if snap != s.lastSnap || len(docs) != len(c.rows) {
		docs = make([]int64, len(c.rows))
		for i := range docs {
			docs[i] = -1
		}
		for num, r := range rows {
			if r >= 0 && int(r) < len(docs) {
				docs[r] = int64(num)
			}
		}
		if snap == s.lastSnap {
			s.lastDocs = docs
		}
	}
	s.mu.Unlock()
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = docs[h.row]
	}
	return out, nil
}

// mapSegment reads the id of each live document of seg and finds its row;
// whole is false when some id has no row yet (a Put in progress).
func (c *columns) mapSegment(seg *scorch.SegmentSnapshot) (rows []int32, whole bool, err error) {
	n := int(seg.FullSize())
	rows = make([]int32, n)
	del := seg.Deleted()
	whole = true
	for i := range n {
		rows[i] = -1
		if del != nil && del.Contains(uint32(i)) {
			continue
		}
		id, err := seg.DocID(uint64(i))
		if err != nil {
			return nil, false, fmt.Errorf("map index segment: %w", err)
		}
		if r, ok := c.byID[string(id)]; ok {
			rows[i] = r
		} else {
			whole = false
		}
	}
	return rows, whole, nil
}

// bm25 tells bleve's searchers which scoring model the mapping uses (what
// bleve's own search does).
func bm25Context(ctx context.Context) context.Context {
	return context.WithValue(ctx, search.GetScoringModelCallbackKey,
		search.GetScoringModelCallbackFn(func() string { return bindex.BM25Scoring }))
}

// reader opens a reader of the index's current snapshot; the caller closes
// it. The caller holds x.mu (read).
func (x *Index) reader() (bindex.IndexReader, error) {
	adv, err := x.idx.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

// indexMatches runs bq on the index and returns the rows of its matches
// that pass f (all of them when f is nil), each as one word matched, with
// their scores when score is set. The caller holds x.mu
// and c.mu (read).
func (x *Index) indexMatches(ctx context.Context, c *columns, bq query.Query, f *rowFilter, score bool) ([]hitRow, error) {
	reader, err := x.reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("unexpected index reader %T", reader)
	}
	rows, err := c.docRows(snap)
	if err != nil {
		return nil, err
	}
	opts := search.SearcherOptions{Score: "none"}
	if score {
		opts.Score = ""
	}
	ctx = bm25Context(ctx)
	searcher, err := bq.Searcher(ctx, reader, x.idx.Mapping(), opts)
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       reader,
	}
	var hits []hitRow
	if f == nil {
		hits = make([]hitRow, 0, min(int(searcher.Count()), c.live)) // at most the matches' sum over the terms
	}
	for n := 0; ; n++ {
		if n%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		dm, err := searcher.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			return hits, nil
		}
		num := binary.BigEndian.Uint64(dm.IndexInternalID)
		if num < uint64(len(rows)) {
			if r := rows[num]; r >= 0 && c.fAlive[r] && (f == nil || f.match(&c.rows[r])) {
				hits = append(hits, hitRow{row: r, words: 1, score: dm.Score})
			}
		}
		sctx.DocumentMatchPool.Put(dm)
	}
}

// selection is what a query selects: the text query's selection (nil
// without q) and the matching rows.
type selection struct {
	text *textMatch
	hits []hitRow
	all  bool      // hits are every live row
	buf  *[]hitRow // hits' array when it is the selection's own, from hitBufs
}

// hitBufs keeps the arrays of filtered selections for the next search (a
// filter over 100,000 rows or over a word's matches fills up to megabytes).
var hitBufs = sync.Pool{New: func() any { return new([]hitRow) }}

// ownHits returns an empty array for a selection's hits, kept by s.
func (s *selection) ownHits() []hitRow {
	s.buf = hitBufs.Get().(*[]hitRow)
	return (*s.buf)[:0]
}

// release gives the selection's own array back: the caller no longer
// reads s.hits.
func (s *selection) release() {
	if s.buf != nil {
		*s.buf = s.hits[:0]
		hitBufs.Put(s.buf)
		s.buf, s.hits = nil, nil
	}
}

// highlight is the query that finds the matched words, nil without q.
func (s selection) highlight() query.Query {
	if s.text == nil {
		return nil
	}
	return s.text.highlight
}

// selectRows finds the rows q selects, in row order, with their scores and
// the number of words each has when q has words (shared with the match
// cache: callers must not change it; a filtered selection's array is its
// own, given back by release). Without q or a contract it scans the
// columns; otherwise q's
// selection (rank.go) and the contract number are matched by the index (or
// the match cache), and the columns filter them. The caller holds x.mu and
// c.mu (read).
func (x *Index) selectRows(ctx context.Context, c *columns, q dataset.Query) (selection, error) {
	var sel selection
	f := c.compileFilter(q)
	var hits []hitRow // shared until filtered
	if q.Q != "" {
		tm, err := x.textMatches(ctx, c, q.Q)
		if err != nil {
			return sel, err
		}
		sel.text, hits = tm, tm.hits
	}
	if q.Contract != "" {
		code := NormCode(q.Contract)
		tq := query.NewTermQuery(code)
		tq.SetField(fContract)
		tq.SetBoost(0)
		byContract, err := x.partMatches(ctx, c, "c:"+code, tq)
		if err != nil {
			return sel, x.searchError(ctx, err)
		}
		if sel.text == nil {
			hits = byContract
		} else {
			hits = intersect(slices.Clone(hits), [][]hitRow{byContract})
		}
	}
	if sel.text == nil && q.Contract == "" {
		sel.hits = sel.ownHits()
		if f.munis != nil && f.codes == nil { // most often: one municipality's records
			for i, m := range c.fMuni {
				if m >= 0 && int(m) < len(f.munis) && f.munis[m] && c.pass(&f, int32(i)) {
					sel.hits = append(sel.hits, hitRow{row: int32(i)})
				}
			}
			return sel, nil
		}
		for i := range int32(len(c.rows)) {
			if c.pass(&f, i) {
				sel.hits = append(sel.hits, hitRow{row: i})
			}
		}
		return sel, nil
	}
	if f.empty() {
		sel.hits = hits // every row of a cached selection is alive: the cache is cleared by every write
		return sel, nil
	}
	sel.hits = sel.ownHits()
	for _, h := range hits {
		if c.pass(&f, h.row) {
			sel.hits = append(sel.hits, h)
		}
	}
	return sel, nil
}
