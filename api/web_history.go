package api

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
)

// versionView is one version of a record in its page's history.
type versionView struct {
	At      string
	Kind    string // created, changed, withdrawn, restored
	Source  string // the page whose crawl made the change, when a safe link
	Changes []changeView
	// Page is the archived page version whose fetch made the change, Diff
	// what changed on that page since its version before ("" when unknown).
	Page, Diff string
}

// changeView is one field's change, both sides formatted like the page
// formats the field.
type changeView struct {
	Field    string // the record's name of the field (budget.total …)
	Label    string
	From, To string
}

// historyViews formats the versions, oldest first. Amounts are in the
// currency the record had on each side of the change: the history is walked
// from the start, following budget.currency; fallback is the record's
// currency now.
func historyViews(c *catalog, hist []dataset.Version, fallback string) []versionView {
	out := make([]versionView, 0, len(hist))
	cur, known := "", false
	for _, ver := range hist {
		before := cur
		for _, ch := range ver.Changes {
			if ch.Field == "budget.currency" {
				s, _ := ch.To.(string)
				cur, known = s, true
			}
		}
		if !known {
			before, cur = fallback, fallback
		}
		vv := versionView{At: formatTime(c, ver.At), Kind: ver.Kind, Source: safeHref(ver.Source)}
		for _, ch := range ver.Changes {
			vv.Changes = append(vv.Changes, changeView{Field: ch.Field, Label: c.Field(ch.Field),
				From: historyValue(c, ch.Field, ch.From, before), To: historyValue(c, ch.Field, ch.To, cur)})
		}
		out = append(out, vv)
	}
	return out
}

// historyValue formats one side of a change as the page shows the field:
// amounts in the currency, dates, months, rates; lists joined; anything
// else as text, cut at 300 characters. nil (no value) is "—".
func historyValue(c *catalog, field string, v any, currency string) string {
	if v == nil {
		return "—"
	}
	var s string
	switch field {
	case "budget.total", "budget.grant", "budget.own_contribution", "budget.eu", "budget.national", "budget.own":
		s = formatMoney(c, number(v), currency)
	case "budget.total_eur", "budget.grant_eur", "budget.amount_eur":
		s = formatMoney(c, number(v), "EUR")
	case "budget.cofinancing_rate":
		s = formatPercent(c, number(v))
	case "period.duration_months":
		if n := number(v); n != nil && *n == float64(int(*n)) {
			s = formatMonths(c, int(*n))
		}
	case "period.start", "period.end", "published", "withdrawn":
		if d, ok := v.(string); ok {
			s = formatDate(c, d)
		}
	case "warnings":
		if list, ok := v.([]any); ok {
			parts := make([]string, 0, len(list))
			for _, x := range list {
				w, _ := x.(string)
				parts = append(parts, c.warning(dataset.ParseWarning(w, currency), currency))
			}
			s = strings.Join(parts, " · ")
		}
	}
	if s == "" {
		s = changeValue(v)
	}
	if utf8.RuneCountInString(s) > 300 {
		s = string([]rune(s)[:300]) + "…"
	}
	return s
}

// number reads a JSON number (or a numeric string); nil when it is none.
func number(v any) *float64 {
	switch x := v.(type) {
	case float64:
		return &x
	case int:
		f := float64(x)
		return &f
	case string:
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return &f
		}
	}
	return nil
}
