package store

import (
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func fp(v float64) *float64 { return &v }
func ip(v int) *int         { return &v }

func page(url string, at time.Time, sha string) dataset.Page {
	return dataset.Page{URL: url, FetchedAt: at, SHA256: sha, Status: 200}
}

var t0 = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// The contract DIR-5112122-C014 as three pages print it: a row of the
// listing testdata/corpus/pages/011.html, the news item 029.html, and a
// later news item on the completion of the works.
const (
	urlListing = "http://www.sliven.bg/index.php?option=proekti&task=list&period=2007-2013"
	urlNews    = "http://www.sliven.bg/index.php?option=news&task=view&id=1421"
	urlNews2   = "http://www.sliven.bg/index.php?option=news&task=view&id=1690"
)

func listingRow() dataset.Record {
	return dataset.Record{
		ID:              "DIR-5112122-C014",
		Title:           "Изграждане на канализация в кв. „Даме Груев“, гр. Сливен",
		ContractNumbers: []string{"DIR-5112122-C014"},
		ProcedureCodes:  []string{"BG161PO005/10/1.11/02/16"},
		Programme:       "OPE",
		Beneficiary:     "Община Сливен",
		Municipality:    "Сливен",
		Budget:          dataset.Budget{Total: fp(7890514.22), Currency: "BGN"},
	}
}

func newsItem() dataset.Record {
	return dataset.Record{
		Title:           "Изграждане на канализация в кв. „Даме Груев“, гр. Сливен",
		ContractNumbers: []string{"DIR-5112122-C014"},
		Programme:       "OPE",
		Beneficiary:     "Община Сливен",
		Municipality:    "Сливен",
		Budget:          dataset.Budget{Total: fp(7890514.22), Grant: fp(7495988.51), Currency: "BGN"},
		Activities: []string{"Изграждане на 14,2 км битово-фекална канализация", "Изграждане на 2 дъждопреливника",
			"Сградни канализационни отклонения за 1 150 имота", "Възстановяване на уличните настилки"},
		Contractors: []string{"ДЗЗД Канал Сливен", "Хидро Надзор ЕООД"},
		Published:   "2013-06-12",
		Sources:     []dataset.Source{{URL: urlNews, Title: "Започна изграждането на канализацията в кв. „Даме Груев“"}},
	}
}

func completionNews() dataset.Record {
	return dataset.Record{
		Title: "Изграждане на канализация в кв. „Даме Груев“, гр. Сливен",
		// Printed with a Cyrillic "С" in "С014" and spaces: still the same contract.
		ContractNumbers: []string{"DIR - 5112122 - С014"},
		Programme:       "OPE",
		Municipality:    "Сливен",
		Period:          dataset.Period{End: "2015-10-30"},
		Activities:      []string{"Възстановяване на уличните настилки", "Пускане в експлоатация"},
		Results:         []string{"Изградени 14,2 км канализация"},
		Published:       "2015-11-02",
	}
}

func TestMergeThreePagesOneContract(t *testing.T) {
	s := openTest(t)
	steps := []struct {
		p    dataset.Page
		rec  dataset.Record
		want dataset.MergeResult
	}{
		{page(urlListing, t0, "aa"), listingRow(), dataset.MergeResult{Added: []string{"DIR-5112122-C014"}}},
		{page(urlNews, t0.Add(time.Minute), "bb"), newsItem(), dataset.MergeResult{Changed: []string{"DIR-5112122-C014"}}},
		{page(urlNews2, t0.Add(2*time.Minute), "cc"), completionNews(), dataset.MergeResult{Changed: []string{"DIR-5112122-C014"}}},
	}
	for _, st := range steps {
		res, err := s.Merge(st.p, []dataset.Record{st.rec})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(res.Added, st.want.Added) || !slices.Equal(res.Changed, st.want.Changed) || len(res.Removed) != 0 {
			t.Errorf("merge %s = %+v, want %+v", st.p.URL, res, st.want)
		}
	}
	if n, _ := s.Count(); n != 1 {
		t.Fatalf("Count = %d, want 1", n)
	}
	r, err := s.Record("DIR-5112122-C014")
	if err != nil {
		t.Fatal(err)
	}
	// The listing is undated, so it speaks as of its fetch (2026): it ranks
	// first, then the 2015 and the 2013 news items.
	var urls []string
	for _, src := range r.Sources {
		urls = append(urls, src.URL)
	}
	if want := []string{urlListing, urlNews2, urlNews}; !slices.Equal(urls, want) {
		t.Errorf("sources = %v, want %v", urls, want)
	}
	if r.Sources[2].SHA256 != "bb" || r.Sources[2].FetchedAt != "2026-11-21T10:01:00Z" ||
		!strings.HasPrefix(r.Sources[2].Title, "Започна") || r.Sources[2].Published != "2013-06-12" {
		t.Errorf("news source = %+v", r.Sources[2])
	}
	if *r.Budget.Total != 7890514.22 || r.Budget.Grant == nil || *r.Budget.Grant != 7495988.51 || *r.Budget.TotalEUR != 4034355.86 {
		t.Errorf("budget = total %v grant %v eur %v", *r.Budget.Total, r.Budget.Grant, *r.Budget.TotalEUR)
	}
	if r.Published != "2015-11-02" || r.Period.End != "2015-10-30" || r.Beneficiary != "Община Сливен" {
		t.Errorf("published %q end %q beneficiary %q", r.Published, r.Period.End, r.Beneficiary)
	}
	wantAct := []string{"Възстановяване на уличните настилки", "Пускане в експлоатация",
		"Изграждане на 14,2 км битово-фекална канализация", "Изграждане на 2 дъждопреливника",
		"Сградни канализационни отклонения за 1 150 имота"}
	if !slices.Equal(r.Activities, wantAct) {
		t.Errorf("activities = %q\nwant %q", r.Activities, wantAct)
	}
	if !slices.Equal(r.ContractNumbers, []string{"DIR-5112122-C014"}) {
		t.Errorf("contract numbers = %q (the Cyrillic variant must fold into the Latin one)", r.ContractNumbers)
	}
	if len(r.Warnings) != 0 {
		t.Errorf("warnings = %q, want none: the pages agree", r.Warnings)
	}
	if r.FirstSeen != "2026-11-21T10:00:00Z" || r.Updated != "2026-11-21T10:02:00Z" {
		t.Errorf("first_seen %q updated %q", r.FirstSeen, r.Updated)
	}
	hist, err := s.History(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, v := range hist {
		kinds = append(kinds, v.Kind+" "+v.Source)
	}
	if want := []string{"created " + urlListing, "changed " + urlNews, "changed " + urlNews2}; !slices.Equal(kinds, want) {
		t.Errorf("history = %q, want %q", kinds, want)
	}
	if c := change(hist[1], "budget.grant"); c == nil || c.From != nil || c.To != 7495988.51 {
		t.Errorf("news version budget.grant change = %+v", c)
	}
}

func change(v dataset.Version, field string) *dataset.Change {
	for i := range v.Changes {
		if v.Changes[i].Field == field {
			return &v.Changes[i]
		}
	}
	return nil
}

func TestRecrawlChangedBudgetRecordsVersion(t *testing.T) {
	s := openTest(t)
	rec := listingRow()
	if _, err := s.Merge(page(urlListing, t0, "v1"), []dataset.Record{rec}); err != nil {
		t.Fatal(err)
	}
	gen1, _ := s.Generation()
	// The same page, fetched again unchanged: nothing new, nothing duplicated.
	res, err := s.Merge(page(urlListing, t0, "v1"), []dataset.Record{rec})
	if err != nil {
		t.Fatal(err)
	}
	if gen2, _ := s.Generation(); gen2 != gen1 || len(res.Added)+len(res.Changed)+len(res.Removed) != 0 {
		t.Errorf("identical re-merge: generation %d→%d, result %+v", gen1, gen2, res)
	}
	// Re-crawled a day later with an annex: the budget changed.
	rec.Budget.Total = fp(8012000)
	res, err = s.Merge(page(urlListing, t0.Add(24*time.Hour), "v2"), []dataset.Record{rec})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Changed, []string{rec.ID}) {
		t.Errorf("result = %+v, want changed %s", res, rec.ID)
	}
	got, _ := s.Record(rec.ID)
	if len(got.Sources) != 1 || got.Sources[0].SHA256 != "v2" || *got.Budget.Total != 8012000 || len(got.Warnings) != 0 {
		t.Errorf("record after re-crawl: sources %+v total %v warnings %q", got.Sources, *got.Budget.Total, got.Warnings)
	}
	hist, _ := s.History(rec.ID)
	if len(hist) != 2 || hist[1].Kind != "changed" || hist[1].SHA256 != "v2" || !hist[1].At.Equal(t0.Add(24*time.Hour)) {
		t.Fatalf("history = %+v", hist)
	}
	want := []dataset.Change{
		{Field: "budget.total", From: 7890514.22, To: 8012000.0},
		{Field: "budget.total_eur", From: 4034355.86, To: 4096470.55},
	}
	if len(hist[1].Changes) != 2 || hist[1].Changes[0] != want[0] || hist[1].Changes[1] != want[1] {
		t.Errorf("changes = %+v, want %+v", hist[1].Changes, want)
	}
}

func TestConflictingDateWarnsNamingBothSources(t *testing.T) {
	s := openTest(t)
	a := listingRow()
	a.Period.Start = "2011-08-16"
	b := newsItem()
	b.Period.Start = "2011-09-01"
	if _, err := s.Merge(page(urlListing, t0, "a"), []dataset.Record{a}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Merge(page(urlNews, t0.Add(time.Hour), "b"), []dataset.Record{b}); err != nil {
		t.Fatal(err)
	}
	r, _ := s.Record(a.ID)
	// The listing is undated (as of 2026-11-21), the news item dated 2013: the listing wins.
	if r.Period.Start != "2011-08-16" {
		t.Errorf("period.start = %q, want the newest source's 2011-08-16", r.Period.Start)
	}
	if len(r.Warnings) != 1 {
		t.Fatalf("warnings = %q, want one", r.Warnings)
	}
	w := r.Warnings[0]
	for _, part := range []string{"period.start", "2011-08-16", "2011-09-01", urlListing, urlNews} {
		if !strings.Contains(w, part) {
			t.Errorf("warning %q does not name %q", w, part)
		}
	}
	// The same warning as a code and parameters, for the page.
	want := dataset.NewWarning(dataset.WarnSourcesDisagree, "field", "period.start", "kind", dataset.ValueText,
		"kept", "2011-08-16", "kept_url", urlListing, "other", "2011-09-01", "other_url", urlNews)
	if len(r.WarningDetails) != 1 || !maps.Equal(r.WarningDetails[0].Params, want.Params) || r.WarningDetails[0].Code != want.Code {
		t.Errorf("warning_details = %+v, want [%+v]", r.WarningDetails, want)
	}
}

func TestWithdrawnAndRestored(t *testing.T) {
	s := openTest(t)
	rec := listingRow()
	other := newsItem()
	other.ContractNumbers = []string{"11-31-14"}
	other.Title = "Ефективно управление на общинските ресурси"
	if _, err := s.Merge(page(urlListing, t0, "a"), []dataset.Record{rec, other}); err != nil {
		t.Fatal(err)
	}
	// The listing is re-extracted without the first project.
	res, err := s.Merge(page(urlListing, t0.Add(48*time.Hour), "b"), []dataset.Record{other})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Removed, []string{rec.ID}) || !slices.Equal(res.Changed, []string{rec.ID}) {
		t.Errorf("result = %+v", res)
	}
	got, err := s.Record(rec.ID)
	if err != nil {
		t.Fatalf("a withdrawn record must stay: %v", err)
	}
	if got.Withdrawn != "2026-11-23" || *got.Budget.Total != 7890514.22 {
		t.Errorf("withdrawn = %q, total %v", got.Withdrawn, got.Budget.Total)
	}
	if m, _ := s.Municipalities(); len(m) != 1 || m[0].Projects != 1 {
		t.Errorf("municipalities = %+v, want only the live project", m)
	}
	if _, err := s.Merge(page(urlListing, t0.Add(72*time.Hour), "c"), []dataset.Record{rec, other}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.Record(rec.ID)
	hist, _ := s.History(rec.ID)
	var kinds []string
	for _, v := range hist {
		kinds = append(kinds, v.Kind)
	}
	if got.Withdrawn != "" || !slices.Equal(kinds, []string{"created", "withdrawn", "restored"}) {
		t.Errorf("withdrawn = %q, history %q", got.Withdrawn, kinds)
	}
	if c := change(hist[1], "withdrawn"); c == nil || c.To != "2026-11-23" {
		t.Errorf("withdrawn version = %+v", hist[1])
	}
	if n, _ := s.Count(); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
}

func TestPageGoneWithdrawsOnlyOrphans(t *testing.T) {
	s := openTest(t)
	if err := s.PutPage(page(urlNews, t0, "b"), []byte("<html>news</html>")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Merge(page(urlListing, t0, "a"), []dataset.Record{listingRow()}); err != nil {
		t.Fatal(err)
	}
	solo := newsItem()
	solo.ContractNumbers, solo.Title = []string{"13-13-24"}, "Въвеждане на ефективни механизми"
	if _, err := s.Merge(page(urlNews, t0, "b"), []dataset.Record{newsItem(), solo}); err != nil {
		t.Fatal(err)
	}
	res, err := s.PageGone(urlNews, t0.Add(24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(res.Removed)
	if want := []string{"13-13-24", "DIR-5112122-C014"}; !slices.Equal(res.Removed, want) {
		t.Errorf("removed = %q, want %q", res.Removed, want)
	}
	a, _ := s.Record("DIR-5112122-C014")
	b, _ := s.Record("13-13-24")
	if a.Withdrawn != "" || len(a.Sources) != 1 || a.Budget.Grant != nil {
		t.Errorf("the listing still yields DIR-5112122-C014: withdrawn %q sources %d grant %v", a.Withdrawn, len(a.Sources), a.Budget.Grant)
	}
	if b.Withdrawn != "2026-11-22" {
		t.Errorf("13-13-24 withdrawn = %q, want 2026-11-22", b.Withdrawn)
	}
	p, ok, err := s.Page(urlNews)
	if err != nil || !ok || p.Gone == nil || len(p.RecordIDs) != 0 {
		t.Errorf("page = %+v, %v, %v; want marked gone with no records", p, ok, err)
	}
}

func TestMatchByTitleWhenNoNumber(t *testing.T) {
	s := openTest(t)
	noNumber := newsItem()
	noNumber.ContractNumbers = nil
	noNumber.ID = "abc123"
	noNumber.Title = "Проект „Изграждане на канализация в кв. Даме Груев, гр. Сливен“"
	if _, err := s.Merge(page(urlNews, t0, "b"), []dataset.Record{noNumber}); err != nil {
		t.Fatal(err)
	}
	// The listing states the number: same programme, title and municipality → same project,
	// and the id given first stays.
	if _, err := s.Merge(page(urlListing, t0, "a"), []dataset.Record{listingRow()}); err != nil {
		t.Fatal(err)
	}
	// Another contract with the same title is a different project.
	twin := listingRow()
	twin.ContractNumbers = []string{"DIR-5112122-C099"}
	if _, err := s.Merge(page(urlNews2, t0, "c"), []dataset.Record{twin}); err != nil {
		t.Fatal(err)
	}
	var ids []string
	s.EachRecord(func(r dataset.Record) error {
		ids = append(ids, r.ID+":"+strings.Join(r.ContractNumbers, ","))
		return nil
	})
	if want := []string{"DIR-5112122-C099:DIR-5112122-C099", "abc123:DIR-5112122-C014"}; !slices.Equal(ids, want) {
		t.Errorf("records = %q, want %q", ids, want)
	}
	// Now the contract number finds the project directly.
	if res, _ := s.Merge(page(urlNews2, t0, "c"), []dataset.Record{listingRow()}); len(res.Added) != 0 {
		t.Errorf("contract number did not match: %+v", res)
	}
}

func TestCurrenciesCompareAtTheFixedRate(t *testing.T) {
	s := openTest(t)
	a := listingRow()
	a.Budget = dataset.Budget{Total: fp(195583), Currency: "BGN"}
	b := newsItem()
	b.Budget = dataset.Budget{Total: fp(100000), Grant: fp(90000), Currency: "EUR"}
	c := completionNews()
	c.Budget = dataset.Budget{Total: fp(120000), Currency: "EUR"}
	s.Merge(page(urlListing, t0, "a"), []dataset.Record{a})
	s.Merge(page(urlNews, t0, "b"), []dataset.Record{b})
	r, _ := s.Record(a.ID)
	if len(r.Warnings) != 0 || r.Budget.Currency != "BGN" || *r.Budget.Grant != 176024.7 || *r.Budget.TotalEUR != 100000 {
		t.Errorf("budget %+v warnings %q", r.Budget, r.Warnings)
	}
	s.Merge(page(urlNews2, t0, "c"), []dataset.Record{c})
	r, _ = s.Record(a.ID)
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "120000 EUR") || !strings.Contains(r.Warnings[0], "195583 BGN") {
		t.Errorf("warnings %q, want budget.total 195583 BGN vs 120000 EUR", r.Warnings)
	}
	want := dataset.NewWarning(dataset.WarnSourcesDisagree, "field", "budget.total", "kind", dataset.ValueAmount,
		"kept", "195583", "kept_currency", "BGN", "kept_url", urlListing,
		"other", "120000", "other_currency", "EUR", "other_url", urlNews2)
	if len(r.WarningDetails) != 1 || !maps.Equal(r.WarningDetails[0].Params, want.Params) {
		t.Errorf("warning_details = %+v, want [%+v]", r.WarningDetails, want)
	}
}

// TestExtractorWarningsStructured: the extractor's sentences become codes
// with parameters, amounts in the currency of the record that states them.
func TestExtractorWarningsStructured(t *testing.T) {
	s := openTest(t)
	a := listingRow()
	a.Budget = dataset.Budget{Total: fp(100), Grant: fp(120), Currency: "EUR"}
	a.Warnings = []string{"budget: grant 120.00 is above the total 100.00", "a note of its own"}
	if _, err := s.Merge(page(urlListing, t0, "a"), []dataset.Record{a}); err != nil {
		t.Fatal(err)
	}
	r, _ := s.Record(a.ID)
	if !slices.Equal(r.Warnings, a.Warnings) {
		t.Fatalf("warnings = %q, want the extractor's %q", r.Warnings, a.Warnings)
	}
	want := []dataset.Warning{
		dataset.NewWarning(dataset.WarnGrantAboveTotal, "grant", "120.00", "total", "100.00", "currency", "EUR"),
		dataset.NewWarning(dataset.WarnText, "text", "a note of its own"),
	}
	if len(r.WarningDetails) != 2 {
		t.Fatalf("warning_details = %+v", r.WarningDetails)
	}
	for i, w := range want {
		if got := r.WarningDetails[i]; got.Code != w.Code || !maps.Equal(got.Params, w.Params) {
			t.Errorf("warning_details[%d] = %+v, want %+v", i, got, w)
		}
	}
}

func TestMergeBatchIsAllOrNothing(t *testing.T) {
	s := openTest(t)
	batch := []PageRecords{
		{Page: page(urlListing, t0, "a"), Records: []dataset.Record{listingRow()}},
		{Page: dataset.Page{FetchedAt: t0}, Records: []dataset.Record{newsItem()}}, // no URL
	}
	if _, err := s.MergeBatch(batch); dataset.ErrorCode(err) != dataset.EINVALID {
		t.Fatalf("MergeBatch with a page without URL: %v", err)
	}
	if n, _ := s.Count(); n != 0 {
		t.Errorf("Count = %d after a failed batch, want 0", n)
	}
	if g, _ := s.Generation(); g != 0 {
		t.Errorf("Generation = %d after a failed batch", g)
	}
	res, err := s.MergeBatch(batch[:1])
	if err != nil || len(res) != 1 || !slices.Equal(res[0].Added, []string{"DIR-5112122-C014"}) {
		t.Errorf("MergeBatch = %+v, %v", res, err)
	}
	// A page that comes back after a 404 is no longer marked gone.
	s.PutPage(page(urlListing, t0, "a"), []byte("x"))
	s.PageGone(urlListing, t0.Add(time.Hour))
	s.PutPage(page(urlListing, t0.Add(2*time.Hour), "b"), []byte("y"))
	if p, _, _ := s.Page(urlListing); p.Gone != nil || p.SHA256 != "b" {
		t.Errorf("page after a fresh fetch: %+v", p)
	}
}

// TestCommitGroupsPages checks Commit, the crawler's group commit: state
// changes, archived pages and merges of several pages in one transaction,
// all or nothing.
func TestCommitGroupsPages(t *testing.T) {
	s := openTest(t)
	p1, p2 := page(urlListing, t0, "a"), page(urlNews, t0, "b")
	ws := []*dataset.PageWrite{
		{State: []dataset.StateOp{{Bucket: "seen", Key: urlListing, Value: []byte("0")}},
			Page: &p1, Body: []byte("<html>listing</html>"), Archive: true, Merge: true, Records: []dataset.Record{listingRow()}},
		{State: []dataset.StateOp{{Bucket: "seen", Key: urlNews, Value: []byte("1")}, {Bucket: "queue", Key: "001", Delete: true}},
			Page: &p2, Merge: true, Records: []dataset.Record{newsItem()}},
	}
	if err := s.Commit(ws); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ws[0].Result.Added, []string{"DIR-5112122-C014"}) || !slices.Equal(ws[1].Result.Changed, []string{"DIR-5112122-C014"}) {
		t.Errorf("results = %+v, %+v", ws[0].Result, ws[1].Result)
	}
	if b, err := s.Body(urlListing); err != nil || string(b) != "<html>listing</html>" {
		t.Errorf("archived body = %q, %v", b, err)
	}
	if _, err := s.Body(urlNews); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("a page committed without Archive was archived: %v", err)
	}
	if n, _ := s.State("seen").Len(); n != 2 {
		t.Errorf("seen has %d keys, want 2", n)
	}
	r, _ := s.Record("DIR-5112122-C014")
	if len(r.Sources) != 2 {
		t.Errorf("sources = %+v", r.Sources)
	}
	// One bad write fails the whole group.
	p3 := page(urlNews2, t0, "c")
	bad := []*dataset.PageWrite{
		{State: []dataset.StateOp{{Bucket: "seen", Key: urlNews2, Value: []byte("1")}}, Page: &p3, Merge: true, Records: []dataset.Record{completionNews()}},
		{State: []dataset.StateOp{{Bucket: "seen", Key: "", Value: []byte("1")}}},
	}
	if err := s.Commit(bad); err == nil {
		t.Fatal("a group with an empty state key committed")
	}
	if n, _ := s.State("seen").Len(); n != 2 {
		t.Errorf("seen has %d keys after a failed group, want 2", n)
	}
	if r, _ := s.Record("DIR-5112122-C014"); len(r.Sources) != 2 {
		t.Errorf("the failed group's merge stayed: %d sources", len(r.Sources))
	}
}

// Evidence goes through the store: kept per field, its source filled with
// the page's hash, and read back with the record.
func TestMergeKeepsEvidence(t *testing.T) {
	s := openTest(t)
	r := newsItem()
	r.Evidence = map[string]dataset.Evidence{
		"budget.total":       {Snippet: "на стойност 7 890 514,22 лв.", Start: 120, End: 136},
		"contract_numbers.0": {Snippet: "по договор № DIR-5112122-C014", Start: 80, End: 96},
	}
	if _, err := s.Merge(page(urlNews, t0, "bb"), []dataset.Record{r}); err != nil {
		t.Fatal(err)
	}
	got, err := s.Record("DIR-5112122-C014")
	if err != nil {
		t.Fatal(err)
	}
	want := dataset.Evidence{Source: "bb", Snippet: "на стойност 7 890 514,22 лв.", Start: 120, End: 136}
	if got.Evidence["budget.total"] != want || got.Evidence["contract_numbers.0"].Start != 80 || len(got.Evidence) != 2 {
		t.Errorf("evidence = %+v, want budget.total %+v and contract_numbers.0", got.Evidence, want)
	}
}
