package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gorilla/mux"

	"github.com/opendata-bg/opendata/dataset"
)

// The archive for people: an archived page shown inert in a sandboxed
// frame under a banner saying where and when it was fetched, its visible
// text (where a figure's evidence points), every version of a URL, and
// what changed between two versions.

// shaPattern matches a SHA-256 in a route.
const shaPattern = "{sha}"

// registerArchiveRoutes adds the archive's pages to r.
func (wb *web) registerArchiveRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	r.HandleFunc("/archive", wb.archiveVersionsPage).Methods(get...)
	// Reading, cleaning and comparing pages costs like a search: limited alike.
	r.HandleFunc("/archive/diff", wb.limited(wb.archiveDiffPage)).Methods(get...)
	r.HandleFunc("/archive/"+shaPattern, wb.archivePage).Methods(get...)
	r.HandleFunc("/archive/"+shaPattern+"/frame", wb.limited(wb.archiveFrame)).Methods(get...)
	r.HandleFunc("/archive/"+shaPattern+"/text", wb.limited(wb.archiveTextPage)).Methods(get...)
}

// archiveView is the data of the archive's pages.
type archiveView struct {
	Page     dataset.Page
	URL      string // the original, as a link ("" when not http(s))
	Versions int    // how many versions of the URL are kept
	// The text view: the visible text around the evidence, which is Mark.
	Before, Mark, After string
	// The versions page: every version, newest first.
	List []versionRow
	// The diff page: from and to, and the lines.
	From, To dataset.Page
	Lines    []diffRow
	Changed  bool
}

// versionRow is one version on the versions page.
type versionRow struct {
	P    dataset.Page
	Size string // its size in bytes, formatted
	Prev string // the SHA-256 of the version before it ("" for the first)
}

// diffRow is one line of the diff page; Op "…" stands for unchanged lines left out.
type diffRow struct {
	Op, Text string
}

// archived reads the fetch and the body of the SHA-256 in the path, and
// answers a person with an error page when there is none.
func (wb *web) archived(w http.ResponseWriter, r *http.Request) (dataset.Page, []byte, bool) {
	if wb.s.cfg.Pages == nil {
		wb.renderError(w, r, http.StatusNotFound, "")
		return dataset.Page{}, nil, false
	}
	p, body, err := wb.s.archivedPage(r)
	if err != nil {
		wb.fail(w, r, err)
		return p, nil, false
	}
	return p, body, true
}

// archivePage is GET /archive/{sha256}: the banner and the sandboxed frame.
func (wb *web) archivePage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	if wb.notModified(w, r, "archive", r.URL.Path) {
		return
	}
	p, _, ok := wb.archived(w, r)
	if !ok {
		return
	}
	v := &archiveView{Page: p, URL: safeHref(p.URL), Versions: wb.versionCount(p.URL)}
	pg := wb.newPage(r, c, c.T("archive.title"), v)
	pg.Frames = true
	wb.render(w, r, "archive", pg)
}

// versionCount is how many versions of the URL the archive keeps (0 when unknown).
func (wb *web) versionCount(u string) int {
	a, err := wb.s.archive()
	if err != nil {
		return 0
	}
	vers, err := a.PageVersions(u)
	if err != nil {
		return 0
	}
	return len(vers)
}

// archiveFrame is GET /archive/{sha256}/frame: the inert copy of the page,
// in a sandbox that runs no script and loads nothing.
func (wb *web) archiveFrame(w http.ResponseWriter, r *http.Request) {
	p, body, ok := wb.archived(w, r)
	if !ok {
		return
	}
	doc, err := wb.s.cfg.Pages.SafeHTML(body, p.URL, http.Header(p.Header).Get("Content-Type"))
	if err != nil {
		wb.renderError(w, r, http.StatusNotFound, "")
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", wb.s.cfg.Pages.FrameCSP())
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", cacheFixed)
	writeBody(w, "text/html; charset=utf-8", doc)
}

// archiveTextPage is GET /archive/{sha256}/text[?start=S&end=E]: the visible
// text, with the characters S to E (a figure's evidence) marked.
func (wb *web) archiveTextPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	p, body, ok := wb.archived(w, r)
	if !ok {
		return
	}
	text, err := wb.s.cfg.Pages.VisibleText(body, p.URL, http.Header(p.Header).Get("Content-Type"))
	if err != nil {
		wb.renderError(w, r, http.StatusNotFound, "")
		return
	}
	v := &archiveView{Page: p, URL: safeHref(p.URL), Versions: wb.versionCount(p.URL), Before: text}
	q := r.URL.Query()
	start, err1 := strconv.Atoi(q.Get("start"))
	end, err2 := strconv.Atoi(q.Get("end"))
	if err1 == nil && err2 == nil {
		if runes := []rune(text); 0 <= start && start < end && end <= len(runes) {
			v.Before, v.Mark, v.After = string(runes[:start]), string(runes[start:end]), string(runes[end:])
		}
	}
	wb.render(w, r, "archive_text", wb.newPage(r, c, c.T("archive.text.title"), v))
}

