package api

import (
	"encoding/json"
	"fmt"
	"html"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// The page tests drive the real router over a real store and index built
// from the corpus (see web_fixture_test.go). The fixture is built once and
// the cases run in order as subtests of one test (only the last ones write).
func TestWebPages(t *testing.T) {
	f := newWebFixture(t)
	if len(f.recs) < 20 {
		t.Fatalf("the fixture holds %d records; the corpus should give at least 20", len(f.recs))
	}
	t.Run("front page lists everything", f.testFrontPage)
	t.Run("filter by municipality", f.testMunicipalityFilter)
	t.Run("full-text search highlights", f.testHighlights)
	t.Run("paging", f.testPaging)
	t.Run("sort by budget", f.testSortBudget)
	t.Run("download links select the same set", f.testDownloadLinks)
	t.Run("search that forgives", f.testForgiving)
	t.Run("client mistakes are 400 pages", f.testBadFilters)
	t.Run("project pages", f.testProjectPages)
	t.Run("project id with slashes", f.testSlashID)
	t.Run("not found", f.testNotFound)
	t.Run("crawled text is escaped", f.testXSS)
	t.Run("language switch", f.testLanguage)
	t.Run("about page", f.testAbout)
	t.Run("static assets", f.testStatic)
	t.Run("conditional GET", f.testConditional)
	t.Run("rate limit page", f.testRateLimit)
	t.Run("withdrawn project", f.testWithdrawn)
}

var (
	hitRe   = regexp.MustCompile(`<li class="hit">\s*<h2><a href="/projects/([^"]+)"`)
	countRe = regexp.MustCompile(`<p id="count" class="count"><strong>[^<]*?([0-9][0-9\x{a0},]*)</strong>`)
)

// hits returns the ids of the results on a search page, in order.
func hits(t *testing.T, body string) []string {
	t.Helper()
	var ids []string
	for _, m := range hitRe.FindAllStringSubmatch(body, -1) {
		id, err := url.PathUnescape(html.UnescapeString(m[1]))
		if err != nil {
			t.Fatalf("result link %q: %v", m[1], err)
		}
		ids = append(ids, id)
	}
	return ids
}

// total returns the result count the page states.
func total(t *testing.T, body string) int {
	t.Helper()
	m := countRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no result count on the page:\n%.2000s", body)
	}
	n, err := strconv.Atoi(strings.NewReplacer("\u00a0", "", ",", "").Replace(m[1]))
	if err != nil {
		t.Fatalf("count %q: %v", m[1], err)
	}
	return n
}

func (f *webFixture) count(keep func(dataset.Record) bool) int {
	n := 0
	for _, r := range f.recs {
		if keep(r) {
			n++
		}
	}
	return n
}

func wantStatus(t *testing.T, res *http.Response, body string, status int) {
	t.Helper()
	if res.StatusCode != status {
		t.Fatalf("%s: status %d, want %d\n%.1500s", res.Request.URL, res.StatusCode, status, body)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html; charset=utf-8") {
		t.Fatalf("%s: Content-Type %q, want HTML", res.Request.URL, ct)
	}
}

