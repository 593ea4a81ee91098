package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"log/slog"
	"net"

	"github.com/opendata-bg/opendata/crawler/demoweb"
	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
)

// urlWriter is the serve command's stdout: it hands over the URL it prints.
type urlWriter struct {
	mu   sync.Mutex
	buf  strings.Builder
	urls chan string
}

var servingRe = regexp.MustCompile(`serving (http://\S+?)/? `)

func (w *urlWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if m := servingRe.FindStringSubmatch(string(p)); m != nil {
		w.urls <- strings.TrimSuffix(m[1], "/")
	}
	return len(p), nil
}

// sampleSites starts the bundled sample municipal sites on loopback (each
// answering after delay) and writes their sites file; it returns the test's
// directory and the file's path.
func sampleSites(t *testing.T, delay time.Duration) (dir, sites string) {
	t.Helper()
	web, err := demoweb.Start(delay)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { web.Close() })
	dir = t.TempDir()
	sites = filepath.Join(dir, "sites.yaml")
	if err := os.WriteFile(sites, web.SitesYAML(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir, sites
}

// startServe runs `opendata serve` with args (--addr 127.0.0.1:0 added)
// until ctx is done; it returns the URL it serves on and the command's end.
func startServe(t *testing.T, ctx context.Context, args ...string) (string, <-chan error) {
	t.Helper()
	out := &urlWriter{urls: make(chan string, 1)}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append(append([]string{"serve"}, args...), "--addr", "127.0.0.1:0"), out, io.Discard)
	}()
	select {
	case base := <-out.urls:
		return base, done
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve printed no URL")
	}
	return "", done
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: decode: %v", url, err)
	}
	return resp.StatusCode
}

// TestServeCrawlsAndShutsDown runs `opendata serve --crawl-now` over the
// bundled sample municipal sites on loopback: the crawl fills the store and
// the index behind the API; a crawl started over the API is stopped by the
// shutdown, saved as interrupted, and the data directory opens again.
func TestServeCrawlsAndShutsDown(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the sample sites")
	}
	dir, sites := sampleSites(t, 5*time.Millisecond)
	t.Setenv("OPENDATA_TOKEN", "t0ken")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := startServe(t, ctx, "--data", filepath.Join(dir, "data"),
		"--sites", sites, "--crawl-now", "--log-format", "json", "--log-level", "warn")
	var crawls struct{ Crawls []dataset.CrawlRun }
	deadline := time.Now().Add(2 * time.Minute)
	for {
		getJSON(t, base+"/api/v1/crawls", &crawls)
		if len(crawls.Crawls) > 0 && crawls.Crawls[0].Status != "running" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the --crawl-now crawl did not finish: %+v", crawls)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if run := crawls.Crawls[0]; run.Status != "done" || run.Totals.RecordsAdded == 0 || run.Trigger != "schedule" {
		t.Fatalf("crawl run %+v: want a done schedule run that added records", run)
	}
	var ans struct {
		Total   int
		Results []dataset.Record
	}
	if code := getJSON(t, base+"/api/v1/projects?per_page=100", &ans); code != 200 || ans.Total != crawls.Crawls[0].Totals.RecordsAdded {
		t.Errorf("search after the crawl: %d, total %d; the crawl added %d", code, ans.Total, crawls.Crawls[0].Totals.RecordsAdded)
	}
	// A crawl over the API, then the shutdown while it runs.
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/crawls", nil)
	req.Header.Set("Authorization", "Bearer t0ken")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("POST /api/v1/crawls: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve after shutdown: %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("serve did not shut down")
	}
	a, err := openApp(filepath.Join(dir, "data"), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatalf("reopen the data directory: %v", err)
	}
	defer a.Close()
	runs, err := a.store.Crawls(2)
	if err != nil || len(runs) != 2 {
		t.Fatalf("crawls after shutdown: %v %v", runs, err)
	}
	// The shutdown came right after the POST: the crawl stopped and was saved.
	if runs[0].Trigger != "api" || runs[0].Status != "interrupted" || runs[0].Finished == nil {
		t.Errorf("the API crawl after shutdown: %s %s finished %v, want it interrupted and saved", runs[0].Trigger, runs[0].Status, runs[0].Finished)
	}
	n, err := a.index.Count()
	if err != nil || int(n) < ans.Total {
		t.Errorf("index after shutdown: %d docs (%v), want at least %d", n, err, ans.Total)
	}
	t.Logf("the API crawl ended %s with %d pages fetched", runs[0].Status, runs[0].Totals.PagesFetched)
}

