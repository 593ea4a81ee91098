package index

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/opendata-bg/opendata/dataset"
)

// EachFunc walks records: it calls fn for each and stops at fn's first
// error. store.Store's EachRecord is one.
type EachFunc func(fn func(dataset.Record) error) error

// BuildStats says what a rebuild did.
type BuildStats struct {
	Records  uint64
	Duration time.Duration
}

// DocsPerSecond is the indexing rate of the build.
func (s BuildStats) DocsPerSecond() float64 {
	if s.Duration <= 0 {
		return 0
	}
	return float64(s.Records) / s.Duration.Seconds()
}

// The directories of a swap: a rebuild fills path.new, then renames path to
// path.old, path.new to path, and removes path.old. Open finishes or undoes
// a swap a crash interrupted.
func newDir(path string) string { return path + ".new" }
func oldDir(path string) string { return path + ".old" }

// Build rebuilds the index at path from every record each yields, in a
// fresh directory swapped in when complete (an interrupted build leaves the
// old index in place). The index at path must not be open in this or any
// other process; an open *Index rebuilds itself with Rebuild instead.
func Build(ctx context.Context, path string, logger *slog.Logger, each EachFunc) (BuildStats, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if err := recoverSwap(path, logger); err != nil {
		return BuildStats{}, fmt.Errorf("rebuild index: %w", err)
	}
	if err := checkNotOpen(path); err != nil {
		return BuildStats{}, err
	}
	start := time.Now()
	idx, err := fill(ctx, newDir(path), logger, each)
	if err != nil {
		return BuildStats{}, err
	}
	st, err := finish(ctx, idx, newDir(path), nil, logger, start)
	if err != nil {
		return st, err
	}
	if err := checkNotOpen(path); err != nil {
		os.RemoveAll(newDir(path))
		return st, err
	}
	if err := swapIn(path); err != nil {
		return st, fmt.Errorf("rebuild index: %w", err)
	}
	return st, nil
}

// Rebuild rebuilds the open index from every record each yields, into a
// fresh directory, and swaps it in. Searches go on meanwhile, on the old
// index; Put and Delete calls made during the rebuild are applied to both.
func (x *Index) Rebuild(ctx context.Context, each EachFunc) (BuildStats, error) {
	start := time.Now()
	p := &pending{}
	x.wmu.Lock()
	x.building = p
	x.wmu.Unlock()
	idx, err := fill(ctx, newDir(x.path), x.logger, each)

	x.wmu.Lock()
	defer x.wmu.Unlock()
	x.building = nil
	if err != nil {
		return BuildStats{}, err
	}
	st, err := finish(ctx, idx, newDir(x.path), p, x.logger, start)
	if err != nil {
		return st, err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.idx == nil {
		os.RemoveAll(newDir(x.path))
		return st, errClosed
	}
	if err := x.idx.Close(); err != nil {
		x.logger.Warn("close the old index", "err", err)
	}
	x.idx, x.cols = nil, nil
	x.cache.invalidate()
	if err := swapIn(x.path); err != nil {
		x.logger.Error("swap in the rebuilt index", "err", err)
	}
	idx, why, err := openOrCreate(x.path, x.logger)
	if err != nil {
		return st, err
	}
	cols, err := loadColumns(idx)
	if err != nil {
		x.logger.Error("load the rebuilt index's columns", "err", err)
		cols, why = newColumns(), fmt.Sprintf("the rebuilt index could not be read (%v)", err)
	}
	x.idx, x.cols, x.meta = idx, cols, readMeta(x.path)
	x.why = why
	if why == "" && (!x.meta.Complete || x.meta.Schema != schemaVersion) {
		x.why = "the rebuilt index did not open as complete"
	}
	return st, nil
}

// fill creates a new index in dir and puts every record each yields. Two
// workers build segments in parallel (bleve's Batch is safe for concurrent
// use; building a segment is single-threaded).
func fill(ctx context.Context, dir string, logger *slog.Logger, each EachFunc) (bleve.Index, error) {
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("rebuild index: %w", err)
	}
	idx, err := create(dir, true)
	if err != nil {
		return nil, fmt.Errorf("rebuild index: %w", err)
	}
	bulk := bulkBatchDocs
	workers := min(runtime.GOMAXPROCS(0), bulkWorkers)
	gate := newPersistGate(bulkUnpersisted)
	chunks := make(chan []dataset.Record)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chunks {
				if err := putBatches(idx, c, bulk, gate, logger); err != nil {
					errs <- err
					for range chunks { // drain, so that the sender never blocks
					}
					return
				}
			}
		}()
	}
	buf := make([]dataset.Record, 0, bulk)
	size := 0
	send := func() error {
		select {
		case chunks <- buf:
		case err := <-errs:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
		buf, size = make([]dataset.Record, 0, bulk), 0
		return nil
	}
	err = each(func(r dataset.Record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		buf = append(buf, r)
		size += recordSize(&r)
		if len(buf) >= bulk || size >= batchBytes {
			return send()
		}
		return nil
	})
	if err == nil && len(buf) > 0 {
		err = send()
	}
	close(chunks)
	wg.Wait()
	if err == nil {
		select {
		case err = <-errs:
		default:
		}
	}
	if err != nil {
		idx.Close()
		os.RemoveAll(dir)
		return nil, fmt.Errorf("rebuild index: %w", err)
	}
	return idx, nil
}

