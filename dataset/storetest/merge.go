package storetest

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

func testMergeThreePagesOneContract(t *testing.T, s Store) {
	steps := []struct {
		p    dataset.Page
		rec  dataset.Record
		want dataset.MergeResult
	}{
		{PageAt(URLListing, T0, "aa"), ListingRow(), dataset.MergeResult{Added: []string{"DIR-5112122-C014"}}},
		{PageAt(URLNews, T0.Add(time.Minute), "bb"), NewsItem(), dataset.MergeResult{Changed: []string{"DIR-5112122-C014"}}},
		{PageAt(URLNews2, T0.Add(2*time.Minute), "cc"), CompletionNews(), dataset.MergeResult{Changed: []string{"DIR-5112122-C014"}}},
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
	if want := []string{URLListing, URLNews2, URLNews}; !slices.Equal(urls, want) {
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
	if want := []string{"created " + URLListing, "changed " + URLNews, "changed " + URLNews2}; !slices.Equal(kinds, want) {
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

func testRecrawlChangedBudgetRecordsVersion(t *testing.T, s Store) {
	rec := ListingRow()
	if _, err := s.Merge(PageAt(URLListing, T0, "v1"), []dataset.Record{rec}); err != nil {
		t.Fatal(err)
	}
	gen1, _ := s.Generation()
	// The same page, fetched again unchanged: nothing new, nothing duplicated.
	res, err := s.Merge(PageAt(URLListing, T0, "v1"), []dataset.Record{rec})
	if err != nil {
		t.Fatal(err)
	}
	if gen2, _ := s.Generation(); gen2 != gen1 || len(res.Added)+len(res.Changed)+len(res.Removed) != 0 {
		t.Errorf("identical re-merge: generation %d→%d, result %+v", gen1, gen2, res)
	}
	// Re-crawled a day later with an annex: the budget changed.
	rec.Budget.Total = FP(8012000)
	res, err = s.Merge(PageAt(URLListing, T0.Add(24*time.Hour), "v2"), []dataset.Record{rec})
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
	if len(hist) != 2 || hist[1].Kind != "changed" || hist[1].SHA256 != "v2" || !hist[1].At.Equal(T0.Add(24*time.Hour)) {
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

func testConflictingDateWarnsNamingBothSources(t *testing.T, s Store) {
	a := ListingRow()
	a.Period.Start = "2011-08-16"
	b := NewsItem()
	b.Period.Start = "2011-09-01"
	if _, err := s.Merge(PageAt(URLListing, T0, "a"), []dataset.Record{a}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Merge(PageAt(URLNews, T0.Add(time.Hour), "b"), []dataset.Record{b}); err != nil {
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
	for _, part := range []string{"period.start", "2011-08-16", "2011-09-01", URLListing, URLNews} {
		if !strings.Contains(w, part) {
			t.Errorf("warning %q does not name %q", w, part)
		}
	}
	// The same warning as a code and parameters, for the page.
	want := dataset.NewWarning(dataset.WarnSourcesDisagree, "field", "period.start", "kind", dataset.ValueText,
		"kept", "2011-08-16", "kept_url", URLListing, "other", "2011-09-01", "other_url", URLNews)
	if len(r.WarningDetails) != 1 || !maps.Equal(r.WarningDetails[0].Params, want.Params) || r.WarningDetails[0].Code != want.Code {
		t.Errorf("warning_details = %+v, want [%+v]", r.WarningDetails, want)
	}
}

func testWithdrawnAndRestored(t *testing.T, s Store) {
	rec := ListingRow()
	other := NewsItem()
	other.ContractNumbers = []string{"11-31-14"}
	other.Title = "Ефективно управление на общинските ресурси"
	if _, err := s.Merge(PageAt(URLListing, T0, "a"), []dataset.Record{rec, other}); err != nil {
		t.Fatal(err)
	}
	// The listing is re-extracted without the first project.
	res, err := s.Merge(PageAt(URLListing, T0.Add(48*time.Hour), "b"), []dataset.Record{other})
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
	if _, err := s.Merge(PageAt(URLListing, T0.Add(72*time.Hour), "c"), []dataset.Record{rec, other}); err != nil {
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

func testPageGoneWithdrawsOnlyOrphans(t *testing.T, s Store) {
	if err := s.PutPage(PageAt(URLNews, T0, "b"), []byte("<html>news</html>")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Merge(PageAt(URLListing, T0, "a"), []dataset.Record{ListingRow()}); err != nil {
		t.Fatal(err)
	}
	solo := NewsItem()
	solo.ContractNumbers, solo.Title = []string{"13-13-24"}, "Въвеждане на ефективни механизми"
	if _, err := s.Merge(PageAt(URLNews, T0, "b"), []dataset.Record{NewsItem(), solo}); err != nil {
		t.Fatal(err)
	}
	res, err := s.PageGone(URLNews, T0.Add(24*time.Hour))
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
	p, ok, err := s.Page(URLNews)
	if err != nil || !ok || p.Gone == nil || len(p.RecordIDs) != 0 {
		t.Errorf("page = %+v, %v, %v; want marked gone with no records", p, ok, err)
	}
}

func testMatchByTitleWhenNoNumber(t *testing.T, s Store) {
	noNumber := NewsItem()
	noNumber.ContractNumbers = nil
	noNumber.ID = "abc123"
	noNumber.Title = "Проект „Изграждане на канализация в кв. Даме Груев, гр. Сливен“"
	if _, err := s.Merge(PageAt(URLNews, T0, "b"), []dataset.Record{noNumber}); err != nil {
		t.Fatal(err)
	}
	// The listing states the number: same programme, title and municipality → same project,
	// and the id given first stays.
	if _, err := s.Merge(PageAt(URLListing, T0, "a"), []dataset.Record{ListingRow()}); err != nil {
		t.Fatal(err)
	}
	// Another contract with the same title is a different project.
	twin := ListingRow()
	twin.ContractNumbers = []string{"DIR-5112122-C099"}
	if _, err := s.Merge(PageAt(URLNews2, T0, "c"), []dataset.Record{twin}); err != nil {
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
	if res, _ := s.Merge(PageAt(URLNews2, T0, "c"), []dataset.Record{ListingRow()}); len(res.Added) != 0 {
		t.Errorf("contract number did not match: %+v", res)
	}
}

func testCurrenciesCompareAtTheFixedRate(t *testing.T, s Store) {
	a := ListingRow()
	a.Budget = dataset.Budget{Total: FP(195583), Currency: "BGN"}
	b := NewsItem()
	b.Budget = dataset.Budget{Total: FP(100000), Grant: FP(90000), Currency: "EUR"}
	c := CompletionNews()
	c.Budget = dataset.Budget{Total: FP(120000), Currency: "EUR"}
	s.Merge(PageAt(URLListing, T0, "a"), []dataset.Record{a})
	s.Merge(PageAt(URLNews, T0, "b"), []dataset.Record{b})
	r, _ := s.Record(a.ID)
	if len(r.Warnings) != 0 || r.Budget.Currency != "BGN" || *r.Budget.Grant != 176024.7 || *r.Budget.TotalEUR != 100000 {
		t.Errorf("budget %+v warnings %q", r.Budget, r.Warnings)
	}
	s.Merge(PageAt(URLNews2, T0, "c"), []dataset.Record{c})
	r, _ = s.Record(a.ID)
	if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "120000 EUR") || !strings.Contains(r.Warnings[0], "195583 BGN") {
		t.Errorf("warnings %q, want budget.total 195583 BGN vs 120000 EUR", r.Warnings)
	}
	want := dataset.NewWarning(dataset.WarnSourcesDisagree, "field", "budget.total", "kind", dataset.ValueAmount,
		"kept", "195583", "kept_currency", "BGN", "kept_url", URLListing,
		"other", "120000", "other_currency", "EUR", "other_url", URLNews2)
	if len(r.WarningDetails) != 1 || !maps.Equal(r.WarningDetails[0].Params, want.Params) {
		t.Errorf("warning_details = %+v, want [%+v]", r.WarningDetails, want)
	}
}

// Evidence goes through the store: kept per field, its source filled with
// the page's hash, and read back with the record.
func testMergeKeepsEvidence(t *testing.T, s Store) {
	r := NewsItem()
	r.Evidence = map[string]dataset.Evidence{
		"budget.total":       {Snippet: "на стойност 7 890 514,22 лв.", Start: 120, End: 136},
		"contract_numbers.0": {Snippet: "по договор № DIR-5112122-C014", Start: 80, End: 96},
	}
	if _, err := s.Merge(PageAt(URLNews, T0, "bb"), []dataset.Record{r}); err != nil {
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

// testExtractorWarningsStructured: the extractor's sentences become codes
// with parameters, amounts in the currency of the record that states them.
func testExtractorWarningsStructured(t *testing.T, s Store) {
	a := ListingRow()
	a.Budget = dataset.Budget{Total: FP(100), Grant: FP(120), Currency: "EUR"}
	a.Warnings = []string{"budget: grant 120.00 is above the total 100.00", "a note of its own"}
	if _, err := s.Merge(PageAt(URLListing, T0, "a"), []dataset.Record{a}); err != nil {
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
