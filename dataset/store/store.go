// Package store is the store of record: an embedded, transactional bbolt
// database under --data holding pages' fetch metadata and archived bodies,
// merged records, their versions, crawl runs and the crawler's state.
//
// Every write is one bbolt transaction, so a crash or a kill -9 at any moment
// leaves a file that opens and holds exactly the committed transactions. A
// write that fails (a full disk, say) is rolled back and returns the error.
//
// Layout (bucket → key → value):
//
//	pages     canonical URL → dataset.Page JSON (fetch metadata of the latest fetch)
//	blobs     SHA-256 (hex) of a body → the raw body, gzip-compressed
//	pagevers  canonical URL 0x00 big-endian sequence → dataset.Page JSON of a
//	          fetch whose body differed from the fetch before it (the page's history)
//	hashes    SHA-256 0x00 pagevers key → nothing: which fetches had that body
//	records   id → the compiled dataset.Record JSON
//	rows      id → the record's CSV row (dataset.CSVRow), for fast downloads
//	contribs  id 0x00 URL → what that page said about the record (JSON)
//	pagerecs  URL → JSON list of the record ids the page yielded last time
//	versions  id 0x00 big-endian sequence → dataset.Version JSON
//	keys      "c:"+contract number | "t:"+programme/title/municipality → id
//	crawls    big-endian start time + run ID → dataset.CrawlRun JSON
//	crawlkeys run ID → its key in crawls
//	meta      generation, record count, last update
//	state     one nested bucket per State(name)
//	reg…      the register (ИСУН 2020) table, see register.go
package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

var (
	bucketPages    = []byte("pages")
	bucketBlobs    = []byte("blobs")
	bucketPageVers = []byte("pagevers")
	bucketHashes   = []byte("hashes")
	// bucketBodies is the archive of schema 1 (canonical URL → gzip body,
	// the latest fetch only); Open moves it into blobs and pagevers.
	bucketBodies    = []byte("bodies")
	bucketRecords   = []byte("records")
	bucketRows      = []byte("rows")
	bucketContribs  = []byte("contribs")
	bucketPageRecs  = []byte("pagerecs")
	bucketVersions  = []byte("versions")
	bucketKeys      = []byte("keys")
	bucketCrawls    = []byte("crawls")
	bucketCrawlKeys = []byte("crawlkeys")
	bucketMeta      = []byte("meta")
	bucketState     = []byte("state")

	allBuckets = [][]byte{bucketPages, bucketBlobs, bucketPageVers, bucketHashes, bucketRecords, bucketRows, bucketContribs, bucketPageRecs,
		bucketVersions, bucketKeys, bucketCrawls, bucketCrawlKeys, bucketMeta, bucketState,
		bucketRegProgs, bucketRegRows, bucketRegKeys, bucketRegMuni, bucketRegJoin}

	metaGeneration = []byte("generation")
	metaCrawlGen   = []byte("crawl_generation")
	metaCount      = []byte("records")
	metaUpdated    = []byte("updated")
	metaSchema     = []byte("schema")
	metaEncoding   = []byte("encoding")
)

// schemaVersion is written into a new store; a store with a newer schema is
// refused, an older one is migrated when it opens (see migrate.go).
const schemaVersion = 2

// walkChunk is how many items a walk (EachRecord, EachPage) reads per read
// transaction: the callback runs outside any transaction, so a slow
// download never holds the database and memory stays bounded.
const walkChunk = 256

// Store is the record store. Open it with Open; Close it when done. A Store
// is safe for concurrent use; only one process can have a store file open.
type Store struct {
	db     *bolt.DB
	logger *slog.Logger

	zw compressors // gzip writers for the archive

	mu    sync.Mutex // guards cache
	cache aggregates
	rawOK atomic.Bool // the stored encodings are this program's (see export.go)
}

// Open opens (creating if needed) the store file at path. It waits up to
// two seconds for another process that holds the file, then fails.
func Open(path string, logger *slog.Logger) (*Store, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	db, err := bolt.Open(path, 0o644, &bolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open store %s: another opendata process is using it", path)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := prepare(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := migrate(db, logger); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, logger: logger, zw: newCompressors()}
	if err := s.checkEncodings(); err != nil {
		// Downloads still work, by decoding every record; the next Open tries again.
		logger.Warn("stored record encodings are stale and could not be rewritten", "error", err)
	}
	return s, nil
}

// prepare creates the buckets of a new store and checks the schema of an
// existing one. A complete store is only read, so that it opens even on a
// full disk.
func prepare(db *bolt.DB) error {
	ready := false
	err := db.View(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				return nil
			}
		}
		v := getUint(tx.Bucket(bucketMeta), metaSchema)
		if v > schemaVersion {
			return fmt.Errorf("store schema %d is newer than this program's %d", v, schemaVersion)
		}
		ready = v == schemaVersion
		return nil
	})
	if err != nil || ready {
		return err
	}
	return db.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		meta := tx.Bucket(bucketMeta)
		if v := getUint(meta, metaSchema); v > schemaVersion {
			return fmt.Errorf("store schema %d is newer than this program's %d", v, schemaVersion)
		}
		if tx.Bucket(bucketBodies) != nil {
			return nil // migrate sets the schema when it is done
		}
		return putUint(meta, metaSchema, schemaVersion)
	})
}

// Close closes the store.
func (s *Store) Close() error {
	if s == nil || s.db == nil {
		return nil
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Generation returns a number that changes whenever any record changes (for ETags).
func (s *Store) Generation() (uint64, error) {
	var g uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		g = getUint(tx.Bucket(bucketMeta), metaGeneration)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("read generation: %w", err)
	}
	return g, nil
}

// Count returns the number of records, withdrawn ones included.
func (s *Store) Count() (int, error) {
	var n uint64
	err := s.db.View(func(tx *bolt.Tx) error {
		n = getUint(tx.Bucket(bucketMeta), metaCount)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count records: %w", err)
	}
	return int(n), nil
}

// bumpGeneration marks a change of the records in tx.
func bumpGeneration(tx *bolt.Tx, at time.Time) error {
	meta := tx.Bucket(bucketMeta)
	if err := putUint(meta, metaGeneration, getUint(meta, metaGeneration)+1); err != nil {
		return err
	}
	return meta.Put(metaUpdated, []byte(at.UTC().Format(time.RFC3339Nano)))
}

func getUint(b *bolt.Bucket, key []byte) uint64 {
	v := b.Get(key)
	if len(v) != 8 {
		return 0
	}
	return binary.BigEndian.Uint64(v)
}

func putUint(b *bolt.Bucket, key []byte, n uint64) error {
	return b.Put(key, binary.BigEndian.AppendUint64(nil, n))
}

// clone copies a value read inside a transaction, which is only valid until it ends.
func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append([]byte(nil), b...)
}
