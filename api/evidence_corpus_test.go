package api

import (
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/opendata-bg/opendata/dataset/archive"
)

// shownEvidence are the evidence keys a project page shows under a figure.
var shownEvidence = regexp.MustCompile(`^(title|beneficiary|programme|period\.(start|end|duration_months)|budget\.(total|grant|own_contribution|eu|national)|contract_numbers\.\d+)$`)

// TestCorpusEvidenceOnProjectPages: the extractor's own evidence for the
// corpus pages, through the store, on every project page: under each figure
// the characters the offsets point at in the archived page's visible text
// are the ones marked, in the snippet, and the link marks them again.
func TestCorpusEvidenceOnProjectPages(t *testing.T) {
	ts := newTestServer(t, func(c *Config) { c.Pages = archive.Viewer{} })
	f := getFixture(t)
	a := f.store
	viewer := archive.Viewer{}
	texts := map[string][]rune{}
	checked, records := 0, 0
	ids := make([]string, 0, len(f.records))
	for id := range f.records {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		rec := f.records[id]
		want := map[string]bool{}
		for k := range rec.Evidence {
			if shownEvidence.MatchString(k) {
				want[k] = true
			}
		}
		if len(want) == 0 {
			continue
		}
		records++
		resp, body := ts.get(t, "/projects/"+url.PathEscape(id))
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: %d", id, resp.StatusCode)
		}
		// Two fields may rest on one span (a programme read from its
		// contract code): the page shows one evidence per field, so each
		// span appears as often as fields rest on it.
		type span struct {
			sha        string
			start, end int
		}
		wantSpans, shownSpans := map[span]int{}, map[span]int{}
		for k := range want {
			e := rec.Evidence[k]
			wantSpans[span{e.Source, e.Start, e.End}]++
		}
		for _, ev := range findAll(parseHTML(t, string(body)), func(n *html.Node) bool { return hasClass(n, "evidence") }) {
			links := findAll(ev, func(n *html.Node) bool { return hasClass(n, "evidence-link") })
			marks := findAll(ev, func(n *html.Node) bool { return n.Data == "mark" })
			if len(links) != 1 {
				t.Errorf("%s: an evidence without a link: %q", id, textOf(ev))
				continue
			}
			u, _ := url.Parse(attr(links[0], "href"))
			sha := strings.TrimSuffix(strings.TrimPrefix(u.Path, "/archive/"), "/text")
			start, err1 := strconv.Atoi(u.Query().Get("start"))
			end, err2 := strconv.Atoi(u.Query().Get("end"))
			field := ""
			for k, e := range rec.Evidence {
				if want[k] && e.Source == sha && e.Start == start && e.End == end && (field == "" || k < field) {
					field = k
				}
			}
			if err1 != nil || err2 != nil || field == "" {
				t.Errorf("%s: evidence link %s matches none of the record's evidence", id, u)
				continue
			}
			shownSpans[span{sha, start, end}]++
			text, ok := texts[sha]
			if !ok {
				p, err := a.PageByHash(sha)
				if err != nil {
					t.Fatalf("%s %s: %v", id, field, err)
				}
				b, _ := a.BodyByHash(sha)
				s, err := viewer.VisibleText(b, p.URL, http.Header(p.Header).Get("Content-Type"))
				if err != nil {
					t.Fatal(err)
				}
				text = []rune(s)
				texts[sha] = text
			}
			value := string(text[start:end])
			if len(marks) != 1 || norm(textOf(marks[0])) != norm(value) || !strings.Contains(rec.Evidence[field].Snippet, value) {
				t.Errorf("%s %s: marked %d elements (%q), the text at %d-%d is %q, snippet %q", id, field, len(marks),
					textOf(ev), start, end, value, rec.Evidence[field].Snippet)
			}
			checked++
		}
		for k := range want {
			e := rec.Evidence[k]
			if sp := (span{e.Source, e.Start, e.End}); shownSpans[sp] != wantSpans[sp] {
				t.Errorf("%s: the evidence of %s (%+v) is shown %d times, want %d", id, k, e, shownSpans[sp], wantSpans[sp])
			}
		}
	}
	if records == 0 || checked == 0 {
		t.Fatalf("no corpus record carries evidence the page shows (%d records, %d figures)", records, checked)
	}
	t.Logf("%d figures of %d projects: each marked value is the archived text at its offsets", checked, records)
}
