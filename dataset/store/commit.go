package store

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// Commit applies the writes of several crawled pages in one transaction
// (one disk sync): for each, in order, its state changes, the archived page
// and the merge of its records, whose result is set in the PageWrite. All
// of them are committed, or, on error, none.
func (s *Store) Commit(ws []*dataset.PageWrite) error {
	enc, err := s.zw.encodeWrites(ws)
	if err != nil {
		return err
	}
	results := make([]dataset.MergeResult, len(ws))
	err = s.db.Update(func(tx *bolt.Tx) error {
		for i, w := range ws {
			if err := applyState(tx, w.State); err != nil {
				return err
			}
			page := w.Page
			if w.Archive {
				if err := putPageTx(tx, enc[i]); err != nil {
					return fmt.Errorf("put page %s: %w", w.Page.URL, err)
				}
				// The merge names the body as archived.
				p := *w.Page
				p.SHA256 = enc[i].page.SHA256
				page = &p
			}
			if w.Merge {
				res, err := mergeTx(tx, *page, w.Records)
				if err != nil {
					return fmt.Errorf("merge %s: %w", w.Page.URL, err)
				}
				results[i] = res
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("commit %d pages: %w", len(ws), err)
	}
	for i, w := range ws {
		w.Result = results[i]
	}
	return nil
}

// applyState applies state bucket changes inside a transaction.
func applyState(tx *bolt.Tx, ops []dataset.StateOp) error {
	root := tx.Bucket(bucketState)
	for _, op := range ops {
		if op.Key == "" {
			return fmt.Errorf("state %s: empty key", op.Bucket)
		}
		if op.Delete {
			if b := root.Bucket([]byte(op.Bucket)); b != nil {
				if err := b.Delete([]byte(op.Key)); err != nil {
					return fmt.Errorf("state %s: delete: %w", op.Bucket, err)
				}
			}
			continue
		}
		b, err := root.CreateBucketIfNotExists([]byte(op.Bucket))
		if err != nil {
			return fmt.Errorf("state %s: %w", op.Bucket, err)
		}
		if err := b.Put([]byte(op.Key), op.Value); err != nil {
			return fmt.Errorf("state %s: put: %w", op.Bucket, err)
		}
	}
	return nil
}

// encodeWrites compresses the pages to archive, in parallel: the commit
// itself is serial, so the work done before it should not be.
func (c compressors) encodeWrites(ws []*dataset.PageWrite) ([]encodedPage, error) {
	enc := make([]encodedPage, len(ws))
	errs := make([]error, len(ws))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i, w := range ws {
		if w.Merge && w.Page == nil {
			return nil, dataset.Errorf(dataset.EINVALID, "commit: merge without a page")
		}
		if !w.Archive {
			continue
		}
		if w.Page == nil {
			return nil, dataset.Errorf(dataset.EINVALID, "commit: archive without a page")
		}
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			enc[i], errs[i] = c.encodePage(*w.Page, w.Body)
		}()
	}
	wg.Wait()
	return enc, errors.Join(errs...)
}
