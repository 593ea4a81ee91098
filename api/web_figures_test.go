package api

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/opendata-bg/opendata/dataset"
)

// The oracle: how a value of the record's JSON must read on the page, in
// each language, written here independently of the page's own formatting
// (numbers by golang.org/x/text's CLDR printer, dates by time.Format).

var printers = map[string]*message.Printer{
	langBG: message.NewPrinter(language.Bulgarian),
	langEN: message.NewPrinter(language.English),
}

func wantMoney(lang string, v float64, currency string) string {
	n := printers[lang].Sprintf("%.2f", v)
	switch {
	case lang == langBG && currency == "BGN":
		return n + "\u00a0лв."
	case lang == langBG && currency == "EUR":
		return n + "\u00a0€"
	case currency == "EUR":
		return "€" + n
	case currency == "BGN":
		return "BGN\u00a0" + n
	}
	return n
}

func wantDate(lang, iso string) string {
	d, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return iso
	}
	if lang == langEN {
		return d.Format("2 Jan 2006")
	}
	return d.Format("02.01.2006")
}

func wantTime(lang, rfc string) string {
	ts, err := time.Parse(time.RFC3339, rfc)
	if err != nil {
		return rfc
	}
	ts = ts.UTC()
	return wantDate(lang, ts.Format("2006-01-02")) + " " + ts.Format("15:04") + " UTC"
}

func wantMonths(lang string, n int) string {
	switch {
	case lang == langEN && n == 1:
		return "1 month"
	case lang == langEN:
		return fmt.Sprintf("%d months", n)
	case n == 1:
		return "1 месец"
	}
	return fmt.Sprintf("%d месеца", n)
}

func wantPercent(lang string, v float64) string {
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if lang == langBG {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + "\u00a0%"
}

// pageField is an element of a page that carries a record's value: its
// data-field (with data-in for the two columns of an amount), its text and
// attributes.
type pageField struct {
	key   string // field, or field@in
	text  string
	attrs map[string]string
}

// spaces folds runs of ASCII white space (not the no-break spaces that
// are part of a formatted figure).
var spaces = regexp.MustCompile(`[ \t\r\n]+`)

func norm(s string) string { return strings.TrimSpace(spaces.ReplaceAllString(s, " ")) }

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return norm(b.String())
}

func attrsOf(n *html.Node) map[string]string {
	m := map[string]string{}
	for _, a := range n.Attr {
		m[a.Key] = a.Val
	}
	return m
}

// findAll returns the elements under n (n included) that keep says.
func findAll(n *html.Node, keep func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && keep(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attrsOf(n)["class"]), class)
}

// fieldsOf collects the data-field elements under n, by key, in page order.
func fieldsOf(n *html.Node) map[string][]pageField {
	out := map[string][]pageField{}
	for _, e := range findAll(n, func(e *html.Node) bool { _, ok := attrsOf(e)["data-field"]; return ok }) {
		a := attrsOf(e)
		key := a["data-field"]
		if in := a["data-in"]; in != "" {
			key += "@" + in
		}
		out[key] = append(out[key], pageField{key: key, text: textOf(e), attrs: a})
	}
	return out
}

func parseHTML(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parse page: %v", err)
	}
	return doc
}

// jsonRecord is a record as the API's JSON has it.
type jsonRecord map[string]any

func (r jsonRecord) str(path string) string {
	v, _ := r.get(path).(string)
	return v
}

func (r jsonRecord) get(path string) any {
	var v any = map[string]any(r)
	for _, part := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[part]
	}
	return v
}

func (r jsonRecord) num(path string) (float64, bool) {
	v, ok := r.get(path).(float64)
	return v, ok
}

