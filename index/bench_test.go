package index

// Benchmarks on 100,000 generated records (see gen_test.go). They run only
// with -bench; the index they search is built once per run, by a child
// process, so that the search benchmark's memory figures are the server's
// alone. Set OPENDATA_BENCH_INDEX=DIR to keep (and reuse) that index.
//
//	go test ./index -run '^$' -bench 'Index100k|Put' -benchtime 1x
//	go test ./index -run '^$' -bench SearchHTTP -benchtime 20000x

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset/proctest"

	"github.com/opendata-bg/opendata/dataset"
)

const benchRecords = 100_000

// genEach yields n generated records.
func genEach(g *generator, n int) EachFunc {
	return func(fn func(dataset.Record) error) error {
		for i := 0; i < n; i++ {
			if err := fn(g.record(i)); err != nil {
				return err
			}
		}
		return nil
	}
}

// BenchmarkIndex100k measures a rebuild (opendata reindex) of 100,000
// records; one op is the whole rebuild.
func BenchmarkIndex100k(b *testing.B) {
	g := newGenerator(truthRecords(b))
	for i := 0; i < b.N; i++ {
		path := filepath.Join(b.TempDir(), "index.bleve")
		st, err := Build(context.Background(), path, nil, genEach(g, benchRecords))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(st.DocsPerSecond(), "docs/s")
	}
	reportMemory(b)
}

// BenchmarkPut measures the crawl's path: Put in batches of 500 into an
// open index; one op is one record.
func BenchmarkPut(b *testing.B) {
	g := newGenerator(truthRecords(b))
	x, err := Open(filepath.Join(b.TempDir(), "index.bleve"), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i += 500 {
		recs := make([]dataset.Record, 0, 500)
		for j := i; j < min(i+500, b.N); j++ {
			recs = append(recs, g.record(j))
		}
		if err := x.Put(recs); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "docs/s")
}

// benchWords are what people type: words in any form, Latin, phrases,
// exclusions and codes.
var benchWords = []string{
	"ремонт", "реконструкция", "улици", "детска градина", "училище", "енергийна ефективност",
	"канализация", "водопроводна мрежа", "мониторинг", "парк", "площад", "читалище", "спортна зала",
	"пазар", "социален център", "музей", "стадион", "обновяване", "рехабилитация", "подкрепа",
	"грижа в дома", "общинска администрация", "пешеходна зона", "осветление", "сградата",
	"obshtina", "peshtera", "remont", "patronazhna grizha", "uchilishte", "ulitsi",
	"BG16RFOP001-1.001", "BG05M9OP001-2.040", "BG-RRP-4.026", "BG16FFPR003",
	`"енергийна ефективност"`, "улици -ремонт", "обновяване на училище", "детски градини -ремонт",
	// Misspelt words (corrected against the index's terms), codes typed
	// with spaces, and words no record has beside others.
	"рехабилитацья", "канализацея", "читалеще", "енергина ефективност", "спортна площатка",
	"водопроводна мерижа", "реконструкцийя на улици", "obshtna", "uchilishe", "peshtrea",
	"BG16RFOP001 - 1.001", "bg05m9op001 - 2.040", "ремонт улици стадион басейн", "пазар космодрум",
}

// benchWorkload is a deterministic mix of n requests: list pages (with
// facets and sorts), a municipality's projects, and searches with filters,
// facets and pages. Popular requests repeat, most searches are distinct.
func benchWorkload(n int) []string {
	rng := rand.New(rand.NewPCG(2026, 11))
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	out := make([]string, n)
	for i := range out {
		switch r := rng.IntN(100); {
		case r < 15:
			out[i] = fmt.Sprintf("facets=municipality,programme,fund,year&sort=%s&page=%d", pick(dataset.Sorts[1:]), 1+rng.IntN(3))
		case r < 25:
			out[i] = fmt.Sprintf("municipality=%s&sort=-budget&facets=programme,year", pick(genMunicipalities))
		default:
			q := "q=" + pick(benchWords)
			if rng.IntN(100) < 25 {
				q += " " + pick(benchWords[:25])
			}
			if rng.IntN(100) < 20 {
				q += "&municipality=" + pick(genMunicipalities)
			}
			if rng.IntN(100) < 10 {
				y := 2008 + rng.IntN(15)
				q += fmt.Sprintf("&year_from=%d&year_to=%d", y, y+rng.IntN(4))
			}
			if rng.IntN(100) < 30 {
				q += "&facets=municipality,year"
			}
			if rng.IntN(100) < 10 {
				q += "&page=2"
			}
			out[i] = q
		}
	}
	return out
}

// BenchmarkSearchHTTP measures search latency under 32 concurrent clients
// over loopback HTTP, on 100,000 records, with the answer cache on (as
// served), and the process's memory; one op is one request.
func BenchmarkSearchHTTP(b *testing.B) { benchSearchHTTP(b, DefaultCacheSize, false) }

// BenchmarkSearchHTTPNoCache is the same with every request searched
// (without the answer cache; words still come from the match cache).
func BenchmarkSearchHTTPNoCache(b *testing.B) { benchSearchHTTP(b, 0, false) }

// BenchmarkSearchHTTPCold is the same without any cache: every word of
// every request is searched in the index.
func BenchmarkSearchHTTPCold(b *testing.B) { benchSearchHTTP(b, 0, true) }

func benchSearchHTTP(b *testing.B, cacheSize int, cold bool) {
	path := benchIndexPath(b)
	runtime.GC()
	debug.FreeOSMemory()
	x, err := Open(path, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	x.cache = newResultCache(cacheSize)
	x.cols.matches.off = cold
	if n, _ := x.Count(); n != benchRecords {
		b.Fatalf("bench index has %d records", n)
	}
	srv := httptest.NewServer(searchHandler(x))
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
	for _, q := range benchWorkload(50) { // every kind of request answers
		if _, err := get(client, srv.URL+"/?"+escapeParams(q)); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	x.cache.invalidate()
	work := benchWorkload(b.N)

	const clients = 32
	lat := make([][]time.Duration, clients)
	var next atomic.Int64
	var failed atomic.Int64
	b.ResetTimer()
	start := time.Now()
	cpu0 := proctest.CPUTime()
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(len(work)) {
					return
				}
				t0 := time.Now()
				if _, err := get(client, srv.URL+"/?"+escapeParams(work[i])); err != nil {
					failed.Add(1)
					continue
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := proctest.CPUTime() - cpu0
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Errorf("%d requests failed", n)
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	if len(all) > 0 {
		ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
		b.ReportMetric(ms(all[len(all)/2]), "p50-ms")
		b.ReportMetric(ms(all[len(all)*99/100]), "p99-ms")
		b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
		// The CPU the process (server and clients) spent per request: the
		// latencies depend on what else the machine runs, this less so.
		b.ReportMetric(float64(cpu)/float64(time.Millisecond)/float64(len(all)), "cpu-ms/req")
	}
	reportMemory(b)
}

// searchHandler is what the API does with a search: parse, Search, encode.
func searchHandler(x *Index) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q, err := dataset.ParseQuery(r.URL.Query())
		if err == nil {
			var res dataset.SearchResult
			if res, err = x.Search(r.Context(), q); err == nil {
				w.Header().Set("Content-Type", "application/json")
				json.NewEncoder(w).Encode(res)
				return
			}
		}
		status := http.StatusInternalServerError
		switch dataset.ErrorCode(err) {
		case dataset.EINVALID:
			status = http.StatusBadRequest
		case dataset.EUNAVAILABLE:
			status = http.StatusServiceUnavailable
		}
		http.Error(w, dataset.ErrorMessage(err), status)
	})
}

func get(c *http.Client, url string) ([]byte, error) {
	resp, err := c.Get(url)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", resp.Status, body)
	}
	return body, err
}

