package api

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
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
