// Package index is the Bulgarian full-text index of the records (bleve). It is
// derived from the store and can be rebuilt from it at any time.
//
// Text is analyzed twice: by a Bulgarian analyzer (stop words, a stemmer
// that brings the forms of a word together) and by a Latin one (the same
// stems, transliterated), so that a query in either script finds Cyrillic
// records. Contract numbers and procedure codes are also indexed whole, and
// by prefix, as keywords. A query's q is parsed here (words, "phrases",
// -exclusions), not by bleve's query-string syntax.
//
// Beside bleve, the index keeps the values that filter, sort and facet
// (municipality, programme, funds, years, budget, dates, a collation key of
// the title) of every record in memory, in columns (columns.go), read from
// the index's doc values on Open and kept up to date by every write. A
// query without q never searches bleve: the columns are scanned, filtered,
// counted and sorted. A query with q asks bleve only which records each of
// its words and phrases matches, with their scores (cached until the next
// write, matches.go), and for the highlights of the page's hits; the rest
// is done on the columns. Every answer is exact.
//
// The index is derived data: Open never fails on a damaged index (it starts
// an empty one and NeedsRebuild says so), Rebuild and Build fill a fresh
// directory from the store and swap it in only when complete.
package index

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/opendata-bg/opendata/dataset"
)

// Batches are bounded in documents and in bytes of text: bleve holds a whole
// batch, analyzed, in memory.
const (
	batchDocs       = 500
	bulkBatchDocs   = 1000 // a rebuild: fewer, larger segments to merge …
	bulkWorkers     = 2    // … built two at a time …
	bulkUnpersisted = 4    // … with at most this many waiting to be written
	batchBytes      = 16 << 20
)

// metaFile, inside the index directory, says which schema built the index
// and whether it was filled completely from the store.
const metaFile = "opendata.json"

// DefaultTimeout bounds one search when the caller's context has no
// deadline of its own.
const DefaultTimeout = 10 * time.Second

// Index is the search index. Open it with Open; Close it when done. Its
// methods are safe for concurrent use.
type Index struct {
	// Timeout bounds one search (DefaultTimeout when zero); a search that
	// takes longer fails with an EUNAVAILABLE error.
	Timeout time.Duration

	path   string
	logger *slog.Logger

	mu   sync.RWMutex // guards idx and meta; searches hold it read-locked, the swap of a rebuild write-locked
	idx  bleve.Index
	cols *columns // the filter, sort and facet values of idx's records
	meta meta
	why  string // why a rebuild is needed, "" when it is not

	wmu      sync.Mutex // serializes writers: Put, Delete, Rebuild
	building *pending   // non-nil while Rebuild runs: writes to replay on the new index

	cache *resultCache  // answers of Search until the next write
	slots chan struct{} // one per search that may run at once
}

// meta is the content of metaFile.
type meta struct {
	Schema   int       `json:"schema"`
	Complete bool      `json:"complete"` // filled from the whole store by a rebuild
	Built    time.Time `json:"built,omitzero"`
	Records  uint64    `json:"records"`
	// StoreGeneration is the store generation the index was last brought
	// up to (see SetStoreGeneration); 0 when nobody said.
	StoreGeneration uint64 `json:"store_generation,omitempty"`
}

// Open opens the index at path, creating it when there is none.
//
// Open does not fail on an index it cannot read (a crash, a full disk, a
// damaged file): it moves it aside to path+".corrupt", creates an empty
// index and reports through NeedsRebuild that the caller must rebuild it
// from the store. It fails when the index is held by another process.
func Open(path string, logger *slog.Logger) (*Index, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	x := &Index{path: path, logger: logger, cache: newResultCache(DefaultCacheSize),
		slots: make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))}
	if err := recoverSwap(path, logger); err != nil {
		return nil, fmt.Errorf("open index: %w", err)
	}
	idx, why, err := openOrCreate(path, logger)
	if err != nil {
		return nil, err
	}
	if x.cols, err = loadColumns(idx); err != nil {
		idx.Close()
		return nil, fmt.Errorf("open index: %w", err)
	}
	x.idx, x.why = idx, why
	x.meta = readMeta(path)
	if x.why == "" {
		switch {
		case x.meta.Schema != schemaVersion:
			x.why = fmt.Sprintf("the index was built by schema %d; this version uses %d", x.meta.Schema, schemaVersion)
		case !x.meta.Complete:
			x.why = "the index was never filled completely from the store (an interrupted or missing rebuild)"
		}
	}
	if x.why != "" {
		logger.Warn("the search index must be rebuilt from the store", "path", path, "reason", x.why)
	}
	return x, nil
}