func escapeParams(s string) string {
	var out []string
	for _, kv := range strings.Split(s, "&") {
		k, v, _ := strings.Cut(kv, "=")
		out = append(out, k+"="+url.QueryEscape(v))
	}
	return strings.Join(out, "&")
}

// reportMemory reports the process's resident memory now (RSS, of which
// anonymous) and at its peak (HWM), in MB, from /proc/self/status.
func reportMemory(b *testing.B) {
	for field, unit := range map[string]string{"VmRSS": "rss-MB", "VmHWM": "hwm-MB", "RssAnon": "anon-MB"} {
		if v := proctest.Status(field); v > 0 {
			b.ReportMetric(float64(v)/(1<<20), unit)
		}
	}
}

// benchIndexPath returns the directory of a complete 100k-record index,
// building it (in a child process) the first time.
func benchIndexPath(b *testing.B) string {
	benchIndex.once.Do(func() {
		dir := os.Getenv("OPENDATA_BENCH_INDEX")
		if dir == "" {
			dir, benchIndex.err = os.MkdirTemp("", "opendata-bench-index")
			if benchIndex.err != nil {
				return
			}
			benchIndex.cleanup = dir
		}
		benchIndex.path = filepath.Join(dir, "index.bleve")
		if m := readMeta(benchIndex.path); m.Complete && m.Records == benchRecords && m.Schema == schemaVersion {
			return
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestBuildBenchIndex$")
		cmd.Env = append(os.Environ(), "OPENDATA_BENCH_BUILD="+benchIndex.path)
		out, err := cmd.CombinedOutput()
		if err != nil {
			benchIndex.err = fmt.Errorf("build the bench index: %v\n%s", err, out)
		}
	})
	if benchIndex.err != nil {
		b.Fatal(benchIndex.err)
	}
	return benchIndex.path
}

var benchIndex struct {
	once          sync.Once
	path, cleanup string
	err           error
}

// TestBuildBenchIndex builds the benchmarks' index when run as their child
// process; otherwise it does nothing.
func TestBuildBenchIndex(t *testing.T) {
	path := os.Getenv("OPENDATA_BENCH_BUILD")
	if path == "" {
		t.Skip("only as the search benchmark's child process")
	}
	if _, err := Build(context.Background(), path, nil, genEach(newGenerator(truthRecords(t)), benchRecords)); err != nil {
		t.Fatal(err)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchIndex.cleanup != "" {
		os.RemoveAll(benchIndex.cleanup)
	}
	os.Exit(code)
}

// BenchmarkEachID100k measures the id stream of a download of all 100,000
// records in the default order; one op is the whole stream.
func BenchmarkEachID100k(b *testing.B) {
	x, err := Open(benchIndexPath(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		if err := x.EachID(context.Background(), dataset.Query{}, func(string) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != benchRecords {
			b.Fatalf("%d ids", n)
		}
	}
	b.ReportMetric(float64(benchRecords*b.N)/b.Elapsed().Seconds(), "ids/s")
}
