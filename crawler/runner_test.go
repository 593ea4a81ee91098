package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// slowSite is a site whose one page takes a while, so that a run lasts.
func slowSite(t *testing.T, hold time.Duration) []Site {
	log := &webLog{}
	s := newTestSite(t, log)
	s.set("/p/", &page{handler: func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(hold):
		case <-r.Context().Done():
		}
		w.Header().Set("Content-Type", utf8HTML)
		w.Write(htmlPage("Проекти"))
	}})
	sites, err := ParseSites([]byte("- municipality: A\n  start_urls: ['" + s.url("/p/") + "']\n  allowed_domains: ['" + s.host + "']\n  delay: 0s\n"))
	if err != nil {
		t.Fatal(err)
	}
	return sites
}

func TestStartCrawlOneAtATime(t *testing.T) {
	e := newEnv(t)
	r := e.runner(t, slowSite(t, 300*time.Millisecond))
	run, err := r.StartCrawl(context.Background(), "api")
	if err != nil || run.Status != "running" || run.Trigger != "api" || run.Finished != nil || len(run.Sites) != 1 {
		t.Fatalf("StartCrawl = %+v, %v", run, err)
	}
	if _, err := r.StartCrawl(context.Background(), "api"); dataset.ErrorCode(err) != dataset.ECONFLICT {
		t.Errorf("second StartCrawl: %v, want ECONFLICT", err)
	}
	if _, err := r.Run(context.Background(), "cli"); dataset.ErrorCode(err) != dataset.ECONFLICT {
		t.Errorf("Run during a crawl: %v, want ECONFLICT", err)
	}
	saved, err := e.store.Crawls(1)
	if err != nil || len(saved) != 1 || saved[0].ID != run.ID || saved[0].Status != "running" {
		t.Errorf("running crawl saved as %+v, %v", saved, err)
	}
	r.Wait()
	saved, err = e.store.Crawls(1)
	if err != nil || saved[0].Status != "done" || saved[0].Totals.PagesFetched != 1 {
		t.Errorf("finished crawl saved as %+v, %v", saved, err)
	}
	// Free again.
	if _, err := r.Run(context.Background(), "cli"); err != nil {
		t.Errorf("Run after the crawl: %v", err)
	}
}

