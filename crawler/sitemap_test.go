package crawler

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseSitemap(t *testing.T) {
	urlset := `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc> https://x.bg/proekti/a.html </loc><lastmod>2024-05-01</lastmod><priority>0.8</priority></url>
  <url><loc>https://x.bg/proekti/b.html?id=1&amp;view=article</loc></url>
  <url><lastmod>2024-05-01</lastmod></url>
  <url><loc>https://x.bg/c.html</loc><lastmod>yesterday</lastmod></url>
</urlset>`
	index := `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://x.bg/s1.xml.gz</loc><lastmod>2024-05-01T10:00:00+03:00</lastmod></sitemap>
<sitemap><loc>https://x.bg/s2.xml</loc></sitemap></sitemapindex>`
	type got struct {
		index   bool
		loc     string
		lastmod string
	}
	read := func(b []byte) ([]got, error) {
		var out []got
		err := parseSitemap(bytes.NewReader(b), func(index bool, e sitemapEntry) error {
			lm := ""
			if !e.LastMod.IsZero() {
				lm = e.LastMod.Format(time.RFC3339)
			}
			out = append(out, got{index, e.Loc, lm})
			return nil
		})
		return out, err
	}
	for _, tt := range []struct {
		name string
		body []byte
		want []got
	}{
		{"urlset", []byte(urlset), []got{
			{false, "https://x.bg/proekti/a.html", "2024-05-02T12:00:00Z"}, // the whole day, anywhere
			{false, "https://x.bg/proekti/b.html?id=1&view=article", ""},
			{false, "https://x.bg/c.html", ""},
		}},
		{"gzipped urlset", gz([]byte(urlset)), []got{
			{false, "https://x.bg/proekti/a.html", "2024-05-02T12:00:00Z"},
			{false, "https://x.bg/proekti/b.html?id=1&view=article", ""},
			{false, "https://x.bg/c.html", ""},
		}},
		{"index", []byte(index), []got{
			{true, "https://x.bg/s1.xml.gz", "2024-05-01T07:00:00Z"},
			{true, "https://x.bg/s2.xml", ""},
		}},
	} {
		out, err := read(tt.body)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if fmt.Sprint(out) != fmt.Sprint(tt.want) {
			t.Errorf("%s:\n got %v\nwant %v", tt.name, out, tt.want)
		}
	}
	for name, body := range map[string]string{
		"an HTML page":   "<!doctype html><html><body>Not found</body></html>",
		"not XML at all": "User-agent: *\nDisallow:",
		"empty":          "",
		"broken gzip":    "\x1f\x8bnot gzip",
	} {
		if _, err := read([]byte(body)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	// Entries read before a broken end are kept.
	out, err := read([]byte(`<urlset><url><loc>https://x.bg/a</loc></url><url><loc>https://x.bg/b</lo`))
	if err == nil || len(out) != 1 {
		t.Errorf("truncated sitemap: %v, %v", out, err)
	}
}

func TestParseSitemapBounds(t *testing.T) {
	defer func(n int, b int64) { maxSitemapEntries, maxSitemapBytes = n, b }(maxSitemapEntries, maxSitemapBytes)
	maxSitemapEntries, maxSitemapBytes = 500, 1<<20
	var b strings.Builder
	b.WriteString("<urlset>")
	for i := range maxSitemapEntries + 1 {
		fmt.Fprintf(&b, "<url><loc>https://x.bg/%d</loc></url>", i)
	}
	b.WriteString("</urlset>")
	n := 0
	err := parseSitemap(strings.NewReader(b.String()), func(bool, sitemapEntry) error { n++; return nil })
	if !errors.Is(err, errSitemapTooBig) || n != maxSitemapEntries {
		t.Errorf("%d entries, %v; want %d and errSitemapTooBig", n, err, maxSitemapEntries)
	}
	// A gzip bomb stops at the size bound.
	big := gz([]byte("<urlset><url><loc>https://x.bg/a</loc></url><!--" + strings.Repeat("x", int(maxSitemapBytes)+10) + "--></urlset>"))
	if err := parseSitemap(bytes.NewReader(big), func(bool, sitemapEntry) error { return nil }); !errors.Is(err, errSitemapTooBig) {
		t.Errorf("over 50 MB: %v", err)
	}
}

func TestParseLastMod(t *testing.T) {
	for in, want := range map[string]string{
		"2024-05-01T10:00:00+03:00":      "2024-05-01T07:00:00Z",
		"2024-05-01T10:00:00.123Z":       "2024-05-01T10:00:00.123Z",
		"2024-05-01T10:00+03:00":         "2024-05-01T07:01:00Z",
		"2024-05-01":                     "2024-05-02T12:00:00Z",
		"2024-05":                        "2024-06-01T12:00:00Z",
		"2024":                           "2025-01-01T12:00:00Z",
		"2024-05-01T10:00:00":            "2024-05-01T22:00:01Z",
		" 2024-05-01 ":                   "2024-05-02T12:00:00Z",
		"01.05.2024":                     "",
		"2024-13-01":                     "",
		"":                               "",
		"2024-05-01T10:00:00+03:00 junk": "",
	} {
		got, ok := parseLastMod(in)
		s := ""
		if ok {
			s = got.Format(time.RFC3339Nano)
		}
		if s != want {
			t.Errorf("parseLastMod(%q) = %q, want %q", in, s, want)
		}
	}
}

func FuzzParseSitemap(f *testing.F) {
	f.Add([]byte(`<urlset><url><loc>https://x.bg/a</loc><lastmod>2024-05-01</lastmod></url></urlset>`))
	f.Add([]byte(`<sitemapindex><sitemap><loc>/s.xml</loc></sitemap></sitemapindex>`))
	f.Add(gz([]byte(`<urlset><url><loc>a</loc></url></urlset>`)))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		_ = parseSitemap(bytes.NewReader(b), func(index bool, e sitemapEntry) error {
			n++
			if e.Loc == "" || len(e.Loc) > maxLocBytes || n > maxSitemapEntries {
				t.Fatalf("entry %d: %q", n, e.Loc)
			}
			return nil
		})
	})
}

