package api

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/opendata-bg/opendata/dataset"
)

// TestArchivedPageAPI: the body exactly as fetched, with the fetch in the
// headers, inert, cacheable by its hash; bad and unknown hashes are 400/404.
func TestArchivedPageAPI(t *testing.T) {
	f := newArchiveFixture(t)
	resp, body := f.get(t, "/api/v1/pages/"+f.sha[0])
	if resp.StatusCode != 200 || body != string(archivePageV(1)) {
		t.Fatalf("GET page: %d, %d bytes; want 200 and the body as fetched (%d bytes)", resp.StatusCode, len(body), len(archivePageV(1)))
	}
	h := resp.Header
	checks := map[string]string{
		"Memento-Datetime":             archT1.Format(http.TimeFormat),
		"Content-Type":                 "text/html; charset=utf-8",
		"X-Archive-Status":             "200",
		"X-Archive-Orig-Last-Modified": archT1.Format(http.TimeFormat),
		"ETag":                         `"` + f.sha[0] + `"`,
	}
	for name, want := range checks {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if l := h.Get("Link"); !strings.Contains(l, "<"+archURL+`>; rel="original"`) || !strings.Contains(l, `rel="timemap"`) {
		t.Errorf("Link = %q", l)
	}
	if csp := h.Get("Content-Security-Policy"); !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("Content-Security-Policy = %q: crawled HTML served from our site must be sandboxed", csp)
	}
	if resp, _ := f.get(t, "/api/v1/pages/"+f.sha[0], "If-None-Match", `"`+f.sha[0]+`"`); resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: %d, want 304", resp.StatusCode)
	}
	for path, status := range map[string]int{
		"/api/v1/pages/" + strings.Repeat("0", 64):                             404,
		"/api/v1/pages/xyz":                                                    400,
		"/api/v1/pages/" + strings.Repeat("a", 63):                             400,
		"/api/v1/pages?url=":                                                   400,
		"/api/v1/pages?url=ftp://x":                                            400,
		"/api/v1/pages?url=" + url.QueryEscape("https://www.peshtera.bg/none"): 404,
	} {
		resp, body := f.get(t, path)
		if resp.StatusCode != status || !strings.Contains(resp.Header.Get("Content-Type"), "problem+json") {
			t.Errorf("%s: %d %s, want %d as a problem", path, resp.StatusCode, body, status)
		}
	}
}

// TestPageVersionsAndText: the versions of a URL, oldest first, each with
// its links; the visible text is the viewer's, which evidence offsets index.
func TestPageVersionsAndText(t *testing.T) {
	f := newArchiveFixture(t)
	resp, body := f.get(t, "/api/v1/pages?url="+url.QueryEscape(archURL))
	if resp.StatusCode != 200 {
		t.Fatalf("versions: %d %s", resp.StatusCode, body)
	}
	var ans pageVersionsAnswer
	if err := json.Unmarshal([]byte(body), &ans); err != nil {
		t.Fatal(err)
	}
	if ans.URL != archURL || len(ans.Versions) != 2 {
		t.Fatalf("versions = %+v", ans)
	}
	for i, v := range ans.Versions {
		at := archT1.Add(time.Duration(i) * 30 * 24 * time.Hour)
		if v.SHA256 != f.sha[i] || !v.FetchedAt.Equal(at) || v.Status != 200 || v.Size != int64(len(archivePageV(i+1))) ||
			v.Archived != "/api/v1/pages/"+f.sha[i] || v.Page != "/archive/"+f.sha[i] || v.ContentType != "text/html; charset=utf-8" {
			t.Errorf("version %d = %+v", i, v)
		}
	}
	resp, text := f.get(t, "/api/v1/pages/"+f.sha[1]+"/text")
	want, _ := f.viewer.VisibleText(archivePageV(2), archURL, "text/html; charset=utf-8")
	if resp.StatusCode != 200 || text != want || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Errorf("text: %d %q, want %q", resp.StatusCode, text, want)
	}
	v := newValidator(t)
	for _, p := range []struct{ tmpl, path string }{
		{"/api/v1/pages", "/api/v1/pages?url=" + url.QueryEscape(archURL)},
		{"/api/v1/pages", "/api/v1/pages?url=nope"},
		{"/api/v1/pages/{sha}", "/api/v1/pages/" + f.sha[0]},
		{"/api/v1/pages/{sha}", "/api/v1/pages/zz"},
		{"/api/v1/pages/{sha}/text", "/api/v1/pages/" + f.sha[0] + "/text"},
		{"/api/v1/projects/{id}", "/api/v1/projects/" + url.PathEscape(archID) + "?format=csl"},
		{"/api/v1/projects/{id}", "/api/v1/projects/" + url.PathEscape(archID) + "?format=bibtex"},
		{"/api/v1/projects/{id}", "/api/v1/projects/" + url.PathEscape(archID) + "?format=xml"},
	} {
		resp, body := f.get(t, p.path)
		v.check("GET", p.tmpl, resp, []byte(body))
	}
}

