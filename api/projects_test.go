package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// checkProblem asserts an RFC 9457 answer with the status and returns it.
func checkProblem(t *testing.T, resp *http.Response, body []byte, status int) Problem {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d; body %s", resp.Request.URL, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("%s: Content-Type %q, want application/problem+json", resp.Request.URL, ct)
	}
	var p Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("problem body %q: %v", body, err)
	}
	if p.Status != status || p.Title == "" || p.Detail == "" || p.Type != "about:blank" {
		t.Fatalf("problem %+v: want status %d with type, title and detail", p, status)
	}
	return p
}

// decodeSearch decodes a search answer, failing on a non-200.
func decodeSearch(t *testing.T, resp *http.Response, body []byte) searchAnswerJSON {
	t.Helper()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d: %s", resp.Request.URL, resp.StatusCode, body)
	}
	var ans searchAnswerJSON
	if err := json.Unmarshal(body, &ans); err != nil {
		t.Fatalf("decode search answer: %v", err)
	}
	return ans
}

// searchAnswerJSON is the search answer as a client reads it.
type searchAnswerJSON struct {
	Total   int                             `json:"total"`
	Page    int                             `json:"page"`
	PerPage int                             `json:"per_page"`
	Results []resultJSON                    `json:"results"`
	Facets  map[string][]dataset.FacetValue `json:"facets"`
}

type resultJSON struct {
	dataset.Record
	Score      *float64            `json:"score"`
	Highlights map[string][]string `json:"highlights"`
}

func TestSearchFindsWordForms(t *testing.T) {
	ts := newTestServer(t, nil)
	f := getFixture(t)
	// The OPAC projects of Пещера (13-13-107) and Септември (13-13-24) speak
	// of "мониторинг и контрол"; the query is another form of the word.
	resp, body := ts.get(t, "/api/v1/projects?q="+url.QueryEscape("мониторинга")+"&per_page=100")
	ans := decodeSearch(t, resp, body)
	var ids []string
	for _, r := range ans.Results {
		ids = append(ids, r.ID)
		if r.Score == nil || *r.Score <= 0 {
			t.Errorf("result %s: score %v, want > 0", r.ID, r.Score)
		}
		want := f.records[r.ID]
		if r.Title != want.Title || r.Municipality != want.Municipality {
			t.Errorf("result %s is not the stored record: %q/%q vs %q/%q", r.ID, r.Title, r.Municipality, want.Title, want.Municipality)
		}
	}
	for _, id := range []string{"13-13-107", "13-13-24"} {
		if !slices.Contains(ids, id) {
			t.Errorf("q=мониторинга: %s not among %v", id, ids)
		}
	}
	if ans.Total < 2 || ans.Total != len(ans.Results) {
		t.Errorf("total %d with %d results on one page of 100", ans.Total, len(ans.Results))
	}
	marked := false
	for _, r := range ans.Results {
		for _, frags := range r.Highlights {
			for _, fr := range frags {
				if strings.Contains(fr, "<mark>") {
					marked = true
				}
			}
		}
	}
	if !marked {
		t.Errorf("no highlight with <mark> in %d results", len(ans.Results))
	}
}