func FuzzParseLastMod(f *testing.F) {
	f.Add("2024-05-01T10:00:00+03:00")
	f.Add("2024-05")
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseLastMod(s)
		if !ok && !got.IsZero() {
			t.Fatalf("parseLastMod(%q) = %v, %v", s, got, ok)
		}
		if ok && got.Location() != time.UTC {
			t.Fatalf("parseLastMod(%q) not in UTC", s)
		}
	})
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// A site whose project pages are listed only in its sitemaps: robots.txt
// names a sitemap index whose children are a gzipped urlset and a plain
// one. The pages the follow patterns match are crawled, the others not; in
// the next run a page whose lastmod is older than its fetch is not
// requested (its links are still followed from the archive), one changed
// since is.
func TestCrawlSitemapIndexGzip(t *testing.T) {
	log := &webLog{}
	s := newTestSite(t, log)
	s.set("/robots.txt", &page{contentType: "text/plain", body: []byte("User-agent: *\nDisallow: /private/\nSitemap: " + s.url("/sitemap_index.xml") + "\n")})
	s.set("/proekti/", &page{contentType: utf8HTML, body: htmlPage("Проекти")}) // links nothing
	s.set("/sitemap_index.xml", &page{contentType: "application/xml", body: []byte(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>` + s.url("/sitemaps/proekti.xml.gz") + `</loc></sitemap>
<sitemap><loc>/sitemaps/novini.xml</loc></sitemap>
</sitemapindex>`)})
	lastmod := "2020-01-01"
	proekti := func() []byte {
		return gz([]byte(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>` + s.url("/proekti/p1.html") + `</loc><lastmod>2020-01-01</lastmod></url>
<url><loc>` + s.url("/proekti/p2.html") + `</loc><lastmod>` + lastmod + `</lastmod></url>
<url><loc>` + s.url("/private/p9.html") + `</loc></url>
<url><loc>` + s.url("/za-nas/kontakti.html") + `</loc></url>
</urlset>`))
	}
	s.set("/sitemaps/proekti.xml.gz", &page{handler: func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(proekti())
	}})
	s.set("/sitemaps/novini.xml", &page{contentType: "text/xml", body: []byte(`<urlset><url><loc>` + s.url("/proekti/n1.html") + `</loc><lastmod>2020-01-01T00:00:00Z</lastmod></url></urlset>`)})
	p1 := strings.Replace(string(corpusPage(t, "003.html")), "</body>", `<p><a href="/proekti/p3.html">Още</a></p></body>`, 1)
	s.set("/proekti/p1.html", &page{contentType: utf8HTML, body: []byte(p1)})
	s.set("/proekti/p2.html", &page{contentType: utf8HTML, body: corpusPage(t, "005.html")})
	s.set("/proekti/p3.html", &page{contentType: utf8HTML, body: corpusPage(t, "008.html")})
	s.set("/proekti/n1.html", &page{contentType: utf8HTML, body: corpusPage(t, "004.html")})
	s.set("/private/p9.html", &page{contentType: utf8HTML, body: corpusPage(t, "012.html")})
	s.set("/za-nas/kontakti.html", &page{contentType: utf8HTML, body: htmlPage("Контакти")})
	sites, err := ParseSites([]byte("- municipality: Пловдив\n  start_urls: ['" + s.url("/proekti/") + "']\n  allowed_domains: ['" + s.host + "']\n  follow: ['//[^/]+/proekti/[a-z0-9]*(\\.html)?$', '/private/']\n  delay: 0s\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	run, err := e.runner(t, sites).Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/sitemap_index.xml", "/sitemaps/proekti.xml.gz", "/sitemaps/novini.xml",
		"/proekti/p1.html", "/proekti/p2.html", "/proekti/p3.html", "/proekti/n1.html"} {
		if n := log.count(s.host, p); n != 1 {
			t.Errorf("first run: %s requested %d times, want once", p, n)
		}
	}
	for _, p := range []string{"/private/p9.html", "/za-nas/kontakti.html", "/sitemap.xml"} {
		if n := log.count(s.host, p); n != 0 {
			t.Errorf("first run: %s requested %d times, want never", p, n)
		}
	}
	r := siteRun(t, run, "Пловдив")
	if r.SitemapURLs != 4 || r.Skipped["robots"] != 1 || r.PagesFetched != 5 || r.PagesFailed != 0 {
		t.Errorf("first run: %d sitemap URLs, %d fetched, %d failed, skipped %v; want 4 (p1, p2, n1, the private one), 5, 0, robots 1",
			r.SitemapURLs, r.PagesFetched, r.PagesFailed, r.Skipped)
	}
	for _, p := range []string{"/proekti/p1.html", "/proekti/p2.html", "/proekti/p3.html", "/proekti/n1.html"} {
		if pg, ok, err := e.store.Page(s.url(p)); err != nil || !ok || len(pg.RecordIDs) == 0 {
			t.Errorf("%s: archived %v, %d records (%v)", p, ok, len(pg.RecordIDs), err)
		}
	}

	// Second run: p2 changed since (its lastmod is now in the future of the
	// first fetch); p1 and n1 did not and are not requested, but p1's link
	// to p3 is still followed.
	lastmod = time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	log.reset()
	run, err = e.runner(t, sites).Run(context.Background(), "cli")
	if err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]int{"/proekti/p1.html": 0, "/proekti/n1.html": 0, "/proekti/p2.html": 1, "/proekti/p3.html": 1} {
		if n := log.count(s.host, p); n != want {
			t.Errorf("second run: %s requested %d times, want %d", p, n, want)
		}
	}
	r = siteRun(t, run, "Пловдив")
	if r.Skipped["lastmod"] != 2 || r.PagesUnchanged != 5 || r.PagesFetched != 3 {
		t.Errorf("second run: skipped %v, %d unchanged, %d fetched; want lastmod 2, 5 unchanged (2 by lastmod, 3 asked), 3 fetched",
			r.Skipped, r.PagesUnchanged, r.PagesFetched)
	}
}

