package storetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

func testPagesAndBodies(t *testing.T, s Store) {
	body := bytes.Repeat([]byte("<p>Проект „Обновяване“</p>\n"), 5000)
	p := dataset.Page{URL: "https://a.bg/x", FinalURL: "https://a.bg/x?y", Municipality: "Сливен", FetchedAt: T0,
		Status: 200, Header: map[string][]string{"Content-Type": {"text/html; charset=windows-1251"}},
		SHA256: "abc", Size: int64(len(body)), ETag: `"e1"`}
	if err := s.PutPage(p, body); err != nil {
		t.Fatal(err)
	}
	if err := s.PutPage(dataset.Page{URL: "https://a.bg/a", FetchedAt: T0}, nil); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Page(p.URL)
	if err != nil || !ok {
		t.Fatalf("Page = %v, %v", ok, err)
	}
	if got.FinalURL != p.FinalURL || got.Header["Content-Type"][0] != "text/html; charset=windows-1251" || got.ETag != `"e1"` || !got.FetchedAt.Equal(T0) {
		t.Errorf("page = %+v", got)
	}
	// The archive is keyed by the body's true hash, whatever the caller said.
	if got.SHA256 != SHA256(body) || got.Size != int64(len(body)) {
		t.Errorf("page sha256 %q size %d, want the body's %q and %d", got.SHA256, got.Size, SHA256(body), len(body))
	}
	b, err := s.Body(p.URL)
	if err != nil || !bytes.Equal(b, body) {
		t.Errorf("Body: %d bytes, %v; want %d", len(b), err, len(body))
	}
	if _, ok, _ := s.Page("https://a.bg/none"); ok {
		t.Error("unknown page found")
	}
	if _, err := s.Body("https://a.bg/none"); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("Body of unknown page: %v, want not_found", err)
	}
	var urls []string
	if err := s.EachPage(func(p dataset.Page) error { urls = append(urls, p.URL); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(urls, []string{"https://a.bg/a", "https://a.bg/x"}) {
		t.Errorf("EachPage = %q", urls)
	}
	if err := s.PutPage(dataset.Page{}, nil); dataset.ErrorCode(err) != dataset.EINVALID {
		t.Errorf("PutPage without URL: %v", err)
	}
}

func testCrawls(t *testing.T, s Store) {
	for i, id := range []string{"b", "a", "c"} {
		run := dataset.CrawlRun{ID: id, Started: T0.Add(time.Duration(i) * time.Hour), Status: "running", Trigger: "cli"}
		if err := s.PutCrawl(run); err != nil {
			t.Fatal(err)
		}
	}
	fin := T0.Add(90 * time.Minute)
	if err := s.PutCrawl(dataset.CrawlRun{ID: "a", Started: T0.Add(time.Hour), Finished: &fin, Status: "done",
		Totals: dataset.SiteRun{PagesFetched: 12}}); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Crawls(10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range runs {
		got = append(got, r.ID+"/"+r.Status)
	}
	if !slices.Equal(got, []string{"c/running", "a/done", "b/running"}) {
		t.Errorf("Crawls = %q", got)
	}
	if runs, _ := s.Crawls(1); len(runs) != 1 || runs[0].ID != "c" {
		t.Errorf("Crawls(1) = %+v", runs)
	}
	st, err := s.Stats()
	if err != nil || st.LastCrawl == nil || !st.LastCrawl.Equal(fin) {
		t.Errorf("Stats.LastCrawl = %v, %v; want %v", st.LastCrawl, err, fin)
	}
}

func testStatsAndMunicipalities(t *testing.T, s Store) {
	recs := []dataset.Record{
		{ContractNumbers: []string{"1"}, Title: "А", Municipality: "Сливен", Programme: "OPE", Period: dataset.Period{Start: "2012-01-01"},
			Budget: dataset.Budget{Total: FP(195583), Currency: "BGN"}},
		{ContractNumbers: []string{"2"}, Title: "Б", Municipality: "Сливен", Programme: "OPRD", Published: "2014-05-05",
			Budget: dataset.Budget{Total: FP(1000.5), Currency: "EUR"}},
		{ContractNumbers: []string{"3"}, Title: "В", Municipality: "Бургас", Programme: "OPE", Period: dataset.Period{Start: "2012-03-01"}},
	}
	if _, err := s.Merge(PageAt("https://sliven.bg/p", T0, "x"), recs); err != nil {
		t.Fatal(err)
	}
	m, err := s.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	want := []dataset.MunicipalityStat{{Municipality: "Бургас", Projects: 1, BudgetEUR: 0}, {Municipality: "Сливен", Projects: 2, BudgetEUR: 101000.5}}
	if !slices.Equal(m, want) {
		t.Errorf("Municipalities = %+v, want %+v", m, want)
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Projects != 3 || st.BudgetEUR != 101000.5 || st.Updated == nil || !st.Updated.Equal(T0) {
		t.Errorf("Stats = %+v", st)
	}
	if want := []dataset.GroupStat{{Key: "OPE", Projects: 2, BudgetEUR: 100000}, {Key: "OPRD", Projects: 1, BudgetEUR: 1000.5}}; !slices.Equal(st.ByProgramme, want) {
		t.Errorf("ByProgramme = %+v, want %+v", st.ByProgramme, want)
	}
	if want := []dataset.GroupStat{{Key: "2012", Projects: 2, BudgetEUR: 100000}, {Key: "2014", Projects: 1, BudgetEUR: 1000.5}}; !slices.Equal(st.ByYear, want) {
		t.Errorf("ByYear = %+v, want %+v", st.ByYear, want)
	}
	ms, err := s.MunicipalityStats("Сливен")
	if err != nil {
		t.Fatal(err)
	}
	if ms.Projects != 2 || ms.BudgetEUR != 101000.5 || ms.Updated == nil {
		t.Errorf("MunicipalityStats(Сливен) = %+v", ms)
	}
	if want := []dataset.GroupStat{{Key: "OPE", Projects: 1, BudgetEUR: 100000}, {Key: "OPRD", Projects: 1, BudgetEUR: 1000.5}}; !slices.Equal(ms.ByProgramme, want) {
		t.Errorf("Сливен ByProgramme = %+v, want %+v", ms.ByProgramme, want)
	}
	if want := []dataset.GroupStat{{Key: "2012", Projects: 1, BudgetEUR: 100000}, {Key: "2014", Projects: 1, BudgetEUR: 1000.5}}; !slices.Equal(ms.ByYear, want) {
		t.Errorf("Сливен ByYear = %+v, want %+v", ms.ByYear, want)
	}
	if _, err := s.MunicipalityStats("Никъде"); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("MunicipalityStats of a municipality with no projects: %v, want ENOTFOUND", err)
	}
	// Cached per generation: a new record shows at once.
	s.Merge(PageAt("https://burgas.bg/p", T0, "y"), []dataset.Record{{ContractNumbers: []string{"4"}, Title: "Г", Municipality: "Бургас",
		Budget: dataset.Budget{Total: FP(10), Currency: "EUR"}}})
	if m, _ := s.Municipalities(); m[0].Projects != 2 || m[0].BudgetEUR != 10 {
		t.Errorf("after a merge: %+v", m)
	}
	if ms, _ := s.MunicipalityStats("Бургас"); ms.Projects != 2 || len(ms.ByYear) != 2 {
		t.Errorf("Бургас after a merge: %+v", ms)
	}
}

func testDataPackageDescribesTheFullDownloads(t *testing.T, s Store) {
	s.PutPage(dataset.Page{URL: URLListing, Municipality: "Сливен", FetchedAt: T0}, []byte("x"))
	s.Merge(PageAt(URLListing, T0, "a"), []dataset.Record{ListingRow(), CompletionNews()})
	raw, err := s.DataPackage("http://example.org", nil)
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		Licenses  []struct{ Name string }
		Sources   []dataset.PackageSource
		Created   string
		Resources []struct {
			Name, Path, Hash string
			Bytes            int64
			Schema           *struct {
				Fields []struct{ Name, Type, Description string }
			}
		}
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Licenses) != 1 || pkg.Licenses[0].Name != "CC-BY-4.0" || pkg.Created != "2026-11-21T10:00:00Z" {
		t.Errorf("licences %+v created %q", pkg.Licenses, pkg.Created)
	}
	if len(pkg.Sources) != 1 || pkg.Sources[0].Path != "http://www.sliven.bg/" || !strings.Contains(pkg.Sources[0].Title, "Сливен") {
		t.Errorf("sources = %+v", pkg.Sources)
	}
	if len(pkg.Resources) != 3 {
		t.Fatalf("resources = %+v", pkg.Resources)
	}
	for i, format := range dataset.TextFormats.Names() {
		res := pkg.Resources[i]
		var buf bytes.Buffer
		enc, _ := dataset.NewEncoder(format, &buf)
		s.EachRecord(func(r dataset.Record) error { return enc.Encode(r) })
		enc.Close()
		sum := sha256.Sum256(buf.Bytes())
		if res.Path != "http://example.org/api/v1/projects."+format || res.Bytes != int64(buf.Len()) ||
			res.Hash != "sha256:"+hex.EncodeToString(sum[:]) {
			t.Errorf("%s: path %s bytes %d hash %s; the export is %d bytes", format, res.Path, res.Bytes, res.Hash, buf.Len())
		}
	}
	fields := pkg.Resources[0].Schema.Fields
	if len(fields) != len(dataset.Columns) || fields[11].Name != "budget_total" || fields[11].Type != "number" || fields[11].Description == "" {
		t.Errorf("schema fields = %+v", fields)
	}
}

// testPageHistory: every fetch whose body differs from the URL's previous
// one is a version; an unchanged re-fetch is none; bodies are found by hash,
// the same body under two URLs is kept once.
func testPageHistory(t *testing.T, s Store) {
	const u = "https://www.peshtera.bg/proekti/1"
	v1 := []byte("<html><p>Стойност: 100 лв.</p></html>")
	v2 := []byte("<html><p>Стойност: 120 лв.</p></html>")
	fetch := func(at time.Time, body []byte, status int) {
		t.Helper()
		p := dataset.Page{URL: u, FinalURL: u, FetchedAt: at, Status: status,
			Header: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}, "Etag": {at.String()}}}
		if err := s.PutPage(p, body); err != nil {
			t.Fatal(err)
		}
	}
	fetch(T0, v1, 200)
	fetch(T0.Add(time.Hour), v1, 200) // unchanged: no version
	fetch(T0.Add(2*time.Hour), v2, 200)
	fetch(T0.Add(3*time.Hour), v1, 200) // changed back: a version again
	vers, err := s.PageVersions(u)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vers {
		got = append(got, v.FetchedAt.Sub(T0).String()+" "+v.SHA256[:8])
	}
	want := []string{"0s " + SHA256(v1)[:8], "2h0m0s " + SHA256(v2)[:8], "3h0m0s " + SHA256(v1)[:8]}
	if !slices.Equal(got, want) {
		t.Errorf("versions = %q, want %q", got, want)
	}
	if vers[1].Header["Content-Type"][0] != "text/html; charset=utf-8" || vers[1].Status != 200 || vers[1].URL != u {
		t.Errorf("version metadata = %+v", vers[1])
	}
	if _, err := s.PageVersions("https://www.peshtera.bg/none"); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("versions of an unknown page: %v, want not_found", err)
	}
	// By hash: the latest fetch that had the body, and the body itself.
	p, err := s.PageByHash(SHA256(v1))
	if err != nil || p.URL != u || !p.FetchedAt.Equal(T0.Add(3*time.Hour)) {
		t.Errorf("PageByHash(v1) = %+v, %v; want the 3h fetch", p, err)
	}
	if b, err := s.BodyByHash(SHA256(v2)); err != nil || !bytes.Equal(b, v2) {
		t.Errorf("BodyByHash(v2) = %q, %v", b, err)
	}
	none := SHA256([]byte("nothing"))
	if _, err := s.PageByHash(none); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("PageByHash of an unknown body: %v", err)
	}
	if _, err := s.BodyByHash(none); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("BodyByHash of an unknown body: %v", err)
	}
	// The latest fetch's body is the URL's body.
	if b, err := s.Body(u); err != nil || !bytes.Equal(b, v1) {
		t.Errorf("Body = %q, %v", b, err)
	}
	// The same body at another URL: a version of that URL, one body kept.
	if err := s.PutPage(dataset.Page{URL: u + "?print=1", FetchedAt: T0, Status: 200}, v2); err != nil {
		t.Fatal(err)
	}
	var all []string
	err = s.EachPageVersion(func(p dataset.Page) error {
		all = append(all, p.URL+" "+p.SHA256[:8])
		return nil
	})
	if err != nil || len(all) != 4 || all[3] != u+"?print=1 "+SHA256(v2)[:8] {
		t.Errorf("EachPageVersion = %q, %v", all, err)
	}
	st, err := s.ArchiveStats()
	if err != nil || st.Versions != 4 || st.Bodies != 2 || st.RawBytes != int64(len(v1)+len(v2)) || st.StoredBytes <= 0 {
		t.Errorf("ArchiveStats = %+v, %v; want 4 versions, 2 bodies of %d bytes", st, err, len(v1)+len(v2))
	}
}

