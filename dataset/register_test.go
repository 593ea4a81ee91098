package dataset

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRegisterKey(t *testing.T) {
	for _, tc := range []struct {
		in, key, base, code string
		ok                  bool
	}{
		{"BG16RFOP001-1.001-0027-C01", "BG16RFOP001-1.001-0027-C01", "BG16RFOP001-1.001-0027", "BG16RFOP001", true},
		{"bg16rfop001-1.001-0027-c01", "BG16RFOP001-1.001-0027-C01", "BG16RFOP001-1.001-0027", "BG16RFOP001", true},
		{"№ BG16RFOP001 - 1.001 - 0027 - C02", "BG16RFOP001-1.001-0027-C02", "BG16RFOP001-1.001-0027", "BG16RFOP001", true},
		// Cyrillic В, Р, О, С typed for the Latin letters, an en dash.
		{"ВG16RFОP001-1.001-0027–С01", "BG16RFOP001-1.001-0027-C01", "BG16RFOP001-1.001-0027", "BG16RFOP001", true},
		{"BG16RFOP001-1.001-0027", "BG16RFOP001-1.001-0027", "BG16RFOP001-1.001-0027", "BG16RFOP001", true},
		{"BG05M9OP001-2.004-0012-C01", "BG05M9OP001-2.004-0012-C01", "BG05M9OP001-2.004-0012", "BG05M9OP001", true},
		{"BG-RRP-4.023-0034-C01", "BG-RRP-4.023-0034-C01", "BG-RRP-4.023-0034", "BG-RRP", true},
		{"BG16FFPR003-2.001-0005", "BG16FFPR003-2.001-0005", "BG16FFPR003-2.001-0005", "BG16FFPR003", true},
		// A procedure code, a 2007–2013 number and a national one are not register contracts.
		{"BG16RFOP001-1.001", "", "", "", false},
		{"BG161PO001/1.1-12/2011/025", "", "", "", false},
		{"13-13-24", "", "", "", false},
		{"РД-02-37-12", "", "", "", false},
		{"", "", "", "", false},
	} {
		key, base, code, ok := RegisterKey(tc.in)
		if key != tc.key || base != tc.base || code != tc.code || ok != tc.ok {
			t.Errorf("RegisterKey(%q) = %q, %q, %q, %v; want %q, %q, %q, %v", tc.in, key, base, code, ok, tc.key, tc.base, tc.code, tc.ok)
		}
	}
}

