package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"

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

// diffSkip are the fields a version does not report: identity, bookkeeping
// and the sources' fetch metadata, which change on every fetch.
// The register file's date changes with every sync: a record's new copy of
// it is kept without a version of its own.
var diffSkip = map[string]bool{"id": true, "sources": true, "first_seen": true, "updated": true, "withdrawn": true,
	"register.file_date": true}

// diff lists the fields (budget.* and period.* one level down) whose value
// differs between two records' JSON (a nil for none), in a stable order,
// with JSON values.
func diff(a, b []byte) []dataset.Change {
	fa, fb := flatten(a), flatten(b)
	var names []string
	for k := range fa {
		names = append(names, k)
	}
	for k := range fb {
		if _, ok := fa[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		oi, oj := fieldRank(names[i]), fieldRank(names[j])
		if oi != oj {
			return oi < oj
		}
		return names[i] < names[j]
	})
	var out []dataset.Change
	for _, k := range names {
		if diffSkip[k] {
			continue
		}
		from, to := empty(fa[k]), empty(fb[k])
		if !reflect.DeepEqual(from, to) {
			out = append(out, dataset.Change{Field: k, From: from, To: to})
		}
	}
	return out
}

// fieldOrder puts a version's changes in the record's own order.
var fieldOrder = []string{"title", "contract_numbers", "procedure_codes", "programme", "programme_name",
	"funds", "beneficiary", "municipality", "partners", "contractors", "budget.", "period.",
	"objectives", "activities", "results", "target_groups", "published", "documents", "warnings",
	"register_match", "register.", "register_unmatched"}

func fieldRank(name string) int {
	for i, f := range fieldOrder {
		if name == f || (f[len(f)-1] == '.' && len(name) > len(f) && name[:len(f)] == f) {
			return i
		}
	}
	return len(fieldOrder)
}

// flatten turns a record's JSON into its fields, budget, period and register one level down.
func flatten(raw []byte) map[string]any {
	m := map[string]any{}
	if raw != nil {
		_ = json.Unmarshal(raw, &m)
	}
	for _, sub := range []string{"budget", "period", "register"} {
		if inner, ok := m[sub].(map[string]any); ok {
			for k, x := range inner {
				m[sub+"."+k] = x
			}
			delete(m, sub)
		}
	}
	return m
}

// empty returns nil for an empty list, so that null and [] do not differ.
func empty(v any) any {
	if l, ok := v.([]any); ok && len(l) == 0 {
		return nil
	}
	return v
}