// A run cut while it reads the sitemap: the next run resumes the site and
// reads the sitemap again, so its pages are not lost for the pass.
func TestCrawlResumesSitemap(t *testing.T) {
	log := &webLog{}
	s := newTestSite(t, log)
	s.set("/proekti/", &page{contentType: utf8HTML, body: htmlPage("Проекти")})
	s.set("/sitemap.xml", &page{contentType: "application/xml", body: []byte(`<urlset><url><loc>` + s.url("/proekti/p1.html") + `</loc></url></urlset>`)})
	s.set("/proekti/p1.html", &page{contentType: utf8HTML, body: corpusPage(t, "003.html")})
	sites, err := ParseSites([]byte("- municipality: Пловдив\n  start_urls: ['" + s.url("/proekti/") + "']\n  allowed_domains: ['" + s.host + "']\n  follow: ['//[^/]+/proekti/[a-z0-9]*(\\.html)?$']\n  delay: 0s\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	log.onHit = func(h hit, n int) {
		if h.Path == "/sitemap.xml" {
			cancel()
		}
	}
	run, err := e.runner(t, sites).Run(ctx, "cli")
	if err != nil || run.Status != "interrupted" {
		t.Fatalf("first run %s, %v; want interrupted", run.Status, err)
	}
	log.onHit = nil
	run, err = e.runner(t, sites).Run(context.Background(), "cli")
	if err != nil || run.Resumes == "" {
		t.Fatalf("second run resumes %q, %v", run.Resumes, err)
	}
	if n := log.count(s.host, "/proekti/p1.html"); n != 1 {
		t.Errorf("the page only the sitemap lists was requested %d times, want once", n)
	}
}
