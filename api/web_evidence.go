package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// evidenceView is the evidence under one figure of a project page: the
// snippet with the value marked, and the link to the value in the archived
// page's visible text.
type evidenceView struct {
	Before, Value, After string // the snippet, around the value ("" Value: not found in it)
	Href                 string // the value in the archived page's text
	Source               string // the archived page's SHA-256
}

// evidenceViews builds the evidence of every field of rec that has some,
// by field path. The value is read from the archived page's visible text
// at the evidence's offsets and marked in the snippet; when the page or
// the offsets are missing, the snippet is shown unmarked.
func (wb *web) evidenceViews(rec dataset.Record) map[string]*evidenceView {
	if len(rec.Evidence) == 0 {
		return nil
	}
	texts := map[string]string{} // sha → visible text ("" when unknown)
	out := map[string]*evidenceView{}
	for field, ev := range rec.Evidence {
		if ev.Snippet == "" && !isSHA256(ev.Source) {
			continue
		}
		text, ok := texts[ev.Source]
		if !ok {
			text = wb.visibleText(ev.Source)
			texts[ev.Source] = text
		}
		out[field] = newEvidenceView(ev, text)
	}
	return out
}

// newEvidenceView marks the value (text[Start:End]) in the snippet: at the
// place where the snippet, laid over the text, covers the value, else at
// its first occurrence.
func newEvidenceView(ev dataset.Evidence, text string) *evidenceView {
	v := &evidenceView{Before: ev.Snippet, Source: ev.Source}
	if isSHA256(ev.Source) {
		v.Href = archiveURL(ev.Source) + "/text"
	}
	value, ok := runeSlice(text, ev.Start, ev.End)
	if !ok {
		return v
	}
	v.Href = evidenceTextURL(ev.Source, ev.Start, ev.End)
	snippet := []rune(ev.Snippet)
	runes := []rune(text)
	at := -1
	for i := range snippet {
		if !strings.HasPrefix(string(snippet[i:]), value) {
			continue
		}
		if at < 0 {
			at = i // the first occurrence, unless one lines up with the text
		}
		if lo := ev.Start - i; lo >= 0 && lo+len(snippet) <= len(runes) && string(runes[lo:lo+len(snippet)]) == ev.Snippet {
			at = i
			break
		}
	}
	if at < 0 {
		return v
	}
	n := len([]rune(value))
	v.Before, v.Value, v.After = string(snippet[:at]), value, string(snippet[at+n:])
	return v
}

// visibleText is the visible text of the archived body sha, "" when the
// archive does not have it.
func (wb *web) visibleText(sha string) string {
	a, err := wb.s.archive()
	if err != nil || wb.s.cfg.Pages == nil || !isSHA256(sha) {
		return ""
	}
	p, err := a.PageByHash(sha)
	if err != nil {
		return ""
	}
	body, err := a.BodyByHash(sha)
	if err != nil {
		return ""
	}
	text, err := wb.s.cfg.Pages.VisibleText(body, p.URL, http.Header(p.Header).Get("Content-Type"))
	if err != nil {
		return ""
	}
	return text
}

// listEvidence is the evidence of each item of a list field, in order.
func listEvidence(ev map[string]*evidenceView, field string, n int) []*evidenceView {
	out := make([]*evidenceView, n)
	for i := range out {
		out[i] = ev[field+"."+strconv.Itoa(i)]
	}
	return out
}

// addArchive adds what the archive knows to a project's page: the
// evidence under each figure, the archived copies of its sources, the page
// version behind each change and the citation.
func (wb *web) addArchive(r *http.Request, v *projectView, hist []dataset.Version) {
	rec := v.R
	v.Evidence = wb.evidenceViews(rec)
	v.Contracts = listEvidence(v.Evidence, "contract_numbers", len(rec.ContractNumbers))
	for i := range v.Money {
		v.Money[i].Evidence = v.Evidence[v.Money[i].Field]
	}
	for i, l := range wb.sourcesArchive(rec) {
		v.Sources[i].Archived, v.Sources[i].Versions = l.Archived, l.Versions
	}
	wb.historyLinks(v.History, hist)
	cit := dataset.Cite(rec, wb.s.baseURL(r), time.Now())
	v.Cite = citeView{Citation: cit, Text: cit.Text()}
}

// historyLinks links each version (views, from hist) to the page version
// that caused it and to what changed on that page.
func (wb *web) historyLinks(views []versionView, hist []dataset.Version) {
	vers := map[string][]dataset.Page{} // URL → its versions
	a, _ := wb.s.archive()
	for i, v := range hist {
		if i >= len(views) || a == nil || !isSHA256(v.SHA256) {
			continue
		}
		list, ok := vers[v.Source]
		if !ok {
			list, _ = a.PageVersions(v.Source)
			vers[v.Source] = list
		}
		for j, p := range list {
			if p.SHA256 != v.SHA256 {
				continue
			}
			views[i].Page = archiveURL(p.SHA256)
			if j > 0 && list[j-1].SHA256 != p.SHA256 {
				views[i].Diff = "/archive/diff?from=" + list[j-1].SHA256 + "&to=" + p.SHA256
			}
		}
	}
}

// sourceLinks are a source's archived copy and the list of its versions.
type sourceLinks struct {
	Archived string
	Versions string
}

// sourcesArchive gives each source of rec its archive links (none when the
// archive does not have its body).
func (wb *web) sourcesArchive(rec dataset.Record) []sourceLinks {
	out := make([]sourceLinks, len(rec.Sources))
	a, err := wb.s.archive()
	if err != nil {
		return out
	}
	for i, s := range rec.Sources {
		if !isSHA256(s.SHA256) {
			continue
		}
		if _, err := a.PageByHash(s.SHA256); err != nil {
			continue
		}
		out[i] = sourceLinks{Archived: archiveURL(s.SHA256), Versions: archiveVersionsURL(s.URL)}
	}
	return out
}

// evidenceArg is what the "evidence" template gets: the catalog and the evidence (nil: none).
type evidenceArg struct {
	L *catalog
	E *evidenceView
}
