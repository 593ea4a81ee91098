package api

import (
	"encoding/xml"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// changesFixture is a real store and index whose projects changed at
// different times: two added on day 0, one of them changed on day 1, one
// added on day 2, one withdrawn on day 3.
type changesFixture struct {
	webFixture
	t0, t1, t2, t3 time.Time
}

const (
	urlListing = "https://www.peshtera.bg/proekti/"
	urlNews    = "https://www.peshtera.bg/novini/2026/"
	urlSliven  = "https://www.sliven.bg/proekti/"
)

func newChangesFixture(t *testing.T) *changesFixture {
	t.Helper()
	dir := t.TempDir()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(filepath.Join(dir, "store.db"), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	day := 24 * time.Hour
	// Fetch times in Sofia's zone: the feed must write them in UTC.
	sofia := time.FixedZone("EET", 2*3600)
	f := &changesFixture{webFixture: webFixture{store: st}, t0: time.Date(2026, 11, 20, 9, 0, 0, 0, sofia)}
	f.t1, f.t2, f.t3 = f.t0.Add(day), f.t0.Add(2*day), f.t0.Add(3*day)
	rec := func(contract, title, muni string, total float64) dataset.Record {
		r := dataset.Record{ContractNumbers: []string{contract}, Title: title, Municipality: muni, Programme: "OPRG",
			Budget: dataset.Budget{Total: &total, Currency: "BGN"}, Period: dataset.Period{Start: "2025-03-01", End: "2026-09-30"}}
		r.Budget.FillEUR()
		return r
	}
	merge := func(u, muni string, at time.Time, recs ...dataset.Record) {
		t.Helper()
		p := dataset.Page{URL: u, FinalURL: u, Municipality: muni, FetchedAt: at, Status: 200, SHA256: at.Format(time.RFC3339) + u}
		if _, err := st.Merge(p, recs); err != nil {
			t.Fatalf("merge %s: %v", u, err)
		}
	}
	school := rec("BG16RFOP001-1.001-0039-C01", "Ремонт на училище „Христо Ботев“", "Пещера", 650000)
	park := rec("BG16RFOP001-1.001-0040-C01", "Обновяване на градския парк", "Пещера", 120000)
	merge(urlListing, "Пещера", f.t0, school, park)
	sliven := rec("BG16FFPR003-2.001-0137-C01", "Енергийна ефективност на детска градина", "Сливен", 980000)
	merge(urlSliven, "Сливен", f.t0, sliven)
	school.Budget.Total = ptr(712345.67)
	school.Budget.FillEUR()
	merge(urlListing, "Пещера", f.t1, school, park)
	merge(urlNews, "Пещера", f.t2, rec("BG16RFOP001-1.001-0041-C01", "Улично осветление", "Пещера", 45000.5))
	merge(urlSliven, "Сливен", f.t3)

	ix, err := index.Open(filepath.Join(dir, "index.bleve"), logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	f.index = ix
	var all []dataset.Record
	st.EachRecord(func(r dataset.Record) error { all = append(all, r); return nil })
	if err := ix.Put(all); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{Store: st, Index: ix, Logger: logger, RateLimit: -1, Formats: testFormats})
	if err != nil {
		t.Fatal(err)
	}
	f.srv = httptest.NewServer(s)
	t.Cleanup(f.srv.Close)
	return f
}

func ptr(v float64) *float64 { return &v }

// readFeed fetches and parses a feed.
func (f *changesFixture) readFeed(t *testing.T, path string) atomFeed {
	t.Helper()
	res, body := f.get(t, path)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != feedMediaType {
		t.Fatalf("%s: %d %s\n%.500s", path, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	var doc atomFeed
	if err := xml.Unmarshal([]byte(body), &doc); err != nil {
		t.Fatalf("%s: not Atom: %v", path, err)
	}
	if doc.XMLName.Space != "http://www.w3.org/2005/Atom" || doc.ID == "" || doc.Updated == "" {
		t.Errorf("%s: feed %v id %q updated %q", path, doc.XMLName, doc.ID, doc.Updated)
	}
	return doc
}

func entryIDs(doc atomFeed) []string {
	var out []string
	for _, e := range doc.Entries {
		u, _ := url.Parse(e.ID)
		id, _ := url.PathUnescape(strings.TrimPrefix(u.EscapedPath(), "/projects/"))
		out = append(out, id)
	}
	return out
}

const (
	school = "BG16RFOP001-1.001-0039-C01"
	park   = "BG16RFOP001-1.001-0040-C01"
	light  = "BG16RFOP001-1.001-0041-C01"
	sliven = "BG16FFPR003-2.001-0137-C01"
)

// TestFeed: the feed lists the selected projects, the last changed first,
// each saying what happened and when, with the change's values.
func TestFeed(t *testing.T) {
	f := newChangesFixture(t)
	utc := func(tm time.Time) string { return tm.UTC().Format(time.RFC3339) }

	doc := f.readFeed(t, "/api/v1/projects.atom")
	if got, want := entryIDs(doc), []string{sliven, light, school, park}; !slices.Equal(got, want) {
		t.Fatalf("entries %v; want the last changed first %v", got, want)
	}
	wantKind := []string{"Премахнат от сайта: ", "Нов: ", "Променен: ", "Нов: "}
	wantAt := []string{utc(f.t3), utc(f.t2), utc(f.t1), utc(f.t0)}
	for i, e := range doc.Entries {
		if !strings.HasPrefix(e.Title, wantKind[i]) || e.Updated != wantAt[i] || e.Published == "" {
			t.Errorf("entry %d: %q updated %s published %s; want %q… at %s", i, e.Title, e.Updated, e.Published, wantKind[i], wantAt[i])
		}
		if len(e.Links) == 0 || e.Links[0].Href != f.srv.URL+projectURL(entryIDs(doc)[i]) {
			t.Errorf("entry %d: links %+v", i, e.Links)
		}
	}
	if doc.Updated != utc(f.t3) {
		t.Errorf("feed updated %s; want the newest entry's %s", doc.Updated, utc(f.t3))
	}
	// The changed project's entry gives the change, formatted as its page does.
	changed := doc.Entries[2].Content.Body
	want := bgCatalog.Field("budget.total") + ": " + formatMoney(bgCatalog, ptr(650000), "BGN") + " → " + formatMoney(bgCatalog, ptr(712345.67), "BGN")
	if !strings.Contains(html.UnescapeString(changed), want) {
		t.Errorf("the changed entry's content lacks %q:\n%s", want, changed)
	}
	if !strings.Contains(doc.Entries[2].Summary.Body, formatMoney(bgCatalog, ptr(712345.67), "BGN")) {
		t.Errorf("summary %q lacks the amount", doc.Entries[2].Summary.Body)
	}

	// Any search: the same parameters select the entries.
	muni := "/api/v1/projects.atom?municipality=" + url.QueryEscape("Пещера")
	doc = f.readFeed(t, muni)
	if got := entryIDs(doc); !slices.Equal(got, []string{light, school, park}) {
		t.Errorf("municipality=Пещера: %v", got)
	}
	if doc.Links[0].Rel != "self" || doc.Links[0].Href != f.srv.URL+muni ||
		doc.Links[1].Href != f.srv.URL+"/?municipality="+url.QueryEscape("Пещера") || !strings.Contains(doc.Title, "Пещера") {
		t.Errorf("links %+v title %q", doc.Links, doc.Title)
	}
	if got := entryIDs(f.readFeed(t, "/api/v1/projects.atom?q="+url.QueryEscape("училище"))); !slices.Equal(got, []string{school}) {
		t.Errorf("q=училище: %v", got)
	}
	since := url.QueryEscape(f.t1.Format(time.RFC3339)) // with its +02:00 offset
	if got := entryIDs(f.readFeed(t, "/api/v1/projects.atom?updated_since="+since)); !slices.Equal(got, []string{sliven, light, school}) {
		t.Errorf("updated_since=%s: %v", f.t1.Format(time.RFC3339), got)
	}
	if got := entryIDs(f.readFeed(t, "/api/v1/projects.atom?per_page=2")); !slices.Equal(got, []string{sliven, light}) {
		t.Errorf("per_page=2: %v", got)
	}
	en := f.readFeed(t, "/api/v1/projects.atom?lang=en")
	if en.Lang != "en" || !strings.HasPrefix(en.Entries[2].Title, "Changed: ") {
		t.Errorf("lang=en: %s %q", en.Lang, en.Entries[2].Title)
	}

	// Conditional GET, and a client's mistake.
	res, _ := f.get(t, muni)
	if res2, _ := f.get(t, muni, "If-None-Match", res.Header.Get("ETag")); res2.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d; want 304", res2.StatusCode)
	}
	if res, body := f.get(t, "/api/v1/projects.atom?updated_since=yesterday"); res.StatusCode != http.StatusBadRequest ||
		!strings.Contains(body, "updated_since") {
		t.Errorf("updated_since=yesterday: %d %s", res.StatusCode, body)
	}
}

// TestFollowChangesInSearch: updated_since and sort=-updated in the API and
// on the page, and the page's link to the feed of what it lists.
func TestFollowChangesInSearch(t *testing.T) {
	f := newChangesFixture(t)
	res, body := f.get(t, "/api/v1/projects?sort=-updated")
	ans := decodeSearch(t, res, []byte(body))
	var got []string
	for _, r := range ans.Results {
		got = append(got, r.ID)
	}
	if !slices.Equal(got, []string{sliven, light, school, park}) {
		t.Errorf("sort=-updated: %v", got)
	}
	res, body = f.get(t, "/api/v1/projects?updated_since="+f.t2.UTC().Format(time.DateOnly))
	if ans := decodeSearch(t, res, []byte(body)); ans.Total != 2 {
		t.Errorf("updated_since=%s: %d results; want 2", f.t2.UTC().Format(time.DateOnly), ans.Total)
	}

	_, page := f.get(t, "/?municipality="+url.QueryEscape("Пещера")+"&updated_since="+f.t1.UTC().Format(time.DateOnly)+"&sort=-updated")
	feed := "/api/v1/projects.atom?municipality=" + url.QueryEscape("Пещера") + "&amp;updated_since=" + f.t1.UTC().Format(time.DateOnly)
	for _, want := range []string{
		`<link rel="alternate" type="application/atom+xml" title="` + bgCatalog.T("feed.title") + `" href="` + feed + `">`,
		`<a class="feed" href="` + feed + `" type="application/atom+xml"`,
		`<option value="-updated" selected>` + bgCatalog.T("sort.-updated") + `</option>`,
		`name="updated_since" value="` + f.t1.UTC().Format(time.DateOnly) + `"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	if n := len(hits(t, page)); n != 2 {
		t.Errorf("the page lists %d projects changed since day 1 in Пещера; want 2", n)
	}
}
