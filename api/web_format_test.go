package api

import (
	"html/template"
	"io/fs"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

func TestSafeHighlight(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"мониторинг и <mark>контрол</mark>", "мониторинг и <mark>контрол</mark>"},
		{"&lt;b&gt; &amp; <mark>x</mark>", "&lt;b&gt; &amp; <mark>x</mark>"},                               // escaped text stays escaped once
		{"<script>alert(1)</script><mark>x</mark>", "&lt;script&gt;alert(1)&lt;/script&gt;<mark>x</mark>"}, // raw markup is escaped
		{`<mark onclick="x">a</mark>`, `&lt;mark onclick=&#34;x&#34;&gt;a`},                                // only the bare tag is allowed
		{"<mark>open", "<mark>open</mark>"},                                                                // closed at the end
		{"a</mark>b", "ab"},                                                                                // a stray close is dropped
		{"<mark><mark>a</mark></mark>", "<mark>a</mark>"},                                                  // no nesting
		{"<MARK>a</MARK>", "&lt;MARK&gt;a&lt;/MARK&gt;"},
		{"&#60;img src=x onerror=alert(1)&#62;", "&lt;img src=x onerror=alert(1)&gt;"},
		{"\xff<mark>a</mark>", "\uFFFD<mark>a</mark>"},
		{"", ""},
	} {
		if got := string(safeHighlight(tc.in)); got != tc.want {
			t.Errorf("safeHighlight(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// entityRe is what may follow "&" in the sanitizer's output.
var entityRe = regexp.MustCompile(`^&(amp|lt|gt|#34|#39);`)

func FuzzSafeHighlight(f *testing.F) {
	for _, s := range []string{"a <mark>b</mark> c", "<script>x</script>", "&lt;<mark>", "</mark><mark", "&#60;&#x3c;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := string(safeHighlight(in))
		rest := strings.NewReplacer("<mark>", "", "</mark>", "").Replace(out)
		if strings.ContainsAny(rest, `<>"'`) {
			t.Fatalf("safeHighlight(%q) = %q: markup besides <mark>", in, out)
		}
		for i := strings.IndexByte(rest, '&'); i >= 0; i = strings.IndexByte(rest, '&') {
			if !entityRe.MatchString(rest[i:]) {
				t.Fatalf("safeHighlight(%q) = %q: bare &", in, out)
			}
			rest = rest[i+1:]
		}
		if strings.Count(out, "<mark>") != strings.Count(out, "</mark>") {
			t.Fatalf("safeHighlight(%q) = %q: unbalanced", in, out)
		}
	})
}

func TestResultTitle(t *testing.T) {
	long := strings.Repeat("дълго заглавие ", 40) + "ремонт"
	for _, tc := range []struct {
		title, frag, want string
	}{
		{"Основен ремонт на НЧ „Просвета“", "Основен <mark>ремонт</mark> на НЧ „Просвета“", "Основен <mark>ремонт</mark> на НЧ „Просвета“"},
		{`Ремонт "A&B"`, "<mark>Ремонт</mark> &#34;A&amp;B&#34;", "<mark>Ремонт</mark> &#34;A&amp;B&#34;"},
		{long, "…заглавие <mark>ремонт</mark>", template.HTMLEscapeString(long)}, // a cut fragment is not the title
	} {
		rv := newResultView(bgCatalog, resultRecord{Record: dataset.Record{ID: "x", Title: tc.title},
			Highlights: map[string][]string{"title": {tc.frag}, "text": {"… <mark>ремонт</mark> …"}}})
		if string(rv.Title) != tc.want {
			t.Errorf("title %q with %q: %q, want %q", tc.title, tc.frag, rv.Title, tc.want)
		}
		if len(rv.Snippets) != 1 || !strings.Contains(string(rv.Snippets[0]), "<mark>ремонт</mark>") {
			t.Errorf("snippets %q", rv.Snippets)
		}
	}
}

func TestSafeHref(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://www.septemvri.org/proekti/opak-13-13-24.html", "https://www.septemvri.org/proekti/opak-13-13-24.html"},
		{"http://www.devnya.bg/proekti/x.htm?a=1&b=2", "http://www.devnya.bg/proekti/x.htm?a=1&b=2"},
		{" HTTPS://example.bg/a ", "https://example.bg/a"},
		{"javascript:alert(1)", ""},
		{"JavaScript:alert(1)", ""},
		{"data:text/html,<script>", ""},
		{"vbscript:x", ""},
		{"//evil.example/x", ""},
		{"/relative/path", ""},
		{"https:///nohost", ""},
		{"ftp://example.bg/file", ""},
		{"", ""},
	} {
		if got := safeHref(tc.in); got != tc.want {
			t.Errorf("safeHref(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	cs := newCatalogs()
	bg, en := cs[langBG], cs[langEN]
	for _, tc := range []struct {
		c        *catalog
		v        *float64
		currency string
		want     string
	}{
		{bg, webPtr(79829.24), "BGN", "79\u00a0829,24\u00a0лв."},
		{bg, webPtr(40816.04), "EUR", "40\u00a0816,04\u00a0€"},
		{en, webPtr(79829.24), "BGN", "BGN\u00a079,829.24"},
		{en, webPtr(40816.04), "EUR", "€40,816.04"},
		{bg, webPtr(1234567.891), "BGN", "1\u00a0234\u00a0567,89\u00a0лв."},
		{bg, webPtr(0.5), "EUR", "0,50\u00a0€"},
		{bg, webPtr(999.999), "EUR", "1\u00a0000,00\u00a0€"},
		{en, webPtr(-12.3), "EUR", "€-12.30"},
		{bg, nil, "BGN", ""},
	} {
		if got := formatMoney(tc.c, tc.v, tc.currency); got != tc.want {
			t.Errorf("formatMoney(%s, %v, %s) = %q, want %q", tc.c.lang, tc.v, tc.currency, got, tc.want)
		}
	}
}

func TestFormatDates(t *testing.T) {
	cs := newCatalogs()
	bg, en := cs[langBG], cs[langEN]
	if got := formatDate(bg, "2013-11-08"); got != "08.11.2013" {
		t.Errorf("bg date %q", got)
	}
	if got := formatDate(en, "2013-11-08"); got != "8 Nov 2013" {
		t.Errorf("en date %q", got)
	}
	if got := formatDate(bg, "2013"); got != "2013" {
		t.Errorf("a partial date should show as it is, got %q", got)
	}
	if got := formatTime(bg, "2026-11-21T12:30:00+02:00"); got != "21.11.2026 10:30 UTC" {
		t.Errorf("time %q", got)
	}
	if got := formatPeriod(bg, dataset.Period{Start: "2013-11-13"}); got != "13.11.2013 – …" {
		t.Errorf("open period %q", got)
	}
}

func TestChangeValue(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want string
	}{
		{nil, "—"},
		{"Община Сливен", "Община Сливен"},
		{95.0, "95"},
		{[]any{"ДЗЗД Канал Сливен", "Хидро Надзор ЕООД"}, "ДЗЗД Канал Сливен · Хидро Надзор ЕООД"},
		{map[string]any{"url": "x"}, "x"},
		{[]any{map[string]any{"url": "https://a.bg/d.pdf", "text": "Договор"}}, "Договор (https://a.bg/d.pdf)"},
		{map[string]any{"n": 1.0}, `{"n":1}`},
		{strings.Repeat("я", 301), strings.Repeat("я", 300) + "…"},
	} {
		if got := changeValue(tc.in); got != tc.want {
			t.Errorf("changeValue(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPageLinks(t *testing.T) {
	base := url.Values{"q": {"училище"}}
	links, prev, next := pageLinks(base, 6, 10, 200)
	var ns []int
	gaps := 0
	for _, l := range links {
		ns = append(ns, l.N)
		if l.Gap {
			gaps++
		}
		if l.Current != (l.N == 6) {
			t.Errorf("page %d current=%v", l.N, l.Current)
		}
	}
	if want := []int{1, 4, 5, 6, 7, 8, 20}; !slices.Equal(ns, want) {
		t.Errorf("pages %v, want %v", ns, want)
	}
	if gaps != 2 {
		t.Errorf("%d gaps, want 2", gaps)
	}
	if prev != "/?page=5&q=%D1%83%D1%87%D0%B8%D0%BB%D0%B8%D1%89%D0%B5" || !strings.Contains(next, "page=7") {
		t.Errorf("prev %q next %q", prev, next)
	}
	first, _, _ := pageLinks(base, 2, 10, 200)
	if first[0].URL != "/?q=%D1%83%D1%87%D0%B8%D0%BB%D0%B8%D1%89%D0%B5" {
		t.Errorf("page 1 link %q should carry no page parameter", first[0].URL)
	}
	if links, prev, next := pageLinks(base, 1, 20, 7); links != nil || prev != "" || next != "" {
		t.Errorf("one page of results needs no pager")
	}
}

// TestCatalogsComplete checks that both languages hold every key the
// templates and the code use, and the same keys.
func TestCatalogsComplete(t *testing.T) {
	keyRe := regexp.MustCompile(`\.T "([^"]+)"`)
	used := map[string]bool{}
	err := fs.WalkDir(templateFS, "templates", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := templateFS.ReadFile(path)
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys in the templates; the pattern is stale", len(used))
	}
	for _, s := range dataset.Sorts {
		used["sort."+s] = true
	}
	for _, f := range dataset.Funds {
		used["fund."+f] = true
	}
	for _, k := range []string{"created", "changed", "withdrawn", "restored"} {
		used["kind."+k] = true
	}
	for _, k := range []string{"running", "done", "interrupted", "failed"} {
		used["status."+k] = true
	}
	for _, name := range []string{"municipality", "programme", "fund"} {
		used["facet."+name] = true
	}
	for _, key := range historyFields {
		used[key] = true
	}
	for _, st := range siteStatuses {
		used["site."+st] = true
		used["coverage.count."+st] = true
	}
	for _, f := range []string{"title", "contract_numbers", "procedure_codes", "programme", "programme_name", "funds",
		"beneficiary", "municipality", "partners", "contractors", "objectives", "activities", "results",
		"target_groups", "published", "sources", "documents", "warnings", "withdrawn"} {
		used["field."+f] = true
	}
	cs := newCatalogs()
	bgStrings, enStrings := cs[langBG].strings, cs[langEN].strings
	for k := range used {
		for lang, m := range map[string]map[string]string{"bg": bgStrings, "en": enStrings} {
			if m[k] == "" {
				t.Errorf("%s catalog lacks %q", lang, k)
			}
		}
	}
	for k := range bgStrings {
		if _, ok := enStrings[k]; !ok {
			t.Errorf("en lacks %q", k)
		}
	}
	for k := range enStrings {
		if _, ok := bgStrings[k]; !ok {
			t.Errorf("bg lacks %q", k)
		}
	}
}

func webPtr[T any](v T) *T { return &v }
