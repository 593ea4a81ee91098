package api

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
)

func TestMetrics(t *testing.T) {
	ts := newTestServer(t, nil)
	f := getFixture(t)
	ts.get(t, "/api/v1/projects?q=test")
	ts.get(t, "/api/v1/projects/13-13-24")
	ts.get(t, "/api/v1/projects/no-such")
	ts.get(t, "/api/v1/nowhere")
	resp, body := ts.get(t, "/metrics")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("metrics: %d", resp.StatusCode)
	}
	text := string(body)
	for _, want := range []string{
		`opendata_http_requests_total{code="200",method="GET",route="/api/v1/projects"} 1`,
		`opendata_http_requests_total{code="200",method="GET",route="/api/v1/projects/{id}"} 1`,
		`opendata_http_requests_total{code="404",method="GET",route="/api/v1/projects/{id}"} 1`,
		`opendata_http_requests_total{code="404",method="GET",route="unmatched"} 1`,
		`opendata_http_request_duration_seconds_bucket{code="200",method="GET",route="/api/v1/projects",le="+Inf"} 1`,
		"go_goroutines ",
		`opendata_answer_cache_lookups_total{kind="search",result="miss"} 1`,
		"opendata_http_requests_in_flight 1", // the scrape itself
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	// Prometheus asks for gzip, which promhttp does itself: one layer only.
	resp, zipped := ts.get(t, "/metrics", "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("metrics with gzip: Content-Encoding %q", resp.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	if unzipped, err := io.ReadAll(zr); err != nil || !bytes.Contains(unzipped, []byte("\nopendata_records ")) {
		t.Errorf("gzipped metrics do not unzip to the exposition (%v): %.80q", err, unzipped)
	}
	for name, want := range map[string]int{"opendata_records": len(f.records), "opendata_index_documents": len(f.records)} {
		m := regexp.MustCompile(`(?m)^` + name + ` (\d+)$`).FindStringSubmatch(text)
		if m == nil {
			t.Errorf("metrics lack %s", name)
			continue
		}
		if n, _ := strconv.Atoi(m[1]); n != want {
			t.Errorf("%s %d, want %d", name, n, want)
		}
	}
}

// TestCrawlMetrics: the latest crawl run's figures per municipality, two
// entries of one municipality added up.
func TestCrawlMetrics(t *testing.T) {
	f := getFixture(t)
	st, err := store.Open(filepath.Join(t.TempDir(), "store.db"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	started := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	finished := started.Add(90 * time.Minute)
	for _, run := range []dataset.CrawlRun{
		{ID: "old", Started: started.Add(-24 * time.Hour), Status: "done", Trigger: "schedule",
			Sites: []dataset.SiteRun{{Municipality: "Варна", PagesFetched: 99}}},
		{ID: "new", Started: started, Finished: &finished, Status: "done", Trigger: "schedule",
			Sites: []dataset.SiteRun{
				{Municipality: "Сливен", PagesFetched: 12, PagesUnchanged: 30, PagesFailed: 2, RecordsAdded: 3},
				{Municipality: "Пещера", PagesFetched: 1, PagesFailed: 4, PagesSkipped: 6, Error: "robots"},
				{Municipality: "Сливен", PagesFetched: 3, PagesUnchanged: 1, RecordsChanged: 1},
			}},
	} {
		if err := st.PutCrawl(run); err != nil {
			t.Fatal(err)
		}
	}
	ts := newTestServer(t, func(c *Config) { c.Store = st; c.Index = f.index })
	_, body := ts.get(t, "/metrics")
	text := string(body)
	for _, want := range []string{
		`opendata_crawl_pages{municipality="Сливен",outcome="fetched"} 15`,
		`opendata_crawl_pages{municipality="Сливен",outcome="unchanged"} 31`,
		`opendata_crawl_pages{municipality="Сливен",outcome="failed"} 2`,
		`opendata_crawl_pages{municipality="Пещера",outcome="failed"} 4`,
		`opendata_crawl_pages{municipality="Пещера",outcome="skipped"} 6`,
		`opendata_crawl_pages{municipality="Сливен",outcome="skipped"} 0`,
		`opendata_crawl_records{municipality="Сливен",outcome="added"} 3`,
		`opendata_crawl_records{municipality="Сливен",outcome="changed"} 1`,
		`opendata_crawl_last_started_timestamp_seconds{status="done"} 1.79514e+09`,
		`opendata_crawl_last_finished_timestamp_seconds 1.7951454e+09`,
		`opendata_metrics_scrape_errors 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(text, "Варна") {
		t.Errorf("metrics show an older run's site")
	}
}
