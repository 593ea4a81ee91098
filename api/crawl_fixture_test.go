package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/crawler"
	"github.com/opendata-bg/opendata/crawler/demoweb"
	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// crawlFixture is the data of a real crawl: the corpus pages (the demo's
// copy, kept identical to testdata/corpus by a test of demoweb) served as
// municipal sites on loopback, crawled by the real crawler into a real
// store and index, then served by the real server. Some records then get a
// later page that disagrees with the first, so that histories hold changes
// and records hold the merge's warnings.
type crawlFixture struct {
	dir   string
	store *store.Store
	index *index.Index
	srv   *httptest.Server
	ids   []string
	sites []crawler.Site // the sample sites crawled
}

var (
	crawlOnce sync.Once
	crawlFix  *crawlFixture
	crawlErr  error
)

// getCrawlFixture crawls once per test binary; the tests only read it.
func getCrawlFixture(t *testing.T) *crawlFixture {
	t.Helper()
	crawlOnce.Do(func() {
		crawlFix, crawlErr = buildCrawlFixture()
		if crawlFix != nil {
			atExit(crawlFix.close)
		}
	})
	if crawlErr != nil {
		t.Fatalf("crawl fixture: %v", crawlErr)
	}
	return crawlFix
}

func (f *crawlFixture) close() {
	if f.srv != nil {
		f.srv.Close()
	}
	f.index.Close()
	f.store.Close()
	os.RemoveAll(f.dir)
}

func buildCrawlFixture() (*crawlFixture, error) {
	dir, err := os.MkdirTemp("", "opendata-crawl-fixture-")
	if err != nil {
		return nil, err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(filepath.Join(dir, "store.db"), logger)
	if err != nil {
		return nil, err
	}
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), logger)
	if err != nil {
		st.Close()
		return nil, err
	}
	f := &crawlFixture{dir: dir, store: st, index: ix}
	if err := f.crawl(logger); err != nil {
		f.close()
		return nil, err
	}
	if err := f.laterPages(); err != nil {
		f.close()
		return nil, err
	}
	if err := st.EachRecord(func(r dataset.Record) error { f.ids = append(f.ids, r.ID); return nil }); err != nil {
		f.close()
		return nil, err
	}
	if len(f.ids) < 20 {
		f.close()
		return nil, fmt.Errorf("the crawl gave only %d records", len(f.ids))
	}
	s, err := New(Config{Store: st, Index: ix, Logger: logger, RateLimit: -1,
		Coverage: crawler.Coverage{Sites: func() ([]crawler.Site, error) { return f.sites, nil },
			State: func(name string) crawler.Bucket { return st.State(name) }}})
	if err != nil {
		f.close()
		return nil, err
	}
	f.srv = httptest.NewServer(s)
	return f, nil
}

// crawl runs the real crawler over the sample sites.
func (f *crawlFixture) crawl(logger *slog.Logger) error {
	web, err := demoweb.Start(time.Millisecond)
	if err != nil {
		return err
	}
	defer web.Close()
	sites, err := crawler.ParseSites(web.SitesYAML())
	if err != nil {
		return err
	}
	f.sites = sites
	r, err := crawler.New(crawler.Config{Sites: sites, Store: f.store, Index: f.index, Logger: logger,
		State: func(name string) crawler.Bucket { return f.store.State(name) }, Timeout: 10 * time.Second,
		Backoff: 50 * time.Millisecond})
	if err != nil {
		return err
	}
	defer r.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	run, err := r.Run(ctx, "test")
	if err != nil {
		return err
	}
	if run.Totals.PagesFailed > 0 || run.Totals.RecordsAdded < 20 {
		return fmt.Errorf("the crawl: %d pages failed, %d records added", run.Totals.PagesFailed, run.Totals.RecordsAdded)
	}
	return nil
}

// laterPages merges, for a few records with a budget in leva and a period,
// a later news item that states another total, end date and duration, as a
// re-crawled municipality would: the records change (history rows of
// amounts, dates, months) and warn that the sources disagree.
func (f *crawlFixture) laterPages() error {
	var picked []dataset.Record
	err := f.store.EachRecord(func(r dataset.Record) error {
		if len(picked) < 3 && r.Budget.Currency == "BGN" && r.Budget.Total != nil && r.Period.End != "" &&
			len(r.ContractNumbers) > 0 && r.Title != "" && r.Programme != "" {
			picked = append(picked, r)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if len(picked) == 0 {
		return fmt.Errorf("no crawled record has a budget in leva, a period and a contract")
	}
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	for i, r := range picked {
		total := *r.Budget.Total + 1234.56
		months := 7 + i
		later := dataset.Record{
			Title: r.Title, ContractNumbers: r.ContractNumbers[:1], Programme: r.Programme,
			Municipality: r.Municipality, Published: "2026-11-30",
			Budget: dataset.Budget{Total: &total, Currency: "BGN"},
			Period: dataset.Period{End: "2027-03-31", DurationMonths: &months},
		}
		u := fmt.Sprintf("http://news.example/%d", i)
		p := dataset.Page{URL: u, FinalURL: u, Municipality: r.Municipality, FetchedAt: at, Status: 200,
			SHA256: fmt.Sprintf("%064d", i)}
		if _, err := f.store.Merge(p, []dataset.Record{later}); err != nil {
			return err
		}
		got, err := f.store.Record(r.ID)
		if err != nil {
			return err
		}
		if err := f.index.Put([]dataset.Record{got}); err != nil {
			return err
		}
	}
	return nil
}
