package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// A local "municipal web" for the tests: several hosts on loopback, each a
// small site with robots.txt, listings with pagination, project pages and
// news items taken from the corpus, and the traps real sites set.

// hit is one request a test server received.
type hit struct {
	Host, Path string // Path includes the query
	At         time.Time
	Header     http.Header
}

// webLog records every request of every host.
type webLog struct {
	mu   sync.Mutex
	hits []hit
	// onHit, when set, is called after each request is logged.
	onHit func(h hit, n int)
}

func (l *webLog) add(r *http.Request) {
	h := hit{Host: r.Host, Path: r.URL.RequestURI(), At: time.Now(), Header: r.Header.Clone()}
	l.mu.Lock()
	l.hits = append(l.hits, h)
	n := len(l.hits)
	f := l.onHit
	l.mu.Unlock()
	if f != nil {
		f(h, n)
	}
}

func (l *webLog) all() []hit {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]hit(nil), l.hits...)
}

func (l *webLog) reset() {
	l.mu.Lock()
	l.hits = nil
	l.mu.Unlock()
}

// count returns how many requests host got for path.
func (l *webLog) count(host, path string) int {
	n := 0
	for _, h := range l.all() {
		if h.Host == host && h.Path == path {
			n++
		}
	}
	return n
}

// page is one resource of a test site.
type page struct {
	status      int
	contentType string
	body        []byte
	location    string
	// lastModified: validate by Last-Modified / If-Modified-Since instead of an ETag.
	lastModified bool
	// handler overrides everything else.
	handler http.HandlerFunc
}

// testSite is one host.
type testSite struct {
	srv   *httptest.Server
	host  string
	mu    sync.Mutex
	pages map[string]*page
}

func (s *testSite) set(path string, p *page) {
	s.mu.Lock()
	s.pages[path] = p
	s.mu.Unlock()
}

func (s *testSite) url(path string) string { return "http://" + s.host + path }

func newTestSite(t testing.TB, log *webLog) *testSite {
	s := &testSite{pages: map[string]*page{}}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		s.mu.Lock()
		p := s.pages[r.URL.RequestURI()]
		s.mu.Unlock()
		if p == nil {
			http.NotFound(w, r)
			return
		}
		if p.handler != nil {
			p.handler(w, r)
			return
		}
		serve(w, r, p)
	}))
	t.Cleanup(s.srv.Close)
	s.host = strings.TrimPrefix(s.srv.URL, "http://")
	return s
}

