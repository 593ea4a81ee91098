// Package demoweb serves the bundled sample municipal pages as a small web
// of municipal sites on loopback, one server per municipality, so that
// `opendata demo` shows the whole product without internet. Each site is a
// Town: a home page with a menu, a project section at a path and under a
// label of its own holding the sample pages at their original paths, news
// and the other sections of a municipal site; the demo's sites file gives
// only the home pages, and the crawler finds the projects by itself.
package demoweb

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"hash/fnv"
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
	town         *Town
	srv          *http.Server
	ln           net.Listener
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
		pages, err := rawPages(byHost[h])
		if err != nil {
			w.Close()
			return nil, err
		}
		seed := fnv.New64a()
		seed.Write([]byte(h))
		town := NewTown(TownOptions{Municipality: municipalities[h], Seed: seed.Sum64(), News: 12, Noise: 0.12,
			Pages: pages, Lenient: true})
		s := &site{Municipality: municipalities[h], town: town}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("demo web: listen: %w", err)
		}
		s.ln = ln
		s.srv = &http.Server{Handler: town, ReadHeaderTimeout: 10 * time.Second}
		go s.srv.Serve(ln)
		w.sites = append(w.sites, s)
	}
	return w, nil
}

// rawPages reads the sample pages of a host, each with the title its
// listing shows.
func rawPages(ps []samplePage) ([]RawPage, error) {
	var out []RawPage
	for _, p := range ps {
		body, err := pagesFS.ReadFile(p.file)
		if err != nil {
			return nil, fmt.Errorf("demo web: %w", err)
		}
		ct := "text/html; charset=utf-8"
		if p.charset != "utf-8" {
			// Old sites send no charset in the header: the page's <meta> names it.
			ct = "text/html"
		}
		out = append(out, RawPage{Path: p.path, Title: pageTitle(body, p.charset), Body: body, ContentType: ct})
	}
	return out, nil
}

var titleRe = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// pageTitle is a sample page's <title> (what its site's listing would
// show), or a placeholder when it has none in UTF-8.
func pageTitle(body []byte, charset string) string {
	if m := titleRe.FindSubmatch(body); m != nil && charset == "utf-8" {
		if t := strings.Join(strings.Fields(string(m[1])), " "); t != "" {
			return t
		}
	}
	return "Проект"
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

// SamplePages returns the addresses of the bundled pages as served.
func (w *Web) SamplePages() []string {
	var out []string
	for _, s := range w.sites {
		for _, p := range s.town.opts.Pages {
			out = append(out, "http://"+s.ln.Addr().String()+p.Path)
		}
	}
	return out
}

// SitesYAML returns a sites file for the sample web: each municipality by
// its home page alone.
func (w *Web) SitesYAML() []byte {
	var b bytes.Buffer
	b.WriteString("# The bundled sample sites of `opendata demo`, on loopback: home pages only.\n")
	for _, s := range w.sites {
		fmt.Fprintf(&b, "- municipality: %s\n  home: http://%s/\n  delay: %s\n", s.Municipality, s.ln.Addr(), w.delay)
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
