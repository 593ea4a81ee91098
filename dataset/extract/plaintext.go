package extract

import (
	"bytes"
	"html"
	"regexp"
	"strings"
)

// Plain text. A page may come as the text a reader copied from it (a
// browser's rendering: one block per line, table cells separated by tabs),
// served as text/plain or saved without markup. Its lines are read as the
// blocks of a page: each non-empty line a paragraph, runs of tabbed lines a
// table, the whole the page's main content.

// markupRe finds an HTML tag of the kinds every page has.
var markupRe = regexp.MustCompile(`(?i)<(?:!doctype|html|head|body|div|p|br|table|tr|td|span|a|h[1-6]|ul|ol|li|meta|title|script|style|font|b|strong|section|article|main)[\s>/]`)

// plainText: the page is text, not markup — its Content-Type says so, or it
// holds no tag.
func plainText(contentType string, text []byte) bool {
	if ct := strings.ToLower(strings.TrimSpace(contentType)); strings.HasPrefix(ct, "text/plain") {
		return true
	} else if ct != "" && !strings.HasPrefix(ct, "text/html") && !strings.Contains(ct, "xml") {
		return false
	}
	return !markupRe.Match(text)
}

// textAsHTML writes plain text as a page: a paragraph per line, a table for
// each run of lines whose cells are separated by tabs.
func textAsHTML(text []byte) []byte {
	var b bytes.Buffer
	b.Grow(len(text) + len(text)/4 + 64)
	b.WriteString("<html><body><main>")
	inTable := false
	for _, line := range strings.Split(string(text), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(strings.ReplaceAll(line, "\u00a0", " ")) == "" {
			continue
		}
		var cells []string
		if strings.Contains(strings.Trim(line, "\t "), "\t") {
			for _, c := range strings.Split(line, "\t") {
				if c = strings.TrimSpace(c); c != "" {
					cells = append(cells, c)
				}
			}
		}
		if len(cells) >= 2 {
			if !inTable {
				b.WriteString("<table>")
				inTable = true
			}
			b.WriteString("<tr>")
			for _, c := range cells {
				b.WriteString("<td>")
				b.WriteString(html.EscapeString(c))
				b.WriteString("</td>")
			}
			b.WriteString("</tr>\n")
			continue
		}
		if inTable {
			b.WriteString("</table>\n")
			inTable = false
		}
		b.WriteString("<p>")
		b.WriteString(html.EscapeString(strings.TrimSpace(line)))
		b.WriteString("</p>\n")
	}
	if inTable {
		b.WriteString("</table>")
	}
	b.WriteString("</main></body></html>")
	return b.Bytes()
}