// openOrCreate opens the bleve index at path; when there is none, or it is
// unreadable, it creates an empty one and says why in the second result.
func openOrCreate(path string, logger *slog.Logger) (bleve.Index, string, error) {
	idx, err := openChecked(path)
	if err == nil {
		return idx, "", nil
	}
	var why string
	switch {
	case errors.Is(err, bleve.ErrorIndexPathDoesNotExist):
		why = "there was no index"
	case isLocked(err):
		return nil, "", dataset.Errorf(dataset.EUNAVAILABLE,
			"the search index %s is in use by another process (is `opendata serve` running?)", path)
	default:
		why = fmt.Sprintf("the index could not be read (%v); it was moved to %s", err, path+".corrupt")
		logger.Error("search index unreadable; moving it aside", "path", path, "err", err)
		if err := moveAside(path); err != nil {
			return nil, "", fmt.Errorf("open index: move unreadable index aside: %w", err)
		}
	}
	idx, err = create(path, false)
	if err != nil {
		return nil, "", fmt.Errorf("open index: %w", err)
	}
	if err := writeMeta(path, meta{Schema: schemaVersion}); err != nil {
		idx.Close()
		return nil, "", fmt.Errorf("open index: %w", err)
	}
	return idx, why, nil
}

// runtimeConfig is the scorch configuration for opening an index: bounded
// waits for the file lock, and every batch durable when Batch returns.
func runtimeConfig() map[string]any {
	return map[string]any{"bolt_timeout": "2s", "unsafe_batch": false}
}

// create makes a new empty index at path. bulk trades durability of each
// batch for speed, for a rebuild into a fresh directory.
func create(path string, bulk bool) (bleve.Index, error) {
	cfg := map[string]any{"bolt_timeout": "2s"}
	if bulk {
		cfg["unsafe_batch"] = true
	}
	idx, err := bleve.NewUsing(path, newMapping(), scorch.Name, scorch.Name, cfg)
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", path, err)
	}
	return idx, nil
}

// openChecked opens the index at path and checks that it answers. bleve
// panics on some damaged files (a truncated segment); that is an error here.
func openChecked(path string) (idx bleve.Index, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("damaged index: %v", r)
			if idx != nil {
				closeQuietly(idx)
			}
			idx = nil
		}
	}()
	idx, err = bleve.OpenUsing(path, runtimeConfig())
	if err != nil {
		return nil, err
	}
	if err = probe(idx); err != nil {
		idx.Close()
		return nil, err
	}
	return idx, nil
}

// closeQuietly closes a damaged index, which may panic again.
func closeQuietly(idx bleve.Index) {
	defer func() { _ = recover() }()
	idx.Close()
}

// probe checks that an opened index answers.
func probe(idx bleve.Index) error {
	if _, err := idx.DocCount(); err != nil {
		return err
	}
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 1, 0, false)
	_, err := idx.Search(req)
	return err
}

// isLocked reports whether err is bolt's timeout waiting for the file lock.
func isLocked(err error) bool {
	return err != nil && strings.Contains(err.Error(), "timeout")
}

// moveAside renames an unreadable index to path.corrupt (replacing an
// older one), keeping it for a look but out of the way.
func moveAside(path string) error {
	aside := path + ".corrupt"
	if err := os.RemoveAll(aside); err != nil {
		return err
	}
	if err := os.Rename(path, aside); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// NeedsRebuild reports whether the index must be rebuilt from the store,
// and why: it was missing, unreadable and recreated empty, built by another
// schema, or never filled completely. The index answers meanwhile (possibly
// with nothing); the caller should call Rebuild (or run `opendata reindex`).
func (x *Index) NeedsRebuild() (bool, string) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.why != "", x.why
}

// SetStoreGeneration records (durably, beside the index) that the index
// now reflects the store at generation g (store.Store's Generation). Call
// it after the Put and Delete calls, or the Rebuild, that brought the index
// up to that generation; on start, an index whose StoreGeneration differs
// from the store's missed some changes (a crash between the store's commit
// and the index's) and should be rebuilt.
func (x *Index) SetStoreGeneration(g uint64) error {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return errClosed
	}
	m := x.meta
	m.StoreGeneration = g
	if err := writeMeta(x.path, m); err != nil {
		return err
	}
	x.meta = m
	return nil
}

// StoreGeneration returns what SetStoreGeneration last recorded (0 for a
// new or rebuilt index until it is called).
func (x *Index) StoreGeneration() uint64 {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.meta.StoreGeneration
}

// Generation returns a number that changes whenever the index changes in
// this process (a Put, a Delete, a Rebuild), for ETags and caches of
// answers. It starts at 0 when the index is opened.
func (x *Index) Generation() uint64 { return x.cache.generation() }

// Close closes the index.
func (x *Index) Close() error {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		return nil
	}
	err := x.idx.Close()
	x.idx, x.cols = nil, nil
	if err != nil {
		return fmt.Errorf("close index: %w", err)
	}
	return nil
}

// errClosed is returned by methods called after Close.
var errClosed = dataset.Errorf(dataset.EUNAVAILABLE, "the search index is closed")

