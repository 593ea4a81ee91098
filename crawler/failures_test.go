package crawler

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// cutBody answers with a Content-Length it does not honour: the connection
// is closed mid-body.
func cutBody(w http.ResponseWriter, r *http.Request) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("no hijacker")
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	fmt.Fprint(buf, "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 50000\r\n\r\n<html><body><p>Начало на страницата")
	buf.Flush()
	conn.Close()
}

// dropConn closes the connection without answering.
func dropConn(w http.ResponseWriter, r *http.Request) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
}

const rejected = `<html><head><title>Request Rejected</title></head><body>The requested URL was rejected. Please consult with your administrator.<br><br>Your support ID is: 1234567890<br><br><a href='javascript:history.back();'>[Go Back]</a></body></html>`

// brokenWeb is four sites with every kind of failure, and an external host.
type brokenWeb struct {
	log                                        *webLog
	broken, bad5xx, badSyntax, unreachable, ex *testSite
	sites                                      []Site
}

func newBrokenWeb(t *testing.T) *brokenWeb {
	log := &webLog{}
	broken, bad5xx, badSyntax, unreachable, ex := newTestSite(t, log), newTestSite(t, log), newTestSite(t, log), newTestSite(t, log), newTestSite(t, log)
	big := strings.Repeat("<p>Проектът обновява улици и площади в града.</p>\n", 100) // ~8 KB
	broken.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти", "/p/trunc.html", "/p/reset.html",
		"/p/image.html", "/p/rejected.html", "/p/empty.html", "/p/loop1.html", "/p/away.html", "/p/down.html", "/p/gone.html", "/p/ok.html")})
	broken.set("/robots.txt", &page{status: http.StatusNotFound})
	broken.set("/p/trunc.html", &page{contentType: utf8HTML, body: []byte("<html><body>" + big + big + "</body></html>")})
	broken.set("/p/reset.html", &page{handler: cutBody})
	broken.set("/p/image.html", &page{contentType: "image/png", body: []byte("\x89PNG\r\n\x1a\n0000")})
	broken.set("/p/rejected.html", &page{contentType: utf8HTML, body: []byte(rejected)})
	broken.set("/p/empty.html", &page{contentType: utf8HTML})
	broken.set("/p/loop1.html", &page{location: "/p/loop2.html", status: http.StatusFound})
	broken.set("/p/loop2.html", &page{location: "/p/loop1.html", status: http.StatusFound})
	broken.set("/p/away.html", &page{location: ex.url("/p/x.html"), status: http.StatusFound})
	broken.set("/p/down.html", &page{status: http.StatusServiceUnavailable, body: []byte("down")})
	broken.set("/p/gone.html", &page{status: http.StatusGone, body: []byte("gone")})
	broken.set("/p/ok.html", &page{contentType: utf8HTML, body: []byte("<html><body>" + big + "</body></html>")})

	bad5xx.set("/robots.txt", &page{status: http.StatusInternalServerError})
	bad5xx.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти")})
	badSyntax.set("/robots.txt", &page{contentType: "text/plain", body: []byte("Disallow: /p/\n<html>oops</html>\nUser-agent: *\nCrawl-delay: soon\nDisallow: /p/private\n")})
	badSyntax.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти", "/p/private.html", "/p/open.html", "/p/sneaky.html")})
	badSyntax.set("/p/sneaky.html", &page{location: "/p/private.html?via=redirect", status: http.StatusFound})
	badSyntax.set("/p/private.html", &page{contentType: utf8HTML, body: []byte(big)})
	badSyntax.set("/p/open.html", &page{contentType: utf8HTML, body: []byte("<html><body>" + big + "</body></html>")})
	unreachable.set("/robots.txt", &page{handler: dropConn})
	unreachable.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти")})

	var yaml strings.Builder
	for i, s := range []*testSite{broken, bad5xx, badSyntax, unreachable} {
		fmt.Fprintf(&yaml, "- municipality: M%d\n  start_urls: ['%s']\n  allowed_domains: ['%s']\n  follow: ['/p/']\n  delay: 0s\n", i, s.url("/p/"), s.host)
	}
	sites, err := ParseSites([]byte(yaml.String()))
	if err != nil {
		t.Fatal(err)
	}
	return &brokenWeb{log, broken, bad5xx, badSyntax, unreachable, ex, sites}
}

