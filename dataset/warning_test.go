package dataset

import (
	"encoding/json"
	"maps"
	"testing"
)

func TestParseWarning(t *testing.T) {
	cases := []struct {
		s, currency string
		want        Warning
	}{
		{"budget: grant 1000.00 is above the total 900.50", "BGN",
			NewWarning(WarnGrantAboveTotal, "grant", "1000.00", "total", "900.50", "currency", "BGN")},
		{"budget: own contribution 12.00 is above the total 10.00", "",
			NewWarning(WarnOwnAboveTotal, "own", "12.00", "total", "10.00", "currency", "")},
		{"budget: the grant is 80.00 % of the total, the page says 85.00 %", "EUR",
			NewWarning(WarnRateMismatch, "computed", "80.00", "stated", "85.00")},
		{"period: ends 2013-01-01 before it starts 2014-02-03", "",
			NewWarning(WarnEndsBeforeStart, "end", "2013-01-01", "start", "2014-02-03")},
		{"period: 9 months stated, the dates span 12", "",
			NewWarning(WarnDurationMismatch, "stated", "9", "span", "12")},
		{"period: the page gives two end dates, 2015-06-30 and 2015-12-31", "",
			NewWarning(WarnTwoEndDates, "end", "2015-06-30", "other", "2015-12-31")},
		{`title: sources disagree: "Ремонт (етап 2)" (https://a.bg/p?id=1, kept: newest) vs "Ремонт \"А\"" (https://b.bg/x)`, "",
			NewWarning(WarnSourcesDisagree, "field", "title", "kind", ValueText, "kept", "Ремонт (етап 2)",
				"kept_url", "https://a.bg/p?id=1", "other", `Ремонт "А"`, "other_url", "https://b.bg/x")},
		{"budget.total: sources disagree: 79829.24 BGN (https://a.bg/1, kept: newest) vs 40816.04 EUR (https://b.bg/2)", "BGN",
			NewWarning(WarnSourcesDisagree, "field", "budget.total", "kind", ValueAmount, "kept", "79829.24",
				"kept_currency", "BGN", "kept_url", "https://a.bg/1", "other", "40816.04", "other_currency", "EUR",
				"other_url", "https://b.bg/2")},
		{"period.duration_months: sources disagree: 9 (https://a.bg/1, kept: newest) vs 12 (https://b.bg/2)", "",
			NewWarning(WarnSourcesDisagree, "field", "period.duration_months", "kind", ValueNumber, "kept", "9",
				"kept_url", "https://a.bg/1", "other", "12", "other_url", "https://b.bg/2")},
		{"register: contract number BG16RFOP001-1.001-0099-C01 has the form of a register contract, but the register (ИСУН 2020) has no such contract", "",
			NewWarning(WarnRegisterUnmatched, "number", "BG16RFOP001-1.001-0099-C01")},
		{"register: contract number BG-RRP-4.026-0044-C02 is another register project than BG-RRP-4.026-0043-C01, to which the record is joined", "",
			NewWarning(WarnRegisterOtherProject, "number", "BG-RRP-4.026-0044-C02", "joined", "BG-RRP-4.026-0043-C01")},
		{"register: total value differs: the page says 1000.00 BGN (511.29 EUR) (https://a.bg/p); the register says 600.00 EUR (ИСУН 2020 contract BG-1-C01, file of 2026-11-02, https://r.bg/f.json)", "",
			NewWarning(WarnRegisterDisagrees, "field", "total value", "page", "1000.00 BGN (511.29 EUR)", "page_url", "https://a.bg/p",
				"register", "600.00 EUR", "contract", "BG-1-C01", "file_date", "2026-11-02", "file_url", "https://r.bg/f.json")},
		{`register: title differs: the page says "Ремонт (етап 2)" (—); the register says "Ремонт" (ИСУН 2020 contract BG-1-C01, file of —, —)`, "",
			NewWarning(WarnRegisterDisagrees, "field", "title", "page", `"Ремонт (етап 2)"`, "page_url", "—",
				"register", `"Ремонт"`, "contract", "BG-1-C01", "file_date", "—", "file_url", "—")},
		// Not one of ours, or not written back exactly: kept whole.
		{"something odd on the page", "BGN", NewWarning(WarnText, "text", "something odd on the page")},
		{"budget: grant 1000 is above the total 900.50", "", NewWarning(WarnText, "text", "budget: grant 1000 is above the total 900.50")},
		{`title: sources disagree: "\x41" (u, kept: newest) vs "b" (v)`, "", NewWarning(WarnText, "text", `title: sources disagree: "\x41" (u, kept: newest) vs "b" (v)`)},
		{"", "", NewWarning(WarnText, "text", "")},
	}
	for _, c := range cases {
		got := ParseWarning(c.s, c.currency)
		if got.Code != c.want.Code || !maps.Equal(got.Params, c.want.Params) {
			t.Errorf("ParseWarning(%q)\n got %+v\nwant %+v", c.s, got, c.want)
		}
		if got.String() != c.s {
			t.Errorf("ParseWarning(%q).String() = %q", c.s, got.String())
		}
	}
}

