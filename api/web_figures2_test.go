package api

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/opendata-bg/opendata/dataset"
)

// TestPageFiguresMatchData renders the page of every record of a real
// crawl in both languages and compares each value it shows — amounts in
// both currencies, dates, duration, codes, lists, sources, warnings and
// the history table — with the record's JSON; then the result cards of
// every record.
func TestPageFiguresMatchData(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the sample sites; skipped with -short")
	}
	f := getCrawlFixture(t)
	base := f.srv.URL
	seen := map[string]int{}
	for _, id := range f.ids {
		for _, lang := range []string{langBG, langEN} {
			checkProjectPage(t, base, id, lang)
		}
		var rec jsonRecord
		getJSON(t, base, apiProjectURL(id), &rec)
		for k := range wantProjectFields(langBG, rec) {
			seen[k]++
		}
		if len(rec.list("warnings")) > 0 {
			seen["warnings"]++
		}
		if strings.Contains(fmt.Sprint(rec.get("warning_details")), dataset.WarnSourcesDisagree) {
			seen["sources_disagree"]++
		}
		var hist struct {
			Versions []dataset.Version `json:"versions"`
		}
		getJSON(t, base, apiProjectURL(id)+"/history", &hist)
		for _, v := range hist.Versions {
			if v.Kind == "changed" {
				for _, c := range v.Changes {
					seen["history."+c.Field]++
				}
			}
		}
	}
	// The crawl must exercise what the test checks, or it proves nothing.
	for _, k := range []string{"budget.total@stated", "budget.total@eur", "budget.grant@eur", "period.start",
		"period.duration_months", "contract_numbers", "procedure_codes", "objectives", "funds", "published",
		"warnings", "budget.cofinancing_rate", "sources.fetched_at", "sources_disagree", "history.budget.total",
		"history.budget.total_eur", "history.period.end", "history.period.duration_months", "history.warnings"} {
		if seen[k] == 0 {
			t.Errorf("no crawled record has %s; the check of it went untested", k)
		}
	}
	for _, lang := range []string{langBG, langEN} {
		checkCards(t, base, lang, len(f.ids))
	}
}

// checkHistory compares the page's history with the versions: one entry
// per version, its time, and for every change after the creation its
// field's label and both values formatted as the field is.
func checkHistory(t *testing.T, where, lang string, doc *html.Node, versions []dataset.Version) {
	t.Helper()
	items := findAll(doc, func(n *html.Node) bool { return hasClass(n, "version") })
	if len(items) != len(versions) {
		t.Errorf("%s: %d versions shown, the history has %d", where, len(items), len(versions))
		return
	}
	cur := ""
	for i, ver := range versions {
		before := cur
		for _, ch := range ver.Changes {
			if ch.Field == "budget.currency" {
				cur, _ = ch.To.(string)
			}
		}
		at := findAll(items[i], func(n *html.Node) bool { return hasClass(n, "at") })
		if len(at) != 1 || textOf(at[0]) != wantTime(lang, ver.At.Format(time.RFC3339)) {
			t.Errorf("%s: version %d is not dated %s", where, i, wantTime(lang, ver.At.Format(time.RFC3339)))
		}
		rows := findAll(items[i], func(n *html.Node) bool { return attrsOf(n)["data-change"] != "" })
		if ver.Kind == "created" {
			if len(rows) != 0 {
				t.Errorf("%s: the creation lists %d changes", where, len(rows))
			}
			continue
		}
		if len(rows) != len(ver.Changes) {
			t.Errorf("%s: version %d shows %d changes, it has %d", where, i, len(rows), len(ver.Changes))
			continue
		}
		for j, ch := range ver.Changes {
			row := rows[j]
			if attrsOf(row)["data-change"] != ch.Field {
				t.Errorf("%s: change %d is %s, want %s", where, j, attrsOf(row)["data-change"], ch.Field)
				continue
			}
			from := findAll(row, func(n *html.Node) bool { return hasClass(n, "from") })
			to := findAll(row, func(n *html.Node) bool { return hasClass(n, "to") })
			checkChange(t, where+" "+ch.Field+" before", lang, ch.Field, ch.From, before, textOf(from[0]))
			checkChange(t, where+" "+ch.Field+" after", lang, ch.Field, ch.To, cur, textOf(to[0]))
		}
	}
}

// checkChange compares one side of a change with its JSON value.
func checkChange(t *testing.T, where, lang, field string, v any, currency, got string) {
	t.Helper()
	if field == "warnings" && v != nil {
		for _, x := range v.([]any) {
			w := dataset.ParseWarning(x.(string), currency)
			for _, part := range wantWarningParts(lang, w, currency) {
				if !strings.Contains(got, norm(part)) && utf8.RuneCountInString(got) < 300 {
					t.Errorf("%s: %q does not say %q", where, got, part)
				}
			}
		}
		return
	}
	want := wantChange(lang, field, v, currency)
	if utf8.RuneCountInString(want) > 300 {
		want = string([]rune(want)[:300]) + "…"
	}
	if got != norm(want) {
		t.Errorf("%s: shows %q, the history says %q", where, got, want)
	}
}