func TestSearchFiltersAndFacets(t *testing.T) {
	ts := newTestServer(t, nil)
	f := getFixture(t)
	resp, body := ts.get(t, "/api/v1/projects?municipality="+url.QueryEscape("Сливен")+"&facets=programme,year&per_page=100")
	ans := decodeSearch(t, resp, body)
	want := f.count(func(r dataset.Record) bool { return r.Municipality == "Сливен" && r.Withdrawn == "" })
	if want < 3 {
		t.Fatalf("fixture has %d records of Сливен; the corpus has five", want)
	}
	if ans.Total != want || len(ans.Results) != want {
		t.Errorf("municipality=Сливен: total %d, %d results; the store has %d", ans.Total, len(ans.Results), want)
	}
	for _, r := range ans.Results {
		if r.Municipality != "Сливен" {
			t.Errorf("result %s of %q", r.ID, r.Municipality)
		}
	}
	sum := 0
	for _, fv := range ans.Facets["programme"] {
		n := f.count(func(r dataset.Record) bool {
			return r.Municipality == "Сливен" && r.Programme == fv.Value && r.Withdrawn == ""
		})
		if fv.Count != n {
			t.Errorf("facet programme=%s: %d, the store has %d", fv.Value, fv.Count, n)
		}
		sum += fv.Count
	}
	withProg := f.count(func(r dataset.Record) bool {
		return r.Municipality == "Сливен" && r.Programme != "" && r.Withdrawn == ""
	})
	if sum != withProg {
		t.Errorf("programme facet counts add up to %d, want %d", sum, withProg)
	}
	if _, ok := ans.Facets["year"]; !ok {
		t.Errorf("facets %v: year missing", ans.Facets)
	}
	// Two values of one filter are OR: Сливен or Бургас.
	resp, body = ts.get(t, "/api/v1/projects?municipality="+url.QueryEscape("Сливен")+"&municipality="+url.QueryEscape("Бургас")+"&per_page=100")
	both := decodeSearch(t, resp, body)
	wantBoth := want + f.count(func(r dataset.Record) bool { return r.Municipality == "Бургас" && r.Withdrawn == "" })
	if both.Total != wantBoth {
		t.Errorf("Сливен or Бургас: total %d, want %d", both.Total, wantBoth)
	}
}

func TestSearchPaging(t *testing.T) {
	ts := newTestServer(t, nil)
	f := getFixture(t)
	live := f.count(func(r dataset.Record) bool { return r.Withdrawn == "" })
	resp, body := ts.get(t, "/api/v1/projects?per_page=1000")
	ans := decodeSearch(t, resp, body)
	if ans.PerPage != dataset.MaxPerPage {
		t.Errorf("per_page=1000 answered per_page %d, want the cap %d", ans.PerPage, dataset.MaxPerPage)
	}
	if ans.Total != live || len(ans.Results) != live {
		t.Errorf("everything: total %d, %d results; the store has %d live records", ans.Total, len(ans.Results), live)
	}
	seen := map[string]bool{}
	for page := 1; page <= (live+6)/7; page++ {
		resp, body := ts.get(t, "/api/v1/projects?sort=-budget&per_page=7&page="+strconv.Itoa(page))
		p := decodeSearch(t, resp, body)
		if p.Page != page || p.PerPage != 7 {
			t.Errorf("page %d: answered page %d per_page %d", page, p.Page, p.PerPage)
		}
		for _, r := range p.Results {
			if seen[r.ID] {
				t.Errorf("page %d repeats %s", page, r.ID)
			}
			seen[r.ID] = true
		}
	}
	if len(seen) != live {
		t.Errorf("paging by 7 saw %d records, want %d", len(seen), live)
	}
	// The Link header leads through the same pages.
	lastPage := (live + 6) / 7
	resp, _ = ts.get(t, "/api/v1/projects?sort=-budget&per_page=7&page=2&facets=year")
	link := resp.Header.Get("Link")
	for _, want := range []string{
		`</api/v1/projects?facets=year&page=1&per_page=7&sort=-budget>; rel="first"`,
		`</api/v1/projects?facets=year&page=1&per_page=7&sort=-budget>; rel="prev"`,
		`</api/v1/projects?facets=year&page=3&per_page=7&sort=-budget>; rel="next"`,
		`</api/v1/projects?facets=year&page=` + strconv.Itoa(lastPage) + `&per_page=7&sort=-budget>; rel="last"`,
	} {
		if !strings.Contains(link, want) {
			t.Errorf("Link %q lacks %s", link, want)
		}
	}
	resp, _ = ts.get(t, "/api/v1/projects?sort=-budget&per_page=7&page="+strconv.Itoa(lastPage))
	if link := resp.Header.Get("Link"); strings.Contains(link, `rel="next"`) {
		t.Errorf("the last page links a next one: %s", link)
	}
}

