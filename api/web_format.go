package api

import (
	"encoding/json"
	"html"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
)

// funcs are the helpers the templates call. Those that depend on the
// language take the catalog first.
func (wb *web) funcs() template.FuncMap {
	return template.FuncMap{
		"money":       formatMoney,
		"date":        formatDate,
		"datetime":    formatTime,
		"period":      formatPeriod,
		"programme":   programmeName,
		"projectURL":  projectURL,
		"apiURL":      apiProjectURL,
		"href":        safeHref,
		"versionsURL": archiveVersionsURL,
		"ev":          func(c *catalog, e *evidenceView) evidenceArg { return evidenceArg{L: c, E: e} },
		"change":      changeValue,
		"percent":     formatPercent,
		"num":         func(c *catalog, n int) string { return formatInt(c, int64(n)) },
		"muniURL":     recordMuniURL,
		"items":       func(field string, list []string) listView { return listView{Field: field, Items: list} },
		"cardOf":      func(c *catalog, r resultView) cardArg { return cardArg{L: c, R: r} },
		"chartOf":     func(c *catalog, ch *chartView) chartArg { return chartArg{L: c, C: ch} },
	}
}

// cardArg and chartArg are what the "card" and "chart" templates get.
type cardArg struct {
	L *catalog
	R resultView
}

type chartArg struct {
	L *catalog
	C *chartView
}

// listView is a list of a record's field, for the "list" template.
type listView struct {
	Field string
	Items []string
}

// municipalityURL is the page of a municipality.
func municipalityURL(name string) string { return "/municipalities/" + url.PathEscape(name) }

// projectURL is the page of a record; the id is path-escaped ("/" → %2F).
func projectURL(id string) string { return "/projects/" + url.PathEscape(id) }

// apiProjectURL is the record in the JSON API.
func apiProjectURL(id string) string { return "/api/v1/projects/" + url.PathEscape(id) }

// safeHighlight makes a search highlight safe to insert as HTML. The index
// sends HTML-escaped text with the matches in <mark>; this does not trust
// that: it splits on the two tags, unescapes and escapes again every piece
// of text between them and re-allows exactly <mark> and </mark>, balanced.
func safeHighlight(s string) template.HTML {
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.Index(s, "<mark>")
		j := strings.Index(s, "</mark>")
		next, tag := -1, ""
		switch {
		case i >= 0 && (j < 0 || i < j):
			next, tag = i, "<mark>"
		case j >= 0:
			next, tag = j, "</mark>"
		}
		text := s
		if next >= 0 {
			text = s[:next]
		}
		b.WriteString(html.EscapeString(html.UnescapeString(text)))
		if next < 0 {
			break
		}
		s = s[next+len(tag):]
		switch {
		case tag == "<mark>" && !open:
			b.WriteString(tag)
			open = true
		case tag == "</mark>" && open:
			b.WriteString(tag)
			open = false
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String()) // #nosec: only escaped text and balanced <mark> remain
}

// safeHref returns raw as a link target when it is an absolute http or https
// URL with a host, else "" (javascript:, data:, relative junk …): crawled
// URLs are never trusted.
func safeHref(raw string) string {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || !utf8.ValidString(raw) {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		return u.String()
	}
	return ""
}

// formatInt groups the digits: 12 345 in Bulgarian, 12,345 in English.
func formatInt(c *catalog, n int64) string {
	sep := "\u00a0"
	if c.lang == langEN {
		sep = ","
	}
	neg := n < 0
	if neg {
		n = -n
	}
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// formatMoney writes an amount with cents in the language's style:
// "79 829,24 лв." / "BGN 79,829.24", "40 816,04 €" / "€40,816.04". A nil
// amount is "".
func formatMoney(c *catalog, v *float64, currency string) string {
	if v == nil || math.IsNaN(*v) || math.IsInf(*v, 0) {
		return ""
	}
	cents := int64(math.Round(math.Abs(*v) * 100))
	dec := ","
	if c.lang == langEN {
		dec = "."
	}
	s := formatInt(c, cents/100) + dec + strconv.FormatInt(100+cents%100, 10)[1:]
	if *v < 0 {
		s = "-" + s
	}
	switch {
	case c.lang == langBG && currency == "BGN":
		return s + "\u00a0лв."
	case c.lang == langBG && currency == "EUR":
		return s + "\u00a0€"
	case currency == "EUR":
		return "€" + s
	case currency == "":
		return s
	}
	return currency + "\u00a0" + s
}

// formatPercent writes a rate such as 85 or 85.5 with a % sign.
func formatPercent(c *catalog, v *float64) string {
	if v == nil {
		return ""
	}
	s := strconv.FormatFloat(*v, 'f', -1, 64)
	if c.lang == langBG {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "\u00a0%"
}

// formatMonths writes a duration: "1 месец", "9 месеца" / "1 month", "9 months".
func formatMonths(c *catalog, n int) string {
	if n == 1 || n == -1 {
		return c.T("month", n)
	}
	return c.T("months", n)
}

var monthsEN = [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// formatDate writes an ISO date as 13.11.2013 (bg) or 13 Nov 2013 (en); a
// value that is not an ISO date is shown as it is.
func formatDate(c *catalog, iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return iso
	}
	if c.lang == langEN {
		return strconv.Itoa(t.Day()) + " " + monthsEN[t.Month()-1] + " " + strconv.Itoa(t.Year())
	}
	return t.Format("02.01.2006")
}

// formatTime writes an RFC 3339 time (a string or a time.Time) as a date
// and a UTC time of day.
func formatTime(c *catalog, v any) string {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case *time.Time:
		if x == nil {
			return ""
		}
		t = *x
	case string:
		var err error
		if t, err = time.Parse(time.RFC3339, x); err != nil {
			return x
		}
	default:
		return ""
	}
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	return formatDate(c, t.Format(time.DateOnly)) + " " + t.Format("15:04") + " UTC"
}

// formatPeriod writes start – end; an open side is "…".
func formatPeriod(c *catalog, p dataset.Period) string {
	if p.Start == "" && p.End == "" {
		return ""
	}
	side := func(s string) string {
		if s == "" {
			return "…"
		}
		return formatDate(c, s)
	}
	return side(p.Start) + " – " + side(p.End)
}

// programmeName is the programme's name in the page's language; for a code
// outside the table, or OTHER with a stated name, the stated name.
func programmeName(c *catalog, code, stated string) string {
	p, ok := dataset.ProgrammeByCode(code)
	if !ok || (code == "OTHER" && stated != "") {
		if stated != "" {
			return stated
		}
		return code
	}
	if c.lang == langEN {
		return p.English
	}
	return p.Name
}

// changeValue shows one side of a field's change in the history: strings
// as they are, lists joined with " · ", anything else as compact JSON, cut
// at 300 characters.
func changeValue(v any) string {
	var s string
	switch x := v.(type) {
	case nil:
		return "—"
	case string:
		s = x
	case map[string]any: // a document: its text and address
		text, _ := x["text"].(string)
		u, _ := x["url"].(string)
		switch {
		case text != "" && u != "":
			s = text + " (" + u + ")"
		case u != "":
			s = u
		default:
			b, _ := json.Marshal(x)
			s = string(b)
		}
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, changeValue(e))
		}
		s = strings.Join(parts, " · ")
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return "?"
		}
		s = string(b)
	}
	if utf8.RuneCountInString(s) > 300 {
		s = string([]rune(s)[:300]) + "…"
	}
	return s
}
