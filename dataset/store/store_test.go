package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

func TestWalkSpansChunksAndStops(t *testing.T) {
	s := openTest(t)
	const n = walkChunk*2 + 7
	var batch []PageRecords
	for i := range n {
		r := listingRow()
		r.ContractNumbers = []string{fmt.Sprintf("C-%04d", i)}
		batch = append(batch, PageRecords{Page: page(fmt.Sprintf("https://a.bg/%d", i), t0, "x"), Records: []dataset.Record{r}})
	}
	if _, err := s.MergeBatch(batch); err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := s.EachRecord(func(r dataset.Record) error { ids = append(ids, r.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(ids) != n || ids[0] != "C-0000" || ids[n-1] != fmt.Sprintf("C-%04d", n-1) || !slices.IsSorted(ids) {
		t.Errorf("EachRecord gave %d ids (%v … %v), want %d in order", len(ids), ids[0], ids[len(ids)-1], n)
	}
	stop := errors.New("stop")
	seen := 0
	err := s.EachRecord(func(dataset.Record) error {
		seen++
		if seen == walkChunk+3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != walkChunk+3 {
		t.Errorf("stopped walk: err %v after %d", err, seen)
	}
	if c, _ := s.Count(); c != n {
		t.Errorf("Count = %d, want %d", c, n)
	}
}

func TestState(t *testing.T) {
	s := openTest(t)
	st := s.State("visited")
	if n, err := st.Len(); n != 0 || err != nil {
		t.Errorf("empty Len = %d, %v", n, err)
	}
	if _, ok, err := st.Get("x"); ok || err != nil {
		t.Errorf("Get on empty = %v, %v", ok, err)
	}
	for _, k := range []string{"https://b.bg/", "https://a.bg/", "https://c.bg/"} {
		if err := st.Put(k, []byte("1")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.State("queue").Put("https://a.bg/", []byte("q")); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete("https://c.bg/"); err != nil {
		t.Fatal(err)
	}
	var keys []string
	err := st.Each(func(k string, v []byte) error {
		keys = append(keys, k+"="+string(v))
		return st.Put("https://z.bg/"+k, nil) // writing during the walk must not deadlock
	})
	if err != nil || !slices.Equal(keys, []string{"https://a.bg/=1", "https://b.bg/=1"}) {
		t.Errorf("Each = %q, %v", keys, err)
	}
	for _, c := range []struct {
		skip    func(string) bool
		key     string
		val     string
		present bool
	}{
		{nil, "https://a.bg/", "1", true},
		{func(k string) bool { return k == "https://a.bg/" }, "https://b.bg/", "1", true},
		{func(k string) bool { return true }, "", "", false},
	} {
		k, v, ok, err := st.First(c.skip)
		if err != nil || k != c.key || string(v) != c.val || ok != c.present {
			t.Errorf("First = %q %q %v %v, want %q %q %v", k, v, ok, err, c.key, c.val, c.present)
		}
	}
	if _, _, ok, err := s.State("never-written").First(nil); ok || err != nil {
		t.Errorf("First of a bucket never written = %v, %v", ok, err)
	}
	if v, ok, _ := s.State("queue").Get("https://a.bg/"); !ok || string(v) != "q" {
		t.Errorf("other state bucket: %q %v", v, ok)
	}
	if err := st.Clear(); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Len(); n != 0 {
		t.Errorf("Len after Clear = %d", n)
	}
	if n, _ := s.State("queue").Len(); n != 1 {
		t.Errorf("Clear touched another bucket: Len = %d", n)
	}
}

// TestExportStreamsStoredEncodings checks that streaming the stored
// encodings writes the same bytes as decoding and encoding every record,
// and that a store whose encodings a different program made is rewritten.
func TestExportStreamsStoredEncodings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.db")
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := listingRow(), completionNews()
	b.Title = "=HYPERLINK(\"http://evil\")"
	b.ContractNumbers = []string{"X-1"}
	s.Merge(page(urlListing, t0, "a"), []dataset.Record{a, b, newsItem()})
	export := func(s *Store, raw bool) map[string]string {
		out := map[string]string{}
		for _, f := range dataset.TextFormats.Names() {
			var buf bytes.Buffer
			enc, _ := dataset.NewEncoder(f, &buf)
			var err error
			if raw {
				_, err = s.Export(context.Background(), enc)
			} else {
				err = s.EachRecord(func(r dataset.Record) error { return enc.Encode(r) })
			}
			if err != nil || enc.Close() != nil {
				t.Fatal(err)
			}
			out[f] = buf.String()
		}
		return out
	}
	want := export(s, false)
	if got := export(s, true); !maps.Equal(got, want) {
		t.Errorf("stored encodings differ from encoding the records:\n%q\n%q", got, want)
	}
	if !strings.Contains(want[dataset.FormatCSV], "'=HYPERLINK") {
		t.Errorf("CSV: %s", want[dataset.FormatCSV])
	}
	// An older program's encodings: a stale fingerprint and a stale row.
	s.db.Update(func(tx *bolt.Tx) error {
		tx.Bucket(bucketMeta).Put(metaEncoding, []byte("old"))
		return tx.Bucket(bucketRows).Put([]byte("X-1"), []byte("stale\r\n"))
	})
	s.Close()
	s, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := export(s, true); !maps.Equal(got, want) || !s.rawOK.Load() {
		t.Errorf("after reopening (streaming stored encodings: %v):\n%q", s.rawOK.Load(), got[dataset.FormatCSV])
	}
	s.db.View(func(tx *bolt.Tx) error {
		if row := string(tx.Bucket(bucketRows).Get([]byte("X-1"))); !strings.Contains(row, "'=HYPERLINK") {
			t.Errorf("the stale row was not rewritten: %q", row)
		}
		return nil
	})
	var buf bytes.Buffer
	enc := dataset.NewNDJSONEncoder(&buf)
	if err := s.EncodeRecord(enc, "X-1"); err != nil {
		t.Fatal(err)
	}
	enc.Close()
	if !strings.Contains(want[dataset.FormatNDJSON], buf.String()) || !strings.Contains(buf.String(), `"id":"X-1"`) {
		t.Errorf("EncodeRecord = %q", buf.String())
	}
	if err := s.EncodeRecord(enc, "nope"); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("EncodeRecord(nope) = %v", err)
	}
}
