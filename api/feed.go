package api

import (
	"context"
	"encoding/xml"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/opendata-bg/opendata/dataset"
)

// Feed limits: how many entries a feed has unless per_page says.
const (
	FeedEntries    = 50
	feedMediaType  = "application/atom+xml; charset=utf-8"
	feedPath       = "/api/v1/projects.atom"
	feedHistoryMax = 20 // changes listed per entry
)

// feed renders the Atom feeds of new and changed projects: any search's
// parameters select the projects, newest change first.
type feed struct {
	s    *Server
	cats catalogs
}

// registerFeedRoutes registers /api/v1/projects.atom.
func (s *Server) registerFeedRoutes(r *mux.Router) {
	f := &feed{s: s, cats: newCatalogs()}
	r.HandleFunc(feedPath, s.limited(1, f.handle)).Methods(http.MethodGet, http.MethodHead)
}

// feedPathFor is the feed of q's selection (page, per_page and sort left
// out: a feed is always newest change first), for the page's links.
func feedPathFor(q dataset.Query, lang string) string {
	v := q.Values()
	v.Del("sort")
	if lang == langEN {
		v.Set("lang", langEN)
	}
	return withQuery(feedPath, v)
}

// Atom documents (RFC 4287).
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Rights    string      `xml:"rights"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel   string `xml:"rel,attr"`
	Type  string `xml:"type,attr,omitempty"`
	Href  string `xml:"href,attr"`
	Title string `xml:"title,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Updated    string         `xml:"updated"`
	Published  string         `xml:"published,omitempty"`
	Links      []atomLink     `xml:"link"`
	Categories []atomCategory `xml:"category"`
	Summary    atomText       `xml:"summary"`
	Content    atomText       `xml:"content"`
}

// handle answers GET /api/v1/projects.atom.
func (f *feed) handle(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r)
	if err != nil {
		f.s.problem(w, r, err)
		return
	}
	c := f.cats[langBG]
	if r.URL.Query().Get("lang") == langEN {
		c = f.cats[langEN]
	}
	q.Sort, q.Page, q.Facets = "-updated", 1, nil
	if r.URL.Query().Get("per_page") == "" {
		q.PerPage = FeedEntries
	}
	base := f.s.baseURL(r)
	etag, err := f.s.dataETag("feed", c.lang, base, q.Values().Encode(), strconv.Itoa(q.PerPage))
	if err != nil {
		f.s.problem(w, r, err)
		return
	}
	if notModified(w, r, etag, cacheData) {
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), f.s.cfg.SearchTimeout)
	defer cancel()
	ans, err := f.s.search(ctx, q)
	if err != nil {
		f.s.problem(w, r, err)
		return
	}
	doc, err := f.document(c, base, r, q, ans)
	if err != nil {
		f.s.problem(w, r, err)
		return
	}
	body, err := xml.MarshalIndent(doc, "", " ")
	if err != nil {
		f.s.problem(w, r, err)
		return
	}
	writeBody(w, feedMediaType, append([]byte(xml.Header), append(body, '\n')...))
}

// document builds the feed of the answer's records.
func (f *feed) document(c *catalog, base string, r *http.Request, q dataset.Query, ans searchAnswer) (*atomFeed, error) {
	sel := q.Values()
	sel.Del("sort")
	doc := &atomFeed{
		Lang:      c.lang,
		ID:        withQuery(base+feedPath, sel),
		Title:     c.T("feed.title") + feedSubject(q),
		Subtitle:  c.T("feed.subtitle"),
		Author:    atomPerson{Name: c.T("site.name"), URI: base + "/"},
		Rights:    dataset.LicenseTitle + " (" + dataset.LicenseName + ")",
		Generator: "opendata",
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: base + r.URL.RequestURI()},
			{Rel: "alternate", Type: "text/html", Href: withQuery(base+"/", withLang(sel, c.lang))},
		},
	}
	for _, res := range ans.Results {
		e, err := f.entry(c, base, res.Record)
		if err != nil {
			return nil, err
		}
		doc.Entries = append(doc.Entries, e)
		if e.Updated > doc.Updated {
			doc.Updated = e.Updated
		}
	}
	if doc.Updated == "" {
		doc.Updated = time.Unix(0, 0).UTC().Format(time.RFC3339)
		if st, err := f.s.cfg.Store.Stats(); err == nil && st.Updated != nil {
			doc.Updated = st.Updated.UTC().Format(time.RFC3339)
		}
	}
	return doc, nil
}

