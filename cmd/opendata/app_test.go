package main

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// TestEnsureIndexAfterCrash: records committed to the store but never
// indexed (a crash between the two commits) are indexed on the next start,
// and a clean close leaves nothing to rebuild.
func TestEnsureIndexAfterCrash(t *testing.T) {
	dir := t.TempDir()
	logger := slog.New(slog.DiscardHandler)
	ctx := context.Background()
	a, err := openApp(dir, logger)
	if err != nil {
		t.Fatal(err)
	}
	// A new data directory has no index yet: building it from the empty
	// store is the first start's work.
	if err := a.ensureIndex(ctx); err != nil {
		t.Fatal(err)
	}
	if why := a.indexStale(); why != "" {
		t.Fatalf("a new data directory after ensureIndex: index stale (%s)", why)
	}
	page := dataset.Page{URL: "https://www.peshtera.bg/proekti/1", FetchedAt: time.Date(2026, 11, 1, 10, 0, 0, 0, time.UTC), SHA256: "ab"}
	recs := []dataset.Record{
		{ID: "13-13-107", Title: "Ефективна координация", ContractNumbers: []string{"13-13-107"}, Municipality: "Пещера"},
		{ID: "BG16RFOP001-1.001-0039-C01", Title: "Благоустрояване", ContractNumbers: []string{"BG16RFOP001-1.001-0039-C01"}, Municipality: "Пещера"},
	}
	if _, err := a.store.Merge(page, recs); err != nil {
		t.Fatal(err)
	}
	// The crash: the store has committed, the index never saw the records,
	// and no clean Close records the index as current.
	a.index.Close()
	a.store.Close()

	a, err = openApp(dir, logger)
	if err != nil {
		t.Fatal(err)
	}
	if why := a.indexStale(); why == "" {
		t.Fatal("after the crash the index is not reported stale")
	}
	if err := a.ensureIndex(ctx); err != nil {
		t.Fatal(err)
	}
	n, err := a.index.Count()
	if err != nil || n != 2 {
		t.Fatalf("index after ensureIndex: %d docs (%v), want 2", n, err)
	}
	res, err := a.index.Search(ctx, dataset.Query{Contract: "13-13-107", Page: 1, PerPage: 10})
	if err != nil || res.Total != 1 {
		t.Fatalf("search the rebuilt index: %+v %v", res, err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	a, err = openApp(dir, logger)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if why := a.indexStale(); why != "" {
		t.Fatalf("after a clean close the index is stale: %s", why)
	}
}
