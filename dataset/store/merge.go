package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// PageRecords is one page with the records extracted from it, for MergeBatch.
type PageRecords struct {
	Page    dataset.Page
	Records []dataset.Record
}

// Merge merges the records extracted from page p into the store in one
// transaction, recording versions.
//
// The page's records replace what the same page contributed before, so a
// re-crawl never duplicates anything. Each record is matched to a project by
// any shared contract number, else (when one side states no number) by
// programme + title + municipality; an unmatched record becomes a new
// project. Every project the page touched (now or before) is compiled again
// from all its pages' contributions (see compile for the rule); a change of
// its fields appends a Version. A project no page yields any more is marked
// withdrawn, never deleted, and is restored if it comes back.
//
// In the result, Added and Changed are the ids to re-index (withdrawn and
// restored ones are in Changed); Removed lists the ids this page no longer
// yields, which stay in the store.
func (s *Store) Merge(p dataset.Page, recs []dataset.Record) (dataset.MergeResult, error) {
	var res dataset.MergeResult
	err := s.db.Update(func(tx *bolt.Tx) error {
		var err error
		res, err = mergeTx(tx, p, recs)
		return err
	})
	if err != nil {
		return dataset.MergeResult{}, fmt.Errorf("merge %s: %w", p.URL, err)
	}
	return res, nil
}