// feedSubject is the search the feed follows, for its title.
func feedSubject(q dataset.Query) string {
	var parts []string
	if q.Q != "" {
		parts = append(parts, "„"+q.Q+"“")
	}
	parts = append(parts, q.Municipality...)
	parts = append(parts, q.MunicipalityCode...)
	parts = append(parts, q.Programme...)
	parts = append(parts, q.Fund...)
	if q.Contract != "" {
		parts = append(parts, q.Contract)
	}
	if len(parts) == 0 {
		return ""
	}
	return ": " + strings.Join(parts, ", ")
}

func withLang(v url.Values, lang string) url.Values {
	v = cloneValues(v)
	if lang == langEN {
		v.Set("lang", langEN)
	}
	return v
}

// entry is one project: its title, when it last changed and how (the last
// version's changes, formatted as the project page formats them).
func (f *feed) entry(c *catalog, base string, rec dataset.Record) (atomEntry, error) {
	hist, err := f.s.cfg.Store.History(rec.ID)
	if err != nil && dataset.ErrorCode(err) != dataset.ENOTFOUND {
		return atomEntry{}, err
	}
	page := base + projectURL(rec.ID)
	pageLang := page
	if c.lang == langEN {
		pageLang += "?lang=en"
	}
	title := rec.Title
	if title == "" {
		title = rec.ID
	}
	kind := "created"
	var last *versionView
	if views := historyViews(c, hist, rec.Budget.Currency); len(views) > 0 {
		last = &views[len(views)-1]
		kind = last.Kind
	}
	e := atomEntry{
		ID:        page,
		Title:     c.T("feed.kind."+kind) + ": " + title,
		Updated:   rfc3339(rec.Updated, rec.FirstSeen, time.Unix(0, 0).UTC().Format(time.RFC3339)),
		Published: rfc3339(rec.FirstSeen),
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", Href: pageLang},
			{Rel: "alternate", Type: "application/json", Href: base + apiProjectURL(rec.ID)},
		},
		Summary: atomText{Type: "text", Body: entrySummary(c, rec)},
		Content: atomText{Type: "html", Body: entryContent(c, rec, last)},
	}
	if rec.Municipality != "" {
		e.Categories = append(e.Categories, atomCategory{Term: rec.Municipality, Label: c.T("facet.municipality") + ": " + rec.Municipality})
	}
	if rec.Programme != "" {
		e.Categories = append(e.Categories, atomCategory{Term: rec.Programme, Label: programmeName(c, rec.Programme, rec.ProgrammeName)})
	}
	return e, nil
}

// rfc3339 is the first of the stored times that parses, in UTC; "" when none does.
func rfc3339(times ...string) string {
	for _, v := range times {
		if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	return ""
}

// entrySummary is one line: where, what programme, how much, when.
func entrySummary(c *catalog, rec dataset.Record) string {
	var parts []string
	if rec.Municipality != "" {
		parts = append(parts, rec.Municipality)
	}
	if p := programmeName(c, rec.Programme, rec.ProgrammeName); p != "" {
		parts = append(parts, p)
	}
	if amount, basis := rec.Budget.Amount(); amount != nil {
		s := formatMoney(c, amount, rec.Budget.Currency)
		if eur, _ := rec.Budget.AmountEUR(); rec.Budget.Currency != "EUR" && eur != nil {
			s += " (" + formatMoney(c, eur, "EUR") + ")"
		}
		if basis == dataset.BasisGrant {
			s += " — " + c.T("result.grant_only")
		}
		parts = append(parts, s)
	}
	if p := formatPeriod(c, rec.Period); p != "" {
		parts = append(parts, p)
	}
	if rec.Withdrawn != "" {
		parts = append(parts, c.T("result.withdrawn"))
	}
	return strings.Join(parts, " · ")
}

// entryContent is the summary and the last version's changes, as HTML.
func entryContent(c *catalog, rec dataset.Record, last *versionView) string {
	var b strings.Builder
	b.WriteString("<p>" + template.HTMLEscapeString(entrySummary(c, rec)) + "</p>")
	if last == nil || last.Kind == "created" || len(last.Changes) == 0 {
		return b.String() // a new project: the summary says it all
	}
	b.WriteString("<p>" + template.HTMLEscapeString(c.T("feed.changes", last.At)) + "</p><ul>")
	for i, ch := range last.Changes {
		if i == feedHistoryMax {
			b.WriteString("<li>…</li>")
			break
		}
		b.WriteString("<li>" + template.HTMLEscapeString(ch.Label+": "+ch.From+" → "+ch.To) + "</li>")
	}
	b.WriteString("</ul>")
	return b.String()
}