// testCommitArchivesAndMerges: a group commit archives the pages that ask
// for it and merges those that ask for it, the sources naming the body as
// archived.
func testCommitArchivesAndMerges(t *testing.T, s Store) {
	p1, p2 := PageAt(URLListing, T0, ""), PageAt(URLNews, T0, "bb")
	body := []byte("<html>listing</html>")
	ws := []*dataset.PageWrite{
		{Page: &p1, Body: body, Archive: true, Merge: true, Records: []dataset.Record{ListingRow()}},
		{Page: &p2, Merge: true, Records: []dataset.Record{NewsItem()}},
	}
	if err := s.Commit(ws); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ws[0].Result.Added, []string{"DIR-5112122-C014"}) || !slices.Equal(ws[1].Result.Changed, []string{"DIR-5112122-C014"}) {
		t.Errorf("results = %+v, %+v", ws[0].Result, ws[1].Result)
	}
	if b, err := s.Body(URLListing); err != nil || !bytes.Equal(b, body) {
		t.Errorf("archived body = %q, %v", b, err)
	}
	if _, err := s.Body(URLNews); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("a page committed without Archive was archived: %v", err)
	}
	r, _ := s.Record("DIR-5112122-C014")
	shas := map[string]string{}
	for _, src := range r.Sources {
		shas[src.URL] = src.SHA256
	}
	if shas[URLListing] != SHA256(body) || shas[URLNews] != "bb" {
		t.Errorf("sources' hashes = %v, want the archived body's for the listing", shas)
	}
	if h, _ := s.History(r.ID); len(h) == 0 || h[0].SHA256 != SHA256(body) {
		t.Errorf("the first version names %+v, want the archived body", h)
	}
}

