package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// migrateChunk is how many archived pages one migration transaction moves.
const migrateChunk = 256

// migrate moves the archive of a schema 1 store (bodies: URL → the latest
// body) into the schema 2 archive (blobs by hash, one version per URL), a
// chunk of pages per transaction: an interrupted migration goes on at the
// next Open, and nothing is lost at any point, since a body leaves bodies
// in the transaction that stores it under its hash. The schema is set when
// bodies is empty and gone.
func migrate(db *bolt.DB, logger *slog.Logger) error {
	pending := false
	db.View(func(tx *bolt.Tx) error {
		pending = tx.Bucket(bucketBodies) != nil
		return nil
	})
	if !pending {
		return nil
	}
	logger.Info("moving the page archive to the versioned layout (schema 2)")
	for {
		done := false
		err := db.Update(func(tx *bolt.Tx) error {
			bodies := tx.Bucket(bucketBodies)
			var keys [][]byte
			c := bodies.Cursor()
			for k, _ := c.First(); k != nil && len(keys) < migrateChunk; k, _ = c.Next() {
				keys = append(keys, clone(k))
			}
			for _, k := range keys {
				if err := migratePage(tx, string(k), clone(bodies.Get(k))); err != nil {
					return fmt.Errorf("migrate page %s: %w", k, err)
				}
				if err := bodies.Delete(k); err != nil {
					return err
				}
			}
			if len(keys) == migrateChunk {
				return nil
			}
			done = true
			if err := tx.DeleteBucket(bucketBodies); err != nil {
				return err
			}
			return putUint(tx.Bucket(bucketMeta), metaSchema, schemaVersion)
		})
		if err != nil {
			return fmt.Errorf("migrate the archive: %w", err)
		}
		if done {
			return nil
		}
	}
}

// migratePage moves one schema 1 body (compressed z) under its hash and
// makes it the first version of the page at url.
func migratePage(tx *bolt.Tx, url string, z []byte) error {
	body, err := gunzip(z)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	sha := hex.EncodeToString(sum[:])
	pages := tx.Bucket(bucketPages)
	p := dataset.Page{URL: url}
	if v := pages.Get([]byte(url)); v != nil {
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode page: %w", err)
		}
	}
	p.SHA256, p.Size = sha, int64(len(body))
	latest, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := pages.Put([]byte(url), latest); err != nil {
		return err
	}
	blobs := tx.Bucket(bucketBlobs)
	if blobs.Get([]byte(sha)) == nil {
		if err := blobs.Put([]byte(sha), z); err != nil {
			return err
		}
	}
	p.RecordIDs, p.Gone = nil, nil
	meta, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return addVersion(tx, url, sha, meta)
}