// MergeBatch merges several pages in one transaction (one disk sync), as
// Merge would one after the other: all of them or, on error, none.
func (s *Store) MergeBatch(batch []PageRecords) ([]dataset.MergeResult, error) {
	out := make([]dataset.MergeResult, len(batch))
	err := s.db.Update(func(tx *bolt.Tx) error {
		for i, pr := range batch {
			res, err := mergeTx(tx, pr.Page, pr.Records)
			if err != nil {
				return fmt.Errorf("merge %s: %w", pr.Page.URL, err)
			}
			out[i] = res
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("merge batch: %w", err)
	}
	return out, nil
}

// mergeTx is Merge inside a write transaction.
func mergeTx(tx *bolt.Tx, p dataset.Page, recs []dataset.Record) (dataset.MergeResult, error) {
	var res dataset.MergeResult
	if p.URL == "" {
		return res, dataset.Errorf(dataset.EINVALID, "merge: the page has no URL")
	}
	if p.FetchedAt.IsZero() {
		p.FetchedAt = time.Now()
	}
	p.FetchedAt = p.FetchedAt.UTC()
	oldIDs, err := pageRecordIDs(tx, p.URL)
	if err != nil {
		return res, err
	}
	contribs := tx.Bucket(bucketContribs)
	for _, id := range oldIDs {
		if err := contribs.Delete(contribKey(id, p.URL)); err != nil {
			return res, err
		}
	}
	groups, newIDs, err := resolveAll(tx, p.URL, recs)
	if err != nil {
		return res, err
	}
	for _, id := range newIDs {
		c := dataset.Contribution{URL: p.URL, FetchedAt: p.FetchedAt, SHA256: p.SHA256, Records: groups[id]}
		c.Title = sourceTitle(p.URL, groups[id])
		v, err := json.Marshal(c)
		if err != nil {
			return res, fmt.Errorf("encode contribution: %w", err)
		}
		if err := contribs.Put(contribKey(id, p.URL), v); err != nil {
			return res, err
		}
	}
	touched := slices.Clone(newIDs)
	for _, id := range oldIDs {
		if !slices.Contains(newIDs, id) {
			touched = append(touched, id)
			res.Removed = append(res.Removed, id)
		}
	}
	changedAny := false
	for _, id := range touched {
		kind, wrote, err := recompile(tx, id, p)
		if err != nil {
			return res, fmt.Errorf("compile %s: %w", id, err)
		}
		changedAny = changedAny || wrote
		switch kind {
		case "created":
			res.Added = append(res.Added, id)
		case "changed", "withdrawn", "restored":
			res.Changed = append(res.Changed, id)
		}
	}
	if err := putPageRecordIDs(tx, p.URL, newIDs); err != nil {
		return res, err
	}
	if changedAny {
		if err := bumpGeneration(tx, p.FetchedAt); err != nil {
			return res, err
		}
	}
	return res, nil
}

// resolveAll finds (or assigns) the project id of each record of a page and
// groups the records by id, in page order.
func resolveAll(tx *bolt.Tx, url string, recs []dataset.Record) (map[string][]dataset.Record, []string, error) {
	groups := map[string][]dataset.Record{}
	var ids []string
	for pos, r := range recs {
		r.ID = dataset.CleanID(r.ID)
		id, err := resolve(tx, &r, url, pos, groups)
		if err != nil {
			return nil, nil, err
		}
		if _, ok := groups[id]; !ok {
			ids = append(ids, id)
		}
		groups[id] = append(groups[id], r)
	}
	return groups, ids, nil
}

// resolve returns the id of the project r belongs to (dataset.Resolve),
// assigning a new one when none matches, and records r's merge keys for
// that id.
func resolve(tx *bolt.Tx, r *dataset.Record, url string, pos int, pending map[string][]dataset.Record) (string, error) {
	id, keys, err := dataset.Resolve(txKeys{tx}, r, url, pos, pending)
	if err != nil {
		return "", err
	}
	b := tx.Bucket(bucketKeys)
	for _, k := range keys {
		if b.Get([]byte(k)) != nil {
			continue
		}
		if err := b.Put([]byte(k), []byte(id)); err != nil {
			return "", err
		}
	}
	return id, nil
}

// txKeys is the store's key index inside a transaction, for dataset.Resolve.
type txKeys struct{ tx *bolt.Tx }

func (k txKeys) KeyID(key string) (string, error) {
	return string(k.tx.Bucket(bucketKeys).Get([]byte(key))), nil
}

func (k txKeys) StoredRecord(id string) (dataset.Record, bool, error) {
	return getRecord(k.tx, id)
}

// sourceTitle is the page title the extractor put in a record's sources,
// else the first record's title.
func sourceTitle(url string, recs []dataset.Record) string {
	for _, r := range recs {
		for _, s := range r.Sources {
			if s.Title != "" && (s.URL == url || s.URL == "") {
				return s.Title
			}
		}
	}
	if len(recs) > 0 {
		return recs[0].Title
	}
	return ""
}

func contribKey(id, url string) []byte {
	return []byte(id + "\x00" + url)
}

func putPageRecordIDs(tx *bolt.Tx, url string, ids []string) error {
	b := tx.Bucket(bucketPageRecs)
	if len(ids) == 0 {
		return b.Delete([]byte(url))
	}
	v, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	return b.Put([]byte(url), v)
}

// contributions returns every page's contribution to the record id.
func contributions(tx *bolt.Tx, id string) ([]dataset.Contribution, error) {
	prefix := []byte(id + "\x00")
	var out []dataset.Contribution
	c := tx.Bucket(bucketContribs).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var ct dataset.Contribution
		if err := json.Unmarshal(v, &ct); err != nil {
			return nil, fmt.Errorf("decode contribution %q: %w", k, err)
		}
		out = append(out, ct)
	}
	return out, nil
}

// recompile rebuilds the record id from its contributions
// (dataset.Revise), stores it if it changed and appends a version when its
// fields changed. It returns the version kind ("" when none) and whether
// the stored record was rewritten.
func recompile(tx *bolt.Tx, id string, p dataset.Page) (kind string, wrote bool, err error) {
	old, exists, err := getRecord(tx, id)
	if err != nil {
		return "", false, err
	}
	cs, err := contributions(tx, id)
	if err != nil {
		return "", false, err
	}
	var prev *dataset.Record
	if exists {
		prev = &old
	}
	reg, err := openRegister(tx)
	if err != nil {
		return "", false, err
	}
	var ri dataset.RegisterIndex
	if reg != nil {
		ri = reg
	}
	rev, err := dataset.ReviseJoined(id, prev, tx.Bucket(bucketRecords).Get([]byte(id)), cs, p.FetchedAt, ri)
	if err != nil || rev.Same {
		return "", false, err
	}
	wrote, err = putRecord(tx, rev.Record, rev.Raw, exists)
	if err == nil {
		err = updateJoinIndex(tx, id, old.Register, rev.Record.Register)
	}
	if err != nil || rev.Kind == "" {
		return rev.Kind, wrote, err
	}
	return rev.Kind, wrote, appendVersion(tx, id, rev.Version(p, p.FetchedAt))
}

// putRecord writes rec (whose encoding is v, or nil to encode it) unless
// the stored bytes are the same; it reports whether it wrote, and keeps
// the record count.
func putRecord(tx *bolt.Tx, rec dataset.Record, v []byte, exists bool) (bool, error) {
	if v == nil {
		var err error
		if v, err = json.Marshal(rec); err != nil {
			return false, fmt.Errorf("encode record: %w", err)
		}
	}
	b := tx.Bucket(bucketRecords)
	if bytes.Equal(b.Get([]byte(rec.ID)), v) {
		return false, nil
	}
	if err := b.Put([]byte(rec.ID), v); err != nil {
		return false, err
	}
	if err := tx.Bucket(bucketRows).Put([]byte(rec.ID), dataset.CSVRow(rec)); err != nil {
		return false, err
	}
	if !exists {
		meta := tx.Bucket(bucketMeta)
		if err := putUint(meta, metaCount, getUint(meta, metaCount)+1); err != nil {
			return false, err
		}
	}
	return true, nil
}

func appendVersion(tx *bolt.Tx, id string, v dataset.Version) error {
	b := tx.Bucket(bucketVersions)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	val, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode version: %w", err)
	}
	key := binary.BigEndian.AppendUint64([]byte(id+"\x00"), seq)
	return b.Put(key, val)
}

// getRecord reads the record id inside tx.
func getRecord(tx *bolt.Tx, id string) (dataset.Record, bool, error) {
	v := tx.Bucket(bucketRecords).Get([]byte(id))
	if v == nil {
		return dataset.Record{}, false, nil
	}
	var r dataset.Record
	if err := json.Unmarshal(v, &r); err != nil {
		return r, false, fmt.Errorf("decode record %s: %w", id, err)
	}
	return r, true, nil
}