// archiveVersionsPage is GET /archive?url=U: every version of the page,
// newest first, each with a link to what changed since the one before.
func (wb *web) archiveVersionsPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	u, err := urlParam(r)
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	if wb.notModified(w, r, "archive-versions", u) {
		return
	}
	a, err := wb.s.archive()
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	vers, err := a.PageVersions(u)
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	v := &archiveView{Page: vers[len(vers)-1], URL: safeHref(u), Versions: len(vers)}
	for i := len(vers) - 1; i >= 0; i-- {
		row := versionRow{P: vers[i], Size: formatInt(c, vers[i].Size)}
		if i > 0 {
			row.Prev = vers[i-1].SHA256
		}
		v.List = append(v.List, row)
	}
	wb.render(w, r, "archive_versions", wb.newPage(r, c, c.T("archive.versions.title"), v))
}

// diffContext is how many unchanged lines the diff shows around a change.
const diffContext = 2

// archiveDiffPage is GET /archive/diff?from=A&to=B: what changed in the
// visible text between two versions (of one URL, or any two bodies).
func (wb *web) archiveDiffPage(w http.ResponseWriter, r *http.Request) {
	c := wb.cats.pick(w, r)
	if wb.s.cfg.Pages == nil {
		wb.renderError(w, r, http.StatusNotFound, "")
		return
	}
	q := r.URL.Query()
	from, to := strings.ToLower(q.Get("from")), strings.ToLower(q.Get("to"))
	if !isSHA256(from) || !isSHA256(to) {
		wb.renderError(w, r, http.StatusBadRequest, c.T("archive.diff.bad"))
		return
	}
	if wb.notModified(w, r, "archive-diff", from, to) {
		return
	}
	a, err := wb.s.archive()
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	v := &archiveView{}
	texts := make([]string, 2)
	for i, sha := range []string{from, to} {
		p, err := a.PageByHash(sha)
		if err != nil {
			wb.fail(w, r, err)
			return
		}
		body, err := a.BodyByHash(sha)
		if err != nil {
			wb.fail(w, r, err)
			return
		}
		if texts[i], err = wb.s.cfg.Pages.VisibleText(body, p.URL, http.Header(p.Header).Get("Content-Type")); err != nil {
			wb.renderError(w, r, http.StatusNotFound, "")
			return
		}
		if i == 0 {
			v.From = p
		} else {
			v.To = p
		}
	}
	v.Page, v.URL = v.To, safeHref(v.To.URL)
	v.Lines, v.Changed = compactDiff(wb.s.cfg.Pages.DiffLines(texts[0], texts[1]), diffContext)
	wb.render(w, r, "archive_diff", wb.newPage(r, c, c.T("archive.diff.title"), v))
}

// compactDiff keeps the changed lines and n unchanged lines around each
// change; a run of unchanged lines left out becomes one "…" row. It
// reports whether anything changed.
func compactDiff(lines []dataset.DiffLine, n int) ([]diffRow, bool) {
	keep := make([]bool, len(lines))
	changed := false
	for i, l := range lines {
		if l.Op == "=" {
			continue
		}
		changed = true
		for j := max(0, i-n); j <= min(len(lines)-1, i+n); j++ {
			keep[j] = true
		}
	}
	var out []diffRow
	for i, l := range lines {
		if keep[i] {
			out = append(out, diffRow{Op: l.Op, Text: l.Text})
		} else if len(out) == 0 || out[len(out)-1].Op != "…" {
			out = append(out, diffRow{Op: "…"})
		}
	}
	return out, changed
}

// archiveURL is the page for people of an archived body.
func archiveURL(sha string) string { return "/archive/" + sha }

// archiveVersionsURL is the list of versions of a page.
func archiveVersionsURL(u string) string { return "/archive?url=" + url.QueryEscape(u) }

// evidenceTextURL is the visible text of an archived body with the
// characters start to end marked.
func evidenceTextURL(sha string, start, end int) string {
	return "/archive/" + sha + "/text?start=" + strconv.Itoa(start) + "&end=" + strconv.Itoa(end) + "#evidence"
}

// runeSlice returns the characters start to end of s, and whether they exist.
func runeSlice(s string, start, end int) (string, bool) {
	if start < 0 || end <= start || end > utf8.RuneCountInString(s) {
		return "", false
	}
	r := []rune(s)
	return string(r[start:end]), true
}
