package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/api"
	"github.com/opendata-bg/opendata/crawler"
	"github.com/opendata-bg/opendata/dataset/store"
)

var _ api.Crawler = (*crawler.Runner)(nil)

// `opendata crawl` over a local site: the summary, the store, a second
// run that finds nothing changed, and a sites file error naming the entry.
func TestCrawlCommand(t *testing.T) {
	page, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "pages", "007.html"))
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/proekti/{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><head><title>Проекти</title></head><body><h1>Проекти на общината</h1>
<p>Проекти с европейско финансиране.</p><a href="/proekti/lichen-asistent.htm">Личен асистент</a><a href="/proekti/missing.htm">липсва</a>
<a href="/proekti/vatreshni/">вътрешни</a></body></html>`)
	})
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /proekti/vatreshni/\n")
	})
	mux.HandleFunc("/proekti/lichen-asistent.htm", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html") // windows-1251, named in <meta> only
		w.Write(page)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	dir := t.TempDir()
	sites := filepath.Join(dir, "sites.yaml")
	os.WriteFile(sites, []byte(fmt.Sprintf("- municipality: Девня\n  start_urls: ['%s/proekti/']\n  allowed_domains: ['%s']\n  follow: ['/proekti/']\n  delay: 10ms\n", srv.URL, host)), 0o644)
	data := filepath.Join(dir, "data")

	out := runCmd(t, "crawl", "--sites", sites, "--data", data, "--log-level", "error")
	for _, want := range []string{": done in ", "municipality", "Девня", "; skipped: robots 1", "total"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	// fetched, unchanged, failed, skipped: the forbidden link is skipped, not
	// failed (the failures are the missing page and the relative links of
	// 007.html that the test server does not have).
	if f := summaryRow(out, "Девня"); len(f) < 5 || f[1] != "2" || f[3] == "0" || f[4] != "1" {
		t.Errorf("summary row %v: want 2 fetched, some failed (404s), 1 skipped (robots)", f)
	}
	readStore(t, data, func(st *store.Store) {
		n, err := st.Count()
		if err != nil || n == 0 {
			t.Errorf("%d records after crawl (%v)", n, err)
		}
		runs, err := st.Crawls(5)
		if err != nil || len(runs) != 1 || runs[0].Trigger != "cli" || runs[0].Totals.PagesFetched != 2 {
			t.Fatalf("crawl runs %+v %v", runs, err)
		}
		// What GET /api/v1/crawls serves, per site.
		s := runs[0].Sites[0]
		if s.Skipped["robots"] != 1 || s.Errors["robots"] != 0 || s.Errors["http_404"] != s.PagesFailed || s.State != "done" ||
			s.Requests != 2+s.PagesFetched+s.PagesFailed {
			t.Errorf("site run %+v: want skipped robots 1, every failure a 404, state done, a request per page fetched or failed besides robots.txt and sitemap.xml", s)
		}
	})
	out = runCmd(t, "crawl", "--sites", sites, "--data", data, "--log-level", "error")
	if f := summaryRow(out, "Девня"); len(f) < 3 || f[1] != "2" || f[2] != "2" {
		t.Errorf("second crawl should find both pages fetched and unchanged:\n%s", out)
	}

	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("- municipality: Пещера\n  start_urls: ['http://a.bg/']\n  follow: ['(']\n"), 0o644)
	var stdout, stderr bytes.Buffer
	err = run(context.Background(), []string{"crawl", "--sites", bad, "--data", data}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "entry 1 (Пещера)") {
		t.Errorf("bad sites file: %v", err)
	}
}

// summaryRow returns the fields of the summary row that starts with name.
func summaryRow(out, name string) []string {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == name {
			return f
		}
	}
	return nil
}
