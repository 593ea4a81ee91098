package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset/proctest"

	"github.com/opendata-bg/opendata/dataset/extract"
)

// A national web: many municipal sites on loopback, each with a robots.txt
// forbidding /admin/, a paginated project listing, project pages linked
// directly, one project reached only through a redirect chain whose middle
// URL has a query the server answers only in its linked order, a news
// section of varying size, and links the crawler must not follow (robots,
// another domain).

// nationalWeb is the fake web and what a crawl of it must reach.
type nationalWeb struct {
	log      *webLog
	sites    []Site
	hosts    []string // by site
	ex       *testSite
	projects []string // host+path of every project page
	delay    time.Duration
}

// newNationalWeb starts n sites of projects project pages each (one of them
// behind the redirect chain) with news sections of i%7 items.
func newNationalWeb(tb testing.TB, n, projects int, delay time.Duration) *nationalWeb {
	w := &nationalWeb{log: &webLog{}, delay: delay}
	w.ex = newTestSite(tb, w.log)
	var yaml strings.Builder
	for i := range n {
		muni := "Община " + strconv.Itoa(i)
		news := i % 7
		srv := httptest.NewServer(nationalSite(w.log, i, muni, projects, news, w.ex.url("/proekti/x.html")))
		tb.Cleanup(srv.Close)
		host := strings.TrimPrefix(srv.URL, "http://")
		w.hosts = append(w.hosts, host)
		for p := range projects - 1 {
			w.projects = append(w.projects, host+"/proekti/proekt-"+strconv.Itoa(p)+".html")
		}
		w.projects = append(w.projects, host+"/proekti/statia-"+strconv.Itoa(i)+".html")
		fmt.Fprintf(&yaml, "- municipality: %s\n  start_urls: ['%s/proekti/', '%s/novini/']\n  allowed_domains: ['%s']\n  follow: ['/proekti/', '/novini/', '/admin/']\n  delay: %s\n",
			muni, srv.URL, srv.URL, host, delay)
	}
	sites, err := ParseSites([]byte(yaml.String()))
	if err != nil {
		tb.Fatal(err)
	}
	w.sites = sites
	return w
}

// nationalSite is the handler of site i.
func nationalSite(log *webLog, i int, muni string, projects, news int, external string) http.Handler {
	const perPage = 3
	article := "/proekti/statia-" + strconv.Itoa(i) + ".html"
	middle := "option=com_content&view=article&id=" + strconv.Itoa(i)
	direct := projects - 1
	pages := max((direct+perPage-1)/perPage, 1)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.add(r)
		html := func(s string) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, s)
		}
		switch p, q := r.URL.Path, r.URL.RawQuery; {
		case p == "/robots.txt":
			fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
		case p == "/proekti/" && (q == "" || strings.HasPrefix(q, "page=")):
			n, _ := strconv.Atoi(strings.TrimPrefix(q, "page="))
			n = max(n, 1)
			var links []string
			for k := (n - 1) * perPage; k < min(n*perPage, direct); k++ {
				links = append(links, fmt.Sprintf("/proekti/proekt-%d.html|Проект %d", k, k))
			}
			for k := 1; k <= pages; k++ {
				links = append(links, fmt.Sprintf("/proekti/?page=%d|%d", k, k))
			}
			if n == 1 {
				links = append(links, "/proekti/view.php?id="+strconv.Itoa(i)+"|Проект по статия",
					"/admin/proekti/|Администрация", external+"|Друг сайт")
			}
			html(string(htmlPage("Проекти на "+muni, links...)))
		case p == "/proekti/view.php" && q == "id="+strconv.Itoa(i):
			http.Redirect(w, r, "/proekti/index.php?"+middle, http.StatusMovedPermanently)
		case p == "/proekti/index.php" && q == middle: // only in this order
			http.Redirect(w, r, article, http.StatusFound)
		case p == article:
			html(projectPage(i, 900+i, strings.TrimPrefix(muni, "Община ")))
		case strings.HasPrefix(p, "/proekti/proekt-"):
			k, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/proekti/proekt-"), ".html"))
			if err != nil || k >= direct {
				http.NotFound(w, r)
				return
			}
			html(projectPage(i, k, strings.TrimPrefix(muni, "Община ")))
		case p == "/novini/" && q == "":
			var links []string
			for k := range news {
				links = append(links, fmt.Sprintf("/novini/novina-%d.html|Новина %d", k, k))
			}
			html(string(htmlPage("Новини", links...)))
		case strings.HasPrefix(p, "/novini/novina-"):
			k, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(p, "/novini/novina-"), ".html"))
			html(projectPage(i, 500+k, strings.TrimPrefix(muni, "Община ")))
		default:
			http.NotFound(w, r)
		}
	})
}

// nationalCheck is what the server logs say of a crawl of the web.
type nationalCheck struct {
	busiest    int           // requests of the busiest host
	limit      time.Duration // the politeness limit: busiest × delay
	missing    []string      // project pages never requested
	violations []string      // robots, domain and delay violations
	minGap     time.Duration // the smallest gap between two requests to one host
}

