package crawler

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"text/tabwriter"
	"time"

	"github.com/opendata-bg/opendata/crawler/demoweb"
)

// A fake municipal web for discovery: towns of demoweb (a home page with a
// menu, a project section at a path and under a label of its own, news of
// which some announce projects, a few hundred pages of council decisions,
// tenders, notices, budget, regulations, events with an endless calendar),
// each on its own loopback host, and another host that every page links.
// The sites file gives only their home pages.

type townWeb struct {
	log   *webLog
	towns []*demoweb.Town
	hosts []string
	ex    *testSite
	delay time.Duration
	yaml  string
}

func newTownWeb(tb testing.TB, n int, delay time.Duration) *townWeb {
	w := &townWeb{log: &webLog{}, delay: delay}
	w.ex = newTestSite(tb, w.log)
	var yaml strings.Builder
	for i := range n {
		muni := "Град " + strconv.Itoa(i)
		town := demoweb.NewTown(demoweb.TownOptions{Municipality: muni, Seed: uint64(i), Projects: 20 + i%4*10,
			News: 40 + i%3*10, Noise: 1, External: w.ex.url("/"), Sitemap: i%3 == 0})
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			w.log.add(r)
			town.ServeHTTP(rw, r)
		}))
		tb.Cleanup(srv.Close)
		w.towns = append(w.towns, town)
		w.hosts = append(w.hosts, strings.TrimPrefix(srv.URL, "http://"))
		fmt.Fprintf(&yaml, "- municipality: %s\n  home: %s/\n  delay: %s\n", muni, srv.URL, delay)
	}
	w.yaml = yaml.String()
	return w
}

func (w *townWeb) sites(tb testing.TB) []Site {
	sites, err := ParseSites([]byte(w.yaml))
	if err != nil {
		tb.Fatal(err)
	}
	return sites
}

// townFigures is what one site's server saw of a crawl.
type townFigures struct {
	name                      string
	projects, projectsReached int
	missed                    []string // project pages not reached
	noise, noiseFetched       int      // the calendar's months count as fetched noise, not in noise
	pages                     int      // page requests (robots.txt and sitemaps left out)
}

// measure reads the servers' logs: per site what was reached, and every
// violation of robots.txt, of the domain and of the delay.
func (w *townWeb) measure() (per []townFigures, violations []string) {
	byHost := map[string]map[string]bool{}
	last := map[string]time.Time{}
	for _, h := range w.log.all() {
		switch {
		case h.Host == w.ex.host:
			violations = append(violations, "another host requested: "+h.Path)
		case strings.HasPrefix(h.Path, "/admin/"):
			violations = append(violations, "robots.txt forbids "+h.Host+h.Path)
		}
		if prev, ok := last[h.Host]; ok && h.At.Sub(prev) < w.delay-5*time.Millisecond {
			violations = append(violations, fmt.Sprintf("%s: %v between two requests, delay %v", h.Host, h.At.Sub(prev), w.delay))
		}
		last[h.Host] = h.At
		if byHost[h.Host] == nil {
			byHost[h.Host] = map[string]bool{}
		}
		if h.Path != "/robots.txt" && h.Path != "/sitemap.xml" {
			byHost[h.Host][h.Path] = true
		}
	}
	for i, town := range w.towns {
		f := townFigures{name: town.Municipality + " (" + town.Style + ", „" + town.Label + "“)"}
		kinds := town.Kinds()
		for k, n := range kinds {
			if demoweb.IsProject(k) {
				f.projects += n
			} else if demoweb.IsNoise(k) {
				f.noise += n
			}
		}
		for _, k := range []string{demoweb.KindProject, demoweb.KindNewsProject} {
			for _, path := range town.Paths(k) {
				if !byHost[w.hosts[i]][path] {
					f.missed = append(f.missed, path+" „"+town.Title(path)+"“")
				}
			}
		}
		for path := range byHost[w.hosts[i]] {
			f.pages++
			k := town.Kind(path)
			if demoweb.IsProject(k) {
				f.projectsReached++
			} else if demoweb.IsNoise(k) {
				f.noiseFetched++
			}
		}
		per = append(per, f)
	}
	return per, violations
}