func (f *webFixture) testFrontPage(t *testing.T) {
	res, body := f.get(t, "/")
	wantStatus(t, res, body, http.StatusOK)
	if !strings.Contains(body, `<html lang="bg">`) {
		t.Errorf("the default language is not Bulgarian")
	}
	if got, want := total(t, body), len(f.recs); got != want {
		t.Errorf("front page count %d, want every record (%d)", got, want)
	}
	ids := hits(t, body)
	if len(ids) != dataset.DefaultPerPage {
		t.Errorf("front page shows %d results, want %d", len(ids), dataset.DefaultPerPage)
	}
	for _, id := range ids {
		if _, ok := f.recs[id]; !ok {
			t.Errorf("result %q is not in the store", id)
		}
	}
	for _, s := range []string{`name="q"`, `name="municipality"`, `name="programme"`, `name="fund"`,
		`name="year_from"`, `name="year_to"`, `name="budget_min"`, `name="budget_max"`, `name="sort"`,
		`href="/api/v1/projects.csv"`, `href="/api/v1/projects.json"`, `rel="next"`} {
		if !strings.Contains(body, s) {
			t.Errorf("front page lacks %s", s)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
}

func (f *webFixture) testMunicipalityFilter(t *testing.T) {
	byMuni := map[string]int{}
	for _, r := range f.recs {
		byMuni[r.Municipality]++
	}
	muni, n := "", 0
	for m, c := range byMuni {
		if m != "" && (c > n || c == n && m < muni) {
			muni, n = m, c
		}
	}
	if n < 2 {
		t.Fatalf("no municipality with two records in the fixture: %v", byMuni)
	}
	res, body := f.get(t, "/?municipality="+url.QueryEscape(muni))
	wantStatus(t, res, body, http.StatusOK)
	if got := total(t, body); got != n {
		t.Errorf("municipality=%s: count %d, want %d", muni, got, n)
	}
	ids := hits(t, body)
	if len(ids) != n {
		t.Errorf("municipality=%s: %d results, want %d", muni, len(ids), n)
	}
	for _, id := range ids {
		if got := f.recs[id].Municipality; got != muni {
			t.Errorf("result %s is in %q, not %q", id, got, muni)
		}
	}
	box := fmt.Sprintf(`name="municipality" value="%s" checked>`, html.EscapeString(muni))
	if !strings.Contains(body, box) {
		t.Errorf("the municipality's checkbox is not ticked (%s)", box)
	}
	// The other municipalities stay on offer, counted without this filter.
	other, on := "", 0
	for m, c := range byMuni {
		if m != "" && m != muni && c > on {
			other, on = m, c
		}
	}
	box = fmt.Sprintf(`name="municipality" value="%s"> %s <span class="n">%d</span>`, html.EscapeString(other), html.EscapeString(other), on)
	if !strings.Contains(body, box) {
		t.Errorf("with %s ticked, %s is not offered with its %d projects (%s)", muni, other, on, box)
	}
	res, body = f.get(t, "/?municipality="+url.QueryEscape(muni)+"&municipality="+url.QueryEscape(other))
	wantStatus(t, res, body, http.StatusOK)
	if got := total(t, body); got != n+on {
		t.Errorf("%s or %s: count %d, want %d", muni, other, got, n+on)
	}
}

func (f *webFixture) testHighlights(t *testing.T) {
	res, body := f.get(t, "/?q="+url.QueryEscape("мониторинг"))
	wantStatus(t, res, body, http.StatusOK)
	want := f.count(func(r dataset.Record) bool {
		return strings.Contains(strings.ToLower(r.Title+" "+strings.Join(r.Objectives, " ")), "мониторинг")
	})
	if want == 0 {
		t.Fatal("no record speaks of мониторинг; the fixture changed")
	}
	if got := total(t, body); got < want {
		t.Errorf("q=мониторинг: %d results, want at least %d", got, want)
	}
	if !strings.Contains(strings.ToLower(body), "<mark>мониторинг") {
		t.Errorf("no highlighted match on the page")
	}
}

func (f *webFixture) testPaging(t *testing.T) {
	n := len(f.recs)
	pages := (n + 4) / 5
	seen := map[string]bool{}
	for p := 1; p <= pages; p++ {
		res, body := f.get(t, fmt.Sprintf("/?per_page=5&page=%d&sort=title", p))
		wantStatus(t, res, body, http.StatusOK)
		ids := hits(t, body)
		want := min(5, n-(p-1)*5)
		if len(ids) != want {
			t.Errorf("page %d: %d results, want %d", p, len(ids), want)
		}
		for _, id := range ids {
			if seen[id] {
				t.Errorf("page %d repeats %s", p, id)
			}
			seen[id] = true
		}
		if p < pages && !strings.Contains(body, fmt.Sprintf(`href="/?page=%d&amp;per_page=5&amp;sort=title" rel="next"`, p+1)) {
			t.Errorf("page %d has no link to page %d", p, p+1)
		}
		if p == pages && strings.Contains(body, `rel="next"`) {
			t.Errorf("the last page links to a next one")
		}
		if !strings.Contains(body, fmt.Sprintf(`<span class="current" aria-current="page" aria-label="страница %d">%d</span>`, p, p)) {
			t.Errorf("page %d is not marked current", p)
		}
	}
	if len(seen) != n {
		t.Errorf("the pages show %d distinct records, want %d", len(seen), n)
	}
}

func (f *webFixture) testSortBudget(t *testing.T) {
	res, body := f.get(t, "/?sort=-budget&per_page=100")
	wantStatus(t, res, body, http.StatusOK)
	ids := hits(t, body)
	var last *float64
	for _, id := range ids {
		v := bestEUR(f.recs[id])
		if v == nil {
			continue
		}
		if last != nil && *v > *last {
			t.Errorf("%s (%.2f EUR) comes after a smaller budget (%.2f)", id, *v, *last)
		}
		last = v
	}
	if !strings.Contains(body, `<option value="-budget" selected>`) {
		t.Errorf("the sort select does not show -budget")
	}
}

func (f *webFixture) testDownloadLinks(t *testing.T) {
	min := 100000.0
	want := f.count(func(r dataset.Record) bool { return bestEUR(r) != nil && *bestEUR(r) >= min })
	res, body := f.get(t, "/?budget_min=100000&sort=-budget&page=2&per_page=3")
	wantStatus(t, res, body, http.StatusOK)
	if got := total(t, body); got != want {
		t.Errorf("budget_min=100000: count %d, want %d", got, want)
	}
	href := regexp.MustCompile(`id="dl-csv"`).FindStringIndex(body)
	if href == nil {
		t.Fatal("no CSV button")
	}
	m := regexp.MustCompile(`<a class="button" href="([^"]+)" download id="dl-csv"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSV link")
	}
	link := html.UnescapeString(m[1])
	if link != "/api/v1/projects.csv?budget_min=100000&sort=-budget" {
		t.Errorf("CSV link %q: want the same selection without paging", link)
	}
	dres, csv := f.get(t, link)
	if dres.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", link, dres.StatusCode, csv)
	}
	if !strings.HasPrefix(csv, "\uFEFF") {
		t.Errorf("the CSV has no byte-order mark")
	}
	rows := strings.Count(strings.TrimRight(csv, "\r\n"), "\n") // header + records (no newline inside cells expected)
	if rows < want {
		t.Errorf("the CSV has %d lines after the header, want %d records", rows, want)
	}
	if !strings.Contains(body, `href="/api/v1/projects.json?budget_min=100000&amp;sort=-budget"`) {
		t.Errorf("no JSON link with the same selection")
	}
}

func (f *webFixture) testBadFilters(t *testing.T) {
	for _, tc := range []struct {
		query, en, bg string
	}{
		{"year_from=abc", "year_from must be a year", "„abc“ не е година: въведете година от 1900 до 2100."},
		{"budget_min=-5", "budget_min must be an amount", "„-5“ не е сума: въведете сума в евро"},
		{"budget_min=10&budget_max=5", "budget_min is larger than budget_max", "Минималният бюджет е по-голям от максималния."},
		{"year_from=2020&year_to=2010", "year_from (2020) is after year_to (2010)", "Началната година (2020) е след крайната (2010)."},
		{"page=0", "page must be a whole number", "Номерът на страница трябва да е цяло число от 1 до 10000."},
		{"sort=sideways", "sort &#34;sideways&#34; is not one of", "Непознато подреждане „sideways“."},
		{"q=%FF%FE", "not valid UTF-8", "Параметърът „q“ не е валиден UTF-8 текст."},
		{"q=a%zz", "malformed", "Адресът на заявката е повреден"},
		{"q=" + strings.Repeat("a", 1001), "longer than", "Търсеният текст е по-дълъг от 1000 знака."},
	} {
		for _, lang := range []string{"en", "bg"} {
			want := tc.en
			if lang == "bg" {
				want = tc.bg
			}
			res, body := f.get(t, "/?"+tc.query, "Cookie", "lang="+lang)
			wantStatus(t, res, body, http.StatusBadRequest)
			if !strings.Contains(body, `<p class="alert" role="alert">`) || !strings.Contains(body, want) {
				t.Errorf("%s (%s): the page does not say %q:\n%.3000s", tc.query, lang, want, body)
			}
			if !strings.Contains(body, `<form class="search"`) {
				t.Errorf("%s: the form is gone; the person cannot fix the query", tc.query)
			}
			if res.Header.Get("ETag") != "" {
				t.Errorf("%s: a 400 page carries an ETag", tc.query)
			}
		}
	}
	_, body := f.get(t, "/?budget_min=много&q=училище")
	if !strings.Contains(body, `name="budget_min" value="много"`) || !strings.Contains(body, `value="училище"`) {
		t.Errorf("the form does not keep what was typed")
	}
	res, body := f.get(t, "/?per_page=100000")
	wantStatus(t, res, body, http.StatusOK) // clamped, not refused
	// Query syntax the index refuses is the person's to fix, never a 500.
	for _, q := range []string{`"незатворена фраза`, `(`, `*`, `\`, `[`, `title:x`, `AND`, `-`, `мониторинг~2`} {
		res, body := f.get(t, "/?q="+url.QueryEscape(q))
		switch res.StatusCode {
		case http.StatusOK:
		case http.StatusBadRequest:
			if !strings.Contains(body, `<p class="alert" role="alert">`) {
				t.Errorf("q=%s: 400 without saying why", q)
			}
		default:
			t.Errorf("q=%s: status %d", q, res.StatusCode)
		}
	}
}

func (f *webFixture) testProjectPages(t *testing.T) {
	changed := 0
	for id := range f.recs {
		for _, lang := range []string{langBG, langEN} {
			checkProjectPage(t, f.srv.URL, id, lang)
		}
		hist, err := f.store.History(id)
		if err != nil {
			t.Fatalf("history %s: %v", id, err)
		}
		for _, v := range hist {
			if v.Kind != "created" {
				changed++
			}
		}
	}
	if changed == 0 {
		t.Errorf("no record of the fixture has a change after its creation; the history table went untested")
	}
}

var bgCatalog = newCatalogs()[langBG]

// esc is what html/template writes for text in an element or a quoted attribute.
func esc(s string) string { return template.HTMLEscapeString(s) }

func (f *webFixture) testSlashID(t *testing.T) {
	const id = "21/321/01329"
	if _, ok := f.recs[id]; !ok {
		t.Fatalf("the hostile record is not stored under %q: %v", id, slices.Collect(mapKeys(f.recs)))
	}
	for _, p := range []string{"/projects/21%2F321%2F01329", "/projects/21/321/01329"} {
		res, body := f.get(t, p)
		wantStatus(t, res, body, http.StatusOK)
		if !strings.Contains(body, `<span class="code" data-field="id">21/321/01329</span>`) {
			t.Errorf("%s: not the record %s", p, id)
		}
	}
	_, body := f.get(t, "/?q=училище")
	if !strings.Contains(body, `href="/projects/21%2F321%2F01329"`) {
		t.Errorf("the search result does not link to the escaped id")
	}
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func (f *webFixture) testNotFound(t *testing.T) {
	res, body := f.get(t, "/projects/no-such-project")
	wantStatus(t, res, body, http.StatusNotFound)
	if !strings.Contains(body, "Няма проект с идентификатор „no-such-project“") {
		t.Errorf("the 404 page does not name the id:\n%.2000s", body)
	}
	for _, p := range []string{"/nothing-here", "/projects/", "/projects/%C0%AF", "/static/", "/static/nope.css"} {
		res, body := f.get(t, p)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, res.StatusCode)
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && p != "/static/nope.css" {
			t.Errorf("%s: %s, want a page for people", p, res.Header.Get("Content-Type"))
		}
		_ = body
	}
	res, body = f.get(t, "/projects/"+strings.Repeat("я", 5000))
	wantStatus(t, res, body, http.StatusNotFound)
	if strings.Contains(body, strings.Repeat("я", 201)) || !strings.Contains(body, strings.Repeat("я", 200)+"…") {
		t.Errorf("a 5000-character id is not shortened on the 404 page")
	}
	res, _ = f.get(t, "/api/v1/nothing")
	if res.StatusCode != http.StatusNotFound || res.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("/api/v1/nothing: %d %s, want a 404 problem", res.StatusCode, res.Header.Get("Content-Type"))
	}
}

func (f *webFixture) testXSS(t *testing.T) {
	for _, p := range []string{"/projects/21%2F321%2F01329", "/?q=" + url.QueryEscape("училище"),
		"/?q=" + url.QueryEscape(`<script>alert(1)</script>`), "/?municipality=" + url.QueryEscape(`"><script>alert(5)</script>`)} {
		res, body := f.get(t, p)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", p, res.StatusCode)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "<img onerror", "<svg onload", "<b>bold"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: crawled or typed markup %q reached the page unescaped", p, bad)
			}
		}
		if strings.Contains(body, `href="javascript:`) {
			t.Errorf("%s: a javascript: link reached the page", p)
		}
		if n := strings.Count(body, "<script"); n != 1 {
			t.Errorf("%s: %d <script> tags, want only the page's own", p, n)
		}
	}
	_, body := f.get(t, "/projects/21%2F321%2F01329")
	for _, want := range []string{
		`<h1 data-field="title">&lt;script&gt;alert(1)&lt;/script&gt; Ремонт &#34;&gt;&lt;img src=x onerror=alert(2)&gt; на училище</h1>`,
		`<li data-field="objectives">&lt;script&gt;alert(1)&lt;/script&gt;</li>`,
		`<li data-field="objectives">&#34;&gt;&lt;img onerror=alert(4)&gt;</li>`,
		"Община &#34;&gt;&lt;svg onload=alert(3)&gt;",
		`<li data-field="warnings">&lt;b&gt;bold&lt;/b&gt; warning</li>`,
		`<span title="javascript:alert(6)" data-field="documents.text">Злонамерен документ</span>`,
		`<a href="https://evil.example/dogovor.pdf" rel="nofollow noopener noreferrer" target="_blank" title="https://evil.example/dogovor.pdf" data-field="documents.text">Договор &#34;&gt;&lt;script&gt;alert(7)&lt;/script&gt;</a>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the project page does not show the text escaped: %s", want)
		}
	}
	_, body = f.get(t, "/?q="+url.QueryEscape("училище"))
	if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("the hostile title is not in the results, escaped")
	}
}

func (f *webFixture) testLanguage(t *testing.T) {
	res, body := f.get(t, "/?lang=en&q=училище")
	wantStatus(t, res, body, http.StatusOK)
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "Projects found:") {
		t.Errorf("?lang=en does not give the English page")
	}
	var cookie *http.Cookie
	for _, c := range res.Cookies() {
		if c.Name == langCookie {
			cookie = c
		}
	}
	if cookie == nil || cookie.Value != "en" {
		t.Fatalf("?lang=en sets no cookie: %v", res.Cookies())
	}
	_, body = f.get(t, "/projects/21%2F321%2F01329", "Cookie", "lang=en")
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, `<td data-field="budget.total" data-in="stated">BGN`+"\u00a0"+`1,000.50</td><td data-field="budget.total" data-in="eur">€511.55</td>`) {
		t.Errorf("the cookie does not keep English (or the amounts are not in English style)")
	}
	if !strings.Contains(body, `href="/projects/21%2F321%2F01329?lang=bg"`) {
		t.Errorf("no switch back to Bulgarian on the same page")
	}
	_, body = f.get(t, "/", "Cookie", "lang=xx")
	if !strings.Contains(body, `<html lang="bg">`) {
		t.Errorf("an unknown language cookie does not fall back to Bulgarian")
	}
	_, body = f.get(t, "/?lang=bg", "Cookie", "lang=en")
	if !strings.Contains(body, `<html lang="bg">`) {
		t.Errorf("?lang=bg does not win over the cookie")
	}
}

func (f *webFixture) testAbout(t *testing.T) {
	munis, err := f.store.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	res, body := f.get(t, "/about")
	wantStatus(t, res, body, http.StatusOK)
	if want := fmt.Sprintf("Общини с проекти в данните: %d.", len(munis)); !strings.Contains(body, want) {
		t.Errorf("the about page does not say %q", want)
	}
	if !strings.Contains(body, "Все още няма обхождане.") {
		t.Errorf("with no crawl the about page should say so")
	}
	for _, s := range []string{`rel="license noopener"`, "CC-BY-4.0", `href="/api/v1/openapi.json"`, `href="/api/v1/datapackage.json"`} {
		if !strings.Contains(body, s) {
			t.Errorf("the about page lacks %s", s)
		}
	}
	started := time.Date(2026, 11, 21, 2, 0, 0, 0, time.UTC)
	finished := started.Add(41 * time.Minute)
	run := dataset.CrawlRun{ID: "r1", Started: started, Finished: &finished, Trigger: "schedule", Status: "done",
		Sites:  []dataset.SiteRun{{Municipality: "Пещера"}, {Municipality: "Септември"}, {Municipality: "Пловдив"}},
		Totals: dataset.SiteRun{PagesFetched: 120, PagesUnchanged: 100, PagesFailed: 2, RecordsAdded: 5, RecordsChanged: 3}}
	earlier := run
	earlier.ID, earlier.Started, earlier.Finished = "r0", started.Add(-24*time.Hour), webPtr(finished.Add(-24*time.Hour))
	earlier.Totals.PagesFailed = 7
	for _, r := range []dataset.CrawlRun{earlier, run} {
		if err := f.store.PutCrawl(r); err != nil {
			t.Fatal(err)
		}
	}
	_, body = f.get(t, "/about")
	for _, want := range []string{
		"Сайтове в последното обхождане: 3.",
		"Започнато 21.11.2026 02:00 UTC, завършено 21.11.2026 02:41 UTC (завършено). Изтеглени страници: 120, непроменени: 100, неуспешни: 2. Нови проекти: 5, променени: 3.",
		"<tr><td>21.11.2026 02:00 UTC</td><td>завършено</td><td>120</td><td>2</td><td>5</td><td>3</td></tr><tr><td>20.11.2026 02:00 UTC</td><td>завършено</td><td>120</td><td>7</td><td>5</td><td>3</td></tr>",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the about page does not say %q:\n%.4000s", want, body)
		}
	}
}

func (f *webFixture) testStatic(t *testing.T) {
	res, body := f.get(t, "/")
	m := regexp.MustCompile(`href="(/static/style\.css\?v=[0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no stylesheet link")
	}
	res, css := f.get(t, m[1])
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/css") {
		t.Fatalf("%s: %d %s", m[1], res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("the versioned stylesheet is not cacheable: %q", res.Header.Get("Cache-Control"))
	}
	if len(css) > 16<<10 {
		t.Errorf("the stylesheet is %d bytes; keep it small for phones", len(css))
	}
	res, _ = f.get(t, "/static/style.css?v=old")
	if strings.Contains(res.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("an old version must not be cached for a year")
	}
}

