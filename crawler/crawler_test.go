package crawler

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// countingExtractor is the real extractor, counting the pages it reads.
type countingExtractor struct {
	PackageExtractor
	mu   sync.Mutex
	urls []string
}

func (c *countingExtractor) Extract(body []byte, pageURL, contentType string) (extract.Result, error) {
	c.mu.Lock()
	c.urls = append(c.urls, pageURL)
	c.mu.Unlock()
	return c.PackageExtractor.Extract(body, pageURL, contentType)
}

func (c *countingExtractor) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	u := c.urls
	c.urls = nil
	return u
}

// env is a data directory with the real store and index.
type env struct {
	dir   string
	store *store.Store
	index *index.Index
	ext   *countingExtractor
}

func newEnv(t testing.TB) *env {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return &env{dir: dir, store: st, index: ix, ext: &countingExtractor{}}
}

func testLogger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.DiscardHandler)
}

func (e *env) runner(t testing.TB, sites []Site) *Runner {
	r, err := New(Config{
		Sites: sites, Store: e.store, Index: e.index, Extractor: e.ext,
		State:   func(name string) Bucket { return e.store.State(name) },
		Logger:  testLogger(t),
		Timeout: 400 * time.Millisecond, Retries: 2, Backoff: 20 * time.Millisecond,
		MaxBackoff: 100 * time.Millisecond, Checkpoint: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// crawl runs one crawl with cfg over the env's store and index (cfg's
// Store, State and Index are set here) and returns the run.
func (e *env) crawl(t testing.TB, cfg Config) dataset.CrawlRun {
	t.Helper()
	cfg.Store, cfg.Index = e.store, e.index
	cfg.State = func(name string) Bucket { return e.store.State(name) }
	r, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	run, err := r.Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func siteRun(t *testing.T, run dataset.CrawlRun, municipality string) dataset.SiteRun {
	t.Helper()
	for _, s := range run.Sites {
		if s.Municipality == municipality {
			return s
		}
	}
	t.Fatalf("no site %s in run", municipality)
	return dataset.SiteRun{}
}

func TestCrawlMunicipalWeb(t *testing.T) {
	const delay = 60 * time.Millisecond
	w := newMunicipalWeb(t, delay)
	e := newEnv(t)
	run, err := e.runner(t, w.sites).Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != "done" || run.Finished == nil {
		t.Fatalf("run status %q, finished %v", run.Status, run.Finished)
	}
	checkRequests(t, w, delay)

	a := siteRun(t, run, "Пловдив")
	// The copy of p1 (same body) and the page naming p2 canonical are
	// fetched but not extracted, /pr/?page=1 redirects to the listing
	// visited already; the print view is not even fetched.
	if a.PagesDuplicate != 3 {
		t.Errorf("site A duplicates %d, want 3", a.PagesDuplicate)
	}
	for _, u := range e.ext.take() {
		if strings.Contains(u, "copy") || strings.Contains(u, "alias") || strings.Contains(u, "print") {
			t.Errorf("duplicate page extracted: %s", u)
		}
	}
	for kind, min := range map[string]int{"http_404": 1, "timeout": 1} {
		if a.Errors[kind] < min {
			t.Errorf("site A errors[%s] = %d, want ≥ %d (errors %v)", kind, a.Errors[kind], min, a.Errors)
		}
	}
	// The page robots.txt forbids is skipped, not failed.
	if a.Skipped["robots"] != 1 || a.PagesSkipped != 1 || a.Errors["robots"] != 0 {
		t.Errorf("site A skipped %d %v, errors %v: want the forbidden page skipped (robots), not failed", a.PagesSkipped, a.Skipped, a.Errors)
	}
	if a.Errors["http_500"] != 0 {
		t.Errorf("the healed 500 is counted as a failure: %v", a.Errors)
	}
	// The flaky page is archived after healing; the redirect's target is stored under its own URL.
	for _, p := range []string{"/pr/flaky.html", "/nw/news-168-1.html", "/pr/p2.html"} {
		pg, ok, err := e.store.Page(w.a.url(p))
		if err != nil || !ok || pg.Status != 200 || pg.SHA256 == "" || pg.Municipality != "Пловдив" {
			t.Errorf("page %s archived = %v %+v %v", p, ok, pg, err)
		}
	}
	b := siteRun(t, run, "Сливен")
	if b.PagesFetched != 6 || b.PagesFailed != 0 {
		t.Errorf("site B fetched %d, failed %d; want 6, 0 (%v)", b.PagesFetched, b.PagesFailed, b.Errors)
	}
	checkRecords(t, w, e)
	saved, err := e.store.Crawls(1)
	if err != nil || len(saved) != 1 || saved[0].ID != run.ID || saved[0].Status != "done" {
		t.Fatalf("saved run = %+v, %v", saved, err)
	}

	checkSecondRun(t, w, e)
}

// checkRequests checks what the servers were asked in a first crawl of w.
func checkRequests(t *testing.T, w *municipalWeb, delay time.Duration) {
	t.Helper()
	hits := w.log.all()

	// Every project and news page was fetched.
	got := map[string]bool{}
	for _, h := range hits {
		got[h.Host+h.Path] = true
	}
	for _, p := range w.projects {
		if !got[p] {
			t.Errorf("project page %s was never requested", p)
		}
	}
	// Nothing forbidden, external, attached or tracked was requested.
	for _, h := range hits {
		switch {
		case strings.HasPrefix(h.Path, "/private/"):
			t.Errorf("robots.txt forbids %s, but it was requested", h.Path)
		case h.Host == w.ex.host:
			t.Errorf("external host requested: %s%s", h.Host, h.Path)
		case strings.HasSuffix(h.Path, ".pdf"):
			t.Errorf("attachment fetched as a page: %s", h.Path)
		case strings.HasPrefix(h.Path, "/pr/p2.html") && h.Path != p2Linked:
			t.Errorf("project 2 requested as %s, not as linked (%s)", h.Path, p2Linked)
		}
		if ua := h.Header.Get("User-Agent"); !strings.HasPrefix(ua, "opendata/") || !strings.Contains(ua, UserAgentContact) {
			t.Errorf("User-Agent %q does not name the project and its contact", ua)
		}
	}
	// Each page once (the flaky one twice: a 500, then the retry).
	for _, p := range []string{"/pr/p1.html", p2Linked, "/nw/news-168-1.html", "/pr/"} {
		if n := w.log.count(w.a.host, p); n != 1 {
			t.Errorf("%s requested %d times, want once", p, n)
		}
	}
	if n := w.log.count(w.a.host, "/pr/flaky.html"); n != 2 {
		t.Errorf("flaky page requested %d times, want 2 (500, then 200)", n)
	}
	// The delay between two requests to one host.
	last := map[string]time.Time{}
	for _, h := range hits {
		if prev, ok := last[h.Host]; ok {
			if gap := h.At.Sub(prev); gap < delay-2*time.Millisecond {
				t.Errorf("%s: only %v between two requests (%s), want ≥ %v", h.Host, gap, h.Path, delay)
			}
		}
		last[h.Host] = h.At
	}

}

// checkSecondRun crawls w again: every page is asked for conditionally and
// nothing is extracted again.
func checkSecondRun(t *testing.T, w *municipalWeb, e *env) {
	t.Helper()
	// Second run: conditional requests, nothing extracted again.
	w.log.reset()
	e.ext.take()
	run2, err := e.runner(t, w.sites).Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	if again := e.ext.take(); len(again) != 0 {
		t.Errorf("second run extracted %d pages again: %v", len(again), again)
	}
	conditional := 0
	for _, h := range w.log.all() {
		if strings.HasSuffix(h.Path, ".html") && h.Path != "/pr/slow.html" && h.Path != "/pr/missing.html" &&
			h.Path != "/pr/p1-copy.html" && h.Path != "/pr/p2-alias.html" {
			header := "If-None-Match"
			if h.Host == w.b.host {
				header = "If-Modified-Since"
			}
			if h.Header.Get(header) == "" {
				t.Errorf("second run: %s requested without %s", h.Path, header)
			}
			conditional++
		}
	}
	if conditional < len(w.projects) {
		t.Errorf("second run sent %d conditional page requests, want ≥ %d", conditional, len(w.projects))
	}
	if run2.Totals.PagesUnchanged < len(w.projects) || run2.Totals.RecordsAdded != 0 || run2.Totals.RecordsChanged != 0 {
		t.Errorf("second run totals %+v: want every page unchanged, no record added or changed", run2.Totals)
	}
}

func TestCrawlResumesAfterInterrupt(t *testing.T) {
	w := newMunicipalWeb(t, 0)
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stopAt atomic.Int32
	stopAt.Store(8)
	w.log.onHit = func(h hit, n int) {
		if int32(n) == stopAt.Load() {
			cancel()
		}
	}
	run1, err := e.runner(t, w.sites).Run(ctx, "cli")
	if err != nil {
		t.Fatal(err)
	}
	if run1.Status != "interrupted" {
		t.Fatalf("run status %q, want interrupted", run1.Status)
	}
	first := w.log.all()
	w.log.onHit = nil
	w.log.reset()
	// As if the process had been killed: the run is still "running" on disk.
	killed := run1
	killed.Status, killed.Finished = "running", nil
	if err := e.store.PutCrawl(killed); err != nil {
		t.Fatal(err)
	}

	run2, err := e.runner(t, w.sites).Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	if run2.Status != "done" || run2.Resumes != run1.ID {
		t.Fatalf("second run: status %q, resumes %q; want done, %q", run2.Status, run2.Resumes, run1.ID)
	}
	second := w.log.all()
	// Pages answered in the first run are not requested again; only the
	// visit each site had in flight when the run was cut off may be: its
	// last request, and the redirects that led to it.
	inFlight := map[int]bool{}
	for _, host := range []*testSite{w.a, w.b, w.ex} {
		last := -1
		for i, h := range first {
			if h.Host == host.host {
				last = i
			}
		}
		if last < 0 {
			continue
		}
		inFlight[last] = true
		for j := last - 1; j >= 0; j-- {
			if first[j].Host != host.host {
				continue
			}
			if !isRedirect(host, first[j].Path) {
				break
			}
			inFlight[j] = true
		}
	}
	done := map[string]bool{}
	for i, h := range first {
		if !inFlight[i] && !strings.HasSuffix(h.Path, "robots.txt") && !strings.Contains(h.Path, "flaky") {
			done[h.Host+h.Path] = true
		}
	}
	for _, h := range second {
		if done[h.Host+h.Path] {
			t.Errorf("resumed run refetched %s%s", h.Host, h.Path)
		}
	}
	all := map[string]bool{}
	for _, h := range append(first, second...) {
		all[h.Host+h.Path] = true
	}
	for _, p := range w.projects {
		if !all[p] {
			t.Errorf("project page %s never fetched across the two runs", p)
		}
	}
	runs, err := e.store.Crawls(5)
	if err != nil || len(runs) != 2 || runs[1].Status != "interrupted" {
		t.Fatalf("saved runs: %+v %v", runs, err)
	}
}

// checkRecords checks that every project page gave records, in the store
// and sent to the index, with the municipality and attachments set.
func checkRecords(t *testing.T, w *municipalWeb, e *env) {
	t.Helper()
	indexed := map[string]bool{}
	if err := e.index.EachID(context.Background(), dataset.Query{}, func(id string) error {
		indexed[id] = true
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	bySource := map[string][]dataset.Record{}
	n := 0
	err := e.store.EachRecord(func(r dataset.Record) error {
		n++
		if !indexed[r.ID] {
			t.Errorf("record %s is in the store but not in the index", r.ID)
		}
		if r.Municipality == "" {
			t.Errorf("record %s has no municipality", r.ID)
		}
		if r.Title != "" && (strings.ContainsAny(r.Title, "ÐÑÂàáâãäå") || !strings.ContainsAny(strings.ToLower(r.Title), "абвгдежзийклмнопрстуфхцчшщъьюя")) {
			t.Errorf("record %s title %q is not decoded Cyrillic", r.ID, r.Title)
		}
		for _, s := range r.Sources {
			key := strings.TrimPrefix(s.URL, "http://")
			bySource[key] = append(bySource[key], r)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(indexed) != n || n == 0 {
		t.Errorf("index holds %d records, store %d", len(indexed), n)
	}
	for _, p := range w.projects {
		// A record cites the page's canonical URL: the tracked link's
		// parameters are not part of it.
		p = strings.TrimSuffix(p, strings.TrimPrefix(p2Linked, "/pr/p2.html"))
		if len(bySource[p]) == 0 {
			t.Errorf("no record from project page %s", p)
		}
	}
	// The windows-1251 page that names its charset only in <meta> is decoded.
	if len(bySource[w.b.host+"/pr/sl-2.html"]) == 0 {
		t.Errorf("no record from the meta-charset page")
	}
	for _, r := range bySource[w.b.host+"/pr/sl-2.html"] {
		if r.Title == "" { // a title is checked for Cyrillic above
			t.Errorf("record %s from the meta-charset page has no title", r.ID)
		}
	}
	pdf := w.a.url("/files/contract.pdf")
	found := false
	for _, r := range bySource[w.a.host+"/pr/p4.html"] {
		for _, d := range r.Documents {
			found = found || d.URL == pdf
		}
	}
	if !found {
		t.Errorf("the PDF linked from p4 is not among its record's documents")
	}
}

// isRedirect reports whether the test site answers path with a redirect.
func isRedirect(s *testSite, path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pages[path]
	return p != nil && p.location != ""
}
