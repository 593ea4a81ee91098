package dataset

import (
	"net/url"
	"strings"
	"time"
)

// Citation: how to cite one record, and the dataset, so that a reader
// finds the same record and the pages as they were read.

// DatasetTitle is the dataset's name in citations.
const DatasetTitle = "Open data on municipal EU projects in Bulgaria (opendata)"

// Citation is what a citation of one record says.
type Citation struct {
	ID        string    // the record's id
	Title     string    // the project's title (its id when it has none)
	Permalink string    // the record's page, absolute
	API       string    // the record in the JSON API, absolute
	Version   string    // the record's last change (RFC 3339), "" when unknown
	Retrieved time.Time // when it was read
	Sources   []CitedSource
}

// CitedSource is a source page and its archived copy.
type CitedSource struct {
	URL       string
	FetchedAt string // RFC 3339
	Archived  string // the archived copy, absolute ("" when not archived)
}

// Cite returns the citation of rec as served from base (the site's
// absolute URL, "http://host") and retrieved at the time given.
func Cite(rec Record, base string, retrieved time.Time) Citation {
	base = strings.TrimRight(base, "/")
	c := Citation{ID: rec.ID, Title: rec.Title, Permalink: base + "/projects/" + url.PathEscape(rec.ID),
		API: base + "/api/v1/projects/" + url.PathEscape(rec.ID), Version: rec.Updated, Retrieved: retrieved.UTC()}
	if c.Title == "" {
		c.Title = rec.ID
	}
	for _, s := range rec.Sources {
		cs := CitedSource{URL: s.URL, FetchedAt: s.FetchedAt}
		if s.SHA256 != "" {
			cs.Archived = base + "/archive/" + s.SHA256
		}
		c.Sources = append(c.Sources, cs)
	}
	return c
}

// Text is the citation as one paragraph of plain text.
func (c Citation) Text() string {
	var b strings.Builder
	b.WriteString(DatasetTitle + ". “" + c.Title + "” (record " + c.ID)
	if d := dateOf(c.Version); d != "" {
		b.WriteString(", version of " + d)
	}
	b.WriteString("). " + c.Permalink + ". Retrieved " + c.Retrieved.Format(time.DateOnly) + ".")
	if len(c.Sources) > 0 {
		b.WriteString(" Sources: ")
		for i, s := range c.Sources {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(s.URL)
			if d := dateOf(s.FetchedAt); d != "" {
				b.WriteString(", fetched " + d)
			}
			if s.Archived != "" {
				b.WriteString(", archived at " + s.Archived)
			}
		}
		b.WriteString(".")
	}
	return b.String()
}

// CSL is the citation as a CSL-JSON item (the Citation Style Language's
// data format, read by Zotero, Pandoc and citeproc).
func (c Citation) CSL() map[string]any {
	item := map[string]any{
		"id":              "opendata-" + c.ID,
		"type":            "dataset",
		"title":           c.Title,
		"container-title": DatasetTitle,
		"publisher":       "opendata",
		"number":          c.ID,
		"URL":             c.Permalink,
		"accessed":        cslDate(c.Retrieved.Format(time.DateOnly)),
		"license":         LicenseName,
	}
	if d := dateOf(c.Version); d != "" {
		item["issued"] = cslDate(d)
		item["version"] = c.Version
	}
	var notes []string
	for _, s := range c.Sources {
		n := "Source: " + s.URL
		if s.Archived != "" {
			n += " (archived: " + s.Archived + ")"
		}
		notes = append(notes, n)
	}
	if len(notes) > 0 {
		item["note"] = strings.Join(notes, "\n")
		item["source"] = c.Sources[0].URL
	}
	return item
}

