package api

import (
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// TestWarningSentences says every kind of warning in both languages: each
// value formatted as the page formats it, and in words of the page's
// language, not the English sentence of the JSON.
func TestWarningSentences(t *testing.T) {
	sentences := []string{
		"budget: grant 1000.00 is above the total 900.50",
		"budget: own contribution 1200.00 is above the total 900.50",
		"budget: the grant is 80.00 % of the total, the page says 85.50 %",
		"period: ends 2013-01-01 before it starts 2014-02-03",
		"period: 9 months stated, the dates span 12",
		"period: 1 months stated, the dates span 12",
		"period: the page gives two end dates, 2015-06-30 and 2015-12-31",
		`title: sources disagree: "Ремонт на училище" (https://a.bg/1, kept: newest) vs "Ремонт" (https://b.bg/2)`,
		"budget.total: sources disagree: 79829.24 BGN (https://a.bg/1, kept: newest) vs 40816.04 EUR (https://b.bg/2)",
		"budget.cofinancing_rate: sources disagree: 85 (https://a.bg/1, kept: newest) vs 100 (https://b.bg/2)",
		"period.duration_months: sources disagree: 9 (https://a.bg/1, kept: newest) vs 12 (https://b.bg/2)",
		`period.start: sources disagree: "2011-08-16" (https://a.bg/1, kept: newest) vs "2011-09-01" (https://b.bg/2)`,
		"register: contract number BG16RFOP001-1.001-0099-C01 has the form of a register contract, but the register (ИСУН 2020) has no such contract",
		"register: contract number BG-RRP-4.026-0044-C02 is another register project than BG-RRP-4.026-0043-C01, to which the record is joined",
		"register: total value differs: the page says 1000.00 BGN (511.29 EUR) (https://a.bg/p); the register says 600.00 EUR (ИСУН 2020 contract BG-1-C01, file of 2026-11-02, https://r.bg/f.json)",
	}
	cs := newCatalogs()
	for _, s := range sentences {
		w := dataset.ParseWarning(s, "BGN")
		if w.Code == dataset.WarnText {
			t.Errorf("%q is not recognized", s)
			continue
		}
		for _, lang := range []string{langBG, langEN} {
			got := cs[lang].warning(w, "BGN")
			for _, part := range wantWarningParts(lang, w, "BGN") {
				if !strings.Contains(got, part) {
					t.Errorf("%s: %q does not say %q", lang, got, part)
				}
			}
			if got == s || strings.Contains(got, "%!") || strings.Contains(got, "warn.") {
				t.Errorf("%s: %q is not a sentence of the page", lang, got)
			}
			if lang == langBG && strings.Contains(got, " the ") {
				t.Errorf("bg: %q is in English", got)
			}
		}
	}
	// A note with no code is shown as it is.
	if got := cs[langBG].warning(dataset.ParseWarning("something odd", ""), ""); got != "something odd" {
		t.Errorf("a note with no code reads %q", got)
	}
}
