package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// loadProgramme loads contracts as one whole programme file.
func loadProgramme(t *testing.T, s *Store, id int, generated string, cs ...dataset.RegisterContract) {
	t.Helper()
	p := dataset.RegisterProgramme{ID: id, PeriodID: 1, Name: "ОП", URL: "https://register/p" + generated, GeneratedAt: generated, Projects: len(cs)}
	l, err := s.LoadRegister(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if err := l.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Commit(p, nil); err != nil {
		t.Fatal(err)
	}
}

func TestRegisterJoinRefreshAndDisclosure(t *testing.T) {
	s := openTest(t)
	levski := "България, Северна и югоизточна България (BG3), Северозападен (BG31), Плевен (BG314), Левски, гр.Левски"
	c1 := dataset.RegisterContract{Number: "BG16RFOP001-1.001-0001-C01", Name: "Реконструкция на улици в Левски", Beneficiary: "ОБЩИНА ЛЕВСКИ",
		BeneficiaryEIK: "000413640", Start: "2017-03-01", End: "2019-12-31", TotalEUR: fp(511291.88), Places: []string{levski}, Municipalities: []string{"Левски"}}
	c2 := dataset.RegisterContract{Number: "BG16RFOP001-1.001-0002-C01", Name: "Детска градина в Левски", Beneficiary: "Община Левски",
		BeneficiaryEIK: "000413640", TotalEUR: fp(100000)}
	c3 := dataset.RegisterContract{Number: "BG16RFOP002-2.001-0003-C01", Name: "Машини", Beneficiary: "АГРО ЕООД",
		BeneficiaryEIK: "1", TotalEUR: fp(50000), Places: []string{levski}, Municipalities: []string{"Левски"}}
	// The municipality under another name, found by its ЕИК.
	c4 := dataset.RegisterContract{Number: "BG16RFOP001-1.001-0004-C01", Name: "Парк", Beneficiary: "ОБЩИНСКА АДМИНИСТРАЦИЯ",
		BeneficiaryEIK: "000413640", TotalEUR: fp(10)}
	loadProgramme(t, s, 1, "2026-01-05", c1, c2, c3, c4)

	page := func(url string, r dataset.Record) {
		t.Helper()
		r.Municipality = "Левски"
		if _, err := s.Merge(dataset.Page{URL: url, FetchedAt: time.Now()}, []dataset.Record{r}); err != nil {
			t.Fatal(err)
		}
	}
	// c1 announced by its registration number, in leva, agreeing.
	page("https://levski.bg/1", dataset.Record{Title: "Реконструкция на улиците в гр. Левски", ContractNumbers: []string{"bg16rfop001-1.001-0001"},
		Beneficiary: "Община Левски", Budget: dataset.Budget{Total: fp(1000000), Currency: "BGN"}})
	// c2 announced with another total value.
	page("https://levski.bg/2", dataset.Record{Title: "Детска градина", ContractNumbers: []string{"BG16RFOP001-1.001-0002-C01"},
		Budget: dataset.Budget{Total: fp(250000.5), Currency: "EUR"}})
	// A number in the register's format the register does not have.
	page("https://levski.bg/9", dataset.Record{Title: "Друг проект", ContractNumbers: []string{"BG16RFOP001-1.001-0099-C01"}})

	r1, _ := s.Record("bg16rfop001-1.001-0001")
	if r1.Register == nil || r1.Register.Number != c1.Number || r1.Register.Match != "registration_number" ||
		len(r1.Register.Disagreements) != 0 || r1.RegisterMatch != dataset.RegisterMatched || r1.Register.FileDate != "2026-01-05" {
		t.Fatalf("record 1: %+v %+v", r1.Register, r1.Warnings)
	}
	r2, _ := s.Record("BG16RFOP001-1.001-0002-C01")
	if r2.Register == nil || len(r2.Register.Disagreements) != 1 || r2.Register.Disagreements[0].Field != "total_value" ||
		*r2.Budget.Total != 250000.5 || !strings.Contains(strings.Join(r2.Warnings, "\n"), "https://levski.bg/2") {
		t.Fatalf("record 2: %+v %q", r2.Register, r2.Warnings)
	}
	r9, _ := s.Record("BG16RFOP001-1.001-0099-C01")
	if r9.RegisterMatch != dataset.RegisterUnmatched || len(r9.RegisterUnmatched) != 1 {
		t.Fatalf("record 9: %q %v", r9.RegisterMatch, r9.RegisterUnmatched)
	}

	// A new file: c2's value now agrees, 0099 appears, c1 is gone.
	c2.TotalEUR = fp(250000.5)
	c9 := dataset.RegisterContract{Number: "BG16RFOP001-1.001-0099-C02", Name: "Друг проект", Beneficiary: "Община Левски", TotalEUR: fp(1)}
	loadProgramme(t, s, 1, "2026-02-01", c2, c3, c4, c9)
	changed, err := s.RefreshRegister(context.Background(), "https://register/")
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != 3 {
		t.Errorf("refresh rewrote %v, want the three records", changed)
	}
	r1, _ = s.Record("bg16rfop001-1.001-0001")
	r2, _ = s.Record("BG16RFOP001-1.001-0002-C01")
	r9, _ = s.Record("BG16RFOP001-1.001-0099-C01")
	if r1.Register != nil || r1.RegisterMatch != dataset.RegisterUnmatched || r2.Register == nil || len(r2.Register.Disagreements) != 0 ||
		r9.Register == nil || r9.Register.Match != "annex" {
		t.Fatalf("after refresh: %+v / %+v / %+v", r1.Register, r2.Register, r9.Register)
	}
	hist, _ := s.History(r2.ID)
	if last := hist[len(hist)-1]; last.Source != "https://register/" {
		t.Errorf("the refresh's version names %q", last.Source)
	}

	d, err := s.Disclosure("община левски", dataset.DisclosureQuery{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, row := range d.Contracts {
		got[row.Contract.Number] = row.Status + " " + strings.Join(row.Roles, ",")
	}
	want := map[string]string{
		c2.Number: "announced beneficiary", c3.Number: "not_announced place",
		c4.Number: "not_announced beneficiary", c9.Number: "announced beneficiary",
	}
	if len(got) != len(want) {
		t.Errorf("disclosure rows %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %q, want %q", k, got[k], v)
		}
	}
	if d.Beneficiary.Contracts != 3 || d.Beneficiary.NotAnnounced != 1 || d.Place.Contracts != 1 || d.Total.NotAnnouncedEUR != 50010 {
		t.Errorf("counts %+v %+v %+v", d.Beneficiary, d.Place, d.Total)
	}
	d, _ = s.Disclosure("Левски", dataset.DisclosureQuery{Status: dataset.DisclosureNotAnnounced, Role: dataset.RolePlace})
	if len(d.Contracts) != 1 || d.Contracts[0].Contract.Number != c3.Number {
		t.Errorf("filtered: %+v", d.Contracts)
	}
	if _, err := s.Disclosure("Нарния", dataset.DisclosureQuery{}); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("unknown municipality: %v", err)
	}
}

// TestDisclosureByCode: the register names municipalities by name; asked
// by code, a disclosure keeps the contracts of that one of the two Бяла
// by the province of their places (a beneficiary's contracts without a
// place by where its ЕИК's others are), and counts as announced only what
// that municipality's records announce.
func TestDisclosureByCode(t *testing.T) {
	s := openTest(t)
	ruse := "България, Северна и югоизточна България (BG3), Северен централен (BG32), Русе (BG323), Бяла, гр.Бяла"
	varna := "България, Северна и югоизточна България (BG3), Североизточен (BG33), Варна (BG331), Бяла, гр.Бяла"
	contract := func(n, beneficiary, eik string, places ...string) dataset.RegisterContract {
		c := dataset.RegisterContract{Number: "BG16RFOP001-1.001-000" + n + "-C01", Name: "Проект " + n, Beneficiary: beneficiary,
			BeneficiaryEIK: eik, TotalEUR: fp(1000), Places: places}
		for _, p := range places {
			c.Municipalities = append(c.Municipalities, dataset.PlaceMunicipality(p))
		}
		return c
	}
	r1 := contract("1", "Община Бяла", "111", ruse)
	r2 := contract("2", "ОБЩИНА БЯЛА", "111") // no place: the ЕИК's other contract is in Русе
	r3 := contract("3", "Фирма ЕООД", "333", ruse)
	v1 := contract("4", "Община Бяла", "444", varna)
	v2 := contract("5", "Община Бяла", "444")
	loadProgramme(t, s, 1, "2026-01-05", r1, r2, r3, v1, v2)
	for _, p := range []struct{ url, code, number string }{{"https://byala.bg/1", "RSE04", r1.Number}, {"https://byala.org/1", "VAR05", v1.Number}} {
		rec := dataset.Record{Title: "Проект", Municipality: "Бяла", MunicipalityCode: p.code, ContractNumbers: []string{p.number}}
		if _, err := s.Merge(dataset.Page{URL: p.url, Municipality: "Бяла", MunicipalityCode: p.code, FetchedAt: time.Now()}, []dataset.Record{rec}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.RefreshRegister(context.Background(), "https://register/"); err != nil {
		t.Fatal(err)
	}
	rows := func(key string) map[string]string {
		t.Helper()
		d, err := s.Disclosure(key, dataset.DisclosureQuery{})
		if err != nil {
			t.Fatalf("Disclosure(%s): %v", key, err)
		}
		got := map[string]string{}
		for _, row := range d.Contracts {
			got[row.Contract.Number[len("BG16RFOP001-1.001-000"):][:1]] = row.Status + " " + strings.Join(row.Roles, ",")
		}
		if d.Total.Contracts != len(got) || d.Municipality != "Бяла" {
			t.Errorf("%s: total %d for %d rows, municipality %q", key, d.Total.Contracts, len(got), d.Municipality)
		}
		return got
	}
	for key, want := range map[string]map[string]string{
		"RSE04": {"1": "announced beneficiary,place", "2": "not_announced beneficiary", "3": "not_announced place"},
		"VAR05": {"4": "announced beneficiary,place", "5": "not_announced beneficiary"},
		"Бяла": {"1": "announced beneficiary,place", "2": "not_announced beneficiary", "3": "not_announced place",
			"4": "announced beneficiary,place", "5": "not_announced beneficiary"},
	} {
		got := rows(key)
		if len(got) != len(want) {
			t.Errorf("%s: rows %v, want %v", key, got, want)
		}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s: contract %s: %q, want %q", key, k, got[k], v)
			}
		}
	}
	if _, err := s.Disclosure("SOF46", dataset.DisclosureQuery{}); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("a code without projects: %v, want ENOTFOUND", err)
	}
}
