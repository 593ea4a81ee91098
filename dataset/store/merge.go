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

// contribution is what one page said about one record: the records the
// extractor found on it that resolved to that record, with the page's fetch
// time and hash. Keeping contributions lets the compiled record be rebuilt
// whenever any of its pages changes.
type contribution struct {
	URL       string           `json:"url"`
	FetchedAt time.Time        `json:"fetched_at"`
	SHA256    string           `json:"sha256"`
	Title     string           `json:"title,omitempty"`
	Records   []dataset.Record `json:"records"`
}

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
		c := contribution{URL: p.URL, FetchedAt: p.FetchedAt, SHA256: p.SHA256, Records: groups[id]}
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
		r.ID = cleanID(r.ID)
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

// resolve returns the id of the project r belongs to, assigning a new one
// when none matches, and records r's merge keys for that id.
func resolve(tx *bolt.Tx, r *dataset.Record, url string, pos int, pending map[string][]dataset.Record) (string, error) {
	keys := tx.Bucket(bucketKeys)
	contracts, tkey := mergeKeys(r)
	id := ""
	for _, k := range contracts {
		if v := keys.Get([]byte(k)); v != nil {
			id = string(v)
			break
		}
	}
	if id == "" && tkey != "" {
		if v := keys.Get([]byte(tkey)); v != nil {
			ok, err := titleMatchAllowed(tx, string(v), r, pending)
			if err != nil {
				return "", err
			}
			if ok {
				id = string(v)
			}
		}
	}
	if id == "" {
		id = newID(tx, r, url, pos, pending)
	}
	for _, k := range append(contracts, tkey) {
		if k == "" || keys.Get([]byte(k)) != nil {
			continue
		}
		if err := keys.Put([]byte(k), []byte(id)); err != nil {
			return "", err
		}
	}
	return id, nil
}

// titleMatchAllowed says whether a title match joins r to project id: not
// when both state contract numbers (then they are different contracts, or
// the contract key would have matched).
func titleMatchAllowed(tx *bolt.Tx, id string, r *dataset.Record, pending map[string][]dataset.Record) (bool, error) {
	if len(r.ContractNumbers) == 0 {
		return true, nil
	}
	for _, p := range pending[id] {
		if len(p.ContractNumbers) > 0 {
			return false, nil
		}
	}
	old, ok, err := getRecord(tx, id)
	if err != nil || !ok {
		return err == nil, err
	}
	return len(old.ContractNumbers) == 0, nil
}

// newID assigns the id of a new project: its first contract number, else the
// extractor's id, else a hash of the URL and position; made unique.
func newID(tx *bolt.Tx, r *dataset.Record, url string, pos int, pending map[string][]dataset.Record) string {
	base := ""
	if len(r.ContractNumbers) > 0 {
		base = cleanID(r.ContractNumbers[0])
	}
	if base == "" {
		base = r.ID
	}
	if base == "" {
		base = fallbackID(url, pos)
	}
	records := tx.Bucket(bucketRecords)
	id := base
	for n := 2; ; n++ {
		_, taken := pending[id]
		if !taken && records.Get([]byte(id)) == nil {
			return id
		}
		id = fmt.Sprintf("%s~%d", base, n)
	}
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
func contributions(tx *bolt.Tx, id string) ([]contribution, error) {
	prefix := []byte(id + "\x00")
	var out []contribution
	c := tx.Bucket(bucketContribs).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var ct contribution
		if err := json.Unmarshal(v, &ct); err != nil {
			return nil, fmt.Errorf("decode contribution %q: %w", k, err)
		}
		out = append(out, ct)
	}
	return out, nil
}

// recompile rebuilds the record id from its contributions, stores it if it
// changed and appends a version when its fields changed. It returns the
// version kind ("" when none) and whether the stored record was rewritten.
func recompile(tx *bolt.Tx, id string, p dataset.Page) (kind string, wrote bool, err error) {
	old, exists, err := getRecord(tx, id)
	if err != nil {
		return "", false, err
	}
	cs, err := contributions(tx, id)
	if err != nil {
		return "", false, err
	}
	at := p.FetchedAt
	var rec dataset.Record
	var raw []byte // rec's encoding, when it has one already
	var changes []dataset.Change
	switch {
	case len(cs) == 0 && (!exists || old.Withdrawn != ""):
		return "", false, nil
	case len(cs) == 0:
		rec = old
		rec.Withdrawn = at.Format(time.DateOnly)
		kind, changes = "withdrawn", []dataset.Change{{Field: "withdrawn", From: nil, To: rec.Withdrawn}}
	default:
		rec = compile(id, cs)
		if err := joinRegister(tx, &rec, &old, cs); err != nil {
			return "", false, err
		}
		rec.FirstSeen, rec.Updated = old.FirstSeen, old.Updated
		if !exists {
			// A new record: stamped before it is encoded, so that the
			// encoding is the one stored (the stamps are not in its diff).
			rec.FirstSeen = at.Format(time.RFC3339)
			rec.Updated = rec.FirstSeen
		}
		newRaw, err := json.Marshal(rec)
		if err != nil {
			return "", false, fmt.Errorf("encode record: %w", err)
		}
		oldRaw := tx.Bucket(bucketRecords).Get([]byte(id))
		if exists && old.Withdrawn == "" && bytes.Equal(oldRaw, newRaw) {
			return "", false, nil // the usual re-crawl: nothing changed
		}
		changes = diff(oldRaw, newRaw)
		switch {
		case !exists:
			kind, raw = "created", newRaw
		case old.Withdrawn != "":
			kind = "restored"
			changes = append(changes, dataset.Change{Field: "withdrawn", From: old.Withdrawn, To: nil})
		case len(changes) > 0:
			kind = "changed"
		}
	}
	if rec.FirstSeen == "" {
		rec.FirstSeen = at.Format(time.RFC3339)
	}
	if kind != "" {
		rec.Updated = at.Format(time.RFC3339)
	}
	wrote, err = putRecord(tx, rec, raw, exists)
	if err != nil || kind == "" {
		return kind, wrote, err
	}
	v := dataset.Version{At: at, Source: p.URL, SHA256: p.SHA256, Kind: kind, Changes: changes}
	return kind, wrote, appendVersion(tx, id, v)
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