func TestStartCrawlStopsWithItsContext(t *testing.T) {
	e := newEnv(t)
	r := e.runner(t, slowSite(t, 5*time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := r.StartCrawl(ctx, "api"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	cancel()
	done := make(chan struct{})
	go func() { r.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("the crawl did not stop with its context")
	}
	saved, _ := e.store.Crawls(1)
	if len(saved) != 1 || saved[0].Status != "interrupted" || saved[0].Totals.PagesQueued != 1 {
		t.Errorf("interrupted crawl saved as %+v", saved)
	}
}

func TestEvery(t *testing.T) {
	e := newEnv(t)
	r := e.runner(t, slowSite(t, 0))
	ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
	defer cancel()
	if err := r.Every(ctx, 200*time.Millisecond); err != context.DeadlineExceeded {
		t.Errorf("Every returned %v", err)
	}
	runs, err := e.store.Crawls(10)
	// Ticks at 200, 400 and 600 ms; a loaded machine may drop one.
	if err != nil || len(runs) < 2 || len(runs) > 3 {
		for _, x := range runs {
			t.Logf("run %s %s started %v finished %v", x.ID, x.Status, x.Started, x.Finished)
		}
		t.Fatalf("%d scheduled runs in 700ms at 200ms, want 2–3 (%v)", len(runs), err)
	}
	for _, run := range runs {
		if run.Trigger != "schedule" || (run.Status != "done" && run.Status != "interrupted") {
			t.Errorf("scheduled run %+v", run)
		}
	}
	if err := r.Every(ctx, 0); err == nil || !strings.Contains(err.Error(), "positive") {
		t.Errorf("Every(0) = %v", err)
	}
}

func TestProgressLine(t *testing.T) {
	e := newEnv(t)
	var out strings.Builder
	r, err := New(Config{Sites: slowSite(t, 0), Store: e.store, Index: e.index,
		State:    func(name string) Bucket { return e.store.State(name) },
		Progress: &out, Terminal: true})
	if err != nil {
		t.Fatal(err)
	}
	run, err := r.Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if !strings.Contains(got, "\r\033[Kcrawl "+run.ID+": sites 1/1 done, 0 fetching, 0 waiting · pages 1 fetched (0 unchanged), 0 skipped, 0 queued") ||
		!strings.HasSuffix(got, "\n") {
		t.Errorf("progress line %q", got)
	}
}

// A robots.txt Crawl-delay longer than the site's delay is honoured.
func TestCrawlDelayFromRobots(t *testing.T) {
	log := &webLog{}
	s := newTestSite(t, log)
	s.set("/robots.txt", &page{contentType: "text/plain", body: []byte("User-agent: *\nCrawl-delay: 0.2\nDisallow: /x/\n")})
	s.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти", "/p/a.html", "/p/b.html")})
	s.set("/p/a.html", &page{contentType: utf8HTML, body: htmlPage("А")})
	s.set("/p/b.html", &page{contentType: utf8HTML, body: htmlPage("Б")})
	sites, err := ParseSites([]byte("- municipality: A\n  start_urls: ['" + s.url("/p/") + "']\n  allowed_domains: ['" + s.host + "']\n  follow: ['/p/']\n  delay: 0s\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	if _, err := e.runner(t, sites).Run(context.Background(), "cli"); err != nil {
		t.Fatal(err)
	}
	hits := log.all()
	if len(hits) != 5 || hits[1].Path != "/sitemap.xml" {
		t.Fatalf("%d requests, want 5 (robots, sitemap, listing, two pages)", len(hits))
	}
	for i := 1; i < len(hits); i++ { // once robots.txt is read, its delay applies
		if gap := hits[i].At.Sub(hits[i-1].At); gap < 198*time.Millisecond {
			t.Errorf("only %v between %s and %s, want the Crawl-delay of 200ms", gap, hits[i-1].Path, hits[i].Path)
		}
	}
}

func TestReloadSites(t *testing.T) {
	e := newEnv(t)
	sites := slowSite(t, 0)
	calls := 0
	r, err := New(Config{Store: e.store, Index: e.index,
		State: func(name string) Bucket { return e.store.State(name) },
		ReloadSites: func() ([]Site, error) {
			calls++
			if calls == 2 {
				return nil, fmt.Errorf("entry 1 (A): start_urls is empty")
			}
			return sites, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	run, err := r.Run(context.Background(), "schedule")
	if err != nil || len(run.Sites) != 1 || run.Totals.PagesFetched != 1 {
		t.Fatalf("first run %+v, %v", run.Totals, err)
	}
	if _, err := r.Run(context.Background(), "schedule"); dataset.ErrorCode(err) != dataset.EINVALID || !strings.Contains(err.Error(), "entry 1 (A)") {
		t.Errorf("run with a broken sites file: %v", err)
	}
	if _, err := r.Run(context.Background(), "schedule"); err != nil {
		t.Errorf("the runner is stuck after a failed reload: %v", err)
	}
}

// The estimate of the time left: the longest queue at its site's pace, or
// all queues at the run's pace, whichever is longer.
func TestETA(t *testing.T) {
	now := time.Date(2026, 3, 2, 10, 1, 0, 0, time.UTC)
	start := now.Add(-time.Minute)
	slowSite, fastSite := &Site{Delay: 2 * time.Second}, &Site{Delay: 0}
	rs := &runState{sites: []*siteCrawl{{site: slowSite, started: start}, {site: fastSite, started: start}, {site: fastSite, started: start}}}
	run := dataset.CrawlRun{Started: start, Sites: []dataset.SiteRun{
		{PagesFetched: 20, PagesQueued: 10, State: "waiting"}, // 3s a page so far: 30s left
		{PagesFetched: 60, PagesFailed: 60, PagesQueued: 600}, // 0.5s a page: 300s left
		{PagesFetched: 40, PagesQueued: 0, State: "done"},     // nothing left
	}}
	run.Totals = dataset.SiteRun{PagesFetched: 120, PagesFailed: 60}
	eta, ok := rs.eta(run, now)
	// The run's pace: 180 pages a minute; 610 pages left is 203s, less than
	// the fast site's 300s alone.
	if !ok || eta != 300*time.Second {
		t.Errorf("eta = %v, %v; want 5m0s", eta, ok)
	}
	run.Sites[1].PagesQueued = 0
	if eta, _ := rs.eta(run, now); eta != 30*time.Second {
		t.Errorf("eta with only the slow site left = %v, want 30s", eta)
	}
	run.Totals = dataset.SiteRun{}
	if _, ok := rs.eta(run, now); ok {
		t.Error("an estimate before any page")
	}
}
