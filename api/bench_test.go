package api

import (
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

var (
	benchOnce  sync.Once
	benchStore *store.Store
	benchIndex *index.Index
)

// benchServer serves OPENDATA_LOAD_RECORDS (5000) copies of the corpus
// records, built once per run.
func benchServer(b *testing.B, edit func(*Config)) *httptest.Server {
	benchOnce.Do(func() {
		benchStore, benchIndex = loadData(b, envInt("OPENDATA_LOAD_RECORDS", 5000))
	})
	cfg := Config{Store: benchStore, Index: benchIndex, RateLimit: -1, CacheBytes: -1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	b.Cleanup(ts.Close)
	return ts
}

func benchGet(b *testing.B, client *http.Client, url string) int64 {
	resp, err := client.Get(url)
	if err != nil {
		b.Fatal(err)
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		b.Fatalf("%s: %d", url, resp.StatusCode)
	}
	return n
}

// BenchmarkSearch is one search over HTTP (varied queries, no answer
// cache), in parallel.
func BenchmarkSearch(b *testing.B) {
	ts := benchServer(b, nil)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		rng := rand.New(rand.NewPCG(rand.Uint64(), 1))
		for pb.Next() {
			benchGet(b, client, ts.URL+"/api/v1/projects?"+loadQuery(rng))
		}
	})
}

// BenchmarkDownloadCSV is one download of the whole set as CSV, rendered
// each time (no cache).
func BenchmarkDownloadCSV(b *testing.B) {
	ts := benchServer(b, nil)
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	b.ResetTimer()
	var n int64
	for i := 0; i < b.N; i++ {
		n = benchGet(b, client, ts.URL+"/api/v1/projects.csv")
	}
	b.SetBytes(n)
}

// BenchmarkDownloadCSVGzip is the same download compressed.
func BenchmarkDownloadCSVGzip(b *testing.B) {
	ts := benchServer(b, nil)
	client := &http.Client{}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchGet(b, client, ts.URL+"/api/v1/projects.csv")
	}
}

// BenchmarkSearchAnswerJSON renders a page of 20 results (the fixture's
// records) as the search answer's JSON.
func BenchmarkSearchAnswerJSON(b *testing.B) {
	f := getFixture(b)
	ans := searchAnswer{Page: 1, PerPage: 20, Facets: map[string][]dataset.FacetValue{"programme": {{Value: "OPAC", Count: 3}}}}
	for _, r := range f.records {
		if len(ans.Results) < 20 {
			ans.Results = append(ans.Results, resultRecord{Record: r, Score: 1.5,
				Highlights: map[string][]string{"title": {"a <mark>b</mark> c"}}})
		}
	}
	ans.Total = uint64(len(ans.Results))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		body, err := ans.render()
		if err != nil || len(body) < 1000 {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(body)))
	}
}