func (f *webFixture) testConditional(t *testing.T) {
	res, _ := f.get(t, "/?q=училище")
	etag := res.Header.Get("ETag")
	if etag == "" {
		t.Fatal("the search page has no ETag")
	}
	res, body := f.get(t, "/?q=училище", "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified || body != "" {
		t.Errorf("revalidation: %d with %d bytes, want 304", res.StatusCode, len(body))
	}
	res, _ = f.get(t, "/?q=училище", "If-None-Match", etag, "Cookie", "lang=en")
	if res.StatusCode != http.StatusOK {
		t.Errorf("the English page answered 304 to the Bulgarian page's ETag")
	}
	req, _ := http.NewRequest(http.MethodHead, f.srv.URL+"/", nil)
	hres, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	hres.Body.Close()
	if hres.StatusCode != http.StatusOK {
		t.Errorf("HEAD /: %d", hres.StatusCode)
	}
}

func (f *webFixture) testRateLimit(t *testing.T) {
	s, err := New(Config{Store: f.store, Index: f.index, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		RateLimit: 0.01, RateBurst: 2})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	g := &webFixture{srv: srv}
	for i := range 2 {
		if res, body := g.get(t, "/?q=училище"); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d within the burst: %d\n%.500s", i, res.StatusCode, body)
		}
	}
	res, body := g.get(t, "/?q=училище")
	wantStatus(t, res, body, http.StatusTooManyRequests)
	if ra, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || ra < 1 {
		t.Errorf("Retry-After %q", res.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, "Твърде много заявки") || !strings.Contains(body, "Изчакайте") {
		t.Errorf("the 429 page does not tell the person to wait:\n%.2000s", body)
	}
	if res, _ := g.get(t, "/projects/21%2F321%2F01329"); res.StatusCode != http.StatusOK {
		t.Errorf("project pages are not rate-limited like searches: %d", res.StatusCode)
	}
}