func (r jsonRecord) list(path string) []string {
	var out []string
	l, _ := r.get(path).([]any)
	for _, x := range l {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// budgetAmountNames are the amounts of a budget the page shows, in the
// record's order (budget.own is an alias of budget.own_contribution).
var budgetAmountNames = []string{"total", "grant", "own_contribution", "eu", "national"}

// wantProjectFields is every value of rec that the project page must show,
// by data-field key, formatted for lang.
func wantProjectFields(lang string, rec jsonRecord) map[string][]string {
	want := map[string][]string{}
	add := func(key string, vals ...string) {
		for _, v := range vals {
			if v != "" {
				want[key] = append(want[key], norm(v))
			}
		}
	}
	for _, f := range []string{"title", "municipality", "beneficiary", "programme", "programme_name", "id"} {
		add(f, rec.str(f))
	}
	for _, f := range []string{"funds", "contract_numbers", "procedure_codes", "partners", "contractors",
		"objectives", "activities", "results", "target_groups"} {
		add(f, rec.list(f)...)
	}
	for _, f := range []string{"period.start", "period.end", "published"} {
		if s := rec.str(f); s != "" {
			add(f, wantDate(lang, s))
		}
	}
	if n, ok := rec.num("period.duration_months"); ok {
		add("period.duration_months", wantMonths(lang, int(n)))
	}
	cur := rec.str("budget.currency")
	for _, a := range budgetAmountNames {
		v, ok := rec.num("budget." + a)
		if !ok {
			continue
		}
		add("budget."+a+"@stated", wantMoney(lang, v, cur))
		if cur != "BGN" {
			continue
		}
		eur, ok := rec.num("budget." + a + "_eur") // the record's own figure where it has one
		if !ok {
			eur = math.Round(v/1.95583*100) / 100
		}
		add("budget."+a+"@eur", wantMoney(lang, eur, "EUR"))
	}
	if v, ok := rec.num("budget.cofinancing_rate"); ok {
		add("budget.cofinancing_rate", wantPercent(lang, v))
	}
	for _, f := range []string{"first_seen", "updated"} {
		if s := rec.str(f); s != "" {
			add(f, wantTime(lang, s))
		}
	}
	srcs, _ := rec.get("sources").([]any)
	for _, x := range srcs {
		s := jsonRecord(x.(map[string]any))
		title := s.str("title")
		if title == "" {
			title = s.str("url")
		}
		add("sources.title", title)
		add("sources.fetched_at", wantTime(lang, s.str("fetched_at")))
	}
	docs, _ := rec.get("documents").([]any)
	for _, x := range docs {
		d := jsonRecord(x.(map[string]any))
		text := d.str("text")
		if text == "" {
			text = d.str("url")
		}
		add("documents.text", text)
	}
	return want
}

// checkFields compares what the page shows with what it must, key by key,
// in order, both ways.
func checkFields(t *testing.T, where string, got map[string][]pageField, want map[string][]string) {
	t.Helper()
	for key, w := range want {
		var g []string
		for _, f := range got[key] {
			g = append(g, f.text)
		}
		if !slices.Equal(g, w) {
			t.Errorf("%s: %s shows %q, the data says %q", where, key, g, w)
		}
	}
	for key, g := range got {
		if _, ok := want[key]; !ok {
			t.Errorf("%s: %s shows %q, the data has no such value", where, key, g[0].text)
		}
	}
}

// wantWarningParts are the texts one warning must contain on the page in
// lang: its values formatted like the rest of the page, and its pages.
func wantWarningParts(lang string, w dataset.Warning, recCurrency string) []string {
	p := w.Params
	cur := recCurrency
	if c := p["currency"]; c != "" {
		cur = c
	}
	amount := func(s, c string) string {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return s
		}
		return wantMoney(lang, v, c)
	}
	rate := func(s string) string {
		v, _ := strconv.ParseFloat(s, 64)
		return wantPercent(lang, v)
	}
	months := func(s string) string {
		n, _ := strconv.Atoi(s)
		return wantMonths(lang, n)
	}
	switch w.Code {
	case dataset.WarnGrantAboveTotal:
		return []string{amount(p["grant"], cur), amount(p["total"], cur)}
	case dataset.WarnOwnAboveTotal:
		return []string{amount(p["own"], cur), amount(p["total"], cur)}
	case dataset.WarnRateMismatch:
		return []string{rate(p["computed"]), rate(p["stated"])}
	case dataset.WarnEndsBeforeStart:
		return []string{wantDate(lang, p["end"]), wantDate(lang, p["start"])}
	case dataset.WarnDurationMismatch:
		return []string{months(p["stated"]), months(p["span"])}
	case dataset.WarnTwoEndDates:
		return []string{wantDate(lang, p["end"]), wantDate(lang, p["other"])}
	case dataset.WarnSourcesDisagree:
		kept, other := p["kept"], p["other"]
		switch f := p["field"]; {
		case p["kind"] == dataset.ValueAmount:
			kept, other = amount(kept, p["kept_currency"]), amount(other, p["other_currency"])
		case f == "budget.cofinancing_rate":
			kept, other = rate(kept), rate(other)
		case f == "period.duration_months":
			kept, other = months(kept), months(other)
		case f == "period.start" || f == "period.end" || f == "published":
			kept, other = wantDate(lang, kept), wantDate(lang, other)
		}
		return []string{kept, p["kept_url"], other, p["other_url"]}
	case dataset.WarnRegisterUnmatched:
		return []string{p["number"]}
	case dataset.WarnRegisterOtherProject:
		return []string{p["number"], p["joined"]}
	case dataset.WarnRegisterDisagrees:
		parts := []string{p["page_url"], p["contract"], wantDate(lang, p["file_date"]), p["file_url"]}
		for _, v := range []string{p["page"], p["register"]} {
			if f := strings.Fields(v); len(f) >= 2 && (f[1] == "BGN" || f[1] == "EUR") {
				parts = append(parts, amount(f[0], f[1]))
			}
		}
		return parts
	}
	return []string{p["text"]}
}

// checkWarnings: one item per warning, in order, each saying its values.
// The English sentence of a known code is the page's own, not the
// contract's (which stays in the JSON).
func checkWarnings(t *testing.T, where, lang string, got []pageField, rec jsonRecord) {
	t.Helper()
	var details []dataset.Warning
	raw, _ := json.Marshal(rec.get("warning_details"))
	if err := json.Unmarshal(raw, &details); err != nil || len(details) != len(rec.list("warnings")) {
		t.Errorf("%s: warning_details %s do not match warnings %q", where, raw, rec.list("warnings"))
		return
	}
	if len(got) != len(details) {
		t.Errorf("%s: %d warnings shown, the data has %d", where, len(got), len(details))
		return
	}
	for i, w := range details {
		for _, part := range wantWarningParts(lang, w, rec.str("budget.currency")) {
			if !strings.Contains(got[i].text, norm(part)) {
				t.Errorf("%s: warning %q does not say %q (%s)", where, got[i].text, part, w.String())
			}
		}
		if w.Code != dataset.WarnText && got[i].text == w.String() {
			t.Errorf("%s: warning %q is the raw English sentence, not the page's %s one", where, got[i].text, lang)
		}
	}
}

// getJSON fetches and decodes a JSON answer of the server at base.
func getJSON(t *testing.T, base, path string, v any) {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func getPage(t *testing.T, base, path string) string {
	t.Helper()
	res, err := http.Get(base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	return string(b)
}

// checkProjectPage compares the project page of id in lang with the
// record's JSON and its history's, value by value.
func checkProjectPage(t *testing.T, base, id, lang string) {
	t.Helper()
	var rec jsonRecord
	getJSON(t, base, apiProjectURL(id), &rec)
	var hist struct {
		Versions []dataset.Version `json:"versions"`
	}
	getJSON(t, base, apiProjectURL(id)+"/history", &hist)
	body := getPage(t, base, projectURL(id)+"?lang="+lang)
	doc := parseHTML(t, body)
	where := id + " (" + lang + ")"
	got := fieldsOf(doc)
	warnings := got["warnings"]
	delete(got, "warnings")
	checkFields(t, where, got, wantProjectFields(lang, rec))
	checkWarnings(t, where, lang, warnings, rec)
	if wd := rec.str("withdrawn"); wd != "" {
		alerts := findAll(doc, func(n *html.Node) bool { return hasClass(n, "alert") })
		if len(alerts) == 0 || !strings.Contains(textOf(alerts[0]), wantDate(lang, wd)) {
			t.Errorf("%s: no notice that it was withdrawn on %s", where, wd)
		}
	}
	for _, s := range rec.get("sources").([]any) {
		u := s.(map[string]any)["url"].(string)
		if !strings.Contains(body, `href="`+esc(u)+`"`) && safeHref(u) != "" {
			t.Errorf("%s: no link to the source %s", where, u)
		}
	}
	checkHistory(t, where, lang, doc, hist.Versions)
}