func TestSearchBadParameters(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, tc := range []struct {
		query string
		name  string // what the detail must name
	}{
		{"year_from=abc", "year_from"},
		{"year_from=2020&year_to=2010", "year_from"},
		{"sort=cheapest", "sort"},
		{"page=0", "page"},
		{"page=x", "page"},
		{"per_page=-5", "per_page"},
		{"budget_min=lots", "budget_min"},
		{"budget_min=-1", "budget_min"},
		{"budget_min=500&budget_max=100", "budget_min"},
		{"facets=colour", "colour"},
		{"q=" + strings.Repeat("а", dataset.MaxQueryLen+1), "q"},
		{"q=%zz", "malformed"},
		{"q=%ff", "UTF-8"},
	} {
		for _, path := range []string{"/api/v1/projects", "/api/v1/projects.csv"} {
			resp, body := ts.get(t, path+"?"+tc.query)
			p := checkProblem(t, resp, body, http.StatusBadRequest)
			if !strings.Contains(p.Detail, tc.name) {
				t.Errorf("%s?%.40s: detail %q does not name %q", path, tc.query, p.Detail, tc.name)
			}
		}
	}
}

func TestRecordAndHistory(t *testing.T) {
	ts := newTestServer(t, nil)
	f := getFixture(t)
	for _, id := range []string{"23/321/00845", "РД-КБ-22-018", "13-13-24", "BG161PO001/1.4-06/2010/014"} {
		want, ok := f.records[id]
		if !ok {
			t.Errorf("fixture has no record %q", id)
			continue
		}
		// The id escaped as one segment (%2F), and with plain slashes.
		for _, path := range []string{url.PathEscape(id), (&url.URL{Path: id}).EscapedPath()} {
			resp, body := ts.get(t, "/api/v1/projects/"+path)
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET record %s: %d %s", path, resp.StatusCode, body)
				continue
			}
			var got dataset.Record
			if err := json.Unmarshal(body, &got); err != nil {
				t.Fatal(err)
			}
			if got.ID != id || got.Title != want.Title || len(got.Sources) == 0 {
				t.Errorf("GET record %s: id %q title %q, %d sources", path, got.ID, got.Title, len(got.Sources))
			}
			resp, body = ts.get(t, "/api/v1/projects/"+path+"/history")
			if resp.StatusCode != http.StatusOK {
				t.Errorf("GET history %s: %d %s", path, resp.StatusCode, body)
				continue
			}
			var h historyJSON
			if err := json.Unmarshal(body, &h); err != nil {
				t.Fatal(err)
			}
			if h.ID != id || len(h.Versions) == 0 || h.Versions[0].Kind != "created" {
				t.Errorf("history %s: %+v, want the created version first", id, h)
			}
		}
	}
	for _, path := range []string{"/api/v1/projects/no-such-id", "/api/v1/projects/no%2Fsuch", "/api/v1/projects/no-such-id/history"} {
		resp, body := ts.get(t, path)
		checkProblem(t, resp, body, http.StatusNotFound)
	}
	resp, body := ts.get(t, "/api/v1/projects/%ff%fe")
	checkProblem(t, resp, body, http.StatusBadRequest)
}

type historyJSON struct {
	ID       string            `json:"id"`
	Versions []dataset.Version `json:"versions"`
}

func TestNotFoundAndMethodNotAllowed(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := ts.get(t, "/api/v1/nothing-here")
	checkProblem(t, resp, body, http.StatusNotFound)
	resp, body = ts.do(t, http.MethodDelete, "/api/v1/projects")
	checkProblem(t, resp, body, http.StatusMethodNotAllowed)
	if allow := resp.Header.Get("Allow"); allow != "GET, HEAD" {
		t.Errorf("Allow %q, want GET, HEAD", allow)
	}
	resp, body = ts.do(t, http.MethodPut, "/api/v1/crawls")
	checkProblem(t, resp, body, http.StatusMethodNotAllowed)
	if allow := resp.Header.Get("Allow"); allow != "GET, HEAD, POST" {
		t.Errorf("Allow %q, want GET, HEAD, POST", allow)
	}
}

