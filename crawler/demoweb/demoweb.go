// Package demoweb serves the bundled sample municipal pages as a small web
// of municipal sites on loopback, one server per municipality, each with a
// robots.txt, a paginated project listing and its pages at their original
// paths, so that `opendata demo` shows the whole product without internet.
package demoweb

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"
)

//go:embed pages
var pagesFS embed.FS

// municipalities names the municipality of each sample page's host.
var municipalities = map[string]string{
	"karlovo.bg": "Карлово", "montana.bg": "Монтана", "pomorie.bg": "Поморие", "razgrad.bg": "Разград",
	"targovishte.bg": "Търговище", "velingrad.egov.bg": "Велинград", "vidin.bg": "Видин",
	"asenovgrad.bg": "Асеновград", "burgas.bg": "Бургас", "devnya.bg": "Девня", "kardjali.bg": "Кърджали",
	"kazanlak.bg": "Казанлък", "pazardzhik.bg": "Пазарджик", "pernik.bg": "Перник", "peshtera.bg": "Пещера",
	"pleven.bg": "Плевен", "plovdiv.bg": "Пловдив", "ruse-bg.eu": "Русе", "samokov.bg": "Самоков",
	"septemvri.org": "Септември", "sliven.bg": "Сливен", "starazagora.bg": "Стара Загора",
	"varna.bg": "Варна", "veliko-tarnovo.bg": "Велико Търново",
}

// samplePage is one bundled page and where it lives on its site.
type samplePage struct {
	file    string
	path    string // path and query, as on the original site
	charset string
}

// site is one municipality's server.
type site struct {
	Municipality string
	srv          *http.Server
	ln           net.Listener
	pages        map[string]samplePage // by requestKey
	listing      []samplePage
}

// Web is the running sample web.
type Web struct {
	sites []*site
	delay time.Duration
}

// Start serves every sample municipality on its own 127.0.0.1 port. delay
// goes into the generated sites file.
func Start(delay time.Duration) (*Web, error) {
	byHost, err := samples()
	if err != nil {
		return nil, err
	}
	hosts := make([]string, 0, len(byHost))
	for h := range byHost {
		hosts = append(hosts, h)
	}
	sort.Strings(hosts)
	w := &Web{delay: delay}
	for _, h := range hosts {
		s := &site{Municipality: municipalities[h], pages: map[string]samplePage{}, listing: byHost[h]}
		for _, p := range byHost[h] {
			s.pages[requestKey(p.path)] = p
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("demo web: listen: %w", err)
		}
		s.ln = ln
		s.srv = &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
		go s.srv.Serve(ln)
		w.sites = append(w.sites, s)
	}
	return w, nil
}

// Close stops every server.
func (w *Web) Close() error {
	for _, s := range w.sites {
		s.srv.Close()
	}
	return nil
}

// Municipalities returns the municipalities served.
func (w *Web) Municipalities() []string {
	out := make([]string, len(w.sites))
	for i, s := range w.sites {
		out[i] = s.Municipality
	}
	return out
}

// SitesYAML returns a sites file for the sample web.
func (w *Web) SitesYAML() []byte {
	var b bytes.Buffer
	b.WriteString("# The bundled sample sites of `opendata demo`, on loopback.\n")
	for _, s := range w.sites {
		host := s.ln.Addr().String()
		fmt.Fprintf(&b, "- municipality: %s\n  start_urls: ['http://%s/proekti/']\n  allowed_domains: ['%s']\n", s.Municipality, host, host)
		b.WriteString("  follow: ['/proekti/\\?page=\\d+$'")
		for _, p := range s.listing {
			// Exactly the project pages (the crawler matches canonical URLs,
			// whose query parameters are sorted, too).
			re := regexp.QuoteMeta(requestKey(p.path)) + "$"
			fmt.Fprintf(&b, ", '%s'", strings.ReplaceAll(re, "'", "''"))
		}
		fmt.Fprintf(&b, "]\n  max_depth: 3\n  delay: %s\n", w.delay)
	}
	return b.Bytes()
}

// samples reads the bundled manifest: file, original URL, charset.
func samples() (map[string][]samplePage, error) {
	f, err := pagesFS.Open("pages/manifest.tsv")
	if err != nil {
		return nil, fmt.Errorf("demo web: %w", err)
	}
	defer f.Close()
	out := map[string][]samplePage{}
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		cols := strings.Split(sc.Text(), "\t")
		if first || len(cols) < 3 {
			continue
		}
		u, err := url.Parse(cols[1])
		if err != nil {
			return nil, fmt.Errorf("demo web: manifest URL %q: %w", cols[1], err)
		}
		host := strings.TrimPrefix(u.Hostname(), "www.")
		out[host] = append(out[host], samplePage{file: cols[0], path: u.RequestURI(), charset: cols[2]})
	}
	return out, sc.Err()
}

// requestKey is the path with the query's parameters sorted, since the
// crawler requests canonical URLs (sorted query, tracking parameters out).
func requestKey(pathQuery string) string {
	p, q, _ := strings.Cut(pathQuery, "?")
	if q == "" {
		return p
	}
	parts := strings.Split(q, "&")
	sort.Strings(parts)
	return p + "?" + strings.Join(parts, "&")
}

// ServeHTTP serves robots.txt, the listing and the pages.
func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.URL.Path == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "# opendata demo\nUser-agent: *\nDisallow: /admin/\n")
		return
	case r.URL.Path == "/":
		http.Redirect(w, r, "/proekti/", http.StatusMovedPermanently)
		return
	case r.URL.Path == "/proekti/":
		s.serveListing(w, r)
		return
	}
	p, ok := s.pages[requestKey(r.URL.RequestURI())]
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, err := pagesFS.ReadFile(p.file)
	if err != nil {
		http.Error(w, "page missing", http.StatusInternalServerError)
		return
	}
	ct := "text/html; charset=utf-8"
	if p.charset != "utf-8" {
		// Old sites send no charset in the header: the page's <meta> names it.
		ct = "text/html"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Last-Modified", "Mon, 02 Jun 2025 08:00:00 GMT")
	http.ServeContent(w, r, "", time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC), bytes.NewReader(body))
}

// serveListing serves the project section, one project per page, with
// pagination by ?page=N as many municipal sites do.
func (s *site) serveListing(w http.ResponseWriter, r *http.Request) {
	n := 1
	fmt.Sscanf(r.URL.Query().Get("page"), "%d", &n)
	if n < 1 || n > len(s.listing) {
		http.NotFound(w, r)
		return
	}
	p := s.listing[n-1]
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprintf(w, `<!doctype html><html lang="bg"><head><meta charset="utf-8"><title>Проекти — Община %s</title></head><body>
<h1>Проекти на Община %s</h1><p>Проекти, финансирани от Европейския съюз и от национални програми.</p>
<nav><a href="/">Начало</a> · <a href="/admin/">Вход за служители</a></nav><ul>
<li><a href="%s">Проект %d</a></li></ul><p>`, html.EscapeString(s.Municipality), html.EscapeString(s.Municipality), html.EscapeString(p.path), n)
	for i := range s.listing {
		if i+1 == n {
			fmt.Fprintf(w, " <b>%d</b>", i+1)
			continue
		}
		fmt.Fprintf(w, ` <a href="/proekti/?page=%d">%d</a>`, i+1, i+1)
	}
	fmt.Fprint(w, "</p></body></html>\n")
}