// serve answers with a page, honouring conditional requests by ETag.
func serve(w http.ResponseWriter, r *http.Request, p *page) {
	if p.location != "" {
		http.Redirect(w, r, p.location, p.status)
		return
	}
	status := p.status
	if status == 0 {
		status = http.StatusOK
	}
	if status == http.StatusOK && p.lastModified {
		const lm = "Wed, 04 Jun 2025 10:00:00 GMT"
		w.Header().Set("Last-Modified", lm)
		if r.Header.Get("If-Modified-Since") == lm {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else if status == http.StatusOK {
		sum := sha256.Sum256(p.body)
		etag := `"` + hex.EncodeToString(sum[:8]) + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	if p.contentType != "" {
		w.Header().Set("Content-Type", p.contentType)
	}
	w.WriteHeader(status)
	w.Write(p.body)
}

func corpusPage(t testing.TB, name string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "corpus", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func htmlPage(title string, links ...string) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "<!doctype html><html><head><meta charset=utf-8><title>%s</title></head><body><h1>%s</h1>"+
		"<p>Списък на проектите, които общината изпълнява с европейски и национални средства.</p><ul>", title, title)
	for _, l := range links {
		href, text, _ := strings.Cut(l, "|")
		if text == "" {
			text = href
		}
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, href, text)
	}
	b.WriteString("</ul></body></html>")
	return []byte(b.String())
}

// municipalWeb is the local web of the crawler tests.
type municipalWeb struct {
	log      *webLog
	a, b, ex *testSite
	// projects are the project and news pages the crawl must find, as host+path.
	projects []string
	flaky    int // requests of the flaky page so far
	sites    []Site
}

const (
	utf8HTML = "text/html; charset=utf-8"
	cp1251   = "text/html; charset=windows-1251"
)

// newMunicipalWeb builds: site A (UTF-8, robots forbidding /private/,
// paginated project listing with ?page=N, news, a redirect, a 404, a 500
// that heals, a slow page, a PDF, an external link, tracking parameters);
// site B (windows-1251, pagination by ?start=N, one page declaring its
// charset only in <meta>); and an external host nobody may visit.
// p2Linked is how site A links its project 2: with tracking parameters.
const p2Linked = "/pr/p2.html?utm_source=fb&fbclid=x"

func newMunicipalWeb(t testing.TB, delay time.Duration) *municipalWeb {
	w := &municipalWeb{log: &webLog{}}
	w.a, w.b, w.ex = newTestSite(t, w.log), newTestSite(t, w.log), newTestSite(t, w.log)
	a, b := w.a, w.b
	a.set("/robots.txt", &page{contentType: "text/plain", body: []byte("User-agent: *\nDisallow: /private/\n\nUser-agent: badbot\nDisallow: /\n")})
	a.set("/pr/", &page{contentType: utf8HTML, body: htmlPage("Проекти",
		"/pr/?page=2|2", "/pr/p1.html|Проект 1", "/pr/p2.html?utm_source=fb&amp;fbclid=x|Проект 2",
		"/pr/p1.html#top|Проект 1 отново", "/private/pr/secret.html|Вътрешно",
		w.ex.url("/pr/elsewhere.html")+"|Друг сайт", "/files/contract.pdf|Договор (PDF)",
		"/pr/old-news|Стара новина", "/pr/missing.html|Липсва", "/pr/flaky.html|Понякога",
		"/pr/slow.html|Бавна", "/nw/|Новини", "mailto:obshtina@example.bg|Пишете ни",
		"/pr/p1.html?print=1&amp;tmpl=component|Печат", "/pr/p1-copy.html|Копие", "/pr/p2-alias.html|Друг адрес")})
	a.set("/pr/?page=2", &page{contentType: utf8HTML, body: htmlPage("Проекти, стр. 2", "/pr/?page=1|1", "/pr/?page=3|3", "/pr/p3.html|Проект 3")})
	a.set("/pr/?page=1", &page{location: "/pr/", status: http.StatusMovedPermanently})
	a.set("/pr/?page=3", &page{contentType: utf8HTML, body: htmlPage("Проекти, стр. 3", "/pr/?page=2|2", "/pr/p4.html|Проект 4")})
	a.set("/pr/p1.html", &page{contentType: utf8HTML, body: corpusPage(t, "003.html")})
	a.set("/pr/p2.html", &page{contentType: utf8HTML, body: corpusPage(t, "005.html")})
	// Linked only with tracking parameters, which are sent as linked.
	a.set(p2Linked, &page{contentType: utf8HTML, body: corpusPage(t, "005.html")})
	a.set("/pr/p1-copy.html", &page{contentType: utf8HTML, body: corpusPage(t, "003.html")})
	alias := strings.Replace(string(corpusPage(t, "005.html")), "https://www.pazardzhik.bg/bg/proekti/patronazhna-grizha-v-obshtina-pazardzhik", "/pr/p2.html", 1)
	a.set("/pr/p2-alias.html", &page{contentType: utf8HTML, body: []byte(alias)})
	a.set("/pr/p3.html", &page{contentType: utf8HTML, body: corpusPage(t, "008.html")})
	p4 := strings.Replace(string(corpusPage(t, "012.html")), "</body>", `<p><a href="/files/contract.pdf">Договор за БФП (PDF)</a></p></body>`, 1)
	a.set("/pr/p4.html", &page{contentType: utf8HTML, body: []byte(p4)})
	a.set("/pr/old-news", &page{location: "/nw/news-168-1.html", status: http.StatusFound})
	a.set("/nw/", &page{contentType: utf8HTML, body: htmlPage("Новини", "/nw/news-168-1.html|Първа копка", "/nw/news-168-2.html|Договор")})
	a.set("/nw/news-168-1.html", &page{contentType: utf8HTML, body: corpusPage(t, "004.html")})
	a.set("/nw/news-168-2.html", &page{contentType: utf8HTML, body: corpusPage(t, "021.html")})
	a.set("/private/pr/secret.html", &page{contentType: utf8HTML, body: htmlPage("Тайна")})
	a.set("/files/contract.pdf", &page{contentType: "application/pdf", body: []byte("%PDF-1.4")})
	a.set("/pr/flaky.html", &page{handler: func(rw http.ResponseWriter, r *http.Request) {
		w.log.mu.Lock()
		w.flaky++
		n := w.flaky
		w.log.mu.Unlock()
		if n%2 == 1 {
			http.Error(rw, "temporarily broken", http.StatusInternalServerError)
			return
		}
		serve(rw, r, &page{contentType: utf8HTML, body: corpusPage(t, "016.html")})
	}})
	a.set("/pr/slow.html", &page{handler: func(rw http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}})
	w.ex.set("/pr/elsewhere.html", &page{contentType: utf8HTML, body: htmlPage("Чужд сайт")})

	// Site B: windows-1251; its robots.txt is missing (404: allow all).
	b.set("/index.php?option=pr", &page{contentType: cp1251, body: htmlPage("Projects", "index.php?option=pr&start=10|next", "/pr/sl-1.html|1")})
	b.set("/index.php?option=pr&start=10", &page{contentType: cp1251, body: htmlPage("Projects 2", "/pr/sl-2.html|2", "/pr/sl-3.html|3", "/pr/sl-4.html|4")})
	b.set("/pr/sl-1.html", &page{contentType: cp1251, body: corpusPage(t, "011.html"), lastModified: true})
	b.set("/pr/sl-2.html", &page{contentType: "text/html", body: corpusPage(t, "029.html"), lastModified: true}) // charset only in <meta>
	b.set("/pr/sl-3.html", &page{contentType: cp1251, body: corpusPage(t, "007.html"), lastModified: true})
	noCharset := strings.Replace(string(corpusPage(t, "017.html")), `<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`, "", 1)
	if strings.Contains(strings.ToLower(noCharset), "charset") {
		t.Fatal("017.html still names its charset")
	}
	b.set("/pr/sl-4.html", &page{contentType: "text/html", body: []byte(noCharset), lastModified: true}) // no charset anywhere

	for _, p := range []string{"/pr/p1.html", p2Linked, "/pr/p3.html", "/pr/p4.html", "/pr/flaky.html", "/nw/news-168-1.html", "/nw/news-168-2.html"} {
		w.projects = append(w.projects, a.host+p)
	}
	for _, p := range []string{"/pr/sl-1.html", "/pr/sl-2.html", "/pr/sl-3.html", "/pr/sl-4.html"} {
		w.projects = append(w.projects, b.host+p)
	}
	yaml := fmt.Sprintf(`
- municipality: Пловдив
  start_urls: ['%s']
  allowed_domains: [%s]
  follow: ['/pr/\?page=\d+$', '/pr/[a-z0-9-]+(\.html)?$', '/nw/', '/private/']
  max_depth: 4
  delay: %s
- municipality: Сливен
  start_urls: ['%s']
  allowed_domains: ['%s']
  follow: ['option=pr&start=\d+', '/pr/sl-\d+\.html$']
  delay: %s
`, a.url("/pr/"), a.host, delay, b.url("/index.php?option=pr"), b.host, delay)
	sites, err := ParseSites([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	w.sites = sites
	return w
}