// TestSearchOddQueries: query text a person may type is answered 200 or,
// when it cannot be read, 400 with a problem; never a 5xx.
func TestSearchOddQueries(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, q := range []string{`"`, `"мониторинг`, `-`, `--`, `-мониторинг`, `(((`, `*`, `?`, `~`, `\`, `a:b`,
		`title:мониторинг`, `+`, `AND OR NOT`, `/regexp.*/`, `peshtera~2`, `^3`, `""`, `" "`, `{}`, `[a TO b]`,
		strings.Repeat("мониторинг ", 90), strings.Repeat("x", 999), "\u0000", "\u202e", "😀", `<script>`} {
		resp, body := ts.get(t, "/api/v1/projects?q="+url.QueryEscape(q))
		switch resp.StatusCode {
		case http.StatusOK:
			decodeSearch(t, resp, body)
		case http.StatusBadRequest:
			checkProblem(t, resp, body, http.StatusBadRequest)
		default:
			t.Errorf("q=%.30q: %d %s", q, resp.StatusCode, body)
		}
	}
}

// matchJSON is how a search answer says its results were matched.
type matchJSON struct {
	Total       int                  `json:"total"`
	Match       string               `json:"match"`
	AllWords    int                  `json:"all_words"`
	Corrections []dataset.Correction `json:"corrections"`
	DidYouMean  *dataset.Suggestion  `json:"did_you_mean"`
	Results     []resultJSON         `json:"results"`
}

// TestSearchForgives: a misspelt word, a superfluous word and a contract
// number typed with spaces all find their records over the real router,
// and the answer says how.
func TestSearchForgives(t *testing.T) {
	ts := newTestServer(t, nil)
	get := func(q string) matchJSON {
		t.Helper()
		resp, body := ts.get(t, "/api/v1/projects?per_page=100&q="+url.QueryEscape(q))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("q=%s: %d %s", q, resp.StatusCode, body)
		}
		var m matchJSON
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	exact := get("мониторинг")
	if exact.Total < 2 || exact.Match != "all" || exact.AllWords != exact.Total || len(exact.Corrections) != 0 || exact.DidYouMean != nil {
		t.Fatalf("q=мониторинг: %+v", exact)
	}
	// One letter missing: corrected, the same records, a "did you mean"
	// whose total is what that query finds.
	typo := get("мониторнг")
	if typo.Match != "corrected" || len(typo.Corrections) != 1 || typo.Corrections[0] != (dataset.Correction{Word: "мониторнг", To: "мониторинг"}) {
		t.Errorf("q=мониторнг: match %q, corrections %v", typo.Match, typo.Corrections)
	}
	if typo.Total != exact.Total || typo.DidYouMean == nil || typo.DidYouMean.Q != "мониторинг" || typo.DidYouMean.Total != uint64(exact.Total) {
		t.Errorf("q=мониторнг: total %d, did you mean %+v; q=мониторинг finds %d", typo.Total, typo.DidYouMean, exact.Total)
	}
	// A word no record has: the records with the other word, said so.
	some := get("мониторинг космодрум")
	if some.Total != exact.Total || some.Match != "some" || some.AllWords != 0 {
		t.Errorf("q=мониторинг космодрум: total %d, match %q, all_words %d; want %d, some, 0", some.Total, some.Match, some.AllWords, exact.Total)
	}
	// A contract number with spaces around its dashes, in lower case.
	code := get("№ 13 - 13 - 24")
	if len(code.Results) == 0 || code.Results[0].ID != "13-13-24" {
		t.Errorf("spaced codes: first %v", code.Results)
	}
}