// TestWarningString checks the English sentences of the store's warnings,
// written from their parameters.
func TestWarningString(t *testing.T) {
	w := NewWarning(WarnSourcesDisagree, "field", "budget.grant", "kind", ValueAmount, "kept", "10", "kept_url", "u1",
		"other", "20.5", "other_url", "u2", "kept_currency", "EUR", "other_currency", "BGN")
	if want := "budget.grant: sources disagree: 10 EUR (u1, kept: newest) vs 20.5 BGN (u2)"; w.String() != want {
		t.Errorf("String() = %q, want %q", w.String(), want)
	}
	w.Params["kept_currency"], w.Params["other_currency"] = "", ""
	if want := "budget.grant: sources disagree: 10 (u1, kept: newest) vs 20.5 (u2)"; w.String() != want {
		t.Errorf("String() = %q, want %q", w.String(), want)
	}
}

func TestRecordWarningDetails(t *testing.T) {
	r := Record{ID: "x", Warnings: []string{"period: 9 months stated, the dates span 12"}, Budget: Budget{Currency: "BGN"}}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if _, ok := m["warning_details"]; ok {
		t.Errorf("an extracted record (no details) has warning_details in its JSON: %s", b)
	}
	d := r.Details()
	if len(d) != 1 || d[0].Code != WarnDurationMismatch || d[0].Param("span") != "12" {
		t.Errorf("Details() = %+v", d)
	}
	r.WarningDetails = d
	b, _ = json.Marshal(r)
	var back Record
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.WarningDetails) != 1 || back.WarningDetails[0].Code != WarnDurationMismatch {
		t.Errorf("round trip: %+v", back.WarningDetails)
	}
	// A warning appended after Compile (the register join's) is parsed;
	// the compiled ones are kept.
	r.WarningDetails[0].Params["span"] = "12" // the same sentence
	r.Warnings = append(r.Warnings, "register: contract number X-1 has the form of a register contract, but the register (ИСУН 2020) has no such contract")
	d = r.Details()
	if len(d) != 2 || d[1].Code != WarnRegisterUnmatched || d[1].Param("number") != "X-1" {
		t.Errorf("Details() after an appended warning = %+v", d)
	}
	b, _ = json.Marshal(r)
	var m2 struct {
		Details []Warning `json:"warning_details"`
	}
	if err := json.Unmarshal(b, &m2); err != nil || len(m2.Details) != 2 {
		t.Errorf("the JSON's warning_details do not follow warnings one for one: %s", b)
	}
	r.Warnings, r.WarningDetails = nil, []Warning{}
	b, _ = json.Marshal(r)
	if err := json.Unmarshal(b, &m); err != nil || m["warning_details"] == nil {
		t.Errorf("a compiled record with no warnings: want warning_details [], got %s", b)
	}
}

// FuzzParseWarning: any text maps to a warning that writes it back.
func FuzzParseWarning(f *testing.F) {
	for _, s := range []string{"budget: grant 1.00 is above the total 0.50", "period: 1 months stated, the dates span 2",
		`x: sources disagree: "a" (u, kept: newest) vs "b" (v)`, "budget.total: sources disagree: 1 BGN (u, kept: newest) vs 2 (v)"} {
		f.Add(s, "BGN")
	}
	f.Fuzz(func(t *testing.T, s, currency string) {
		w := ParseWarning(s, currency)
		if w.String() != s {
			t.Fatalf("ParseWarning(%q).String() = %q", s, w.String())
		}
	})
}
