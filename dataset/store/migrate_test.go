package store

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/storetest"
)

// A schema 1 store (the latest body per URL in bodies) opens as schema 2
// with every body kept, under its hash, as the first version of its page.
func TestMigrateSchema1Archive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.db")
	db, err := bolt.Open(path, 0o644, nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = migrateChunk + 10 // more than one migration transaction
	bodies := map[string][]byte{}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketPages, bucketBodies, bucketRecords, bucketRows, bucketContribs, bucketPageRecs,
			bucketVersions, bucketKeys, bucketCrawls, bucketCrawlKeys, bucketMeta, bucketState} {
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
		for i := range n {
			url := fmt.Sprintf("https://a.bg/p/%03d", i)
			body := fmt.Appendf(nil, "<html>page %d</html>", i%200) // some bodies twice
			bodies[url] = body
			// A schema 1 page names its hash as the crawler gave it.
			meta, _ := json.Marshal(dataset.Page{URL: url, FetchedAt: t0, Status: 200, SHA256: "old", Municipality: "Сливен"})
			var z bytes.Buffer
			zw := gzip.NewWriter(&z)
			zw.Write(body)
			zw.Close()
			tx.Bucket(bucketPages).Put([]byte(url), meta)
			tx.Bucket(bucketBodies).Put([]byte(url), z.Bytes())
		}
		return putUint(tx.Bucket(bucketMeta), metaSchema, 1)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for url, body := range bodies {
		b, err := s.Body(url)
		if err != nil || !bytes.Equal(b, body) {
			t.Fatalf("Body(%s) = %q, %v; want %q", url, b, err, body)
		}
		vers, err := s.PageVersions(url)
		if err != nil || len(vers) != 1 || vers[0].SHA256 != storetest.SHA256(body) || vers[0].Municipality != "Сливен" {
			t.Fatalf("versions of %s = %+v, %v", url, vers, err)
		}
		if p, _, _ := s.Page(url); p.SHA256 != storetest.SHA256(body) {
			t.Fatalf("page %s names %q, want its body's hash", url, p.SHA256)
		}
	}
	st, err := s.ArchiveStats()
	if err != nil || st.Versions != n || st.Bodies != 200 {
		t.Errorf("ArchiveStats = %+v, %v; want %d versions of 200 bodies", st, err, n)
	}
	s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketBodies) != nil || getUint(tx.Bucket(bucketMeta), metaSchema) != schemaVersion {
			t.Errorf("after the migration: bodies bucket %v, schema %d", tx.Bucket(bucketBodies) != nil, getUint(tx.Bucket(bucketMeta), metaSchema))
		}
		return nil
	})
}
