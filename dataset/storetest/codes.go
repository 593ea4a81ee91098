package storetest

import (
	"slices"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// testMunicipalitiesOfOneName: the two municipalities called Бяла (codes
// RSE04 and VAR05) each keep their own projects, even when both print one
// of the same title under the same programme without a contract number;
// the aggregates count them apart by code; a record stored before codes
// takes its code when its page is merged again, keeping its id.
func testMunicipalitiesOfOneName(t *testing.T, s Store) {
	street := func(code string, total float64) dataset.Record {
		return dataset.Record{Title: "Ремонт на улици", Programme: "OPRG", Municipality: "Бяла", MunicipalityCode: code,
			Budget: dataset.Budget{Total: FP(total), Currency: "EUR"}}
	}
	ruse, varna := "https://byala-ruse.test/p", "https://byala-varna.test/p"
	a, err := s.Merge(PageAt(ruse, T0, "r1"), []dataset.Record{street("RSE04", 100),
		{ContractNumbers: []string{"R-2"}, Title: "Детска градина", Municipality: "Бяла", MunicipalityCode: "RSE04",
			Budget: dataset.Budget{Total: FP(50), Currency: "EUR"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Merge(PageAt(varna, T0, "v1"), []dataset.Record{street("VAR05", 7)})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Added) != 2 || len(b.Added) != 1 || slices.Contains(a.Added, b.Added[0]) {
		t.Fatalf("merges added %v and %v: the Варна project must be one of its own", a.Added, b.Added)
	}
	// Merged again (a re-crawl), each page finds its own project.
	b2, err := s.Merge(PageAt(varna, T0.Add(24*3600e9), "v1"), []dataset.Record{street("VAR05", 7)})
	if err != nil {
		t.Fatal(err)
	}
	if len(b2.Added) != 0 || len(b2.Removed) != 0 {
		t.Errorf("re-merge of the Варна page: %+v, want no new and no removed project", b2)
	}
	if n, _ := s.Count(); n != 3 {
		t.Errorf("Count = %d, want 3", n)
	}
	rec, err := s.Record(b.Added[0])
	if err != nil || rec.MunicipalityCode != "VAR05" || *rec.Budget.Total != 7 {
		t.Errorf("Варна's project: %+v, %v", rec, err)
	}
	m, err := s.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	want := []dataset.MunicipalityStat{
		{Municipality: "Бяла", Ekatte: "RSE04", Projects: 2, BudgetEUR: 150},
		{Municipality: "Бяла", Ekatte: "VAR05", Projects: 1, BudgetEUR: 7},
	}
	if !slices.Equal(m, want) {
		t.Errorf("Municipalities = %+v, want %+v", m, want)
	}
	for code, n := range map[string]int{"RSE04": 2, "VAR05": 1} {
		if st, err := s.MunicipalityCodeStats(code); err != nil || st.Projects != n {
			t.Errorf("MunicipalityCodeStats(%s) = %+v, %v; want %d projects", code, st, err, n)
		}
	}
	if st, err := s.MunicipalityStats("Бяла"); err != nil || st.Projects != 3 || st.BudgetEUR != 157 {
		t.Errorf("MunicipalityStats(Бяла), both: %+v, %v", st, err)
	}
	if _, err := s.MunicipalityCodeStats("PAZ21"); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("MunicipalityCodeStats of a code without projects: %v, want ENOTFOUND", err)
	}

	// A record from before codes: merged again with its code, it keeps
	// its id and takes the code, a change in its history.
	old := "https://peshtera.test/p"
	c, err := s.Merge(PageAt(old, T0, "p1"), []dataset.Record{{Title: "Площад", Municipality: "Пещера"}})
	if err != nil || len(c.Added) != 1 {
		t.Fatalf("merge: %+v, %v", c, err)
	}
	c2, err := s.Merge(PageAt(old, T0.Add(48*3600e9), "p1"), []dataset.Record{{Title: "Площад", Municipality: "Пещера", MunicipalityCode: "PAZ21"}})
	if err != nil || len(c2.Added) != 0 || !slices.Equal(c2.Changed, c.Added) {
		t.Fatalf("merge with the code: %+v, %v; want %v changed", c2, err, c.Added)
	}
	if rec, _ := s.Record(c.Added[0]); rec.MunicipalityCode != "PAZ21" {
		t.Errorf("the old record's code: %q", rec.MunicipalityCode)
	}
	h, _ := s.History(c.Added[0])
	if len(h) != 2 || len(h[1].Changes) != 1 || h[1].Changes[0].Field != "municipality_code" || h[1].Changes[0].To != "PAZ21" {
		t.Errorf("history: %+v", h)
	}
}
