package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// A project reached only through a redirect chain whose middle URL has a
// query the server answers only in the order it wrote it: every hop is
// requested exactly as named, and the page is archived under its
// canonical URL with the URL that answered beside it.
func TestCrawlRedirectChainExactQuery(t *testing.T) {
	w := newNationalWeb(t, 2, 3, 0)
	e := newEnv(t)
	run, err := e.runner(t, w.sites).Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	c := w.check()
	if len(c.missing) > 0 || len(c.violations) > 0 {
		t.Errorf("missing %v, violations %v", c.missing, c.violations)
	}
	if run.Totals.PagesFailed != 0 {
		t.Errorf("%d pages failed: %v", run.Totals.PagesFailed, run.Totals.Errors)
	}
	for i, host := range w.hosts {
		middle := fmt.Sprintf("/proekti/index.php?option=com_content&view=article&id=%d", i)
		if n := w.log.count(host, middle); n != 1 {
			t.Errorf("%s: the chain's middle URL requested %d times, want once, as linked", host, n)
		}
		if n := w.log.count(host, fmt.Sprintf("/proekti/index.php?id=%d&option=com_content&view=article", i)); n != 0 {
			t.Errorf("%s: the reordered URL was requested", host)
		}
		final := fmt.Sprintf("http://%s/proekti/statia-%d.html", host, i)
		p, ok, err := e.store.Page(final)
		if err != nil || !ok || p.FinalURL != final || len(p.RecordIDs) == 0 {
			t.Errorf("the chain's page: archived %v as %+v (%v)", ok, p, err)
		}
	}
}

// dominoSite is a Lotus Domino database: views and documents answer only
// their command first (?OpenView, ?OpenDocument), the view pages with
// &Start=N&Count=M after it, in that order.
func dominoSite(t *testing.T, log *webLog, projects int) (*testSite, []string) {
	s := newTestSite(t, log)
	const db, per = "/web/obshtina.nsf", 2
	var docs []string
	for i := range projects {
		docs = append(docs, fmt.Sprintf("%s/0/%08X%024X?OpenDocument", db, 0xC1257A00+i, i))
	}
	s.set(db+"/Proekti?OpenDocument", &page{location: db + "/Proekti?OpenDocument&Start=1&Count=2", status: http.StatusFound})
	for start := 1; start <= projects; start += per {
		links := []string{}
		for i := start - 1; i < min(start-1+per, projects); i++ {
			links = append(links, strings.TrimPrefix(docs[i], db+"/")+"|Проект "+fmt.Sprint(i))
		}
		if start+per <= projects {
			links = append(links, fmt.Sprintf("Proekti?OpenDocument&Start=%d&Count=%d|Следващи", start+per, per))
		}
		s.set(fmt.Sprintf("%s/Proekti?OpenDocument&Start=%d&Count=%d", db, start, per),
			&page{contentType: utf8HTML, body: htmlPage("Проекти", links...)})
	}
	for i, d := range docs {
		s.set(d, &page{contentType: utf8HTML, body: []byte(projectPage(1, i, "Смолян"))})
	}
	return s, docs
}

func TestCrawlDominoListing(t *testing.T) {
	log := &webLog{}
	s, docs := dominoSite(t, log, 5)
	sites, err := ParseSites([]byte("- municipality: Смолян\n  start_urls: ['" + s.url("/web/obshtina.nsf/Proekti?OpenDocument") +
		"']\n  allowed_domains: ['" + s.host + "']\n  follow: ['Proekti\\?OpenDocument&Start=\\d+', '\\?OpenDocument$']\n  max_depth: 10\n  delay: 0s\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	run, err := e.runner(t, sites).Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if n := log.count(s.host, d); n != 1 {
			t.Errorf("%s requested %d times, want once", d, n)
		}
	}
	for _, h := range log.all() {
		if strings.Contains(h.Path, "?Count=") || strings.Contains(h.Path, "&OpenDocument") {
			t.Errorf("a reordered Domino URL was requested: %s", h.Path)
		}
	}
	r := siteRun(t, run, "Смолян")
	if r.PagesFailed != 0 || r.RecordsAdded != len(docs) {
		t.Errorf("%d failed (%v), %d records added; want 0, %d", r.PagesFailed, r.Errors, r.RecordsAdded, len(docs))
	}
}

