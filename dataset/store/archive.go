package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// The archive's history: every fetch of a URL whose body differed from the
// fetch before it is a version (pagevers), bodies are kept once by hash
// (blobs), and hashes says which fetches had a body.

// PageVersions returns every version of the page with the canonical URL,
// oldest first, or an ENOTFOUND error when none is archived.
func (s *Store) PageVersions(url string) ([]dataset.Page, error) {
	var out []dataset.Page
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := []byte(url + "\x00")
		c := tx.Bucket(bucketPageVers).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			if len(k) != len(prefix)+8 {
				continue
			}
			var p dataset.Page
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("decode version of %s: %w", url, err)
			}
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read versions: %w", err)
	}
	if len(out) == 0 {
		return nil, dataset.Errorf(dataset.ENOTFOUND, "no archived page at %s", url)
	}
	return out, nil
}

// PageByHash returns the fetch metadata of the latest fetch whose body had
// the SHA-256 sha (hex), or an ENOTFOUND error.
func (s *Store) PageByHash(sha string) (dataset.Page, error) {
	var best dataset.Page
	found := false
	err := s.db.View(func(tx *bolt.Tx) error {
		prefix := []byte(sha + "\x00")
		vers := tx.Bucket(bucketPageVers)
		c := tx.Bucket(bucketHashes).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			v := vers.Get(k[len(prefix):])
			if v == nil {
				continue
			}
			var p dataset.Page
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("decode version %q: %w", k, err)
			}
			if !found || p.FetchedAt.After(best.FetchedAt) {
				best, found = p, true
			}
		}
		return nil
	})
	if err != nil {
		return dataset.Page{}, fmt.Errorf("read page by hash: %w", err)
	}
	if !found {
		return dataset.Page{}, dataset.Errorf(dataset.ENOTFOUND, "no archived page has the SHA-256 %s", sha)
	}
	return best, nil
}

// BodyByHash returns the archived body whose SHA-256 (hex) is sha, or an
// ENOTFOUND error.
func (s *Store) BodyByHash(sha string) ([]byte, error) {
	var z []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		z = clone(tx.Bucket(bucketBlobs).Get([]byte(sha)))
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read body %s: %w", sha, err)
	}
	if z == nil {
		return nil, dataset.Errorf(dataset.ENOTFOUND, "no archived page has the SHA-256 %s", sha)
	}
	return gunzip(z)
}

// EachPageVersion calls fn for every version of every archived page, by
// URL and, for one URL, oldest first. fn runs outside any transaction; its
// error stops the walk.
func (s *Store) EachPageVersion(fn func(dataset.Page) error) error {
	return s.walk(bucketPageVers, func(k, v []byte) error {
		var p dataset.Page
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode version %q: %w", k, err)
		}
		return fn(p)
	})
}

// ArchiveStats returns the size of the archive: its versions, its distinct
// bodies and their bytes, compressed as stored and raw.
func (s *Store) ArchiveStats() (dataset.ArchiveStats, error) {
	var st dataset.ArchiveStats
	err := s.db.View(func(tx *bolt.Tx) error {
		st.Versions = tx.Bucket(bucketPageVers).Stats().KeyN
		return tx.Bucket(bucketBlobs).ForEach(func(_, z []byte) error {
			st.Bodies++
			st.StoredBytes += int64(len(z))
			st.RawBytes += gzipSize(z)
			return nil
		})
	})
	if err != nil {
		return st, fmt.Errorf("archive stats: %w", err)
	}
	return st, nil
}

// gzipSize reads the uncompressed size a gzip member records in its last
// four bytes (ISIZE, modulo 2^32: bodies are far smaller).
func gzipSize(z []byte) int64 {
	if len(z) < 4 {
		return 0
	}
	t := z[len(z)-4:]
	return int64(uint32(t[0]) | uint32(t[1])<<8 | uint32(t[2])<<16 | uint32(t[3])<<24)
}
