package store

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"runtime"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// maxBody bounds what Body decompresses, against a corrupted or hostile archive.
const maxBody = 256 << 20

// Page returns the fetch metadata of the page with the canonical URL, with
// RecordIDs set to the records its last merge yielded.
func (s *Store) Page(url string) (dataset.Page, bool, error) {
	var p dataset.Page
	var found bool
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPages).Get([]byte(url))
		if v == nil {
			return nil
		}
		found = true
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode page %s: %w", url, err)
		}
		ids, err := pageRecordIDs(tx, url)
		p.RecordIDs = ids
		return err
	})
	if err != nil {
		return dataset.Page{}, false, fmt.Errorf("read page: %w", err)
	}
	return p, found, nil
}

// PutPage archives a fetched page: its metadata and its body, compressed, in
// one transaction. The body is kept by its SHA-256 (the page's SHA256 is set
// to it), once however many fetches had it; a fetch whose body differs from
// the URL's previous one is a new version of the page (PageVersions). A
// fresh fetch clears a previous Gone mark; RecordIDs are kept by Merge and
// ignored here.
func (s *Store) PutPage(p dataset.Page, body []byte) error {
	enc, err := s.zw.encodePage(p, body)
	if err != nil {
		return err
	}
	err = s.db.Update(func(tx *bolt.Tx) error { return putPageTx(tx, enc) })
	if err != nil {
		return fmt.Errorf("put page %s: %w", p.URL, err)
	}
	return nil
}

// compressors is a free list of gzip writers. A new one allocates about a
// megabyte, far more than the page it compresses; a sync.Pool is emptied
// by every garbage collection, which a crawl runs every few pages, so the
// writers are kept here instead: at most cap of them, one per core that
// compresses at once.
type compressors chan *gzip.Writer

func newCompressors() compressors { return make(compressors, runtime.GOMAXPROCS(0)) }

func (c compressors) get() *gzip.Writer {
	select {
	case zw := <-c:
		return zw
	default:
		zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
		return zw
	}
}

func (c compressors) put(zw *gzip.Writer) {
	select {
	case c <- zw:
	default: // enough are kept
	}
}

// encodedPage is a page ready to archive: its metadata (SHA256 set to the
// body's), encoded, and its compressed body.
type encodedPage struct {
	page dataset.Page
	meta []byte
	z    []byte
}

// encodePage hashes and compresses the body and encodes the page's
// metadata, as putPageTx stores them.
func (c compressors) encodePage(p dataset.Page, body []byte) (encodedPage, error) {
	if p.URL == "" {
		return encodedPage{}, dataset.Errorf(dataset.EINVALID, "put page: the page has no URL")
	}
	if strings.IndexByte(p.URL, 0) >= 0 {
		return encodedPage{}, dataset.Errorf(dataset.EINVALID, "put page: the URL holds a NUL byte")
	}
	sum := sha256.Sum256(body)
	p.SHA256 = hex.EncodeToString(sum[:])
	p.Size = int64(len(body))
	p.RecordIDs = nil
	p.Gone = nil
	meta, err := json.Marshal(p)
	if err != nil {
		return encodedPage{}, fmt.Errorf("put page %s: %w", p.URL, err)
	}
	var buf bytes.Buffer
	buf.Grow(len(body)/4 + 64)
	zw := c.get()
	defer c.put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(body); err != nil {
		return encodedPage{}, fmt.Errorf("compress page %s: %w", p.URL, err)
	}
	if err := zw.Close(); err != nil {
		return encodedPage{}, fmt.Errorf("compress page %s: %w", p.URL, err)
	}
	return encodedPage{page: p, meta: meta, z: buf.Bytes()}, nil
}

// putPageTx stores an encoded page: the latest metadata of its URL, the
// body under its hash (unless kept already) and, when the body differs
// from the URL's previous fetch, a new version.
func putPageTx(tx *bolt.Tx, e encodedPage) error {
	url, sha := []byte(e.page.URL), e.page.SHA256
	pages := tx.Bucket(bucketPages)
	changed := true
	if old := pages.Get(url); old != nil {
		var prev struct {
			SHA256 string `json:"sha256"`
		}
		changed = json.Unmarshal(old, &prev) != nil || prev.SHA256 != sha
	}
	if err := pages.Put(url, e.meta); err != nil {
		return err
	}
	blobs := tx.Bucket(bucketBlobs)
	if blobs.Get([]byte(sha)) == nil {
		if err := blobs.Put([]byte(sha), e.z); err != nil {
			return err
		}
	}
	if !changed {
		return nil
	}
	return addVersion(tx, e.page.URL, sha, e.meta)
}

// addVersion appends a version of the page at url (meta its metadata, sha
// its body's hash) to its history and to the hash's list of fetches.
func addVersion(tx *bolt.Tx, url, sha string, meta []byte) error {
	vers := tx.Bucket(bucketPageVers)
	seq, err := vers.NextSequence()
	if err != nil {
		return err
	}
	key := binary.BigEndian.AppendUint64([]byte(url+"\x00"), seq)
	if err := vers.Put(key, meta); err != nil {
		return err
	}
	return tx.Bucket(bucketHashes).Put(append([]byte(sha+"\x00"), key...), nil)
}