func sumFigures(per []townFigures) townFigures {
	t := townFigures{name: "total"}
	for _, f := range per {
		t.projects += f.projects
		t.projectsReached += f.projectsReached
		t.noise += f.noise
		t.noiseFetched += f.noiseFetched
		t.pages += f.pages
	}
	return t
}

func pct(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

// crawlTowns runs one crawl of the web with the policy into e.
func (w *townWeb) crawlTowns(tb testing.TB, e *env, p Policy) {
	r, err := New(Config{Sites: w.sites(tb), Store: e.store, Index: e.index, Policy: p,
		State: func(name string) Bucket { return e.store.State(name) }, Logger: testLogger(tb),
		Timeout: 10 * time.Second})
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Run(context.Background(), "test"); err != nil {
		tb.Fatal(err)
	}
}

// TestDiscoveryFromHomePages measures focused discovery on the fake web
// against a crawl that follows everything in each site's domain: given
// only the home pages, at least 98 % of the project pages are reached
// while at most 25 % of the noise pages are fetched, with no request
// robots.txt forbids, none to another host and none within the delay. A
// second run goes straight to what the first learned. Run with -v for the
// table (OPENDATA_TOWNS sets the number of sites).
func TestDiscoveryFromHomePages(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls two fake webs in full")
	}
	n := 12
	if v, err := strconv.Atoi(os.Getenv("OPENDATA_TOWNS")); err == nil && v > 0 {
		n = v
	}
	w := newTownWeb(t, n, 10*time.Millisecond)

	e := newEnv(t)
	d := NewDiscovery(func(name string) Bucket { return e.store.State(name) })
	start := time.Now()
	w.crawlTowns(t, e, d)
	focusedTime := time.Since(start)
	focused, violations := w.measure()

	w.log.reset()
	start = time.Now()
	w.crawlTowns(t, e, d)
	againTime := time.Since(start)
	again, v2 := w.measure()
	violations = append(violations, v2...)

	w.log.reset()
	start = time.Now()
	w.crawlTowns(t, newEnv(t), BreadthFirst{MaxPages: 100000})
	allTime := time.Since(start)
	all, v3 := w.measure()
	violations = append(violations, v3...)

	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "site\tprojects\tfound\tnoise\tnoise fetched\tpages\tagain: found\tpages\tfollow all: found\tnoise fetched\tpages\t")
	row := func(f, g, a townFigures) {
		fmt.Fprintf(tw, "%s\t%d\t%d (%.0f%%)\t%d\t%d (%.0f%%)\t%d\t%d\t%d\t%d\t%d (%.0f%%)\t%d\t\n", f.name, f.projects,
			f.projectsReached, pct(f.projectsReached, f.projects), f.noise, f.noiseFetched, pct(f.noiseFetched, f.noise), f.pages,
			g.projectsReached, g.pages, a.projectsReached, a.noiseFetched, pct(a.noiseFetched, a.noise), a.pages)
	}
	order := make([]int, len(focused))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(i, j int) bool { return focused[order[i]].name < focused[order[j]].name })
	for _, i := range order {
		row(focused[i], again[i], all[i])
	}
	tf, ta, tb := sumFigures(focused), sumFigures(all), sumFigures(again)
	row(tf, tb, ta)
	tw.Flush()
	for _, f := range focused {
		if len(f.missed) > 0 {
			fmt.Fprintf(&b, "%s missed %v\n", f.name, f.missed)
		}
	}
	t.Logf("discovery %v, again %v, follow all %v (load %s)\n%s", focusedTime.Round(time.Millisecond),
		againTime.Round(time.Millisecond), allTime.Round(time.Millisecond), loadAvg(), b.String())

	if got := pct(tf.projectsReached, tf.projects); got < 98 {
		t.Errorf("discovery reached %.1f%% of the project pages, want at least 98%%", got)
	}
	if got := pct(tf.noiseFetched, tf.noise); got > 25 {
		t.Errorf("discovery fetched %.1f%% of the noise pages, want at most 25%%", got)
	}
	if got := pct(tb.projectsReached, tb.projects); got < 98 {
		t.Errorf("the second run reached %.1f%% of the project pages", got)
	}
	if tb.pages >= tf.pages {
		t.Errorf("the second run fetched %d pages, the first %d: it did not go straight to what it learned", tb.pages, tf.pages)
	}
	if ta.projectsReached != ta.projects {
		t.Errorf("following everything reached %d of %d project pages: the web is not what it claims", ta.projectsReached, ta.projects)
	}
	for i, v := range violations {
		if i < 10 {
			t.Error(v)
		}
	}
}

