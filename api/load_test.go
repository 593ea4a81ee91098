package api

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset/proctest"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// TestLoad is the load check: 64 clients over loopback search and download
// CSV for OPENDATA_LOAD_SECONDS (30 by default) against a store of
// OPENDATA_LOAD_RECORDS records (copies of the corpus records), first with
// the answer cache and the rate limiter off, then with the cache, then with
// the limiter too (each client at its own address). Only 200 and (with the
// limiter) 429 are allowed. Run it with
//
//	OPENDATA_LOAD=1 go test -run TestLoad -v ./api/
func TestLoad(t *testing.T) {
	if os.Getenv("OPENDATA_LOAD") == "" {
		t.Skip("set OPENDATA_LOAD=1 to run the load check")
	}
	secs := envInt("OPENDATA_LOAD_SECONDS", 30)
	n := envInt("OPENDATA_LOAD_RECORDS", 5000)
	clients := envInt("OPENDATA_LOAD_CLIENTS", 64)
	st, ix := loadData(t, n)
	for _, v := range []struct {
		name    string
		cache   int64
		rate    float64
		oneAddr bool
	}{
		{"cache off, limiter off", -1, -1, false},
		{"cache on (64 MB), limiter off", 0, -1, false},
		{"defaults: cache on, limiter on (10/s, burst 40 per client address)", 0, 0, false},
		{"defaults, all clients behind one address (429s by design)", 0, 0, true},
	} {
		cfg := Config{Store: st, Index: ix, RateLimit: v.rate, CacheBytes: v.cache, ClientIPHeader: "X-Real-IP",
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
		srv, err := New(cfg)
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv)
		rep := runLoad(t, ts.URL, clients, time.Duration(secs)*time.Second, v.oneAddr)
		ts.Close()
		t.Logf("%s; %d records, %d clients, %d s:\n%s", v.name, n, clients, secs, rep)
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// loadData builds a store and an index of about n records: copies of the
// corpus records under new ids and source URLs. They stay open until the
// test binary ends (benchmarks run their function several times).
func loadData(t testing.TB, n int) (*store.Store, *index.Index) {
	f := getFixture(t)
	dir, err := os.MkdirTemp("", "opendata-api-load-")
	if err != nil {
		t.Fatal(err)
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(filepath.Join(dir, "store.db"), logger)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), logger)
	if err != nil {
		t.Fatal(err)
	}
	atExit(func() {
		ix.Close()
		st.Close()
		os.RemoveAll(dir)
	})
	var base []dataset.Record
	for _, r := range f.records {
		base = append(base, r)
	}
	slices.SortFunc(base, func(a, b dataset.Record) int { return compareStrings(a.ID, b.ID) })
	start := time.Now()
	added := 0
	for copyN := 0; added < n; copyN++ {
		var batch []store.PageRecords
		for i, r := range base {
			r.ID = fmt.Sprintf("%s-c%d", r.ID, copyN)
			r.ContractNumbers = []string{r.ID} // a contract of its own: the store must not merge the copies
			src := fmt.Sprintf("https://copy%d.example.bg/proekti/%d.html", copyN, i)
			r.Sources = []dataset.Source{{URL: src, FetchedAt: "2026-11-21T10:00:00Z", Title: r.Title}}
			page := dataset.Page{URL: src, FinalURL: src, FetchedAt: time.Now().UTC(), Status: 200, Municipality: r.Municipality}
			batch = append(batch, store.PageRecords{Page: page, Records: []dataset.Record{r}})
		}
		if _, err := st.MergeBatch(batch); err != nil {
			t.Fatal(err)
		}
		added += len(batch)
	}
	var stored []dataset.Record
	if err := st.EachRecord(func(r dataset.Record) error { stored = append(stored, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put(stored); err != nil {
		t.Fatal(err)
	}
	t.Logf("load data: %d records stored and indexed in %s", len(stored), time.Since(start).Round(time.Millisecond))
	return st, ix
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// loadQuery returns a random search query string: words (Bulgarian forms,
// Latin transliteration, a phrase), filters, facets, sorts and pages, so
// that the answers are many different ones.
func loadQuery(rng *rand.Rand) string {
	words := []string{"мониторинг", "мониторинга", "peshtera", "община", "ремонт", "училище", "водопровод",
		"улици", "\"мониторинг и контрол\"", "енергийна ефективност", "sliven", "обучение -училище", "BG16RFOP001"}
	munis := []string{"Сливен", "Стара Загора", "Бургас", "Пазарджик", "Пловдив", "Велико Търново"}
	sorts := []string{"", "-budget", "budget", "-start", "-published"}
	v := url.Values{}
	switch rng.IntN(4) {
	case 0, 1:
		v.Set("q", words[rng.IntN(len(words))])
	case 2:
		v.Set("municipality", munis[rng.IntN(len(munis))])
		v.Set("facets", "programme,year")
	default:
		v.Set("year_from", strconv.Itoa(2010+rng.IntN(8)))
		v.Set("budget_min", strconv.Itoa(rng.IntN(5)*100000))
		v.Set("facets", "municipality,programme,fund,year")
	}
	if s := sorts[rng.IntN(len(sorts))]; s != "" {
		v.Set("sort", s)
	}
	v.Set("page", strconv.Itoa(1+rng.IntN(5)))
	return v.Encode()
}

type loadStats struct {
	mu        sync.Mutex
	latencies map[string][]time.Duration
	statuses  map[string]map[int]int
	errors    []string
	bytes     int64
}

func runLoad(t *testing.T, base string, clients int, d time.Duration, oneAddr bool) string {
	cpu0 := proctest.CPUTime()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	ls := &loadStats{latencies: map[string][]time.Duration{}, statuses: map[string]map[int]int{}}
	tr := &http.Transport{MaxIdleConnsPerHost: clients, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 7))
			addr := fmt.Sprintf("198.51.100.%d", c+1)
			if oneAddr {
				addr = "198.51.100.200"
			}
			for ctx.Err() == nil {
				kind, path := "search", "/api/v1/projects?"+loadQuery(rng)
				if rng.IntN(10) == 0 {
					kind, path = "csv", "/api/v1/projects.csv"
					if rng.IntN(2) == 0 {
						path += "?programme=OPRG"
					}
				}
				ls.one(ctx, client, kind, base+path, addr)
			}
		}()
	}
	wg.Wait()
	for _, e := range ls.errors[:min(len(ls.errors), 5)] {
		t.Errorf("load: %s", e)
	}
	if len(ls.errors) > 5 {
		t.Errorf("load: %d errors in all", len(ls.errors))
	}
	out := ""
	for _, kind := range []string{"search", "csv"} {
		lat := ls.latencies[kind]
		slices.Sort(lat)
		pct := func(p float64) time.Duration {
			if len(lat) == 0 {
				return 0
			}
			return lat[min(len(lat)-1, int(p*float64(len(lat))))]
		}
		out += fmt.Sprintf("  %-6s statuses %v; 200s: %d (%.0f/s), p50 %s, p99 %s, max %s\n", kind, ls.statuses[kind],
			len(lat), float64(len(lat))/d.Seconds(), pct(.5).Round(10*time.Microsecond),
			pct(.99).Round(10*time.Microsecond), pct(1).Round(10*time.Microsecond))
	}
	cpu := proctest.CPUTime() - cpu0
	answered := 0
	for _, byStatus := range ls.statuses {
		for _, n := range byStatus {
			answered += n
		}
	}
	load, _ := os.ReadFile("/proc/loadavg")
	return out + fmt.Sprintf("  %d MB received; CPU of the process (server and clients) %.1f s, %.2f ms per answer; load average %s",
		ls.bytes>>20, cpu.Seconds(), float64(cpu.Milliseconds())/float64(max(answered, 1)),
		strings.Join(strings.Fields(string(load))[:3], " "))
}

// one sends one request; latencies are kept for 200 answers only.
func (ls *loadStats) one(ctx context.Context, client *http.Client, kind, u, addr string) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	req.Header.Set("X-Real-IP", addr)
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		if ctx.Err() == nil {
			ls.add(kind, 0, 0, 0, err.Error())
		}
		return
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil && ctx.Err() != nil {
		return // cut by the end of the run
	}
	msg := ""
	if err != nil {
		msg = err.Error()
	} else if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusTooManyRequests {
		msg = fmt.Sprintf("%s: status %d", u, resp.StatusCode)
	}
	ls.add(kind, resp.StatusCode, time.Since(start), n, msg)
}

func (ls *loadStats) add(kind string, status int, d time.Duration, n int64, msg string) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.statuses[kind] == nil {
		ls.statuses[kind] = map[int]int{}
	}
	ls.statuses[kind][status]++
	ls.bytes += n
	if msg != "" {
		ls.errors = append(ls.errors, msg)
	}
	if status == http.StatusOK {
		ls.latencies[kind] = append(ls.latencies[kind], d)
	}
}