// A host answering 503 with a Retry-After date: the retry and every other
// request to the host wait until then (the server's own clock says so),
// while another site goes on meanwhile.
func TestCrawlRetryAfterDate(t *testing.T) {
	log := &webLog{}
	busy, free := newTestSite(t, log), newTestSite(t, log)
	var mu sync.Mutex
	var until time.Time // when the busy host said to come back
	busy.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти", "/p/a.html", "/p/b.html")})
	busy.set("/p/a.html", &page{handler: func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		if until.IsZero() {
			// An HTTP-date has whole seconds: 3s ahead is 2–3s of wait.
			until = time.Now().Add(3 * time.Second).Truncate(time.Second)
			w.Header().Set("Retry-After", until.UTC().Format(http.TimeFormat))
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		serve(w, r, &page{contentType: utf8HTML, body: corpusPage(t, "003.html")})
	}})
	busy.set("/p/b.html", &page{contentType: utf8HTML, body: corpusPage(t, "005.html")})
	freePages := []string{"008.html", "012.html", "004.html", "021.html", "016.html", "011.html"}
	var links []string
	for i, name := range freePages {
		p := fmt.Sprintf("/p/%c.html", 'c'+i)
		links = append(links, p)
		free.set(p, &page{contentType: utf8HTML, body: corpusPage(t, name)})
	}
	free.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти", links...)})
	var yaml strings.Builder
	for i, s := range []*testSite{busy, free} {
		fmt.Fprintf(&yaml, "- municipality: M%d\n  start_urls: ['%s']\n  allowed_domains: ['%s']\n  follow: ['/p/[a-z]\\.html$']\n  delay: 100ms\n", i, s.url("/p/"), s.host)
	}
	sites, err := ParseSites([]byte(yaml.String()))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	run := e.crawl(t, Config{Sites: sites,
		Logger: testLogger(t), Timeout: 2 * time.Second, Backoff: 10 * time.Millisecond, MaxBackoff: 10 * time.Second})
	mu.Lock()
	defer mu.Unlock()
	var refused time.Time
	afterBusy, freeMeanwhile := 0, 0
	for _, h := range log.all() {
		switch {
		case h.Host == busy.host && h.Path == "/p/a.html" && refused.IsZero():
			refused = h.At
		case h.Host == busy.host && !refused.IsZero():
			afterBusy++
			if h.At.Before(until) {
				t.Errorf("%s requested at %v, before the Retry-After date %v", h.Path, h.At.Format("15:04:05.000"), until.Format("15:04:05.000"))
			}
		case h.Host == free.host && !refused.IsZero() && h.At.Before(until):
			freeMeanwhile++
		}
	}
	if afterBusy != 2 {
		t.Errorf("%d requests to the busy host after the 503, want 2 (the retry, b.html)", afterBusy)
	}
	if freeMeanwhile == 0 {
		t.Error("the other site made no request while the busy host was backed off: it waited for it")
	}
	if got := siteRun(t, run, "M0"); got.PagesFetched != 3 || got.PagesFailed != 0 {
		t.Errorf("busy site: %d fetched, %d failed (%v); want 3, 0", got.PagesFetched, got.PagesFailed, got.Errors)
	}
}