// finish replays p (the writes made during the fill), waits until all is
// on disk, closes the index and marks it complete.
func finish(ctx context.Context, idx bleve.Index, dir string, p *pending, logger *slog.Logger, start time.Time) (BuildStats, error) {
	var err error
	if p != nil {
		err = p.replay(idx, logger)
	}
	if err == nil {
		err = waitPersisted(ctx, idx)
	}
	var n uint64
	if err == nil {
		n, err = idx.DocCount()
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = writeMeta(dir, meta{Schema: schemaVersion, Complete: true, Built: time.Now().UTC(), Records: n})
	}
	if err != nil {
		os.RemoveAll(dir)
		return BuildStats{}, fmt.Errorf("rebuild index: %w", err)
	}
	st := BuildStats{Records: n, Duration: time.Since(start)}
	logger.Info("search index rebuilt", "records", n, "seconds", st.Duration.Seconds(), "docs_per_second", int(st.DocsPerSecond()))
	return st, nil
}

// waitPersisted writes one last (empty) batch and waits until it is on
// disk: a bulk index acknowledges batches before persisting them, and
// persists them in order.
func waitPersisted(ctx context.Context, idx bleve.Index) error {
	done := make(chan error, 1)
	b := idx.NewBatch()
	b.SetInternal([]byte("opendata_built"), []byte(time.Now().UTC().Format(time.RFC3339)))
	b.SetPersistedCallback(bindex.BatchCallback(func(err error) { done <- err }))
	if err := idx.Batch(b); err != nil {
		return err
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// swapIn replaces the index at path by the complete one in path.new.
func swapIn(path string) error {
	if err := os.RemoveAll(oldDir(path)); err != nil {
		return err
	}
	if err := os.Rename(path, oldDir(path)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if err := os.Rename(newDir(path), path); err != nil {
		return err
	}
	return os.RemoveAll(oldDir(path))
}

// recoverSwap finishes or undoes a swap that a crash interrupted, and
// removes what an interrupted rebuild left.
func recoverSwap(path string, logger *slog.Logger) error {
	_, err := os.Stat(path)
	missing := errors.Is(err, os.ErrNotExist)
	if missing {
		switch {
		case readMeta(newDir(path)).Complete:
			logger.Warn("finishing an interrupted index swap", "path", path)
			if err := os.Rename(newDir(path), path); err != nil {
				return err
			}
		case exists(oldDir(path)):
			logger.Warn("restoring the previous index after an interrupted swap", "path", path)
			if err := os.Rename(oldDir(path), path); err != nil {
				return err
			}
		}
	}
	for _, d := range []string{newDir(path), oldDir(path)} {
		if exists(d) {
			logger.Info("removing what an interrupted rebuild left", "dir", d)
			if err := os.RemoveAll(d); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkNotOpen fails when another process holds the index at path.
func checkNotOpen(path string) error {
	if !exists(path) {
		return nil
	}
	idx, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": "500ms"})
	if isLocked(err) {
		return dataset.Errorf(dataset.EUNAVAILABLE,
			"the search index %s is in use by another process; stop `opendata serve` first", path)
	}
	if err == nil {
		idx.Close()
	}
	return nil
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// pending keeps the writes made while a rebuild runs, to replay them on the
// new index before it is swapped in (the store may have yielded a record
// before it changed).
type pending struct {
	mu  sync.Mutex
	ops []op
}

type op struct {
	recs []dataset.Record
	ids  []string
}

func (p *pending) put(recs []dataset.Record) {
	p.mu.Lock()
	p.ops = append(p.ops, op{recs: append([]dataset.Record(nil), recs...)})
	p.mu.Unlock()
}

func (p *pending) delete(ids []string) {
	p.mu.Lock()
	p.ops = append(p.ops, op{ids: append([]string(nil), ids...)})
	p.mu.Unlock()
}

func (p *pending) replay(idx bleve.Index, logger *slog.Logger) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, o := range p.ops {
		var err error
		if o.recs != nil {
			err = putRecords(idx, o.recs, logger)
		} else {
			err = deleteIDs(idx, o.ids)
		}
		if err != nil {
			return err
		}
	}
	p.ops = nil
	return nil
}
