package dataset

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Warning is one thing on a record's pages that does not add up, as a code
// and its parameters, so that a page can say it in any language. Its String
// is the English sentence the record's `warnings` list carries (the
// contract's strings); the record's JSON has both.
type Warning struct {
	Code   string            `json:"code"`
	Params map[string]string `json:"params"`
}

// The warning codes and their parameters. Amounts are written with two
// decimals and a dot, dates ISO, rates in percent with two decimals.
const (
	// WarnGrantAboveTotal: grant, total, currency (of both; may be "").
	WarnGrantAboveTotal = "budget.grant_above_total"
	// WarnOwnAboveTotal: own, total, currency.
	WarnOwnAboveTotal = "budget.own_above_total"
	// WarnRateMismatch: computed (the grant's share of the total), stated.
	WarnRateMismatch = "budget.rate_mismatch"
	// WarnEndsBeforeStart: end, start.
	WarnEndsBeforeStart = "period.ends_before_start"
	// WarnDurationMismatch: stated, span (whole months).
	WarnDurationMismatch = "period.duration_mismatch"
	// WarnTwoEndDates: end (the one kept), other.
	WarnTwoEndDates = "period.two_end_dates"
	// WarnSourcesDisagree: field (a record field such as budget.total),
	// kind (text, number or amount), kept, kept_url, other, other_url, and
	// for amounts kept_currency, other_currency.
	WarnSourcesDisagree = "sources_disagree"
	// WarnRegisterUnmatched: number, a contract number in a register
	// programme's format that the register does not have.
	WarnRegisterUnmatched = "register.unmatched"
	// WarnRegisterOtherProject: number, of another register project than
	// joined, the one the record is joined to.
	WarnRegisterOtherProject = "register.other_project"
	// WarnRegisterDisagrees: field (total value, grant, title, beneficiary,
	// start, end), page and register (the values as stated), page_url,
	// contract, file_date, file_url ("—" when unknown).
	WarnRegisterDisagrees = "register.disagrees"
	// WarnText: text, a note with no known code, shown as it is.
	WarnText = "text"
)

// Value kinds of a WarnSourcesDisagree warning.
const (
	ValueText   = "text"
	ValueNumber = "number"
	ValueAmount = "amount"
)

// NewWarning returns a warning with its parameters given as name, value pairs.
func NewWarning(code string, kv ...string) Warning {
	w := Warning{Code: code, Params: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		w.Params[kv[i]] = kv[i+1]
	}
	return w
}

// Param returns the named parameter, "" when absent.
func (w Warning) Param(name string) string { return w.Params[name] }

// String is the warning in English, as the `warnings` list has it.
func (w Warning) String() string {
	p := w.Param
	switch w.Code {
	case WarnGrantAboveTotal:
		return "budget: grant " + p("grant") + " is above the total " + p("total")
	case WarnOwnAboveTotal:
		return "budget: own contribution " + p("own") + " is above the total " + p("total")
	case WarnRateMismatch:
		return "budget: the grant is " + p("computed") + " % of the total, the page says " + p("stated") + " %"
	case WarnEndsBeforeStart:
		return "period: ends " + p("end") + " before it starts " + p("start")
	case WarnDurationMismatch:
		return "period: " + p("stated") + " months stated, the dates span " + p("span")
	case WarnTwoEndDates:
		return "period: the page gives two end dates, " + p("end") + " and " + p("other")
	case WarnRegisterUnmatched:
		return "register: contract number " + p("number") + " has the form of a register contract, but the register (ИСУН 2020) has no such contract"
	case WarnRegisterOtherProject:
		return "register: contract number " + p("number") + " is another register project than " + p("joined") + ", to which the record is joined"
	case WarnRegisterDisagrees:
		return "register: " + p("field") + " differs: the page says " + p("page") + " (" + p("page_url") + "); the register says " +
			p("register") + " (ИСУН 2020 contract " + p("contract") + ", file of " + p("file_date") + ", " + p("file_url") + ")"
	case WarnSourcesDisagree:
		return fmt.Sprintf("%s: sources disagree: %s (%s, kept: newest) vs %s (%s)", p("field"),
			disagreeValue(p("kind"), p("kept"), p("kept_currency")), p("kept_url"),
			disagreeValue(p("kind"), p("other"), p("other_currency")), p("other_url"))
	}
	return p("text")
}

// disagreeValue writes one side of a disagreement as the English sentence has it.
func disagreeValue(kind, v, currency string) string {
	switch kind {
	case ValueText:
		return strconv.Quote(v)
	case ValueAmount:
		if currency != "" {
			return v + " " + currency
		}
	}
	return v
}