// TestServeCrawlEvery: --crawl-every crawls on schedule in the process.
func TestServeCrawlEvery(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the sample sites")
	}
	dir, sites := sampleSites(t, time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := startServe(t, ctx, "--data", filepath.Join(dir, "data"),
		"--sites", sites, "--crawl-every", "300ms", "--log-level", "error")
	var crawls struct{ Crawls []dataset.CrawlRun }
	for deadline := time.Now().Add(time.Minute); ; {
		getJSON(t, base+"/api/v1/crawls", &crawls)
		if len(crawls.Crawls) > 0 && crawls.Crawls[len(crawls.Crawls)-1].Status == "done" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no scheduled crawl finished: %+v", crawls)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if first := crawls.Crawls[len(crawls.Crawls)-1]; first.Trigger != "schedule" || first.Totals.RecordsAdded == 0 {
		t.Errorf("first run %s %s added %d, want a schedule run that added records", first.Trigger, first.Status, first.Totals.RecordsAdded)
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve after shutdown: %v", err)
	}
}

func TestServeErrors(t *testing.T) {
	dir := t.TempDir()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--crawl-every", "-1s"}, "must not be negative"},
		{[]string{"--sites", filepath.Join(dir, "missing.yaml")}, "missing.yaml"},
		{[]string{"--addr", busy.Addr().String()}, "listen"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		args := append([]string{"serve", "--data", filepath.Join(dir, "data"), "--log-level", "error"}, tc.args...)
		err := run(context.Background(), args, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("serve %v: %v, want an error about %q", tc.args, err, tc.want)
		}
	}
}

// TestServeFinishesRequestsInFlight: a download under way when the shutdown
// starts is sent to its end, then serveApp returns.
func TestServeFinishesRequestsInFlight(t *testing.T) {
	a, err := openApp(t.TempDir(), slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// About 10 MB of CSV: more than the socket buffers hold.
	const n = 100
	var batch []store.PageRecords
	for i := 0; i < n; i++ {
		u := fmt.Sprintf("https://www.example.bg/proekti/%d.html", i)
		rec := dataset.Record{Title: fmt.Sprintf("Проект %d", i), ContractNumbers: []string{fmt.Sprintf("T-%03d", i)},
			Municipality: "Сливен", Objectives: []string{strings.Repeat("дълъг текст ", 4000)}}
		batch = append(batch, store.PageRecords{Page: dataset.Page{URL: u, FinalURL: u, Status: 200, FetchedAt: time.Now()},
			Records: []dataset.Record{rec}})
	}
	if _, err := a.store.MergeBatch(batch); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &urlWriter{urls: make(chan string, 1)}
	done := make(chan error, 1)
	go func() { done <- serveApp(ctx, a, "127.0.0.1:0", nil, "", out) }()
	base := <-out.urls
	// No gzip: the repetitive text would shrink to what the buffers hold.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	resp, err := client.Get(base + "/api/v1/projects.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	head := make([]byte, 1024)
	if _, err := io.ReadFull(resp.Body, head); err != nil {
		t.Fatal(err)
	}
	cancel() // SIGTERM while the download is under way
	select {
	case err := <-done:
		t.Fatalf("serveApp returned with a download in flight: %v", err)
	case <-time.After(300 * time.Millisecond):
	}
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("the download in flight was cut: %v after %d bytes", err, len(rest))
	}
	if rows := strings.Count(string(head)+string(rest), "Проект "); rows != n {
		t.Errorf("the download in flight has %d projects, want %d", rows, n)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serveApp: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serveApp did not return after the last request")
	}
}