// wantChange is how one side of a change must read.
func wantChange(lang, field string, v any, currency string) string {
	if v == nil {
		return "—"
	}
	f, isNum := v.(float64)
	s, isStr := v.(string)
	switch {
	case isNum && strings.HasPrefix(field, "budget.") && strings.HasSuffix(field, "_eur"):
		return wantMoney(lang, f, "EUR")
	case isNum && field == "budget.cofinancing_rate":
		return wantPercent(lang, f)
	case isNum && strings.HasPrefix(field, "budget."):
		return wantMoney(lang, f, currency)
	case isNum && field == "period.duration_months":
		return wantMonths(lang, int(f))
	case isStr && (field == "period.start" || field == "period.end" || field == "published" || field == "withdrawn"):
		return wantDate(lang, s)
	case isStr:
		return s
	case isNum:
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	if l, ok := v.([]any); ok {
		parts := make([]string, len(l))
		for i, x := range l {
			if m, ok := x.(map[string]any); ok {
				parts[i] = fmt.Sprintf("%s (%s)", m["text"], m["url"])
				continue
			}
			parts[i] = wantChange(lang, "", x, currency)
		}
		return strings.Join(parts, " · ")
	}
	return fmt.Sprint(v)
}

// checkCards walks every page of the search without a query and compares
// each result card with its record: title, municipality, programme code
// and name in the page's language, contracts, period, the total in both
// currencies.
func checkCards(t *testing.T, base, lang string, n int) {
	t.Helper()
	cards := 0
	for pg := 1; cards < n && pg <= 10; pg++ {
		doc := parseHTML(t, getPage(t, base, fmt.Sprintf("/?lang=%s&per_page=100&page=%d", lang, pg)))
		for _, card := range findAll(doc, func(n *html.Node) bool { return hasClass(n, "hit") }) {
			cards++
			links := findAll(card, func(n *html.Node) bool { return n.Data == "a" && strings.HasPrefix(attrsOf(n)["href"], "/projects/") })
			if len(links) == 0 {
				t.Errorf("a card without a link to its project")
				continue
			}
			id, _ := url.PathUnescape(strings.TrimPrefix(attrsOf(links[0])["href"], "/projects/"))
			var rec jsonRecord
			getJSON(t, base, apiProjectURL(id), &rec)
			where := "card " + id + " (" + lang + ")"
			checkFields(t, where, fieldsOf(card), wantCardFields(lang, rec))
			labels := findAll(card, func(n *html.Node) bool { return attrsOf(n)["data-label"] == "programme" })
			if code := rec.str("programme"); code != "" {
				if len(labels) != 1 || textOf(labels[0]) != wantProgrammeName(lang, code, rec.str("programme_name")) {
					t.Errorf("%s: programme %s is not named %q", where, code, wantProgrammeName(lang, code, rec.str("programme_name")))
				}
			}
		}
	}
	if cards != n {
		t.Errorf("%s: %d result cards for %d records", lang, cards, n)
	}
}

// wantCardFields is what a result card must show of rec: the best-known
// amount (budget.amount_eur, and the total or else the grant as stated).
func wantCardFields(lang string, rec jsonRecord) map[string][]string {
	all := wantProjectFields(lang, rec)
	want := map[string][]string{}
	for _, k := range []string{"title", "municipality", "programme", "contract_numbers", "period.start", "period.end"} {
		if v, ok := all[k]; ok {
			want[k] = v
		}
	}
	basis := rec.str("budget.amount_basis")
	if basis == "" {
		return want
	}
	cur := rec.str("budget.currency")
	if v, ok := rec.num("budget." + basis); ok {
		want["budget."+basis+"@stated"] = []string{wantMoney(lang, v, cur)}
	}
	if eur, ok := rec.num("budget.amount_eur"); ok && cur != "EUR" {
		want["budget."+basis+"@eur"] = []string{wantMoney(lang, eur, "EUR")}
	}
	return want
}

// wantProgrammeName is the programme's name in lang from the table of
// programmes; a stated name for OTHER.
func wantProgrammeName(lang, code, stated string) string {
	p, ok := dataset.ProgrammeByCode(code)
	switch {
	case !ok || code == "OTHER" && stated != "":
		if stated != "" {
			return stated
		}
		return code
	case lang == langEN:
		return p.English
	}
	return p.Name
}