// TestProjectPageShowsEvidence: under each figure, the snippet it was read
// from with the value marked — the value as the archived page prints it
// at the evidence's offsets — and a link to that place in the page's
// visible text, where the same characters are marked.
func TestProjectPageShowsEvidence(t *testing.T) {
	f := newArchiveFixture(t)
	resp, page := f.get(t, "/projects/"+url.PathEscape(archID))
	if resp.StatusCode != 200 {
		t.Fatalf("project page: %d", resp.StatusCode)
	}
	doc := parseHTML(t, page)
	shown := map[string]bool{}
	for _, ev := range findAll(doc, func(n *html.Node) bool { return hasClass(n, "evidence") }) {
		marks := findAll(ev, func(n *html.Node) bool { return n.Data == "mark" })
		links := findAll(ev, func(n *html.Node) bool { return hasClass(n, "evidence-link") })
		if len(marks) != 1 || len(links) != 1 {
			t.Errorf("an evidence without its marked value or link: %q", textOf(ev))
			continue
		}
		href := attr(links[0], "href")
		field := ""
		for k, e := range f.rec.Evidence {
			if href == evidenceTextURL(e.Source, e.Start, e.End) {
				field = k
			}
		}
		if field == "" {
			t.Errorf("evidence link %s matches no evidence of the record", href)
			continue
		}
		e := f.rec.Evidence[field]
		shown[field] = true
		text, _ := f.viewer.VisibleText(archivePageV(2), archURL, "text/html; charset=utf-8")
		value := string([]rune(text)[e.Start:e.End])
		if got := textOf(marks[0]); got != value || !strings.Contains(textOf(ev), e.Snippet) {
			t.Errorf("%s: marked %q in %q; want %q in the snippet %q", field, got, textOf(ev), value, e.Snippet)
		}
		// Follow the link: the archived page's text marks the same value.
		resp, body := f.get(t, href)
		mark := findAll(parseHTML(t, body), func(n *html.Node) bool { return n.Data == "mark" && attr(n, "id") == "evidence" })
		if resp.StatusCode != 200 || len(mark) != 1 || textOf(mark[0]) != value {
			t.Errorf("%s: %s marks %d elements (%d), want %q", field, href, len(mark), resp.StatusCode, value)
		}
	}
	var missing []string
	for k := range f.rec.Evidence {
		if !shown[k] {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		t.Errorf("no evidence shown for %q", missing)
	}
	// The figure the evidence sits under is the record's value.
	if !strings.Contains(page, "2 301 000,00") || f.rec.Evidence["budget.total"].Source != f.sha[1] {
		t.Errorf("budget.total evidence %+v; want the second version's", f.rec.Evidence["budget.total"])
	}
}

// TestProjectPageArchiveLinks: each source links its archived copy and its
// versions; each version of the record names the page version that made it
// and links what changed on that page.
func TestProjectPageArchiveLinks(t *testing.T) {
	f := newArchiveFixture(t)
	_, page := f.get(t, "/projects/"+url.PathEscape(archID))
	doc := parseHTML(t, page)
	archived := hrefs(doc, "archived-link")
	if !slices.Equal(archived, []string{"/archive/" + f.sha[1]}) {
		t.Errorf("archived copies linked = %q, want the source's /archive/%s", archived, f.sha[1])
	}
	if !strings.Contains(page, `href="/archive?url=`+url.QueryEscape(archURL)+`"`) {
		t.Error("the source's versions are not linked")
	}
	if got := hrefs(doc, "page-version"); !slices.Equal(got, []string{"/archive/" + f.sha[0], "/archive/" + f.sha[1]}) {
		t.Errorf("history's page versions = %q", got)
	}
	diffs := hrefs(doc, "page-diff")
	want := "/archive/diff?from=" + f.sha[0] + "&to=" + f.sha[1]
	if !slices.Equal(diffs, []string{want}) {
		t.Fatalf("history's page diffs = %q, want %q", diffs, want)
	}
	// The diff shows what the municipality changed.
	resp, body := f.get(t, want)
	d := parseHTML(t, body)
	del := findAll(d, func(n *html.Node) bool { return n.Data == "del" })
	ins := findAll(d, func(n *html.Node) bool { return n.Data == "ins" })
	if resp.StatusCode != 200 || len(del) != 1 || len(ins) != 1 ||
		!strings.Contains(textOf(del[0]), "2 147 385,60 лв.") || !strings.Contains(textOf(ins[0]), "2 301 000,00 лв.") {
		t.Errorf("diff: %d, removed %d, added %d:\n%s", resp.StatusCode, len(del), len(ins), body)
	}
	// The versions page lists both, newest first, with the diff link.
	_, body = f.get(t, "/archive?url="+url.QueryEscape(archURL))
	if i, j := strings.Index(body, "/archive/"+f.sha[1]+`"`), strings.Index(body, "/archive/"+f.sha[0]+`"`); i < 0 || j < 0 || i > j ||
		!strings.Contains(body, html.EscapeString(want)) {
		t.Errorf("versions page: newest %d, oldest %d, diff link %v", i, j, strings.Contains(body, want))
	}
	for path, status := range map[string]int{"/archive/diff?from=x&to=y": 400, "/archive?url=": 400,
		"/archive/" + strings.Repeat("0", 64): 404, "/archive/nope": 400} {
		if resp, _ := f.get(t, path); resp.StatusCode != status {
			t.Errorf("%s: %d, want %d", path, resp.StatusCode, status)
		}
	}
}

// TestArchivePageBannerAndFrame: the page for people says where and when
// the page was fetched and shows it in a sandboxed frame from another
// path, which is served inert with a sandbox policy.
func TestArchivePageBannerAndFrame(t *testing.T) {
	f := newArchiveFixture(t)
	resp, body := f.get(t, "/archive/"+f.sha[0]+"?lang=en")
	if resp.StatusCode != 200 {
		t.Fatalf("archive page: %d", resp.StatusCode)
	}
	doc := parseHTML(t, body)
	banner := findAll(doc, func(n *html.Node) bool { return hasClass(n, "banner") })
	if len(banner) != 1 || !strings.Contains(textOf(banner[0]), "As fetched from "+archURL+" on 2 Mar 2026 09:30 UTC (HTTP 200)") {
		t.Errorf("banner = %q", textOf(banner[0]))
	}
	frames := findAll(doc, func(n *html.Node) bool { return n.Data == "iframe" })
	if len(frames) != 1 || attr(frames[0], "src") != "/archive/"+f.sha[0]+"/frame" || !hasAttr(frames[0], "sandbox") || attr(frames[0], "sandbox") != "" {
		t.Fatalf("frame = %+v", frames)
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-src 'self'") {
		t.Errorf("the page's policy does not allow its frame: %q", csp)
	}
	resp, frame := f.get(t, "/archive/"+f.sha[0]+"/frame")
	csp := resp.Header.Get("Content-Security-Policy")
	if resp.StatusCode != 200 || !strings.HasPrefix(csp, "sandbox;") || !strings.Contains(csp, "default-src 'none'") ||
		strings.Contains(csp, "allow-scripts") {
		t.Errorf("frame: %d, policy %q", resp.StatusCode, csp)
	}
	if !strings.Contains(frame, "2 147 385,60 лв.") || strings.Contains(frame, "<script") || strings.Contains(frame, "<img") || strings.Contains(frame, "href=") {
		t.Errorf("frame body:\n%s", frame)
	}
}

// TestCitation: the record's citation as CSL-JSON and BibTeX, value by
// value from the record, and the cite box and the about page.
func TestCitation(t *testing.T) {
	f := newArchiveFixture(t)
	today := time.Now().UTC()
	permalink := f.ts.URL + "/projects/" + url.PathEscape(archID)
	resp, body := f.get(t, "/api/v1/projects/"+url.PathEscape(archID)+"?format=csl")
	var items []map[string]any
	if err := json.Unmarshal([]byte(body), &items); err != nil || len(items) != 1 {
		t.Fatalf("csl: %v %s", err, body)
	}
	it := items[0]
	if resp.Header.Get("Content-Type") != "application/vnd.citationstyles.csl+json; charset=utf-8" ||
		it["type"] != "dataset" || it["title"] != archTitle || it["URL"] != permalink || it["number"] != archID ||
		!strings.Contains(it["note"].(string), archURL) || !strings.Contains(it["note"].(string), f.ts.URL+"/archive/"+f.sha[1]) {
		t.Errorf("csl item = %v (%s)", it, resp.Header.Get("Content-Type"))
	}
	acc, _ := json.Marshal(it["accessed"])
	if want := "[[" + strconv.Itoa(today.Year()) + "," + strconv.Itoa(int(today.Month())) + "," + strconv.Itoa(today.Day()) + "]]"; !strings.Contains(string(acc), want) {
		t.Errorf("accessed = %s, want %s", acc, want)
	}
	_, bib := f.get(t, "/api/v1/projects/"+url.PathEscape(archID)+"?format=bibtex")
	for _, want := range []string{"@misc{opendata-" + archID + ",", "title = {" + archTitle + "}", `\url{` + permalink + "}",
		"urldate = {" + today.Format(time.DateOnly) + "}", `\url{` + f.ts.URL + "/archive/" + f.sha[1] + "}"} {
		if !strings.Contains(bib, want) {
			t.Errorf("bibtex lacks %q:\n%s", want, bib)
		}
	}
	_, page := f.get(t, "/projects/"+url.PathEscape(archID))
	doc := parseHTML(t, page)
	cite := findAll(doc, func(n *html.Node) bool { return hasClass(n, "cite") })
	if len(cite) != 1 {
		t.Fatal("no cite box")
	}
	ct := textOf(cite[0])
	for _, want := range []string{permalink, archID, archURL, dataset.Cite(f.rec, f.ts.URL, today).Text()} {
		if !strings.Contains(ct, want) {
			t.Errorf("cite box lacks %q:\n%s", want, ct)
		}
	}
	_, about := f.get(t, "/about")
	text, bibtex := dataset.DatasetCitation(f.ts.URL, time.Time{}, today)
	_ = bibtex
	if !strings.Contains(about, html.EscapeString(strings.SplitN(text, ". ", 2)[0])) || !strings.Contains(about, "@misc{opendata-dataset,") {
		t.Errorf("the about page does not say how to cite the dataset")
	}
}

// attr is an element's attribute ("" when it has none); the other HTML
// helpers are web_figures_test.go's.
func attr(n *html.Node, name string) string { return attrsOf(n)[name] }

func hasAttr(n *html.Node, name string) bool {
	_, ok := attrsOf(n)[name]
	return ok
}

// hrefs lists the href of every element with the class.
func hrefs(doc *html.Node, class string) []string {
	var out []string
	for _, n := range findAll(doc, func(n *html.Node) bool { return hasClass(n, class) }) {
		out = append(out, attr(n, "href"))
	}
	return out
}

// TestCrawledPagesInTheArchive: after a real crawl of the sample sites,
// every page the records name is in the archive under the hash its source
// gives, its body hashing to it, one version per page.
func TestCrawledPagesInTheArchive(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the sample sites; skipped with -short")
	}
	f := getCrawlFixture(t)
	n := 0
	err := f.store.EachRecord(func(r dataset.Record) error {
		for _, s := range r.Sources {
			if _, fetched, _ := f.store.Page(s.URL); !fetched {
				continue // merged without being fetched (the fixture's later news)
			}
			body, err := f.store.BodyByHash(s.SHA256)
			if err != nil {
				t.Errorf("%s: source %s is not archived: %v", r.ID, s.URL, err)
				continue
			}
			if sum := sha256.Sum256(body); hex.EncodeToString(sum[:]) != s.SHA256 {
				t.Errorf("%s: the body archived as %s hashes otherwise", r.ID, s.SHA256)
			}
			vers, err := f.store.PageVersions(s.URL)
			if err != nil || len(vers) != 1 || vers[0].SHA256 != s.SHA256 {
				t.Errorf("%s: versions of %s = %+v, %v", r.ID, s.URL, vers, err)
			}
			n++
		}
		return nil
	})
	if err != nil || n == 0 {
		t.Fatalf("checked %d sources: %v", n, err)
	}
}