// check reads the servers' own request logs.
func (w *nationalWeb) check() nationalCheck {
	var c nationalCheck
	hits := w.log.all()
	got := map[string]bool{}
	last := map[string]time.Time{}
	perHost := map[string]int{}
	c.minGap = time.Hour
	for _, h := range hits {
		got[h.Host+h.Path] = true
		perHost[h.Host]++
		switch {
		case h.Host == w.ex.host:
			c.violations = append(c.violations, "external host requested: "+h.Path)
		case strings.HasPrefix(h.Path, "/admin/"):
			c.violations = append(c.violations, "robots.txt forbids "+h.Host+h.Path)
		}
		if prev, ok := last[h.Host]; ok {
			gap := h.At.Sub(prev)
			c.minGap = min(c.minGap, gap)
			// The server stamps a request when its handler runs, a little
			// after the client sent it; 5 ms of slack for that.
			if gap < w.delay-5*time.Millisecond {
				c.violations = append(c.violations, fmt.Sprintf("%s: %v between two requests (%s), delay %v", h.Host, gap, h.Path, w.delay))
			}
		}
		last[h.Host] = h.At
	}
	for _, p := range w.projects {
		if !got[p] {
			c.missing = append(c.missing, p)
		}
	}
	for _, n := range perHost {
		c.busiest = max(c.busiest, n)
	}
	c.limit = time.Duration(c.busiest) * w.delay
	return c
}

// BenchmarkCrawlNational crawls 265 sites × 5 projects with a 0.5 s delay
// (OPENDATA_NATIONAL_SITES and OPENDATA_NATIONAL_DELAY change the shape):
// the whole run should take about as long as the busiest site needs on its
// own. It reports the wall time against that limit (x-limit), the project
// pages reached, the violations of robots.txt, of the domain and of the
// delay, the CPU used and the peak memory of the process (the 266 test
// servers included). OPENDATA_NATIONAL_NOEXTRACT=1 leaves extraction out,
// to tell the scheduling from the CPU the pages cost: when the process
// gets less CPU than extracting every page within the limit needs, the
// crawl is CPU-bound, not politeness-bound.
func BenchmarkCrawlNational(b *testing.B) {
	n, delay := 265, 500*time.Millisecond
	if v, err := strconv.Atoi(os.Getenv("OPENDATA_NATIONAL_SITES")); err == nil && v > 0 {
		n = v
	}
	if v, err := time.ParseDuration(os.Getenv("OPENDATA_NATIONAL_DELAY")); err == nil && v >= 0 {
		delay = v
	}
	w := newNationalWeb(b, n, 5, delay)
	for b.Loop() {
		b.StopTimer()
		w.log.reset()
		e := newEnv(b)
		cfg := Config{Sites: w.sites, Store: e.store, Index: e.index,
			State:   func(name string) Bucket { return e.store.State(name) },
			Timeout: 30 * time.Second}
		if os.Getenv("OPENDATA_NATIONAL_NOEXTRACT") != "" {
			// The scheduling alone: pages fetched, archived and committed,
			// but no extraction (and so no merge or index) costs CPU.
			cfg.Extractor = noExtractor{}
		}
		r, err := New(cfg)
		if err != nil {
			b.Fatal(err)
		}
		var peakHeap uint64
		stop := proctest.Sample(20*time.Millisecond, false)
		cpu0 := proctest.CPUTime()
		b.StartTimer()
		start := time.Now()
		run, err := r.Run(context.Background(), "bench")
		wall := time.Since(start)
		b.StopTimer()
		cpu := proctest.CPUTime() - cpu0
		peakHeap = max(peakHeap, stop().HeapAlloc)
		r.Close()
		if err != nil {
			b.Fatal(err)
		}
		c := w.check()
		var lastHit time.Time
		for _, h := range w.log.all() {
			if h.At.After(lastHit) {
				lastHit = h.At
			}
		}
		b.ReportMetric(wall.Seconds(), "s-wall")
		// When the servers saw the last request: the rest of the wall time
		// is processing and saving after it.
		b.ReportMetric(lastHit.Sub(start).Seconds(), "s-last-request")
		b.ReportMetric(c.limit.Seconds(), "s-limit")
		b.ReportMetric(wall.Seconds()/c.limit.Seconds(), "x-limit")
		b.ReportMetric(float64(len(w.projects)-len(c.missing)), "projects-reached")
		b.ReportMetric(float64(len(w.projects)), "projects")
		b.ReportMetric(float64(len(c.violations)), "violations")
		b.ReportMetric(float64(c.busiest), "busiest-requests")
		b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu-%")
		b.ReportMetric(float64(run.Totals.PagesFetched), "pages")
		if hwm := proctest.Status("VmHWM"); hwm > 0 {
			b.ReportMetric(float64(hwm)/(1<<20), "MB-VmHWM")
		}
		b.ReportMetric(float64(peakHeap)/(1<<20), "MB-peak-heap")
		for i, v := range c.violations {
			if i < 5 {
				b.Error(v)
			}
		}
		if len(c.missing) > 0 {
			b.Errorf("%d project pages not reached, e.g. %s", len(c.missing), c.missing[0])
		}
		b.StartTimer()
	}
}

// noExtractor finds no project on any page.
type noExtractor struct{ PackageExtractor }

func (noExtractor) Extract(body []byte, pageURL, contentType string) (extract.Result, error) {
	return extract.Result{URL: pageURL}, nil
}