func TestPlaceMunicipality(t *testing.T) {
	for in, want := range map[string]string{
		"България, Северна и югоизточна България (BG3), Северозападен (BG31), Плевен (BG314), Левски, гр.Левски":     "Левски",
		"България, Северна и югоизточна България (BG3), Северозападен (BG31), Плевен (BG314), Плевен, гр.Плевен":     "Плевен",
		"България, Югозападна и южно-централна България (BG4), Югозападен (BG41), София (столица) (BG411), Столична": "Столична",
		"България, Северна и югоизточна България (BG3), Северозападен (BG31), Плевен (BG314)":                        "",
		"България, Северна и югоизточна България (BG3), Северозападен (BG31)":                                        "",
		"България": "",
		"":         "",
		"България, Югозападна и южно-централна България (BG4), Южен централен (BG42), Велико Търново (BG321), Община Велико  Търново, гр.Велико Търново": "Велико Търново",
	} {
		if got := PlaceMunicipality(in); got != want {
			t.Errorf("PlaceMunicipality(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPlaceNUTS3(t *testing.T) {
	for in, want := range map[string]string{
		"България, Северна и югоизточна България (BG3), Северен централен (BG32), Русе (BG323), Бяла, гр.Бяла":       "BG323",
		"България, Северна и югоизточна България (BG3), Североизточен (BG33), Варна (BG331), Бяла, с.Господиново":    "BG331",
		"България, Северна и югоизточна България (BG3), Северозападен (BG31), Плевен (BG314)":                        "BG314",
		"България, Югозападна и южно-централна България (BG4), Югозападен (BG41), София (столица) (BG411), Столична": "BG411",
		"България, Северна и югоизточна България (BG3), Северозападен (BG31)":                                        "",
		"България": "",
		"":         "",
	} {
		if got := PlaceNUTS3(in); got != want {
			t.Errorf("PlaceNUTS3(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBeneficiaryMunicipality(t *testing.T) {
	for in, want := range map[string]string{
		"Община Левски": "Левски", "ОБЩИНА ЛЕВСКИ": "ЛЕВСКИ", "Столична община": "Столична",
		"Община  Велико Търново": "Велико Търново", "ОУ Община": "", "Общинско предприятие Чистота": "",
		"Иван": "", "": "",
	} {
		if got := BeneficiaryMunicipality(in); got != want {
			t.Errorf("BeneficiaryMunicipality(%q) = %q, want %q", in, got, want)
		}
	}
	if MunicipalityKey("ОБЩИНА ВЕЛИКО ТЪРНОВО") != MunicipalityKey("Велико  Търново") {
		t.Error("MunicipalityKey does not fold case and spaces")
	}
}

func TestSameProjectTitle(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"Реконструкция на улици в гр. Левски", "Реконструкция и рехабилитация на улична мрежа в град Левски", true},
		{"Реконструкция на улици в гр. Левски", "РЕКОНСТРУКЦИЯ НА УЛИЦИ В ГР. ЛЕВСКИ", true},
		{"Енергийна ефективност на детска градина „Звездица“", "Внедряване на мерки за енергийна ефективност в ДГ „Звездица“", true},
		{"Реконструкция на улици в гр. Левски", "Енергийна ефективност на детска градина №3 в гр. Левски", false},
		{"Социални услуги за възрастни хора в домашна среда", "Изграждане на велоалея по поречието на река Осъм", false},
		{"Проект", "Изграждане на велоалея", true}, // too short to tell
	} {
		if got := SameProjectTitle(tc.a, tc.b); got != tc.same {
			t.Errorf("SameProjectTitle(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}

func TestRoundingUnit(t *testing.T) {
	for v, want := range map[float64]float64{
		1200000: 100000, 1234000: 1000, 1000000: 100000, 65410.72: 0.01, 79829: 1, 50: 1, 500: 10, 0: 1,
	} {
		if got := roundingUnit(v); got != want {
			t.Errorf("roundingUnit(%v) = %v, want %v", v, got, want)
		}
	}
}

func TestCompareRegister(t *testing.T) {
	c := RegisterContract{Number: "BG16RFOP001-1.001-0027-C01", Name: "Реконструкция и рехабилитация на улична мрежа в град Левски",
		Beneficiary: "ОБЩИНА ЛЕВСКИ", Start: "2017-03-01", End: "2019-12-31", TotalEUR: fptr(511291.88)}
	base := Record{Title: "Реконструкция на улици в гр. Левски", Beneficiary: "Община Левски",
		Budget: Budget{Total: fptr(1000000), Currency: "BGN"}, Period: Period{Start: "2017-03-01", End: "2019-12-31"}}
	src := FieldSources{Title: "https://p/t", Total: "https://p/b", Grant: "https://p/g", Beneficiary: "https://p/n", Start: "https://p/s", End: "https://p/e"}
	if d := CompareRegister(&base, &c, src); len(d) != 0 {
		t.Fatalf("the same project in leva disagrees: %+v", d)
	}
	for _, tc := range []struct {
		name   string
		change func(r *Record)
		field  string
	}{
		{"total beyond the rate", func(r *Record) { r.Budget.Total = fptr(1100000.55) }, "total_value"},
		{"total in euro", func(r *Record) { r.Budget = Budget{Total: fptr(520000.10), Currency: "EUR"} }, "total_value"},
		{"grant above the total", func(r *Record) { r.Budget = Budget{Grant: fptr(1200000.50), Currency: "BGN"} }, "grant"},
		{"another project", func(r *Record) {
			r.Title = "Енергийна ефективност на детска градина №3 в гр. Левски"
		}, "title"},
		{"another beneficiary", func(r *Record) { r.Beneficiary = "СНЦ Приятели на Левски" }, "beneficiary"},
		{"another start", func(r *Record) { r.Period.Start = "2017-04-01" }, "start"},
		{"another end", func(r *Record) { r.Period.End = "2020-06-30" }, "end"},
	} {
		r := base
		tc.change(&r)
		d := CompareRegister(&r, &c, src)
		if len(d) != 1 || d[0].Field != tc.field {
			t.Errorf("%s: disagreements %+v, want one on %s", tc.name, d, tc.field)
			continue
		}
		if d[0].Page == "" || d[0].Register == "" || !strings.HasPrefix(d[0].Source, "https://p/") {
			t.Errorf("%s: %+v does not name both values and the page", tc.name, d[0])
		}
	}
	// Within rounding and the rate: a grant-only figure below the total,
	// the exact euro figure, a rounded million.
	for _, b := range []Budget{{Grant: fptr(900000), Currency: "BGN"}, {Total: fptr(511291.88), Currency: "EUR"},
		{Total: fptr(1000000.00), Currency: "BGN"}, {Total: fptr(999999.99), Currency: "BGN"}} {
		r := base
		r.Budget = b
		if d := CompareRegister(&r, &c, src); len(d) != 0 {
			t.Errorf("budget %+v: disagreements %+v", b, d)
		}
	}
}

// registerMap is a RegisterIndex over a list, for the join's unit tests
// (the store's own index is tested in the store).
type registerMap []RegisterContract

func (m registerMap) Contracts(base string) ([]RegisterContract, error) {
	var out []RegisterContract
	for _, c := range m {
		if _, b, _, ok := RegisterKey(c.Number); ok && b == base {
			out = append(out, c)
		}
	}
	return out, nil
}

func (m registerMap) HasCode(code string) bool { return code == "BG16RFOP001" }

func TestJoinRegister(t *testing.T) {
	reg := registerMap{
		{Number: "BG16RFOP001-1.001-0027-C01", Name: "Улици в Левски", TotalEUR: fptr(100)},
		{Number: "BG16RFOP001-1.001-0027-C02", Name: "Улици в Левски", TotalEUR: fptr(100)},
		{Number: "BG16RFOP001-1.001-0028-C01", Name: "Парк в Левски"},
	}
	for _, tc := range []struct {
		numbers       []string
		match, number string
		kind          string
		unmatched     int
	}{
		{[]string{"BG16RFOP001-1.001-0027-C01"}, "matched", "BG16RFOP001-1.001-0027-C01", "exact", 0},
		{[]string{"bg16rfop001-1.001-0027 - c02"}, "matched", "BG16RFOP001-1.001-0027-C02", "exact", 0},
		{[]string{"BG16RFOP001-1.001-0027"}, "matched", "BG16RFOP001-1.001-0027-C02", "registration_number", 0},
		{[]string{"BG16RFOP001-1.001-0027-C03"}, "matched", "BG16RFOP001-1.001-0027-C02", "annex", 0},
		{[]string{"BG16RFOP001-1.001-0099-C01"}, "unmatched", "", "", 1},
		{[]string{"BG05M9OP001-1.001-0099-C01"}, "", "", "", 0}, // a programme not synced
		{[]string{"13-13-24", "BG16RFOP001-1.001-0028-C01", "BG16RFOP001-1.001-0099-C01"}, "matched", "BG16RFOP001-1.001-0028-C01", "exact", 1},
		// A prefix that is not the registration number does not match.
		{[]string{"BG16RFOP001-1.001-002"}, "", "", "", 0},
	} {
		r := Record{ContractNumbers: tc.numbers, Title: "Улици в Левски"}
		if err := JoinRegister(&r, reg, FieldSources{}); err != nil {
			t.Fatal(err)
		}
		got, kind := "", ""
		if r.Register != nil {
			got, kind = r.Register.Number, r.Register.Match
		}
		if r.RegisterMatch != tc.match || got != tc.number || kind != tc.kind || len(r.RegisterUnmatched) != tc.unmatched {
			t.Errorf("%v: match %q %q %q unmatched %v; want %q %q %q %d", tc.numbers, r.RegisterMatch, got, kind,
				r.RegisterUnmatched, tc.match, tc.number, tc.kind, tc.unmatched)
		}
	}
	r := Record{ContractNumbers: []string{"BG16RFOP001-1.001-0027-C01"}, Title: "Изграждане на велоалея по поречието на река Осъм",
		Budget: Budget{Total: fptr(500), Currency: "EUR"}}
	if err := JoinRegister(&r, reg, FieldSources{Title: "https://x/1", Total: "https://x/2"}); err != nil {
		t.Fatal(err)
	}
	if len(r.Register.Disagreements) != 2 || len(r.Warnings) != 2 {
		t.Fatalf("disagreements %+v, warnings %q", r.Register.Disagreements, r.Warnings)
	}
	for _, w := range r.Warnings {
		if !strings.Contains(w, "https://x/") || !strings.Contains(w, "BG16RFOP001-1.001-0027-C01") {
			t.Errorf("warning %q does not name both sources", w)
		}
	}
	if r.Budget.Total == nil || *r.Budget.Total != 500 || r.Title != "Изграждане на велоалея по поречието на река Осъм" {
		t.Error("the join changed the page's values")
	}
	if r.RegisterFacet() != RegisterFacetDisagreement {
		t.Errorf("facet %q", r.RegisterFacet())
	}
}

func FuzzRegisterKey(f *testing.F) {
	for _, s := range []string{"BG16RFOP001-1.001-0027-C01", "№ ВG16RFОP001 – 1.001-0027-С01", "BG-RRP-4.023-0034", "", "-C", "BG16RFOP001-1.001-0027-C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		key, base, code, ok := RegisterKey(s)
		if !ok {
			return
		}
		if !strings.HasPrefix(key, base) || !strings.HasPrefix(base, code) {
			t.Fatalf("RegisterKey(%q) = %q, %q, %q", s, key, base, code)
		}
		if k2, b2, _, ok2 := RegisterKey(key); !ok2 || k2 != key || b2 != base {
			t.Fatalf("not idempotent: %q → %q → %q", s, key, k2)
		}
		if _, b3, _, ok3 := RegisterKey(base); !ok3 || b3 != base {
			t.Fatalf("the base %q of %q is not its own base", base, s)
		}
		if CodeKey(key) != key || !utf8.ValidString(key) {
			t.Fatalf("CodeKey(%q) is not stable", key)
		}
	})
}

func FuzzPlaceMunicipality(f *testing.F) {
	f.Add("България, Северна и югоизточна България (BG3), Северозападен (BG31), Плевен (BG314), Левски, гр.Левски")
	f.Add("(BG), x")
	f.Add("a (BG12345), b")
	f.Fuzz(func(t *testing.T, s string) {
		m := PlaceMunicipality(s)
		if m != strings.TrimSpace(m) || strings.Contains(m, ",") {
			t.Fatalf("PlaceMunicipality(%q) = %q", s, m)
		}
		_ = BeneficiaryMunicipality(s)
		_ = SameProjectTitle(s, m)
		_ = SameName(s, m)
	})
}