func TestCrawlCountsFailures(t *testing.T) {
	bw := newBrokenWeb(t)
	log, broken, bad5xx, badSyntax, unreachable, ex := bw.log, bw.broken, bw.bad5xx, bw.badSyntax, bw.unreachable, bw.ex
	sites := bw.sites
	e := newEnv(t)
	r, err := New(Config{Sites: sites, Store: e.store, Index: e.index, Extractor: e.ext,
		State:  func(name string) Bucket { return e.store.State(name) },
		Logger: testLogger(t), Timeout: 300 * time.Millisecond, Retries: 2, Backoff: 10 * time.Millisecond,
		MaxBodySize: 12 << 10})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	run, err := r.Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	b := siteRun(t, run, "M0")
	for kind, want := range map[string]int{"truncated": 1, "connection_reset": 1, "not_html": 1, "error_page": 1,
		"empty_page": 1, "redirect_loop": 1, "redirect_offsite": 1, "http_503": 1, "http_410": 1} {
		if b.Errors[kind] != want {
			t.Errorf("errors[%s] = %d, want %d (all: %v)", kind, b.Errors[kind], want, b.Errors)
		}
	}
	if b.PagesFailed != 9 || b.PagesFetched != 2 {
		t.Errorf("broken site: %d failed, %d fetched; want 9, 2 (the listing and ok.html)", b.PagesFailed, b.PagesFetched)
	}
	if n := log.count(broken.host, "/p/down.html"); n != 3 {
		t.Errorf("503 page requested %d times, want 3 (two retries)", n)
	}
	if n := log.count(ex.host, "/p/x.html"); n != 0 {
		t.Errorf("redirect off the site was followed")
	}
	// The truncated page is archived as such and never extracted.
	tp, ok, err := e.store.Page(broken.url("/p/trunc.html"))
	if err != nil || !ok || !tp.Truncated || tp.Size != 12<<10 {
		t.Errorf("truncated page archived as %+v, %v, %v", tp, ok, err)
	}
	for _, u := range e.ext.take() {
		for _, bad := range []string{"trunc", "reset", "image", "rejected", "empty"} {
			if strings.Contains(u, bad) {
				t.Errorf("extracted from a failed page: %s", u)
			}
		}
	}

	// robots.txt answering 500: nothing else is fetched, the site is reported.
	s5 := siteRun(t, run, "M1")
	if s5.Errors["robots_5xx"] != 1 || s5.Skipped["robots"] != 1 || s5.PagesFailed != 0 || s5.Error == "" {
		t.Errorf("robots 5xx site: %+v", s5)
	}
	if n := log.count(bad5xx.host, "/p/"); n != 0 {
		t.Errorf("robots.txt 5xx means disallow all, but /p/ was requested")
	}
	// Broken robots.txt: what parses is obeyed.
	sb := siteRun(t, run, "M2")
	if sb.Errors["robots_invalid"] != 1 || sb.Skipped["robots"] != 2 || sb.PagesFailed != 0 || log.count(badSyntax.host, "/p/private.html?via=redirect") != 0 ||
		log.count(badSyntax.host, "/p/private.html") != 0 || log.count(badSyntax.host, "/p/open.html") != 1 {
		t.Errorf("broken robots site: %+v; private requested %d, open %d", sb, log.count(badSyntax.host, "/p/private.html"), log.count(badSyntax.host, "/p/open.html"))
	}
	su := siteRun(t, run, "M3")
	if su.Errors["robots_unreachable"] != 1 || log.count(unreachable.host, "/p/") != 0 {
		t.Errorf("unreachable robots site: %+v", su)
	}
	if run.Status != "done" {
		t.Errorf("run status %q", run.Status)
	}
}

// A page that answers 404 after it gave records withdraws them, in the
// store and in the index.
func TestCrawlWithdrawsGonePage(t *testing.T) {
	log := &webLog{}
	s := newTestSite(t, log)
	s.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти", "/p/one.html")})
	s.set("/p/one.html", &page{contentType: utf8HTML, body: corpusPage(t, "003.html")})
	sites, err := ParseSites([]byte(fmt.Sprintf("- municipality: Пловдив\n  start_urls: ['%s']\n  allowed_domains: ['%s']\n  follow: ['/p/']\n  delay: 0s\n", s.url("/p/"), s.host)))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	run, err := e.runner(t, sites).Run(context.Background(), "cli")
	if err != nil || run.Totals.RecordsAdded == 0 {
		t.Fatalf("first run: %+v %v", run.Totals, err)
	}
	var ids []string
	e.store.EachRecord(func(r dataset.Record) error {
		ids = append(ids, r.ID)
		return nil
	})
	s.set("/p/one.html", &page{status: http.StatusNotFound})
	run, err = e.runner(t, sites).Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	if run.Totals.RecordsChanged != len(ids) {
		t.Errorf("second run changed %d records, want %d withdrawn", run.Totals.RecordsChanged, len(ids))
	}
	for _, id := range ids {
		rec, err := e.store.Record(id)
		if err != nil || rec.Withdrawn == "" {
			t.Errorf("record %s after its page went: withdrawn %q, %v", id, rec.Withdrawn, err)
		}
	}
}

// A 50 MB page is read up to the limit, archived as truncated and not
// extracted; the rest is never downloaded.
func TestCrawlHugePage(t *testing.T) {
	log := &webLog{}
	s := newTestSite(t, log)
	var sent atomic.Int64
	s.set("/p/", &page{contentType: utf8HTML, body: htmlPage("Проекти", "/p/huge.html")})
	s.set("/p/huge.html", &page{handler: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", utf8HTML)
		w.Header().Set("Content-Length", strconv.Itoa(50<<20))
		chunk := []byte(strings.Repeat("<p>Проект за улично осветление.</p>\n", 1000))
		for n := 0; n < 50<<20; n += len(chunk) {
			if _, err := w.Write(chunk[:min(len(chunk), 50<<20-n)]); err != nil {
				return
			}
			sent.Add(int64(len(chunk)))
		}
	}})
	sites, err := ParseSites([]byte(fmt.Sprintf("- municipality: A\n  start_urls: ['%s']\n  allowed_domains: ['%s']\n  follow: ['/p/']\n  delay: 0s\n", s.url("/p/"), s.host)))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	r, err := New(Config{Sites: sites, Store: e.store, Index: e.index, Extractor: e.ext,
		State: func(name string) Bucket { return e.store.State(name) }, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	run, err := r.Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	if run.Totals.Errors["truncated"] != 1 {
		t.Errorf("errors %v, want one truncated page", run.Totals.Errors)
	}
	p, ok, err := e.store.Page(s.url("/p/huge.html"))
	if err != nil || !ok || !p.Truncated || p.Size != 5<<20 {
		t.Errorf("huge page archived as %+v (%v, %v)", p, ok, err)
	}
	for _, u := range e.ext.take() {
		if strings.Contains(u, "huge") {
			t.Error("the truncated page was extracted")
		}
	}
	if n := sent.Load(); n >= 40<<20 {
		t.Errorf("the server sent %d MB: the download was not cut at the limit", n>>20)
	}
}
