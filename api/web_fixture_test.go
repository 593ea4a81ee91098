package api

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// webFixture is the real server over a real store (and index) in a temp
// dir, built from the corpus pages, plus one hostile record.
type webFixture struct {
	srv   *httptest.Server
	store *store.Store
	index *index.Index
	recs  map[string]dataset.Record // by id, as the store holds them
}

// xssURL is the page of the hostile record; its title and objectives try
// to break out of the HTML.
const xssURL = "https://evil.example/proekti/xss"

// goneURL is the page of a project that was withdrawn from its site.
const goneURL = "https://www.peshtera.bg/proekti/gone"

const xssTitle = `<script>alert(1)</script> Ремонт "><img src=x onerror=alert(2)> на училище`

func newWebFixture(t testing.TB) *webFixture {
	t.Helper()
	dir := t.TempDir()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(filepath.Join(dir, "store.db"), logger)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	fetched := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	for _, pg := range corpusPages(t) {
		p := dataset.Page{URL: pg.url, FinalURL: pg.url, Municipality: pg.municipality, FetchedAt: fetched,
			Status: 200, SHA256: pg.sha, Size: int64(len(pg.body))}
		if _, err := st.Merge(p, pg.records); err != nil {
			t.Fatalf("merge %s: %v", pg.url, err)
		}
	}
	// A project that left its site: merged, then its page yields nothing.
	gone := dataset.Page{URL: goneURL, FinalURL: goneURL, Municipality: "Пещера", FetchedAt: fetched,
		Status: 200, SHA256: strings.Repeat("cd", 32)}
	if _, err := st.Merge(gone, []dataset.Record{{Title: "Изчезнал проект за ремонт на читалище",
		ContractNumbers: []string{"ГОНЕ-1"}, Municipality: "Пещера", Programme: "OTHER"}}); err != nil {
		t.Fatalf("merge %s: %v", goneURL, err)
	}
	gone.FetchedAt = fetched.Add(24 * time.Hour)
	if _, err := st.Merge(gone, nil); err != nil {
		t.Fatalf("merge %s again: %v", goneURL, err)
	}
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), logger)
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() { ix.Close() })
	f := &webFixture{store: st, index: ix, recs: map[string]dataset.Record{}}
	var all []dataset.Record
	if err := st.EachRecord(func(r dataset.Record) error {
		f.recs[r.ID] = r
		all = append(all, r)
		return nil
	}); err != nil {
		t.Fatalf("each record: %v", err)
	}
	if err := ix.Put(all); err != nil {
		t.Fatalf("index put: %v", err)
	}
	s, err := New(Config{Store: st, Index: ix, Logger: logger, RateLimit: -1, Formats: testFormats})
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	f.srv = httptest.NewServer(s)
	t.Cleanup(f.srv.Close)
	return f
}

// corpusPage is one page of testdata/corpus with the records it yields.
type corpusPage struct {
	url, municipality, sha string
	body                   []byte
	records                []dataset.Record
}

// corpusPages reads the corpus pages with their records, plus the hostile page.
func corpusPages(t testing.TB) []corpusPage {
	t.Helper()
	root := filepath.Join("..", "testdata", "corpus")
	mf, err := os.Open(filepath.Join(root, "manifest.tsv"))
	if err != nil {
		t.Fatalf("open manifest: %v", err)
	}
	defer mf.Close()
	var out []corpusPage
	sc := bufio.NewScanner(mf)
	sc.Scan() // header
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 2 {
			continue
		}
		body, err := os.ReadFile(filepath.Join(root, cols[0]))
		if err != nil {
			t.Fatalf("read page: %v", err)
		}
		sum := sha256.Sum256(body)
		pg := corpusPage{url: cols[1], sha: hex.EncodeToString(sum[:]), body: body}
		pg.records = extractRecords(t, root, cols[0], pg)
		for _, r := range pg.records {
			pg.municipality = r.Municipality
		}
		out = append(out, pg)
	}
	xss := dataset.Record{
		Title:           xssTitle,
		ContractNumbers: []string{"21/321/01329"},
		Programme:       "OPRG",
		Municipality:    "Пещера",
		Beneficiary:     `Община "><svg onload=alert(3)>`,
		Objectives:      []string{`<script>alert(1)</script>`, `"><img onerror=alert(4)>`},
		Budget:          dataset.Budget{Total: webPtr(1000.5), Currency: "BGN"},
		Warnings:        []string{`<b>bold</b> warning`},
		Documents: []dataset.Document{{URL: "javascript:alert(6)", Text: "Злонамерен документ"},
			{URL: "https://evil.example/dogovor.pdf", Text: `Договор "><script>alert(7)</script>`}},
	}
	xss.Budget.FillEUR()
	out = append(out, corpusPage{url: xssURL, municipality: "Пещера", sha: strings.Repeat("ab", 32),
		records: []dataset.Record{xss}})
	return out
}

// extractRecords runs the real extractor over the page.
func extractRecords(t testing.TB, root, page string, pg corpusPage) []dataset.Record {
	t.Helper()
	res, err := extract.Extract(pg.body, pg.url, "")
	if err != nil {
		t.Fatalf("extract %s: %v", page, err)
	}
	return res.Projects
}

// get fetches path from the fixture's server, with an optional cookie header.
func (f *webFixture) get(t testing.TB, path string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	if err != nil {
		t.Fatalf("new request %s: %v", path, err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return res, string(b)
}
