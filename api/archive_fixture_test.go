package api

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/archive"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/dataset/storetest"
	"github.com/opendata-bg/opendata/index"
)

// The archive fixture: one project page of Пещера fetched twice (the
// budget changed in between), its record merged with the evidence an
// extractor gives (read here from the real visible text), and a hostile
// page, all in a real store and index behind the real server.

const (
	archURL   = "https://www.peshtera.bg/proekti/remont-uchilishte"
	hostURL   = "https://www.peshtera.bg/proekti/hostile"
	archID    = "BG16RFOP001-1.001-0039-C01"
	archTitle = "Ремонт на СУ „Христо Ботев“"
)

var archT1 = time.Date(2026, 3, 2, 9, 30, 0, 0, time.UTC)

// archivePageV builds the project page as the site served it; version 2
// raises the total.
func archivePageV(version int) []byte {
	total := "2 147 385,60 лв."
	if version == 2 {
		total = "2 301 000,00 лв."
	}
	return fmt.Appendf(nil, `<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title>
<script>var tracker = 1;</script></head><body>
<nav><a href="/">Начало</a> <a href="/proekti">Проекти</a></nav>
<h1>%s</h1>
<p>Община Пещера изпълнява проект „%s“ по договор № %s по Оперативна програма „Региони в растеж“.</p>
<p>Общата стойност на проекта е %s, от които безвъзмездна финансова помощ 1 825 277,76 лв.</p>
<p>Срок за изпълнение: от 15.03.2024 г. до 15.09.2025 г.</p>
<img src="/img/school.jpg" alt="снимка">
</body></html>`, archTitle, archTitle, archTitle, archID, total)
}

type archiveFixture struct {
	store  *store.Store
	ts     *httptest.Server
	viewer archive.Viewer
	sha    [2]string // the project page's two versions
	rec    dataset.Record
}

// evidenceFor finds value in the page's visible text and returns the
// evidence an extractor gives for it: the line around it and its offsets.
func evidenceFor(t *testing.T, text, value string) dataset.Evidence {
	t.Helper()
	i := strings.Index(text, value)
	if i < 0 {
		t.Fatalf("%q is not in the visible text:\n%s", value, text)
	}
	lineStart := strings.LastIndex(text[:i], "\n") + 1
	lineEnd := len(text)
	if j := strings.Index(text[i:], "\n"); j >= 0 {
		lineEnd = i + j
	}
	start := len([]rune(text[:i]))
	return dataset.Evidence{Snippet: text[lineStart:lineEnd], Start: start, End: start + len([]rune(value))}
}

func newArchiveFixture(t *testing.T, extra ...func(*archiveFixture)) *archiveFixture {
	t.Helper()
	dir := t.TempDir()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(filepath.Join(dir, "store.db"), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	f := &archiveFixture{store: st}
	for v := 1; v <= 2; v++ {
		body := archivePageV(v)
		at := archT1.Add(time.Duration(v-1) * 30 * 24 * time.Hour)
		p := dataset.Page{URL: archURL, FinalURL: archURL, Municipality: "Пещера", FetchedAt: at, Status: 200,
			Header: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}, "Last-Modified": {at.Format(http.TimeFormat)}}}
		if err := st.PutPage(p, body); err != nil {
			t.Fatal(err)
		}
		f.sha[v-1] = storetest.SHA256(body)
		p.SHA256 = f.sha[v-1]
		text, err := f.viewer.VisibleText(body, archURL, "text/html; charset=utf-8")
		if err != nil {
			t.Fatal(err)
		}
		total := 2147385.60
		printed := "2 147 385,60 лв."
		if v == 2 {
			total, printed = 2301000, "2 301 000,00 лв."
		}
		rec := dataset.Record{Title: archTitle, ContractNumbers: []string{archID}, Programme: "OPRG",
			Beneficiary: "Община Пещера", Municipality: "Пещера",
			Budget: dataset.Budget{Total: &total, Grant: storetest.FP(1825277.76), Currency: "BGN"},
			Period: dataset.Period{Start: "2024-03-15", End: "2025-09-15"},
			Evidence: map[string]dataset.Evidence{
				"title":              evidenceFor(t, text, archTitle),
				"beneficiary":        evidenceFor(t, text, "Община Пещера"),
				"contract_numbers.0": evidenceFor(t, text, archID),
				"budget.total":       evidenceFor(t, text, printed),
				"budget.grant":       evidenceFor(t, text, "1 825 277,76 лв."),
				"period.start":       evidenceFor(t, text, "15.03.2024"),
				"period.end":         evidenceFor(t, text, "15.09.2025"),
			}}
		if _, err := st.Merge(p, []dataset.Record{rec}); err != nil {
			t.Fatal(err)
		}
	}
	for _, fn := range extra {
		fn(f)
	}
	if f.rec, err = st.Record(archID); err != nil {
		t.Fatal(err)
	}
	if err := ix.Put([]dataset.Record{f.rec}); err != nil {
		t.Fatal(err)
	}
	srv, err := New(Config{Store: st, Index: ix, Logger: logger, RateLimit: -1, Pages: archive.Viewer{}})
	if err != nil {
		t.Fatal(err)
	}
	f.ts = httptest.NewServer(srv)
	t.Cleanup(f.ts.Close)
	return f
}

// get fetches a path of the fixture's server; hdr is pairs of header name and value.
func (f *archiveFixture) get(t *testing.T, path string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := f.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