// Put adds or replaces records, in bounded batches. Records without an id
// are skipped.
func (x *Index) Put(recs []dataset.Record) error {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return errClosed
	}
	defer x.cache.invalidate()
	if err := putRecords(x.idx, recs, x.logger); err != nil {
		x.reloadColumns()
		return fmt.Errorf("index records: %w", err)
	}
	x.cols.put(recs)
	if x.building != nil {
		x.building.put(recs)
	}
	return nil
}

// Delete removes records by id.
func (x *Index) Delete(ids []string) error {
	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return errClosed
	}
	defer x.cache.invalidate()
	if err := deleteIDs(x.idx, ids); err != nil {
		x.reloadColumns()
		return fmt.Errorf("delete from index: %w", err)
	}
	x.cols.delete(ids)
	if x.building != nil {
		x.building.delete(ids)
	}
	return nil
}

// reloadColumns reads the columns again from the index, after a write
// that failed part way. The caller holds x.mu (read) and x.wmu.
func (x *Index) reloadColumns() {
	c, err := loadColumns(x.idx)
	if err != nil {
		x.logger.Error("reload the index columns", "err", err)
		return
	}
	old := x.cols
	old.mu.Lock()
	defer old.mu.Unlock()
	old.replace(c)
}

// Count returns the number of indexed records.
func (x *Index) Count() (uint64, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return 0, errClosed
	}
	n, err := x.idx.DocCount()
	if err != nil {
		return 0, fmt.Errorf("count index: %w", err)
	}
	return n, nil
}

// putRecords indexes records in batches bounded in count and size.
func putRecords(idx bleve.Index, recs []dataset.Record, logger *slog.Logger) error {
	return putBatches(idx, recs, batchDocs, nil, logger)
}

// putBatches indexes records in batches of at most maxDocs documents. With
// a gate, a batch waits until few enough earlier ones are still unpersisted.
func putBatches(idx bleve.Index, recs []dataset.Record, maxDocs int, gate *persistGate, logger *slog.Logger) error {
	db := newDocBuilder()
	b := idx.NewBatch()
	size := 0
	for i := range recs {
		r := &recs[i]
		if r.ID == "" {
			logger.Warn("record without id not indexed", "title", r.Title)
			continue
		}
		if err := b.Index(r.ID, db.doc(r)); err != nil {
			return fmt.Errorf("record %s: %w", r.ID, err)
		}
		size += recordSize(r)
		if b.Size() >= maxDocs || size >= batchBytes {
			if err := gate.batch(idx, b); err != nil {
				return err
			}
			b = idx.NewBatch()
			size = 0
		}
	}
	if b.Size() > 0 {
		return gate.batch(idx, b)
	}
	return nil
}

// persistGate bounds how many batches a bulk index (whose Batch returns
// before the batch is on disk) holds in memory, unpersisted.
type persistGate struct {
	slots chan struct{}
	mu    sync.Mutex
	err   error
}

func newPersistGate(n int) *persistGate { return &persistGate{slots: make(chan struct{}, n)} }

// batch runs b; with a gate, it first waits for a slot, which b's
// persistence frees.
func (g *persistGate) batch(idx bleve.Index, b *bleve.Batch) error {
	if g == nil {
		return idx.Batch(b)
	}
	g.slots <- struct{}{}
	b.SetPersistedCallback(func(err error) {
		if err != nil {
			g.mu.Lock()
			g.err = err
			g.mu.Unlock()
		}
		<-g.slots
	})
	if err := idx.Batch(b); err != nil {
		<-g.slots
		return err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.err
}

func deleteIDs(idx bleve.Index, ids []string) error {
	b := idx.NewBatch()
	for _, id := range ids {
		if id == "" {
			continue
		}
		b.Delete(id)
		if b.Size() >= batchDocs*4 {
			if err := idx.Batch(b); err != nil {
				return err
			}
			b.Reset()
		}
	}
	if b.Size() > 0 {
		return idx.Batch(b)
	}
	return nil
}

// recordSize estimates the text a record brings into a batch.
func recordSize(r *dataset.Record) int {
	n := len(r.Title) + len(r.Beneficiary) + 256
	for _, l := range [][]string{r.Objectives, r.Activities, r.Results, r.TargetGroups, r.Partners, r.Contractors} {
		for _, s := range l {
			n += len(s)
		}
	}
	for _, d := range r.Documents {
		n += min(len(d.Text), maxDocText)
	}
	return n
}

func readMeta(path string) meta {
	var m meta
	b, err := os.ReadFile(filepath.Join(path, metaFile))
	if err != nil {
		return m
	}
	if json.Unmarshal(b, &m) != nil {
		return meta{}
	}
	return m
}

// writeMeta replaces metaFile atomically.
func writeMeta(path string, m meta) error {
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	tmp := filepath.Join(path, metaFile+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("write index meta: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(path, metaFile))
	}
	if err != nil {
		return fmt.Errorf("write index meta: %w", err)
	}
	return nil
}