// 300 sites in one run with a delay: every site is in flight at once (each
// site's listing is answered only once all 300 listings are being asked
// for, so a crawl that took the sites a few at a time would stall), every
// page is fetched, and no host saw two requests closer than the delay by
// its own clock.
func TestCrawl300Sites(t *testing.T) {
	if testing.Short() {
		t.Skip("300 local sites")
	}
	const n, delay = 300, 100 * time.Millisecond
	w := &nationalWeb{log: &webLog{}, delay: delay}
	w.ex = newTestSite(t, w.log)
	var mu sync.Mutex
	asked, all := 0, make(chan struct{})
	stalled := 0 // how many listings were being asked for when one gave up waiting
	var yaml strings.Builder
	for i := range n {
		s := newTestSite(t, w.log)
		s.set("/robots.txt", &page{contentType: "text/plain", body: []byte("User-agent: *\nDisallow: /admin/\n")})
		listing := &page{contentType: utf8HTML, body: htmlPage(fmt.Sprintf("Проекти на община %d", i), "/p/a.html", "/p/b.html", "/admin/|x", w.ex.url("/p/")+"|y")}
		s.set("/p/", &page{handler: func(rw http.ResponseWriter, r *http.Request) {
			mu.Lock()
			if asked++; asked == n {
				close(all)
			}
			mu.Unlock()
			select {
			case <-all:
			case <-time.After(15 * time.Second):
				mu.Lock()
				if stalled == 0 {
					stalled = asked
				}
				mu.Unlock()
			}
			serve(rw, r, listing)
		}})
		for _, p := range []string{"/p/a.html", "/p/b.html"} {
			s.set(p, &page{contentType: utf8HTML, body: htmlPage(fmt.Sprintf("Проект %s на община %d", p, i))})
			w.projects = append(w.projects, s.host+p)
		}
		fmt.Fprintf(&yaml, "- municipality: M%d\n  start_urls: ['%s']\n  allowed_domains: ['%s']\n  follow: ['/p/', '/admin/']\n  delay: %s\n", i, s.url("/p/"), s.host, delay)
	}
	sites, err := ParseSites([]byte(yaml.String()))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	// Room for every site's listing request at once.
	run := e.crawl(t, Config{Sites: sites, Logger: testLogger(t), Timeout: 30 * time.Second, MaxInFlight: n + 10})
	mu.Lock()
	if stalled > 0 {
		t.Errorf("only %d of the %d sites asked for their listing at once: the sites were not all in flight", stalled, n)
	}
	mu.Unlock()
	c := w.check()
	if len(c.missing) > 0 || len(c.violations) > 0 {
		t.Errorf("%d pages missing (%v), %d violations (%v)", len(c.missing), first(c.missing), len(c.violations), first(c.violations))
	}
	if c.minGap < delay {
		t.Errorf("the shortest gap a host saw is %v, want ≥ %v", c.minGap, delay)
	}
	if run.Totals.PagesFetched != 3*n || run.Totals.Skipped["robots"] != n || run.Totals.PagesFailed != 0 {
		t.Errorf("totals: %d fetched, skipped %v, %d failed; want %d, robots %d, 0", run.Totals.PagesFetched, run.Totals.Skipped, run.Totals.PagesFailed, 3*n, n)
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// reversePolicy ranks the later links of a page first and allows budget pages.
type reversePolicy struct{ budget int }

func (reversePolicy) Rank(_ *Site, l Link) int {
	if l.Depth == 0 {
		return 0
	}
	return 500 - int(l.Text[len(l.Text)-1]-'0')
}

func (p reversePolicy) Budget(*Site) int { return p.budget }

// The Policy plugs in the order of a site's queue and its page budget.
func TestCrawlPolicy(t *testing.T) {
	log := &webLog{}
	s := newTestSite(t, log)
	s.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти", "/p/1.html|Проект 1", "/p/2.html|Проект 2", "/p/3.html|Проект 3", "/p/4.html|Проект 4")})
	for i := 1; i <= 4; i++ {
		s.set(fmt.Sprintf("/p/%d.html", i), &page{contentType: utf8HTML, body: htmlPage(fmt.Sprintf("Проект %d", i))})
	}
	sites, err := ParseSites([]byte("- municipality: A\n  start_urls: ['" + s.url("/p/") + "']\n  allowed_domains: ['" + s.host + "']\n  follow: ['/p/']\n  delay: 0s\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	run := e.crawl(t, Config{Sites: sites, Policy: reversePolicy{budget: 3}})
	var pages []string
	for _, h := range log.all() {
		if strings.HasSuffix(h.Path, ".html") {
			pages = append(pages, h.Path)
		}
	}
	if strings.Join(pages, " ") != "/p/4.html /p/3.html" {
		t.Errorf("pages fetched %v, want 4 then 3 (best first, a budget of 3 with the listing)", pages)
	}
	if got := run.Sites[0]; got.Skipped["page_limit"] != 2 || got.State != "done" {
		t.Errorf("site: skipped %v, state %q; want page_limit 2, done", got.Skipped, got.State)
	}
}

// The run-wide bound on requests in flight holds over all sites, and the
// sites do share it (more than one request in flight at a time).
func TestCrawlBoundsRequestsInFlight(t *testing.T) {
	const sites, bound = 12, 3
	var mu sync.Mutex
	inFlight, peak := 0, 0
	slow := func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		mu.Unlock()
		time.Sleep(40 * time.Millisecond)
		mu.Lock()
		inFlight--
		mu.Unlock()
		serve(w, r, &page{contentType: utf8HTML, body: htmlPage("Проекти на общината "+r.Host+r.URL.Path, "/p/a.html")})
	}
	log := &webLog{}
	var yaml strings.Builder
	for i := range sites {
		s := newTestSite(t, log)
		s.set("/p/", &page{handler: slow})
		s.set("/p/a.html", &page{handler: slow})
		fmt.Fprintf(&yaml, "- municipality: M%d\n  start_urls: ['%s']\n  allowed_domains: ['%s']\n  follow: ['/p/a']\n  delay: 0s\n", i, s.url("/p/"), s.host)
	}
	parsed, err := ParseSites([]byte(yaml.String()))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	run := e.crawl(t, Config{Sites: parsed, MaxInFlight: bound})
	if run.Totals.PagesFetched != 2*sites {
		t.Errorf("%d pages fetched, want %d", run.Totals.PagesFetched, 2*sites)
	}
	if peak > bound || peak < 2 {
		t.Errorf("at most %d requests were in flight at once; want between 2 and the bound %d", peak, bound)
	}
}

// Two entries of the sites file on one host share its politeness slot and
// its robots.txt, read once for the run.
func TestCrawlSharedHost(t *testing.T) {
	const delay = 80 * time.Millisecond
	log := &webLog{}
	s := newTestSite(t, log)
	s.set("/robots.txt", &page{contentType: "text/plain", body: []byte("User-agent: *\nDisallow: /b/skrito/\n")})
	for _, sec := range []string{"a", "b"} {
		s.set("/"+sec+"/", &page{contentType: utf8HTML, body: htmlPage("Раздел "+sec, "/"+sec+"/1.html", "/"+sec+"/2.html", "/b/skrito/x.html")})
		for _, n := range []string{"1", "2"} {
			s.set("/"+sec+"/"+n+".html", &page{contentType: utf8HTML, body: htmlPage("Страница " + sec + n)})
		}
	}
	var yaml strings.Builder
	for _, sec := range []string{"a", "b"} {
		fmt.Fprintf(&yaml, "- municipality: %s\n  start_urls: ['%s']\n  allowed_domains: ['%s']\n  follow: ['/%s/']\n  delay: %s\n", strings.ToUpper(sec), s.url("/"+sec+"/"), s.host, sec, delay)
	}
	sites, err := ParseSites([]byte(yaml.String()))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	run := e.crawl(t, Config{Sites: sites, Logger: testLogger(t)})
	if n := log.count(s.host, "/robots.txt"); n != 1 {
		t.Errorf("robots.txt requested %d times, want once", n)
	}
	hits := log.all()
	for i := 1; i < len(hits); i++ {
		if gap := hits[i].At.Sub(hits[i-1].At); gap < delay {
			t.Errorf("%v between %s and %s on one host, want ≥ %v", gap, hits[i-1].Path, hits[i].Path, delay)
		}
	}
	if run.Totals.PagesFetched != 6 || siteRun(t, run, "B").Skipped["robots"] != 1 {
		t.Errorf("totals %+v: want 6 pages, B's hidden link skipped (robots)", run.Totals)
	}
}
