package api

import (
	"regexp"
	"strconv"
	"strings"

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
	dataset.WarnGrantAboveTotal:      {{"grant", "amount"}, {"total", "amount"}},
	dataset.WarnOwnAboveTotal:        {{"own", "amount"}, {"total", "amount"}},
	dataset.WarnRateMismatch:         {{"computed", "percent"}, {"stated", "percent"}},
	dataset.WarnEndsBeforeStart:      {{"end", "date"}, {"start", "date"}},
	dataset.WarnDurationMismatch:     {{"stated", "months"}, {"span", "months"}},
	dataset.WarnTwoEndDates:          {{"end", "date"}, {"other", "date"}},
	dataset.WarnRegisterUnmatched:    {{"number", "text"}},
	dataset.WarnRegisterOtherProject: {{"number", "text"}, {"joined", "text"}},
	dataset.WarnRegisterDisagrees: {{"field", "register-field"}, {"page", "stated"}, {"page_url", "text"},
		{"register", "stated"}, {"contract", "text"}, {"file_date", "date"}, {"file_url", "text"}},
}

// registerFields are the fields of a register disagreement, by the
// record field that labels them.
var registerFields = map[string]string{"total value": "budget.total", "grant": "budget.grant", "title": "title",
	"beneficiary": "beneficiary", "start": "period.start", "end": "period.end"}

// statedAmount is an amount as the register join writes it: 1000.00 BGN,
// maybe with its euro in brackets.
var statedAmount = regexp.MustCompile(`^(-?\d+(?:\.\d+)?) (BGN|EUR)(?: \((-?\d+(?:\.\d+)?) EUR\))?(.*)$`)

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
	case "register-field":
		if f, ok := registerFields[v]; ok {
			return c.Field(f)
		}
	case "stated":
		return c.statedValue(v)
	}
	return v
}

// statedValue formats a value the register join wrote: an amount (and its
// euro), a quoted text, an ISO date; anything else as it is.
func (c *catalog) statedValue(v string) string {
	if m := statedAmount.FindStringSubmatch(v); m != nil {
		out := c.warningValue("amount", m[1], m[2])
		if m[3] != "" {
			out += " (" + c.warningValue("amount", m[3], "EUR") + ")"
		}
		switch strings.TrimSpace(m[4]) {
		case "(grant)":
			return out + " " + c.T("register.as_grant")
		case "(total value, more than the grant)":
			return out + " " + c.T("register.as_total")
		}
		return out + m[4]
	}
	if q, err := strconv.Unquote(v); err == nil && strings.HasPrefix(v, `"`) {
		return c.T("quote", q)
	}
	return formatDate(c, v)
}