// loadAvg is the machine's load average, for figures measured on it.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// oneTown serves a single demoweb town, its requests logged; gone, when
// set, makes the project pages answer 404 (the site was redesigned).
type oneTown struct {
	town *demoweb.Town
	log  *webLog
	srv  *httptest.Server
	gone atomic.Bool
}

func newOneTown(t *testing.T, o demoweb.TownOptions) *oneTown {
	w := &oneTown{town: demoweb.NewTown(o), log: &webLog{}}
	w.srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w.log.add(r)
		if w.gone.Load() && demoweb.IsProject(w.town.Kind(r.URL.RequestURI())) {
			http.NotFound(rw, r)
			return
		}
		w.town.ServeHTTP(rw, r)
	}))
	t.Cleanup(w.srv.Close)
	return w
}

// fetched counts the pages of each kind the last run requested.
func (w *oneTown) fetched() map[string]int {
	out := map[string]int{}
	for _, h := range w.log.all() {
		if h.Path != "/robots.txt" && h.Path != "/sitemap.xml" {
			out[w.town.Kind(h.Path)]++
		}
	}
	w.log.reset()
	return out
}

// What a run learns is kept per site: the next run goes straight to the
// project section and the record pages, fetching little else; it explores
// from the home page again once Rediscover has passed, and at once after
// a run that found less than half of the known record pages.
func TestDiscoveryRemembers(t *testing.T) {
	w := newOneTown(t, demoweb.TownOptions{Municipality: "Помнево", Seed: 11, Projects: 30, News: 40, Noise: 1})
	sites, err := ParseSites([]byte("- municipality: Помнево\n  home: " + w.srv.URL + "/\n  delay: 0s\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	now := time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)
	d := NewDiscovery(func(name string) Bucket { return e.store.State(name) })
	d.Now = func() time.Time { return now }
	r, err := New(Config{Sites: sites, Store: e.store, Index: e.index, Policy: d, Logger: testLogger(t),
		State: func(name string) Bucket { return e.store.State(name) }, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	crawl := func() (map[string]int, learned) {
		t.Helper()
		if _, err := r.Run(context.Background(), "test"); err != nil {
			t.Fatal(err)
		}
		var l learned
		b, ok, err := e.store.State(learnedBucket).Get(sites[0].Key())
		if err != nil || !ok || json.Unmarshal(b, &l) != nil {
			t.Fatalf("nothing learned: %v %v", ok, err)
		}
		return w.fetched(), l
	}
	projects := len(w.town.Paths(demoweb.KindProject)) + len(w.town.Paths(demoweb.KindNewsProject))
	first, l1 := crawl()
	reached := first[demoweb.KindProject] + first[demoweb.KindNewsProject]
	if !l1.Explored.Equal(now) || len(l1.Pages) != reached || reached < projects*9/10 {
		t.Fatalf("the first run explored at %v, learned %d record pages, reached %d of %d", l1.Explored, len(l1.Pages), reached, projects)
	}
	section := false
	for _, s := range l1.Sections {
		section = section || strings.HasSuffix(s.URL, w.town.Section)
	}
	if !section {
		t.Errorf("the project section %s is not among the sections learned: %+v", w.town.Section, l1.Sections)
	}

	now = now.Add(24 * time.Hour)
	second, l2 := crawl()
	total := func(m map[string]int) (n int) {
		for _, v := range m {
			n += v
		}
		return n
	}
	if got := second[demoweb.KindProject] + second[demoweb.KindNewsProject]; got != reached || !l2.Explored.Equal(l1.Explored) {
		t.Errorf("the second run reached %d record pages (the first %d); explored %v", got, reached, l2.Explored)
	}
	if noise := second[demoweb.KindNoise] + second[demoweb.KindNoiseListing] + second[demoweb.KindNews]; noise*2 > first[demoweb.KindNoise]+first[demoweb.KindNoiseListing]+first[demoweb.KindNews] || total(second) >= total(first) {
		t.Errorf("the second run did not go straight there: %v, the first %v", second, first)
	}

	now = now.Add(DefaultRediscover)
	third, l3 := crawl()
	if !l3.Explored.Equal(now) || total(third) <= total(second) {
		t.Errorf("after %v the run did not explore again: %v, explored %v", DefaultRediscover, third, l3.Explored)
	}

	w.gone.Store(true) // redesigned: the known pages are gone
	now = now.Add(24 * time.Hour)
	_, l4 := crawl()
	if !l4.Explored.IsZero() {
		t.Errorf("a run that found none of the known pages leaves the next to trust them (explored %v)", l4.Explored)
	}
	w.gone.Store(false)
	now = now.Add(time.Hour)
	fifth, l5 := crawl()
	if !l5.Explored.Equal(now) || fifth[demoweb.KindProject]+fifth[demoweb.KindNewsProject] < projects*9/10 {
		t.Errorf("after the site changed the next run did not explore: %v, explored %v", fifth, l5.Explored)
	}
}

// An operator's pin reaches a section no link leads to; an exclude keeps
// the crawl out of a part of the site.
func TestDiscoveryPinAndExclude(t *testing.T) {
	// Seed 19 makes a site of slugs, its news under /novini/.
	w := newOneTown(t, demoweb.TownOptions{Municipality: "Скрито", Seed: 19, Projects: 10, News: 20, Noise: 0.2})
	hidden := "/skriti-proekti/"
	mux := http.NewServeMux()
	mux.HandleFunc(hidden, func(rw http.ResponseWriter, r *http.Request) {
		w.log.add(r)
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		b.WriteString("<html><body><h1>Архив</h1><ul>")
		for _, p := range w.town.Paths(demoweb.KindProject)[:3] {
			fmt.Fprintf(&b, "<li><a href=%q>%s</a></li>", p, w.town.Title(p))
		}
		b.WriteString("</ul></body></html>")
		fmt.Fprint(rw, b.String())
	})
	mux.Handle("/", w.srv.Config.Handler)
	srv := httptest.NewServer(mux)
	defer srv.Close()
	if news := w.town.Paths(demoweb.KindNews); len(news) == 0 || !strings.HasPrefix(news[0], "/novini/") {
		t.Fatalf("the town's news are not under /novini/: %v", news)
	}
	yaml := fmt.Sprintf("- municipality: Скрито\n  home: %s/\n  pin: ['%s']\n  exclude: ['/novini/', 'kalendar']\n  delay: 0s\n", srv.URL, hidden)
	sites, err := ParseSites([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t)
	r, err := New(Config{Sites: sites, Store: e.store, Index: e.index, Policy: NewDiscovery(nil), Logger: testLogger(t),
		State: func(name string) Bucket { return e.store.State(name) }, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.Run(context.Background(), "test"); err != nil {
		t.Fatal(err)
	}
	if w.log.count(strings.TrimPrefix(srv.URL, "http://"), hidden) != 1 {
		t.Errorf("the pinned section %s was not fetched", hidden)
	}
	for _, h := range w.log.all() {
		if strings.HasPrefix(h.Path, "/novini/") || strings.HasPrefix(h.Path, "/kalendar/") {
			t.Errorf("an excluded page was fetched: %s", h.Path)
		}
	}
}
