package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset/proctest"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
)

// projectPage is a generated municipal project page in the shape of the
// corpus's single-project pages: site chrome, a title, a definition list of
// contract, programme, budget and period, goals and activities as lists.
func projectPage(site, n int, muni string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8"><title>Проект %d-%d | Община %s</title></head><body>
<header><nav><a href="/">Начало</a> <a href="/pr/">Проекти</a> <a href="/nw/">Новини</a> <a href="/kontakti">Контакти</a></nav></header>
<main><article><h1>Реконструкция и благоустрояване на обект %d в кв. „Изток %d“</h1>
<p class="date">Публикувано на %02d.%02d.2024</p>
<table><tr><th>Договор №</th><td>BG16RFOP001-1.%03d-%04d-C01</td></tr>
<tr><th>Програма</th><td>Оперативна програма „Региони в растеж“ 2014-2020</td></tr>
<tr><th>Бенефициент</th><td>Община %s</td></tr>
<tr><th>Обща стойност</th><td>%d %03d,%02d лв.</td></tr>
<tr><th>Безвъзмездна финансова помощ</th><td>%d %03d,00 лв.</td></tr>
<tr><th>Начало</th><td>%02d.03.2024 г.</td></tr><tr><th>Край</th><td>%02d.09.2025 г.</td></tr></table>
<h2>Цел на проекта</h2><p>Основната цел на проекта е подобряване на градската среда и на качеството на живот в община %s чрез обновяване на публичните пространства.</p>
<h2>Дейности</h2><ul><li>Изготвяне на инвестиционен проект</li><li>Строително-монтажни работи</li><li>Строителен надзор</li><li>Информация и публичност</li></ul>
<h2>Очаквани резултати</h2><ul><li>Обновени %d кв. м публични площи</li><li>Изградено улично осветление</li></ul>
<p><a href="/files/dogovor-%d.pdf">Договор за БФП</a></p>
`, site, n, muni, n, site, 1+n%28, 1+n%12, site, n, muni, 100+n, n%1000, n%100, 50+n, n%1000, 1+n%28, 1+n%28, muni, 1000+n*10, n)
	for i := range 12 {
		fmt.Fprintf(&b, "<p>Проектът се изпълнява с финансовата подкрепа на Европейския съюз чрез Европейския фонд за регионално развитие. Параграф %d описва подробно етапите на изпълнение, отговорните лица и сроковете за отчитане пред управляващия орган.</p>\n", i)
	}
	b.WriteString(`</article></main><footer><p>© Община. Всички права запазени. <a href="/karta">Карта на сайта</a></p></footer></body></html>`)
	return b.String()
}

// listingPage lists items [from, to) of a section with pagination.
func listingPage(title, section, item string, from, to, pages, page int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8"><title>%s</title></head><body><h1>%s</h1><ul>`, title, title)
	for i := from; i < to; i++ {
		fmt.Fprintf(&b, `<li><a href="/%s/%s-%d.html">%s %d: обновяване на публични пространства и сгради</a></li>`, section, item, i, title, i)
	}
	b.WriteString("</ul><p>")
	for p := 1; p <= pages; p++ {
		fmt.Fprintf(&b, ` <a href="/%s/?page=%d">%d</a>`, section, p, p)
	}
	b.WriteString("</p></body></html>")
	return b.String()
}

// benchWeb starts sites hosts, each with projects project pages (10 per
// listing page) and projects/2 news items (10 per page). It returns the
// sites file and the number of pages.
func benchWeb(b *testing.B, sites, projects int) ([]Site, int) {
	var yaml strings.Builder
	total := 0
	for s := range sites {
		muni := "Тест " + strconv.Itoa(s)
		news := projects / 2
		mux := http.NewServeMux()
		mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
		})
		section := func(name, item string, count, offset int) {
			pages := (count + 9) / 10
			mux.HandleFunc("/"+name+"/", func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				if r.URL.Path == "/"+name+"/" {
					p, _ := strconv.Atoi(r.URL.Query().Get("page"))
					p = max(p, 1)
					fmt.Fprint(w, listingPage(name, name, item, (p-1)*10, min(p*10, count), pages, p))
					return
				}
				var n int
				if _, err := fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/"+name+"/"+item+"-"), "%d.html", &n); err != nil {
					http.NotFound(w, r)
					return
				}
				fmt.Fprint(w, projectPage(s, n+offset, muni))
			})
			total += pages + count
		}
		section("pr", "proekt", projects, 0)
		section("nw", "novina", news, 5000)
		srv := httptest.NewServer(mux)
		b.Cleanup(srv.Close)
		host := strings.TrimPrefix(srv.URL, "http://")
		fmt.Fprintf(&yaml, "- municipality: %s\n  start_urls: ['%s/pr/', '%s/nw/']\n  allowed_domains: ['%s']\n  follow: ['/(pr|nw)/\\?page=\\d+$', '/(pr|nw)/[a-z]+-\\d+\\.html$']\n  delay: 0s\n",
			muni, srv.URL, srv.URL, host)
	}
	parsed, err := ParseSites([]byte(yaml.String()))
	if err != nil {
		b.Fatal(err)
	}
	return parsed, total
}

