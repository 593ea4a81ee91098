package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

func TestPagesAndBodies(t *testing.T) {
	s := openTest(t)
	body := bytes.Repeat([]byte("<p>Проект „Обновяване“</p>\n"), 5000)
	p := dataset.Page{URL: "https://a.bg/x", FinalURL: "https://a.bg/x?y", Municipality: "Сливен", FetchedAt: t0,
		Status: 200, Header: map[string][]string{"Content-Type": {"text/html; charset=windows-1251"}},
		SHA256: "abc", Size: int64(len(body)), ETag: `"e1"`}
	if err := s.PutPage(p, body); err != nil {
		t.Fatal(err)
	}
	if err := s.PutPage(dataset.Page{URL: "https://a.bg/a", FetchedAt: t0}, nil); err != nil {
		t.Fatal(err)
	}
	got, ok, err := s.Page(p.URL)
	if err != nil || !ok {
		t.Fatalf("Page = %v, %v", ok, err)
	}
	if got.FinalURL != p.FinalURL || got.Header["Content-Type"][0] != "text/html; charset=windows-1251" || got.ETag != `"e1"` || !got.FetchedAt.Equal(t0) {
		t.Errorf("page = %+v", got)
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

func TestWalkSpansChunksAndStops(t *testing.T) {
	s := openTest(t)
	const n = walkChunk*2 + 7
	var batch []PageRecords
	for i := range n {
		r := listingRow()
		r.ContractNumbers = []string{fmt.Sprintf("C-%04d", i)}
		batch = append(batch, PageRecords{Page: page(fmt.Sprintf("https://a.bg/%d", i), t0, "x"), Records: []dataset.Record{r}})
	}
	if _, err := s.MergeBatch(batch); err != nil {
		t.Fatal(err)
	}
	var ids []string
	if err := s.EachRecord(func(r dataset.Record) error { ids = append(ids, r.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(ids) != n || ids[0] != "C-0000" || ids[n-1] != fmt.Sprintf("C-%04d", n-1) || !slices.IsSorted(ids) {
		t.Errorf("EachRecord gave %d ids (%v … %v), want %d in order", len(ids), ids[0], ids[len(ids)-1], n)
	}
	stop := errors.New("stop")
	seen := 0
	err := s.EachRecord(func(dataset.Record) error {
		seen++
		if seen == walkChunk+3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || seen != walkChunk+3 {
		t.Errorf("stopped walk: err %v after %d", err, seen)
	}
	if c, _ := s.Count(); c != n {
		t.Errorf("Count = %d, want %d", c, n)
	}
}

func TestCrawls(t *testing.T) {
	s := openTest(t)
	for i, id := range []string{"b", "a", "c"} {
		run := dataset.CrawlRun{ID: id, Started: t0.Add(time.Duration(i) * time.Hour), Status: "running", Trigger: "cli"}
		if err := s.PutCrawl(run); err != nil {
			t.Fatal(err)
		}
	}
	fin := t0.Add(90 * time.Minute)
	if err := s.PutCrawl(dataset.CrawlRun{ID: "a", Started: t0.Add(time.Hour), Finished: &fin, Status: "done",
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

func TestState(t *testing.T) {
	s := openTest(t)
	st := s.State("visited")
	if n, err := st.Len(); n != 0 || err != nil {
		t.Errorf("empty Len = %d, %v", n, err)
	}
	if _, ok, err := st.Get("x"); ok || err != nil {
		t.Errorf("Get on empty = %v, %v", ok, err)
	}
	for _, k := range []string{"https://b.bg/", "https://a.bg/", "https://c.bg/"} {
		if err := st.Put(k, []byte("1")); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.State("queue").Put("https://a.bg/", []byte("q")); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete("https://c.bg/"); err != nil {
		t.Fatal(err)
	}
	var keys []string
	err := st.Each(func(k string, v []byte) error {
		keys = append(keys, k+"="+string(v))
		return st.Put("https://z.bg/"+k, nil) // writing during the walk must not deadlock
	})
	if err != nil || !slices.Equal(keys, []string{"https://a.bg/=1", "https://b.bg/=1"}) {
		t.Errorf("Each = %q, %v", keys, err)
	}
	for _, c := range []struct {
		skip    func(string) bool
		key     string
		val     string
		present bool
	}{
		{nil, "https://a.bg/", "1", true},
		{func(k string) bool { return k == "https://a.bg/" }, "https://b.bg/", "1", true},
		{func(k string) bool { return true }, "", "", false},
	} {
		k, v, ok, err := st.First(c.skip)
		if err != nil || k != c.key || string(v) != c.val || ok != c.present {
			t.Errorf("First = %q %q %v %v, want %q %q %v", k, v, ok, err, c.key, c.val, c.present)
		}
	}
	if _, _, ok, err := s.State("never-written").First(nil); ok || err != nil {
		t.Errorf("First of a bucket never written = %v, %v", ok, err)
	}
	if v, ok, _ := s.State("queue").Get("https://a.bg/"); !ok || string(v) != "q" {
		t.Errorf("other state bucket: %q %v", v, ok)
	}
	if err := st.Clear(); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Len(); n != 0 {
		t.Errorf("Len after Clear = %d", n)
	}
	if n, _ := s.State("queue").Len(); n != 1 {
		t.Errorf("Clear touched another bucket: Len = %d", n)
	}
}

func TestStatsAndMunicipalities(t *testing.T) {
	s := openTest(t)
	recs := []dataset.Record{
		{ContractNumbers: []string{"1"}, Title: "А", Municipality: "Сливен", Programme: "OPE", Period: dataset.Period{Start: "2012-01-01"},
			Budget: dataset.Budget{Total: fp(195583), Currency: "BGN"}},
		{ContractNumbers: []string{"2"}, Title: "Б", Municipality: "Сливен", Programme: "OPRD", Published: "2014-05-05",
			Budget: dataset.Budget{Total: fp(1000.5), Currency: "EUR"}},
		{ContractNumbers: []string{"3"}, Title: "В", Municipality: "Бургас", Programme: "OPE", Period: dataset.Period{Start: "2012-03-01"}},
	}
	if _, err := s.Merge(page("https://sliven.bg/p", t0, "x"), recs); err != nil {
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
	if st.Projects != 3 || st.BudgetEUR != 101000.5 || st.Updated == nil || !st.Updated.Equal(t0) {
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
	s.Merge(page("https://burgas.bg/p", t0, "y"), []dataset.Record{{ContractNumbers: []string{"4"}, Title: "Г", Municipality: "Бургас",
		Budget: dataset.Budget{Total: fp(10), Currency: "EUR"}}})
	if m, _ := s.Municipalities(); m[0].Projects != 2 || m[0].BudgetEUR != 10 {
		t.Errorf("after a merge: %+v", m)
	}
	if ms, _ := s.MunicipalityStats("Бургас"); ms.Projects != 2 || len(ms.ByYear) != 2 {
		t.Errorf("Бургас after a merge: %+v", ms)
	}
}

func TestDataPackageDescribesTheFullDownloads(t *testing.T) {
	s := openTest(t)
	s.PutPage(dataset.Page{URL: urlListing, Municipality: "Сливен", FetchedAt: t0}, []byte("x"))
	s.Merge(page(urlListing, t0, "a"), []dataset.Record{listingRow(), completionNews()})
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

// TestExportStreamsStoredEncodings checks that streaming the stored
// encodings writes the same bytes as decoding and encoding every record,
// and that a store whose encodings a different program made is rewritten.
func TestExportStreamsStoredEncodings(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.db")
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := listingRow(), completionNews()
	b.Title = "=HYPERLINK(\"http://evil\")"
	b.ContractNumbers = []string{"X-1"}
	s.Merge(page(urlListing, t0, "a"), []dataset.Record{a, b, newsItem()})
	export := func(s *Store, raw bool) map[string]string {
		out := map[string]string{}
		for _, f := range dataset.TextFormats.Names() {
			var buf bytes.Buffer
			enc, _ := dataset.NewEncoder(f, &buf)
			var err error
			if raw {
				_, err = s.Export(context.Background(), enc)
			} else {
				err = s.EachRecord(func(r dataset.Record) error { return enc.Encode(r) })
			}
			if err != nil || enc.Close() != nil {
				t.Fatal(err)
			}
			out[f] = buf.String()
		}
		return out
	}
	want := export(s, false)
	if got := export(s, true); !maps.Equal(got, want) {
		t.Errorf("stored encodings differ from encoding the records:\n%q\n%q", got, want)
	}
	if !strings.Contains(want[dataset.FormatCSV], "'=HYPERLINK") {
		t.Errorf("CSV: %s", want[dataset.FormatCSV])
	}
	// An older program's encodings: a stale fingerprint and a stale row.
	s.db.Update(func(tx *bolt.Tx) error {
		tx.Bucket(bucketMeta).Put(metaEncoding, []byte("old"))
		return tx.Bucket(bucketRows).Put([]byte("X-1"), []byte("stale\r\n"))
	})
	s.Close()
	s, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := export(s, true); !maps.Equal(got, want) || !s.rawOK.Load() {
		t.Errorf("after reopening (streaming stored encodings: %v):\n%q", s.rawOK.Load(), got[dataset.FormatCSV])
	}
	s.db.View(func(tx *bolt.Tx) error {
		if row := string(tx.Bucket(bucketRows).Get([]byte("X-1"))); !strings.Contains(row, "'=HYPERLINK") {
			t.Errorf("the stale row was not rewritten: %q", row)
		}
		return nil
	})
	var buf bytes.Buffer
	enc := dataset.NewNDJSONEncoder(&buf)
	if err := s.EncodeRecord(enc, "X-1"); err != nil {
		t.Fatal(err)
	}
	enc.Close()
	if !strings.Contains(want[dataset.FormatNDJSON], buf.String()) || !strings.Contains(buf.String(), `"id":"X-1"`) {
		t.Errorf("EncodeRecord = %q", buf.String())
	}
	if err := s.EncodeRecord(enc, "nope"); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("EncodeRecord(nope) = %v", err)
	}
}