// Body returns the archived body of the latest fetch of the page with the
// canonical URL, or an ENOTFOUND error.
func (s *Store) Body(url string) ([]byte, error) {
	var sha string
	err := s.db.View(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketPages).Get([]byte(url))
		if v == nil {
			return nil
		}
		var p struct {
			SHA256 string `json:"sha256"`
		}
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode page %s: %w", url, err)
		}
		sha = p.SHA256
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read body %s: %w", url, err)
	}
	body, err := s.BodyByHash(sha)
	if dataset.ErrorCode(err) == dataset.ENOTFOUND {
		return nil, dataset.Errorf(dataset.ENOTFOUND, "no archived page %s", url)
	}
	return body, err
}

// gunzip decompresses an archived body, at most maxBody bytes.
func gunzip(z []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(z))
	if err != nil {
		return nil, fmt.Errorf("decompress body: %w", err)
	}
	body, err := io.ReadAll(io.LimitReader(zr, maxBody))
	if err != nil {
		return nil, fmt.Errorf("decompress body: %w", err)
	}
	return body, nil
}

// EachPage calls fn for every archived page, in URL order. fn runs outside
// any transaction (it may call the store); its error stops the walk.
func (s *Store) EachPage(fn func(dataset.Page) error) error {
	return s.walk(bucketPages, func(k, v []byte) error {
		var p dataset.Page
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode page %s: %w", k, err)
		}
		return fn(p)
	})
}

// PageGone records that the site answered 404 or 410 for the page at time at:
// the page is marked Gone (its archive is kept) and every record it yielded
// loses this source, so a record no other page speaks of is withdrawn.
func (s *Store) PageGone(url string, at time.Time) (dataset.MergeResult, error) {
	var res dataset.MergeResult
	err := s.db.Update(func(tx *bolt.Tx) error {
		pages := tx.Bucket(bucketPages)
		if v := pages.Get([]byte(url)); v != nil {
			var p dataset.Page
			if err := json.Unmarshal(v, &p); err != nil {
				return fmt.Errorf("decode page %s: %w", url, err)
			}
			t := at.UTC()
			p.Gone = &t
			meta, err := json.Marshal(p)
			if err != nil {
				return err
			}
			if err := pages.Put([]byte(url), meta); err != nil {
				return err
			}
		}
		var err error
		res, err = mergeTx(tx, dataset.Page{URL: url, FetchedAt: at}, nil)
		return err
	})
	if err != nil {
		return dataset.MergeResult{}, fmt.Errorf("mark page gone %s: %w", url, err)
	}
	return res, nil
}

// pageRecordIDs returns the ids the page's last merge yielded.
func pageRecordIDs(tx *bolt.Tx, url string) ([]string, error) {
	v := tx.Bucket(bucketPageRecs).Get([]byte(url))
	if v == nil {
		return nil, nil
	}
	var ids []string
	if err := json.Unmarshal(v, &ids); err != nil {
		return nil, fmt.Errorf("decode record ids of %s: %w", url, err)
	}
	return ids, nil
}

// walk calls fn for every key/value of a top-level bucket in key order,
// reading walkChunk items per read transaction and calling fn outside it;
// fn must not keep k or v after it returns.
func (s *Store) walk(bucket []byte, fn func(k, v []byte) error) error {
	get := func(tx *bolt.Tx) *bolt.Bucket { return tx.Bucket(bucket) }
	if err := walkBucket(s.db, get, fn); err != nil {
		return fmt.Errorf("walk %s: %w", bucket, err)
	}
	return nil
}

// walkBucket is walk over the bucket get returns (nil: nothing to walk).
// Each chunk is copied into one reused buffer, so a long walk allocates
// little: fn must not keep k or v after it returns.
func walkBucket(db *bolt.DB, get func(*bolt.Tx) *bolt.Bucket, fn func(k, v []byte) error) error {
	type span struct{ k0, k1, v1 int }
	var arena, after []byte
	spans := make([]span, 0, walkChunk)
	for {
		arena, spans = arena[:0], spans[:0]
		err := db.View(func(tx *bolt.Tx) error {
			b := get(tx)
			if b == nil {
				return nil
			}
			c := b.Cursor()
			k, v := c.First()
			if after != nil {
				k, v = c.Seek(after)
				if k != nil && bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			for ; k != nil && len(spans) < walkChunk; k, v = c.Next() {
				k0 := len(arena)
				arena = append(arena, k...)
				k1 := len(arena)
				arena = append(arena, v...)
				spans = append(spans, span{k0, k1, len(arena)})
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, sp := range spans {
			if err := fn(arena[sp.k0:sp.k1:sp.k1], arena[sp.k1:sp.v1:sp.v1]); err != nil {
				return err
			}
		}
		if len(spans) < walkChunk {
			return nil
		}
		last := spans[len(spans)-1]
		after = append(after[:0], arena[last.k0:last.k1]...)
	}
}