// warningForms are the English sentences ParseWarning recognizes, with the
// names of their parameters in the order they appear.
var warningForms = []struct {
	code   string
	re     *regexp.Regexp
	params []string
}{
	{WarnGrantAboveTotal, regexp.MustCompile(`^budget: grant (-?\d+\.\d\d) is above the total (-?\d+\.\d\d)$`), []string{"grant", "total"}},
	{WarnOwnAboveTotal, regexp.MustCompile(`^budget: own contribution (-?\d+\.\d\d) is above the total (-?\d+\.\d\d)$`), []string{"own", "total"}},
	{WarnRateMismatch, regexp.MustCompile(`^budget: the grant is (-?\d+\.\d\d) % of the total, the page says (-?\d+\.\d\d) %$`), []string{"computed", "stated"}},
	{WarnEndsBeforeStart, regexp.MustCompile(`^period: ends (\d{4}-\d\d-\d\d) before it starts (\d{4}-\d\d-\d\d)$`), []string{"end", "start"}},
	{WarnDurationMismatch, regexp.MustCompile(`^period: (-?\d+) months stated, the dates span (-?\d+)$`), []string{"stated", "span"}},
	{WarnTwoEndDates, regexp.MustCompile(`^period: the page gives two end dates, (\d{4}-\d\d-\d\d) and (\d{4}-\d\d-\d\d)$`), []string{"end", "other"}},
	{WarnRegisterUnmatched, regexp.MustCompile(`^register: contract number (.+) has the form of a register contract, but the register \(ИСУН 2020\) has no such contract$`), []string{"number"}},
	{WarnRegisterOtherProject, regexp.MustCompile(`^register: contract number (.+) is another register project than (.+), to which the record is joined$`), []string{"number", "joined"}},
	{WarnRegisterDisagrees, regexp.MustCompile(`^register: (total value|grant|title|beneficiary|start|end) differs: the page says (.*) \((\S+)\); the register says (.*) \(ИСУН 2020 contract (\S+), file of (\S+), (\S+)\)$`),
		[]string{"field", "page", "page_url", "register", "contract", "file_date", "file_url"}},
}

var (
	disagreeRe = regexp.MustCompile(`^([a-z_.]+): sources disagree: (.*) \((\S*), kept: newest\) vs (.*) \((\S*)\)$`)
	amountRe   = regexp.MustCompile(`^(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?) (BGN|EUR)$`)
)

// ParseWarning maps a warning sentence (the extractor's and the store's
// English strings) to its code and parameters. currency is the currency of
// the record the sentence is about, for the amounts of the budget warnings
// ("" when unknown). A sentence it does not know, or one it would not
// write back exactly, is a WarnText warning holding it whole: String()
// always gives s back.
func ParseWarning(s, currency string) Warning {
	w := parseWarning(s, currency)
	if w.String() != s {
		return NewWarning(WarnText, "text", s)
	}
	return w
}

func parseWarning(s, currency string) Warning {
	for _, f := range warningForms {
		m := f.re.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		w := NewWarning(f.code)
		for i, name := range f.params {
			w.Params[name] = m[i+1]
		}
		if f.code == WarnGrantAboveTotal || f.code == WarnOwnAboveTotal {
			w.Params["currency"] = currency
		}
		return w
	}
	m := disagreeRe.FindStringSubmatch(s)
	if m == nil {
		return NewWarning(WarnText, "text", s)
	}
	w := NewWarning(WarnSourcesDisagree, "field", m[1], "kept_url", m[3], "other_url", m[5])
	kept, other := m[2], m[4]
	ka, oa := amountRe.FindStringSubmatch(kept), amountRe.FindStringSubmatch(other)
	kq, kerr := strconv.Unquote(kept)
	oq, oerr := strconv.Unquote(other)
	switch {
	case strings.HasPrefix(kept, `"`) && kerr == nil && oerr == nil:
		w.Params["kind"], w.Params["kept"], w.Params["other"] = ValueText, kq, oq
	case ka != nil && oa != nil:
		w.Params["kind"] = ValueAmount
		w.Params["kept"], w.Params["kept_currency"] = ka[1], ka[2]
		w.Params["other"], w.Params["other_currency"] = oa[1], oa[2]
	default:
		w.Params["kind"], w.Params["kept"], w.Params["other"] = ValueNumber, kept, other
	}
	return w
}

// Details returns the record's warnings in the structured form, one for
// each of Warnings: the record's own WarningDetails as far as they say
// what Warnings say, each other sentence parsed (the register join's,
// appended after Compile; records stored before the structured form; the
// extractor's output).
func (r *Record) Details() []Warning {
	out := make([]Warning, len(r.Warnings))
	for i, s := range r.Warnings {
		if i < len(r.WarningDetails) && r.WarningDetails[i].String() == s {
			out[i] = r.WarningDetails[i]
			continue
		}
		out[i] = ParseWarning(s, r.Budget.Currency)
	}
	return out
}
