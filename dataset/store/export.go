package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// The store keeps each record twice, encoded for the downloads: its JSON
// (the records bucket) and its CSV row (the rows bucket). A download then
// streams stored bytes instead of decoding and encoding every record. The
// encodings depend on the program (the record's fields, the CSV columns),
// so the store notes a fingerprint of them and rewrites every record when a
// new program opens it.

// encodingFingerprint identifies how this program encodes records.
func encodingFingerprint() string {
	zero, _ := json.Marshal(dataset.Record{})
	h := sha256.New()
	h.Write(zero)
	h.Write(dataset.CSVRow(dataset.Record{}))
	for _, c := range dataset.Columns {
		h.Write([]byte(c.Name + "\x00" + c.Type + "\x00"))
	}
	h.Write([]byte(strconv.Itoa(dataset.CSVVersion)))
	return hex.EncodeToString(h.Sum(nil))
}

// checkEncodings rewrites every record's stored encodings when they were
// made by a program that encodes differently; until that succeeds, the
// downloads decode records instead of streaming stored bytes.
func (s *Store) checkEncodings() error {
	want := encodingFingerprint()
	var have string
	s.db.View(func(tx *bolt.Tx) error {
		have = string(tx.Bucket(bucketMeta).Get(metaEncoding))
		return nil
	})
	if have == want {
		s.rawOK.Store(true)
		return nil
	}
	s.logger.Info("rewriting stored record encodings for this program's format")
	var after []byte
	for {
		n := 0
		err := s.db.Update(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketRecords).Cursor()
			k, v := c.First()
			if after != nil {
				k, v = c.Seek(append(after, 0))
			}
			var batch [][2][]byte
			for ; k != nil && len(batch) < 1000; k, v = c.Next() {
				batch = append(batch, [2][]byte{clone(k), clone(v)})
			}
			for _, kv := range batch {
				var r dataset.Record
				if err := json.Unmarshal(kv[1], &r); err != nil {
					return fmt.Errorf("decode record %s: %w", kv[0], err)
				}
				raw, err := json.Marshal(r)
				if err != nil {
					return err
				}
				if err := tx.Bucket(bucketRecords).Put(kv[0], raw); err != nil {
					return err
				}
				if err := tx.Bucket(bucketRows).Put(kv[0], dataset.CSVRow(r)); err != nil {
					return err
				}
				after = kv[0]
			}
			n = len(batch)
			if n < 1000 {
				return tx.Bucket(bucketMeta).Put(metaEncoding, []byte(want))
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("rewrite record encodings: %w", err)
		}
		if n < 1000 {
			s.rawOK.Store(true)
			return nil
		}
	}
}

// Export writes every record, withdrawn ones included, in id order through
// enc and returns how many it wrote. When enc is a dataset.RawEncoder it
// streams the stored encodings (the same bytes Encode would write);
// otherwise it decodes each record. It does not Close enc. ctx is checked
// every 256 records.
func (s *Store) Export(ctx context.Context, enc dataset.Encoder) (int, error) {
	n := 0
	check := func() error {
		n++
		if n%256 == 1 {
			return ctx.Err()
		}
		return nil
	}
	raw, bucket := s.rawFor(enc)
	if raw == nil {
		err := s.EachRecord(func(r dataset.Record) error {
			if err := check(); err != nil {
				return err
			}
			return enc.Encode(r)
		})
		return n, err
	}
	err := s.walk(bucket, func(_, v []byte) error {
		if err := check(); err != nil {
			return err
		}
		return raw.EncodeRaw(v)
	})
	return n, err
}

// EncodeRecord writes the record id through enc, from its stored encoding
// when enc takes one; an unknown id is an ENOTFOUND error. It serves
// filtered downloads: the index gives the ids, the store the records.
func (s *Store) EncodeRecord(enc dataset.Encoder, id string) error {
	raw, bucket := s.rawFor(enc)
	if raw == nil {
		r, err := s.Record(id)
		if err != nil {
			return err
		}
		return enc.Encode(r)
	}
	var v []byte
	err := s.db.View(func(tx *bolt.Tx) error {
		v = clone(tx.Bucket(bucket).Get([]byte(id)))
		return nil
	})
	if err != nil {
		return fmt.Errorf("read record %s: %w", id, err)
	}
	if v == nil {
		return dataset.Errorf(dataset.ENOTFOUND, "no project with id %q", id)
	}
	return raw.EncodeRaw(v)
}

// rawFor returns enc as a RawEncoder and the bucket of its encoding, or nil
// when records must be decoded.
func (s *Store) rawFor(enc dataset.Encoder) (dataset.RawEncoder, []byte) {
	raw, ok := enc.(dataset.RawEncoder)
	if !ok || !s.rawOK.Load() {
		return nil, nil
	}
	switch raw.RawFormat() {
	case dataset.FormatJSON:
		return raw, bucketRecords
	case dataset.FormatCSV:
		return raw, bucketRows
	}
	return nil, nil
}