// BenchmarkCrawl crawls 20 local sites × 50 projects (and 25 news items
// each) with delay 0 through the whole path: fetch, archive, extract,
// merge into the store, index. It checks that nothing is lost (every page
// fetched, one record per project and news page in the store and the
// index) and reports pages per second, the CPU used (cpu-% of one core: on
// 2 cores, up to 200 when the crawl is CPU-bound) and the peak memory of
// the process (VmHWM) and of the heap.
func BenchmarkCrawl(b *testing.B) {
	sites, pages := benchWeb(b, 20, 50)
	var peakHeap uint64
	var cpu time.Duration
	var commits int64
	var sched schedTimes
	var wall time.Duration
	for b.Loop() {
		b.StopTimer()
		e := newEnv(b)
		cs := &countingStore{Store: e.store}
		r, err := New(Config{Sites: sites, Store: cs, Index: e.index,
			State:   func(name string) Bucket { return e.store.State(name) },
			Timeout: 10 * time.Second})
		if err != nil {
			b.Fatal(err)
		}
		stop := proctest.Sample(20*time.Millisecond, false)
		cpu0 := proctest.CPUTime()
		b.StartTimer()
		sched0 := readSched()
		start := time.Now()
		run, err := r.Run(context.Background(), "bench")
		wall += time.Since(start)
		sched.add(readSched().sub(sched0))
		b.StopTimer()
		cpu += proctest.CPUTime() - cpu0
		commits += cs.commits.Load()
		peakHeap = max(peakHeap, stop().HeapAlloc)
		r.Close()
		if err != nil {
			b.Fatal(err)
		}
		if run.Totals.PagesFetched < pages || run.Totals.PagesFailed > 0 {
			b.Fatalf("fetched %d of %d pages, %d failed: %v", run.Totals.PagesFetched, pages, run.Totals.PagesFailed, run.Totals.Errors)
		}
		if want := len(sites) * (50 + 25); run.Totals.RecordsAdded != want {
			b.Fatalf("%d records added, want %d (one per project and news page)", run.Totals.RecordsAdded, want)
		}
		if n, err := e.store.Count(); err != nil || n != len(sites)*(50+25) {
			b.Fatalf("%d records in the store (%v), want %d", n, err, len(sites)*(50+25))
		}
		if n, err := e.index.Count(); err != nil || n != uint64(len(sites)*(50+25)) {
			b.Fatalf("%d records in the index (%v), want %d", n, err, len(sites)*(50+25))
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(pages), "pages/run")
	// CPU time per page: what the figure would be on an idle machine is
	// bounded by 2 cores / this.
	b.ReportMetric(cpu.Seconds()*1000/float64(pages*b.N), "cpu-ms/page")
	b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu-%")
	b.ReportMetric(float64(peakHeap)/(1<<20), "MB-peak-heap")
	// Pages per transaction of the group commit: the bigger, the less a page's commit costs.
	b.ReportMetric(float64(pages*b.N)/float64(max(commits, 1)), "pages/commit")
	// Where the time goes besides CPU work: the share of the Go
	// processors' time with nothing to run (the crawl waiting: for the
	// disk, the network, a commit), and how many of the process's threads
	// were on average ready to run but waiting for a core that other
	// processes held (the machine busy).
	b.ReportMetric(100*sched.idle/max(sched.total, 1e-9), "P-idle-%")
	if sched.wall > 0 {
		b.ReportMetric(sched.runq/sched.wall, "threads-waiting-cpu")
	}
	if hwm := proctest.Status("VmHWM"); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "MB-VmHWM")
	}
}

// schedTimes are scheduler figures of the process, in seconds.
type schedTimes struct {
	wall        float64
	idle, total float64 // Go processors' idle and total time (runtime/metrics)
	runq        float64 // time its threads waited in the kernel's run queue
}

func readSched() schedTimes {
	s := schedTimes{wall: float64(time.Now().UnixNano()) / 1e9}
	ms := []metrics.Sample{{Name: "/cpu/classes/idle:cpu-seconds"}, {Name: "/cpu/classes/total:cpu-seconds"}}
	metrics.Read(ms)
	if ms[0].Value.Kind() == metrics.KindFloat64 && ms[1].Value.Kind() == metrics.KindFloat64 {
		s.idle, s.total = ms[0].Value.Float64(), ms[1].Value.Float64()
	}
	// /proc/self/task/*/schedstat: time on a CPU, time waiting for one, in ns.
	tasks, _ := filepath.Glob("/proc/self/task/*/schedstat")
	for _, f := range tasks {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		if fs := strings.Fields(string(b)); len(fs) >= 2 {
			ns, _ := strconv.ParseFloat(fs[1], 64)
			s.runq += ns / 1e9
		}
	}
	return s
}

func (s schedTimes) sub(o schedTimes) schedTimes {
	return schedTimes{wall: s.wall - o.wall, idle: s.idle - o.idle, total: s.total - o.total, runq: s.runq - o.runq}
}

func (s *schedTimes) add(o schedTimes) {
	s.wall, s.idle, s.total, s.runq = s.wall+o.wall, s.idle+o.idle, s.total+o.total, s.runq+o.runq
}

// countingStore counts the store's group commits.
type countingStore struct {
	*store.Store
	commits atomic.Int64
}

// Commit implements Store.
func (s *countingStore) Commit(ws []*dataset.PageWrite) error {
	s.commits.Add(1)
	return s.Store.Commit(ws)
}