func (f *webFixture) testWithdrawn(t *testing.T) {
	rec, ok := f.recs["ГОНЕ-1"]
	if !ok || rec.Withdrawn == "" {
		t.Fatalf("the fixture has no withdrawn record: %+v", rec)
	}
	res, body := f.get(t, projectURL(rec.ID))
	wantStatus(t, res, body, http.StatusOK)
	if want := "Проектът вече не се показва на сайта на общината (от " + formatDate(bgCatalog, rec.Withdrawn) + ")"; !strings.Contains(body, want) {
		t.Errorf("the project page does not say it was withdrawn (%s)", want)
	}
	if !strings.Contains(body, "премахнат") {
		t.Errorf("the history does not show the withdrawal")
	}
	_, body = f.get(t, "/?q="+url.QueryEscape("изчезнал"))
	if slices.Contains(hits(t, body), rec.ID) && !strings.Contains(body, `<span class="tag">премахнат от сайта</span>`) {
		t.Errorf("the withdrawn project is in the results without a mark")
	}
}

// TestWebEmptyData: a fresh install with no crawl yet answers every page.
func TestWebEmptyData(t *testing.T) {
	dir := t.TempDir()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(filepath.Join(dir, "store.db"), logger)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), logger)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	s, err := New(Config{Store: st, Index: ix, Logger: logger, RateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	f := &webFixture{srv: srv}
	for _, tc := range []struct {
		path   string
		status int
		want   string
	}{
		{"/", http.StatusOK, "Все още няма събрани проекти."},
		{"/?q=училище", http.StatusOK, "Няма проекти, които отговарят на търсенето."},
		{"/?municipality=Пещера&lang=en", http.StatusOK, "No project matches the search."},
		{"/about", http.StatusOK, "Все още няма обхождане."},
		{"/projects/21%2F321%2F01329", http.StatusNotFound, "Няма проект с идентификатор „21/321/01329“."},
	} {
		res, body := f.get(t, tc.path)
		wantStatus(t, res, body, tc.status)
		if !strings.Contains(body, tc.want) {
			t.Errorf("%s: the page does not say %q:\n%.3000s", tc.path, tc.want, body)
		}
	}
}

// testForgiving: a misspelt word and a word no record has, on the page:
// what it says, the "did you mean" link, and downloads and facets of
// exactly the results the page counts.
func (f *webFixture) testForgiving(t *testing.T) {
	_, exact := f.get(t, "/?q="+url.QueryEscape("мониторинг"), "Cookie", "lang=bg")
	want := total(t, exact)
	if strings.Contains(exact, `class="matchnote"`) || strings.Contains(exact, `id="didyoumean"`) {
		t.Errorf("q=мониторинг: a note on a query whose words all match")
	}
	res, body := f.get(t, "/?q="+url.QueryEscape("мониторнг"), "Cookie", "lang=bg")
	wantStatus(t, res, body, http.StatusOK)
	if got := total(t, body); got != want {
		t.Errorf("q=мониторнг: %d results; q=мониторинг has %d", got, want)
	}
	if !strings.Contains(body, `<p class="matchnote">„мониторнг“ не се среща в нито един проект; търсено е „мониторинг“.</p>`) {
		t.Errorf("q=мониторнг: no note of the correction:\n%.3000s", body)
	}
	m := regexp.MustCompile(`<p class="didyoumean" id="didyoumean">Търсихте ли: <a href="([^"]+)">([^<]+)</a> <span class="muted">\(Намерени проекти: ([0-9]+)\)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("q=мониторнг: no \"did you mean\" link")
	}
	if link := html.UnescapeString(m[1]); link != "/?q="+url.QueryEscape("мониторинг") || m[2] != "мониторинг" || m[3] != strconv.Itoa(want) {
		t.Errorf("did you mean %q %q (%s); want the link to q=мониторинг (%d)", link, m[2], m[3], want)
	}
	// The download streams exactly the records the page counts, in its order.
	dl := regexp.MustCompile(`href="([^"]+)" download id="dl-json"`).FindStringSubmatch(body)
	if dl == nil {
		t.Fatal("no JSON download")
	}
	dres, js := f.get(t, html.UnescapeString(dl[1]))
	if dres.StatusCode != http.StatusOK {
		t.Fatalf("download: %d %s", dres.StatusCode, js)
	}
	var recs []dataset.Record
	if err := json.Unmarshal([]byte(js), &recs); err != nil {
		t.Fatalf("download: %v", err)
	}
	_, all := f.get(t, "/?per_page=100&q="+url.QueryEscape("мониторнг"))
	var got []string
	for _, r := range recs {
		got = append(got, r.ID)
	}
	if page := hits(t, all); !slices.Equal(got, page) || len(got) != want {
		t.Errorf("the download has %v; the page shows %v", got, page)
	}
	// A word no record has: the records with the others, said so; the
	// municipality counts add up to the results.
	_, body = f.get(t, "/?q="+url.QueryEscape("мониторинг космодрум"), "Cookie", "lang=en")
	if got := total(t, body); got != want || !strings.Contains(body, `<p class="matchnote">No project has all the words; these have most of them.</p>`) {
		t.Errorf("q=мониторинг космодрум: %d results (want %d), note missing:\n%.3000s", got, want, body)
	}
	sum := 0
	for _, c := range regexp.MustCompile(`name="municipality" value="[^"]*"[^>]*> [^<]* <span class="n">([0-9]+)</span>`).FindAllStringSubmatch(body, -1) {
		n, _ := strconv.Atoi(c[1])
		sum += n
	}
	if sum != want {
		t.Errorf("q=мониторинг космодрум: municipality counts add up to %d; %d results", sum, want)
	}
}
