package dataset

import (
	"testing"
	"time"
)

func TestWithCoverage(t *testing.T) {
	at := time.Date(2026, 12, 7, 3, 0, 0, 0, time.UTC)
	stats := []MunicipalityStat{
		{Municipality: "Бяла", Projects: 1, BudgetEUR: 7}, // no code: a page of another site names it
		{Municipality: "Бяла", Ekatte: "RSE04", Projects: 3, BudgetEUR: 300},
		{Municipality: "Бяла", Ekatte: "VAR05", Projects: 2, BudgetEUR: 20.5},
		{Municipality: "Гр. Неизвестен", Projects: 1, BudgetEUR: 10}, // a name no entry has
		{Municipality: "Пещера", Projects: 2, BudgetEUR: 200.25},     // from before codes: its name is the one entry's
		{Municipality: "Пещера", Ekatte: "PAZ21", Projects: 10, BudgetEUR: 999.75},
		{Municipality: "Стара", Ekatte: "XXX99", Projects: 4, BudgetEUR: 1}, // a code the sites file no longer has
	}
	cov := []SiteStatus{
		{Ekatte: "PAZ21", Municipality: "Пещера", Province: "Пазарджик", Home: "https://www.peshtera.bg/", Verdict: SiteOK, LastCrawled: &at, PagesFetched: 40, Records: 14},
		{Ekatte: "VAR05", Municipality: "Бяла", Province: "Варна", Home: "https://www.byala.org/", Verdict: SiteUnreachable, LastCrawled: &at, Detail: "home page: dns"},
		{Ekatte: "RSE04", Municipality: "Бяла", Province: "Русе", Home: "https://www.byala.bg/", Verdict: SiteOK, LastCrawled: &at, Records: 3},
		{Ekatte: "SOF01", Municipality: "Антон", Province: "София", Home: "https://anton.bg/", Verdict: SiteNotCrawled},
	}
	rows := WithCoverage(stats, cov)
	want := []struct {
		name, code, status string
		projects           int
	}{
		{"Антон", "SOF01", SiteNotCrawled, 0},
		{"Бяла", "", "", 1}, // neither Бяла's: the name cannot say which
		{"Бяла", "RSE04", SiteOK, 3},
		{"Бяла", "VAR05", SiteUnreachable, 2},
		{"Гр. Неизвестен", "", "", 1},
		{"Пещера", "PAZ21", SiteOK, 12},
		{"Стара", "XXX99", "", 4},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows: %+v", len(rows), rows)
	}
	for i, w := range want {
		r := rows[i]
		status := ""
		if r.Site != nil {
			status = r.Site.Status
		}
		if r.Municipality != w.name || r.Ekatte != w.code || status != w.status || r.Projects != w.projects {
			t.Errorf("row %d: %s %s %s %d, want %+v", i, r.Municipality, r.Ekatte, status, r.Projects, w)
		}
	}
	if b := rows[3]; b.Province != "Варна" || b.BudgetEUR != 20.5 || b.Site.Home != "https://www.byala.org/" {
		t.Errorf("Бяла (Варна)'s row: %+v %+v", b, b.Site)
	}
	if p := rows[5]; p.Province != "Пазарджик" || p.Site.Home != "https://www.peshtera.bg/" || p.Site.RecordsFound != 14 ||
		p.Site.PagesFetched != 40 || !p.Site.LastCrawled.Equal(at) || p.BudgetEUR != 1200 {
		t.Errorf("Пещера's row: %+v %+v", p, p.Site)
	}
	c := CoverageCounts(rows)
	if c[SiteOK] != 2 || c[SiteUnreachable] != 1 || c[SiteNotCrawled] != 1 || len(c) != 3 {
		t.Errorf("counts %v", c)
	}
}
