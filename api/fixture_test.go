package api

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// corpusDir holds the saved municipal pages the fixture is built from.
const corpusDir = "../testdata/corpus"

// fixture is a real store and a real index built from the corpus pages
// through the real extractor, shared by the tests of the package (they only
// read it).
type fixture struct {
	dir     string
	store   *store.Store
	index   *index.Index
	records map[string]dataset.Record // by id, read back from the store
}

var (
	fixOnce sync.Once
	fix     *fixture
	fixErr  error
)

// exitFuncs run when the test binary ends.
var exitFuncs []func()

// atExit runs fn when the test binary ends.
func atExit(fn func()) { exitFuncs = append(exitFuncs, fn) }

func TestMain(m *testing.M) {
	code := m.Run()
	for _, fn := range exitFuncs {
		fn()
	}
	if fix != nil {
		fix.index.Close()
		fix.store.Close()
		os.RemoveAll(fix.dir)
	}
	os.Exit(code)
}

// getFixture builds the fixture once.
func getFixture(t testing.TB) *fixture {
	t.Helper()
	fixOnce.Do(func() { fix, fixErr = buildFixture() })
	if fixErr != nil {
		t.Fatalf("build fixture: %v", fixErr)
	}
	return fix
}

func buildFixture() (*fixture, error) {
	dir, err := os.MkdirTemp("", "opendata-api-test-")
	if err != nil {
		return nil, err
	}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(filepath.Join(dir, "store.db"), logger)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), logger)
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("open index: %w", err)
	}
	f := &fixture{dir: dir, store: st, index: ix, records: map[string]dataset.Record{}}
	if err := f.load(); err != nil {
		ix.Close()
		st.Close()
		return nil, err
	}
	return f, nil
}

// load runs every corpus page through extract.Extract, merges the records
// into the store and indexes what the store holds.
func (f *fixture) load() error {
	mf, err := os.Open(filepath.Join(corpusDir, "manifest.tsv"))
	if err != nil {
		return err
	}
	defer mf.Close()
	sc := bufio.NewScanner(mf)
	sc.Scan() // header
	fetched := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 {
			continue
		}
		body, err := os.ReadFile(filepath.Join(corpusDir, cols[0]))
		if err != nil {
			return err
		}
		res, err := extract.Extract(body, cols[1], "text/html")
		if err != nil {
			return fmt.Errorf("extract %s: %w", cols[0], err)
		}
		sum := sha256.Sum256(body)
		page := dataset.Page{URL: cols[1], FinalURL: cols[1], FetchedAt: fetched, Status: 200,
			Header: map[string][]string{"Content-Type": {"text/html"}},
			SHA256: hex.EncodeToString(sum[:]), Size: int64(len(body))}
		if len(res.Projects) > 0 {
			page.Municipality = res.Projects[0].Municipality
		}
		if err := f.store.PutPage(page, body); err != nil {
			return fmt.Errorf("put page %s: %w", cols[0], err)
		}
		if _, err := f.store.Merge(page, res.Projects); err != nil {
			return fmt.Errorf("merge %s: %w", cols[0], err)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	var all []dataset.Record
	err = f.store.EachRecord(func(r dataset.Record) error {
		f.records[r.ID] = r
		all = append(all, r)
		return nil
	})
	if err != nil {
		return fmt.Errorf("read records: %w", err)
	}
	if len(all) < 20 {
		return fmt.Errorf("only %d records from the corpus", len(all))
	}
	return f.index.Put(all)
}

// count returns how many fixture records satisfy keep, computed here
// independently of the index.
func (f *fixture) count(keep func(dataset.Record) bool) int {
	n := 0
	for _, r := range f.records {
		if keep(r) {
			n++
		}
	}
	return n
}

// testServer is the real server over the fixture, on a loopback listener.
type testServer struct {
	*httptest.Server
	srv    *Server
	logbuf *syncBuffer
	client *http.Client
}

// newTestServer starts the server over the fixture; edit changes the config.
func newTestServer(t *testing.T, edit func(*Config)) *testServer {
	t.Helper()
	f := getFixture(t)
	logbuf := &syncBuffer{}
	cfg := Config{Store: f.store, Index: f.index, RateLimit: -1, Formats: testFormats,
		Logger: slog.New(slog.NewJSONHandler(logbuf, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	// No transparent gzip: the tests look at the encoding themselves.
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: time.Minute}
	t.Cleanup(client.CloseIdleConnections)
	return &testServer{Server: ts, srv: srv, logbuf: logbuf, client: client}
}

// do sends a request; hdr is pairs of header name and value.
func (ts *testServer) do(t *testing.T, method, path string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := ts.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp, body
}

// get sends a GET.
func (ts *testServer) get(t *testing.T, path string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	return ts.do(t, http.MethodGet, path, hdr...)
}

// syncBuffer is a bytes buffer safe for the server's concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
