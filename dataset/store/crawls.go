package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// PutCrawl saves a crawl run (insert or update by ID).
func (s *Store) PutCrawl(run dataset.CrawlRun) error {
	if run.ID == "" {
		return dataset.Errorf(dataset.EINVALID, "put crawl: the run has no ID")
	}
	v, err := json.Marshal(run)
	if err != nil {
		return fmt.Errorf("encode crawl %s: %w", run.ID, err)
	}
	err = s.db.Update(func(tx *bolt.Tx) error {
		crawls, ids := tx.Bucket(bucketCrawls), tx.Bucket(bucketCrawlKeys)
		if old := ids.Get([]byte(run.ID)); old != nil {
			if err := crawls.Delete(old); err != nil {
				return err
			}
		}
		key := binary.BigEndian.AppendUint64(nil, uint64(run.Started.UnixNano()))
		key = append(key, run.ID...)
		if err := crawls.Put(key, v); err != nil {
			return err
		}
		if err := ids.Put([]byte(run.ID), key); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		return putUint(meta, metaCrawlGen, getUint(meta, metaCrawlGen)+1)
	})
	if err != nil {
		return fmt.Errorf("put crawl %s: %w", run.ID, err)
	}
	return nil
}

// Crawls returns the latest crawl runs, newest first (by start time), at most limit.
func (s *Store) Crawls(limit int) ([]dataset.CrawlRun, error) {
	var out []dataset.CrawlRun
	err := s.db.View(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketCrawls).Cursor()
		for k, v := c.Last(); k != nil && len(out) < limit; k, v = c.Prev() {
			var run dataset.CrawlRun
			if err := json.Unmarshal(v, &run); err != nil {
				return fmt.Errorf("decode crawl %q: %w", k, err)
			}
			out = append(out, run)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read crawls: %w", err)
	}
	return out, nil
}
