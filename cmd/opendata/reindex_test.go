package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// storeWithTruth fills a store in dir with the corpus ground-truth records,
// one page per truth file, and returns how many records the store holds.
func storeWithTruth(t *testing.T, dir string) int {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "truth", "*.json"))
	if len(files) == 0 {
		t.Fatal("no truth files")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			URL      string           `json:"url"`
			Projects []dataset.Record `json:"projects"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatal(err)
		}
		p := dataset.Page{URL: page.URL, FinalURL: page.URL, Status: 200, FetchedAt: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
		if _, err := st.Merge(p, page.Projects); err != nil {
			t.Fatalf("merge %s: %v", f, err)
		}
	}
	n, err := st.Count()
	if err != nil || n == 0 {
		t.Fatalf("store count %d, %v", n, err)
	}
	return n
}

func TestReindex(t *testing.T) {
	dir := t.TempDir()
	n := storeWithTruth(t, dir)
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"reindex", "--data", dir, "--log-level", "error"}, &out, &errb); err != nil {
		t.Fatalf("reindex: %v\n%s", err, errb.String())
	}
	m := regexp.MustCompile(`indexed (\d+) records in \S+ \((\d+) docs/s\)`).FindStringSubmatch(out.String())
	if m == nil || m[1] != strconv.Itoa(n) {
		t.Fatalf("output %q; want %d records indexed", out.String(), n)
	}

	ix, err := index.Open(filepath.Join(dir, "index.bleve"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if need, why := ix.NeedsRebuild(); need {
		t.Errorf("after reindex: NeedsRebuild %q", why)
	}
	if c, _ := ix.Count(); c != uint64(n) {
		t.Errorf("index count %d; want %d", c, n)
	}
	res, err := ix.Search(context.Background(), dataset.Query{Q: "peshtera"})
	if err != nil || res.Total != 1 {
		t.Errorf("q=peshtera: %v, %v", res.Total, err)
	}
	// A reindex while the index is held open says so and changes nothing.
	out.Reset()
	errb.Reset()
	err = run(context.Background(), []string{"reindex", "--data", dir, "--log-level", "error"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "in use") {
		t.Errorf("reindex over an open index: %v", err)
	}
	ix.Close()

	// An interrupted reindex leaves the index as it was.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err = run(ctx, []string{"reindex", "--data", dir, "--log-level", "error"}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "interrupted") {
		t.Errorf("cancelled reindex: %v", err)
	}
	ix, err = index.Open(filepath.Join(dir, "index.bleve"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if c, _ := ix.Count(); c != uint64(n) {
		t.Errorf("after an interrupted reindex: count %d; want %d", c, n)
	}
}

func TestReindexErrors(t *testing.T) {
	var out, errb bytes.Buffer
	missing := filepath.Join(t.TempDir(), "nope")
	if err := run(context.Background(), []string{"reindex", "--data", missing}, &out, &errb); err == nil || !strings.Contains(err.Error(), "no data directory") {
		t.Errorf("missing data dir: %v", err)
	}
	if err := run(context.Background(), []string{"reindex", "extra"}, &out, &errb); err == nil || !strings.Contains(err.Error(), "unexpected argument") {
		t.Errorf("extra argument: %v", err)
	}
}
