package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// Record returns the record with the id, or an ENOTFOUND error.
func (s *Store) Record(id string) (dataset.Record, error) {
	var r dataset.Record
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		r, ok, err = getRecord(tx, id)
		return err
	})
	if err != nil {
		return dataset.Record{}, fmt.Errorf("read record: %w", err)
	}
	if !ok {
		return dataset.Record{}, dataset.Errorf(dataset.ENOTFOUND, "no project with id %q", id)
	}
	return r, nil
}

// History returns every version of the record, oldest first, or an
// ENOTFOUND error when there is no such record.
func (s *Store) History(id string) ([]dataset.Version, error) {
	var out []dataset.Version
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		found = tx.Bucket(bucketRecords).Get([]byte(id)) != nil
		prefix := []byte(id + "\x00")
		c := tx.Bucket(bucketVersions).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) != len(prefix)+8 {
				continue // an id that merely starts with this one
			}
			var ver dataset.Version
			if err := json.Unmarshal(v, &ver); err != nil {
				return fmt.Errorf("decode version of %s: %w", id, err)
			}
			out = append(out, ver)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read history: %w", err)
	}
	if !found {
		return nil, dataset.Errorf(dataset.ENOTFOUND, "no project with id %q", id)
	}
	return out, nil
}

// EachRecord calls fn for every record, withdrawn ones included, in id
// order. fn runs outside any transaction, a chunk of records at a time, so a
// slow consumer holds neither the database nor much memory; a record changed
// during the walk is seen as it was when its chunk was read. fn's error
// stops the walk and is returned.
func (s *Store) EachRecord(fn func(dataset.Record) error) error {
	return s.walk(bucketRecords, func(k, v []byte) error {
		var r dataset.Record
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode record %s: %w", k, err)
		}
		return fn(r)
	})
}
