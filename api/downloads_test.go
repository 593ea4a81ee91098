package api

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// downloadIDs reads the ids of a download in any format.
func downloadIDs(t *testing.T, format string, body []byte) []string {
	t.Helper()
	var ids []string
	switch format {
	case "csv":
		if !bytes.HasPrefix(body, []byte("\ufeff")) {
			t.Fatalf("csv download without a byte-order mark: %.40q", body)
		}
		rows, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
		if err != nil {
			t.Fatalf("csv download: %v", err)
		}
		if len(rows) == 0 {
			t.Fatal("csv download: no header row")
		}
		col := slices.Index(rows[0], "id")
		if col < 0 {
			t.Fatalf("csv download: header %v has no id column", rows[0])
		}
		for _, row := range rows[1:] {
			ids = append(ids, row[col])
		}
	case "json":
		var recs []dataset.Record
		if err := json.Unmarshal(body, &recs); err != nil {
			t.Fatalf("json download: %v", err)
		}
		for _, r := range recs {
			ids = append(ids, r.ID)
		}
	case "ndjson":
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var r dataset.Record
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("ndjson line %q: %v", sc.Bytes(), err)
			}
			ids = append(ids, r.ID)
		}
	}
	return ids
}

func TestDownloads(t *testing.T) {
	ts := newTestServer(t, nil)
	f := getFixture(t)
	var all []string
	for id := range f.records {
		all = append(all, id)
	}
	slices.Sort(all)
	sliven := []string{}
	for id, r := range f.records {
		if r.Municipality == "Сливен" && r.Withdrawn == "" {
			sliven = append(sliven, id)
		}
	}
	slices.Sort(sliven)
	for _, format := range []string{"csv", "json", "ndjson"} {
		// page and per_page are ignored: the whole set comes.
		resp, body := ts.get(t, "/api/v1/projects."+format+"?per_page=2&page=3")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", format, resp.StatusCode, body)
		}
		f, _ := testFormats.Lookup(format)
		if ct, want := resp.Header.Get("Content-Type"), f.MediaType; ct != want {
			t.Errorf("%s: Content-Type %q, want %q", format, ct, want)
		}
		cd := resp.Header.Get("Content-Disposition")
		if !strings.HasPrefix(cd, "attachment; filename=") || !strings.Contains(cd, "."+format+`"`) {
			t.Errorf("%s: Content-Disposition %q", format, cd)
		}
		got := downloadIDs(t, format, body)
		if !slices.Equal(got, all) {
			t.Errorf("%s: %d ids, want the store's %d in id order", format, len(got), len(all))
		}
		resp, body = ts.get(t, "/api/v1/projects."+format+"?municipality="+url.QueryEscape("Сливен"))
		got = downloadIDs(t, format, body)
		slices.Sort(got)
		if resp.StatusCode != http.StatusOK || !slices.Equal(got, sliven) {
			t.Errorf("%s municipality=Сливен: %d %v, want %v", format, resp.StatusCode, got, sliven)
		}
	}
	// A query selects what the search finds, all of it.
	resp, body := ts.get(t, "/api/v1/projects?q="+url.QueryEscape("мониторинг")+"&per_page=100")
	ans := decodeSearch(t, resp, body)
	var want []string
	for _, r := range ans.Results {
		want = append(want, r.ID)
	}
	_, body = ts.get(t, "/api/v1/projects.ndjson?q="+url.QueryEscape("мониторинг"))
	got := downloadIDs(t, "ndjson", body)
	if !slices.Equal(got, want) || len(got) < 2 {
		t.Errorf("ndjson q=мониторинг: %v, want the search's order %v", got, want)
	}
}

// TestDownloadsEmpty: a selection of nothing is a valid, empty file.
func TestDownloadsEmpty(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, format := range []string{"csv", "json", "ndjson"} {
		resp, body := ts.get(t, "/api/v1/projects."+format+"?municipality=Nowhere")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d %s", format, resp.StatusCode, body)
		}
		if ids := downloadIDs(t, format, body); len(ids) != 0 {
			t.Errorf("%s of nothing: %v", format, ids)
		}
		if format == "json" && strings.TrimSpace(string(body)) != "[]" {
			t.Errorf("json of nothing: %q", body)
		}
	}
}

func TestDownloadHead(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := ts.do(t, http.MethodHead, "/api/v1/projects.csv", "Accept-Encoding", "gzip")
	if resp.StatusCode != http.StatusOK || len(body) != 0 {
		t.Fatalf("HEAD csv: %d with %d bytes", resp.StatusCode, len(body))
	}
	if resp.Header.Get("Content-Encoding") != "" || resp.Header.Get("ETag") == "" {
		t.Errorf("HEAD csv: Content-Encoding %q, ETag %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("ETag"))
	}
}

// TestCachedAnswersMatch: the answers served from the cache are the bytes
// a server without a cache renders.
func TestCachedAnswersMatch(t *testing.T) {
	cached := newTestServer(t, nil)
	plain := newTestServer(t, func(c *Config) { c.CacheBytes = -1 })
	for _, path := range []string{
		"/api/v1/projects?q=" + url.QueryEscape("мониторинг") + "&facets=programme",
		"/api/v1/projects.csv",
		"/api/v1/projects.json",
		"/api/v1/projects.ndjson",
	} {
		_, want := plain.get(t, path)
		_, first := cached.get(t, path)
		resp, second := cached.get(t, path)
		if !bytes.Equal(first, want) || !bytes.Equal(second, want) || len(want) < 1000 {
			t.Errorf("%s: cached answers differ (%d, %d bytes; without cache %d)", path, len(first), len(second), len(want))
		}
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Length") != strconv.Itoa(len(want)) {
			t.Errorf("%s from the cache: %d, Content-Length %q", path, resp.StatusCode, resp.Header.Get("Content-Length"))
		}
		if _, ok := cached.srv.cache.get(mustETag(t, cached, path)); !ok {
			t.Errorf("%s is not in the cache", path)
		}
	}
	// A whole-set download is also kept compressed (made in the background).
	etag := mustETag(t, cached, "/api/v1/projects.csv")
	for i := 0; i < 100; i++ {
		if _, ok := cached.srv.cache.get(gzipKey(etag)); ok {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	_, want := plain.get(t, "/api/v1/projects.csv")
	resp, zipped := cached.get(t, "/api/v1/projects.csv", "Accept-Encoding", "gzip")
	if resp.Header.Get("Content-Encoding") != "gzip" || resp.Header.Get("Content-Length") != strconv.Itoa(len(zipped)) {
		t.Fatalf("cached gzip csv: Content-Encoding %q, Content-Length %q for %d bytes",
			resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Length"), len(zipped))
	}
	zr, err := gzip.NewReader(bytes.NewReader(zipped))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(got, want) {
		t.Errorf("cached gzip csv unzips to %d bytes (%v), want the %d of the plain download", len(got), err, len(want))
	}
}

// mustETag returns the ETag the server gives path.
func mustETag(t *testing.T, ts *testServer, path string) string {
	resp, _ := ts.do(t, http.MethodHead, path)
	if resp.Header.Get("ETag") == "" {
		t.Fatalf("HEAD %s: no ETag", path)
	}
	return resp.Header.Get("ETag")
}
