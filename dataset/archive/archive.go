// Package archive shows archived pages to people and hands them to
// web-archive tools: a copy of a crawled page that is safe to show (no
// script, no request anywhere, images and styles dropped), the page's
// visible text, the difference between two versions' texts, and the WARC
// file of the whole archive. It owns bluemonday (sanitizing), go-diff and
// gowarc.
package archive

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"html"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/sergi/go-diff/diffmatchpatch"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract"
)

// Viewer renders archived pages for people. The zero value is ready to use
// and safe for concurrent use.
type Viewer struct{}

// VisibleText returns the page's visible text: the text evidence offsets
// (dataset.Evidence) index, in characters — the extractor's own reading
// of the page (extract.VisibleText).
func (Viewer) VisibleText(body []byte, pageURL, contentType string) (string, error) {
	return extract.VisibleText(body, pageURL, contentType)
}

// policy keeps the structure and the text of a page and nothing that acts
// or loads: no script, no event handler, no link target, no image, no
// style, no form, no frame, no base, no meta.
var policy = func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "div", "span", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
		"ul", "ol", "li", "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
		"colgroup", "col", "b", "strong", "i", "em", "u", "s", "strike", "small", "sub", "sup", "mark",
		"blockquote", "q", "cite", "pre", "code", "abbr", "time", "address", "section", "article", "header",
		"footer", "nav", "main", "aside", "figure", "figcaption", "center", "font", "big", "del", "ins")
	p.AllowAttrs("colspan", "rowspan", "scope").OnElements("td", "th")
	p.AllowAttrs("title", "lang", "dir").Globally()
	// A link keeps its text and, as a tooltip, where it pointed; it leads nowhere.
	p.AllowElements("a")
	return p
}()

// frameStyle is the frame's only style; the frame's Content-Security-Policy
// allows it by its hash (FrameCSP).
const frameStyle = `body{font:16px/1.5 system-ui,sans-serif;margin:1rem;color:#222;background:#fff}` +
	`table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem;vertical-align:top}` +
	`a{color:#1a4f8b;text-decoration:underline dotted}`

// FrameCSP returns the Content-Security-Policy of the frame that shows
// SafeHTML: a sandbox without scripts, and nothing to load but its own style.
func (Viewer) FrameCSP() string { return frameCSP }

var frameCSP = "sandbox; default-src 'none'; style-src 'sha256-" + styleHash() + "'; img-src data:; " +
	"form-action 'none'; base-uri 'none'; frame-ancestors 'self'"

func styleHash() string {
	sum := sha256.Sum256([]byte(frameStyle))
	return base64.StdEncoding.EncodeToString(sum[:])
}

// SafeHTML returns the archived page as an inert HTML document: its text and
// structure (headings, lists, tables, emphasis), decoded to UTF-8, without
// anything that runs or loads. Serve it with FrameCSP() in a sandboxed frame.
func (Viewer) SafeHTML(body []byte, pageURL, contentType string) ([]byte, error) {
	text, _, err := extract.Decode(body, contentType)
	if err != nil {
		return nil, fmt.Errorf("decode archived page: %w", err)
	}
	var out bytes.Buffer
	out.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
	out.WriteString(html.EscapeString(pageURL))
	out.WriteString("</title><style>" + frameStyle + "</style></head><body>\n")
	// A page that declares UTF-8 (a BOM) and is not stays readable and valid.
	out.Write(policy.SanitizeBytes(bytes.ToValidUTF8(bodyOf(text), []byte("\uFFFD"))))
	out.WriteString("\n</body></html>\n")
	return out.Bytes(), nil
}

// bodyOf cuts the head off a page, so that its title is not shown as text.
func bodyOf(page []byte) []byte {
	lower := bytes.ToLower(page)
	if i := bytes.Index(lower, []byte("<body")); i >= 0 {
		return page[i:]
	}
	if i := bytes.Index(lower, []byte("</head>")); i >= 0 {
		return page[i+len("</head>"):]
	}
	return page
}

// DiffLines compares two versions' visible texts line by line: each line of
// the result is one of both ("="), only of a ("-") or only of b ("+"), in
// order.
func (Viewer) DiffLines(a, b string) []dataset.DiffLine {
	dmp := diffmatchpatch.New()
	ra, rb, lines := dmp.DiffLinesToRunes(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMainRunes(ra, rb, false), lines)
	var out []dataset.DiffLine
	for _, d := range diffs {
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			op = "-"
		case diffmatchpatch.DiffInsert:
			op = "+"
		}
		for _, line := range strings.SplitAfter(d.Text, "\n") {
			if line == "" {
				continue
			}
			out = append(out, dataset.DiffLine{Op: op, Text: strings.TrimSuffix(line, "\n")})
		}
	}
	return out
}