// BibTeX is the citation as a BibTeX @misc entry.
func (c Citation) BibTeX() string {
	fields := [][2]string{
		{"title", bibEscape(c.Title)},
		{"author", "{" + bibEscape(DatasetTitle) + "}"},
		{"howpublished", `\url{` + bibURL(c.Permalink) + "}"},
	}
	if d := dateOf(c.Version); d != "" {
		fields = append(fields, [2]string{"year", d[:4]}, [2]string{"month", monthAbbrev(d)})
	}
	note := "Record " + bibEscape(c.ID)
	if d := dateOf(c.Version); d != "" {
		note += ", version of " + d
	}
	for _, s := range c.Sources {
		note += "; source " + `\url{` + bibURL(s.URL) + "}"
		if s.Archived != "" {
			note += ", archived at " + `\url{` + bibURL(s.Archived) + "}"
		}
	}
	fields = append(fields, [2]string{"note", note}, [2]string{"url", bibURL(c.Permalink)},
		[2]string{"urldate", c.Retrieved.Format(time.DateOnly)})
	return bibEntry("opendata-"+bibKey(c.ID), fields)
}

// DatasetCitation is how to cite the whole dataset, as text and BibTeX,
// served from base and last updated at the time given (zero: unknown).
func DatasetCitation(base string, updated, retrieved time.Time) (text, bibtex string) {
	base = strings.TrimRight(base, "/")
	text = DatasetTitle + ". Project records harvested from Bulgarian municipal web sites, licensed " + LicenseName + ". " +
		base + "/ (data package: " + base + "/api/v1/datapackage.json"
	if !updated.IsZero() {
		text += ", last updated " + updated.UTC().Format(time.DateOnly)
	}
	text += "). Retrieved " + retrieved.UTC().Format(time.DateOnly) + "."
	fields := [][2]string{
		{"title", "{" + bibEscape(DatasetTitle) + "}"},
		{"author", "{opendata}"},
		{"howpublished", `\url{` + bibURL(base+"/") + "}"},
		{"note", "Data package: " + `\url{` + bibURL(base+"/api/v1/datapackage.json") + "}; licence " + LicenseName},
		{"url", bibURL(base + "/")},
		{"urldate", retrieved.UTC().Format(time.DateOnly)},
	}
	if !updated.IsZero() {
		fields = append(fields[:3], append([][2]string{{"year", updated.UTC().Format("2006")}}, fields[3:]...)...)
	}
	return text, bibEntry("opendata-dataset", fields)
}

func bibEntry(key string, fields [][2]string) string {
	var b strings.Builder
	b.WriteString("@misc{" + key + ",\n")
	for i, f := range fields {
		b.WriteString("  " + f[0] + " = {" + f[1] + "}")
		if i < len(fields)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.String()
}

// bibEscape escapes the characters TeX treats specially.
var bibEscape = strings.NewReplacer(`\`, `\textbackslash{}`, "{", `\{`, "}", `\}`, "%", `\%`, "&", `\&`,
	"$", `\$`, "#", `\#`, "_", `\_`, "^", `\^{}`, "~", `\~{}`, "\n", " ", "\r", " ").Replace

// bibURL makes a URL safe inside \url{…} and a braced field: braces,
// backslashes and percent signs are percent-encoded (% starts a TeX comment).
var bibURL = strings.NewReplacer("%", "%25", "{", "%7B", "}", "%7D", `\`, "%5C", " ", "%20", "\n", "", "\r", "").Replace

// bibKey keeps the characters a BibTeX key may hold.
func bibKey(id string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.', r == ':':
			return r
		}
		return '-'
	}, id)
}

// dateOf is the ISO date of an RFC 3339 time or an ISO date, "" when it is neither.
func dateOf(s string) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Format(time.DateOnly)
	}
	if _, err := time.Parse(time.DateOnly, s); err == nil {
		return s
	}
	return ""
}

func cslDate(iso string) map[string]any {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return map[string]any{"raw": iso}
	}
	return map[string]any{"date-parts": [][]int{{t.Year(), int(t.Month()), t.Day()}}}
}

func monthAbbrev(iso string) string {
	t, err := time.Parse(time.DateOnly, iso)
	if err != nil {
		return ""
	}
	return strings.ToLower(t.Month().String()[:3])
}