// testExportAndEncodeRecord: Export writes every record, withdrawn ones
// too, the same bytes as encoding them; EncodeRecord one of them.
func testExportAndEncodeRecord(t *testing.T, s Store) {
	b := CompletionNews()
	b.ContractNumbers = []string{"X-1"}
	if _, err := s.Merge(PageAt(URLListing, T0, "a"), []dataset.Record{ListingRow(), b}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Merge(PageAt(URLListing, T0.Add(time.Hour), "b"), []dataset.Record{ListingRow()}); err != nil {
		t.Fatal(err)
	}
	for _, f := range dataset.TextFormats.Names() {
		var want, got bytes.Buffer
		enc, _ := dataset.NewEncoder(f, &want)
		s.EachRecord(func(r dataset.Record) error { return enc.Encode(r) })
		enc.Close()
		enc, _ = dataset.NewEncoder(f, &got)
		n, err := s.Export(context.Background(), enc)
		enc.Close()
		if err != nil || n != 2 || got.String() != want.String() {
			t.Errorf("%s export: %d records, %v:\n%s\nwant\n%s", f, n, err, got.String(), want.String())
		}
	}
	var buf bytes.Buffer
	enc := dataset.NewNDJSONEncoder(&buf)
	if err := s.EncodeRecord(enc, "X-1"); err != nil {
		t.Fatal(err)
	}
	enc.Close()
	var r dataset.Record
	if err := json.Unmarshal(buf.Bytes(), &r); err != nil || r.ID != "X-1" || r.Withdrawn != "2026-11-21" {
		t.Errorf("EncodeRecord(X-1) = %s, %v; want the withdrawn record", buf.String(), err)
	}
	if err := s.EncodeRecord(enc, "nope"); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("EncodeRecord(nope) = %v", err)
	}
}
