package api

import (
	"strconv"

	"github.com/opendata-bg/opendata/dataset"
)

// warningParam is one parameter of a warning and how the page writes it.
type warningParam struct {
	name string
	kind string // amount, percent, date, months, text
}

// warningParams are the parameters of each code in the order its
// sentences ("warn.CODE" in the catalogs) use them.
var warningParams = map[string][]warningParam{
	dataset.WarnGrantAboveTotal:  {{"grant", "amount"}, {"total", "amount"}},
	dataset.WarnOwnAboveTotal:    {{"own", "amount"}, {"total", "amount"}},
	dataset.WarnRateMismatch:     {{"computed", "percent"}, {"stated", "percent"}},
	dataset.WarnEndsBeforeStart:  {{"end", "date"}, {"start", "date"}},
	dataset.WarnDurationMismatch: {{"stated", "months"}, {"span", "months"}},
	dataset.WarnTwoEndDates:      {{"end", "date"}, {"other", "date"}},
}

// warning says w in the catalog's language, its values formatted like the
// rest of the page. currency is the record's, for amounts that carry none.
// A code the catalog does not know is shown as its English sentence.
func (c *catalog) warning(w dataset.Warning, currency string) string {
	if cur, ok := w.Params["currency"]; ok && cur != "" {
		currency = cur
	}
	if w.Code == dataset.WarnSourcesDisagree {
		return c.disagreement(w)
	}
	params, ok := warningParams[w.Code]
	if _, known := c.strings["warn."+w.Code]; !ok || !known {
		return w.String()
	}
	args := make([]any, len(params))
	for i, p := range params {
		args[i] = c.warningValue(p.kind, w.Param(p.name), currency)
	}
	return c.T("warn."+w.Code, args...)
}

// disagreement says a WarnSourcesDisagree warning: the field's label and
// both values, formatted as the field is, with their pages.
func (c *catalog) disagreement(w dataset.Warning) string {
	field := w.Param("field")
	kind := "text"
	switch {
	case w.Param("kind") == dataset.ValueAmount:
		kind = "amount"
	case field == "budget.cofinancing_rate":
		kind = "percent"
	case field == "period.duration_months":
		kind = "months"
	case field == "period.start" || field == "period.end" || field == "published":
		kind = "date"
	case w.Param("kind") == dataset.ValueNumber:
		kind = "number"
	}
	kept := c.warningValue(kind, w.Param("kept"), w.Param("kept_currency"))
	other := c.warningValue(kind, w.Param("other"), w.Param("other_currency"))
	if kind == "text" {
		kept, other = c.T("quote", kept), c.T("quote", other)
	}
	return c.T("warn."+dataset.WarnSourcesDisagree, c.Field(field), kept, w.Param("kept_url"), other, w.Param("other_url"))
}

// warningValue formats one value of a warning; a value that does not read
// as its kind is shown as it is.
func (c *catalog) warningValue(kind, v, currency string) string {
	switch kind {
	case "amount", "percent":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return v
		}
		if kind == "percent" {
			return formatPercent(c, &f)
		}
		return formatMoney(c, &f, currency)
	case "months":
		n, err := strconv.Atoi(v)
		if err != nil {
			return v
		}
		return formatMonths(c, n)
	case "date":
		return formatDate(c, v)
	}
	return v
}
