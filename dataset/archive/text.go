package archive

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/opendata-bg/opendata/dataset/extract"
)

// visibleText is the page's text as a browser shows it, one line per
// block (paragraph, heading, list item, table row), white space folded.
//
// It stands in for extract.VisibleText, the extractor's own definition of
// the text that evidence offsets index, until that lands; then it calls it.
func visibleText(body []byte, pageURL, contentType string) (string, error) {
	_ = pageURL
	text, _, err := extract.Decode(body, contentType)
	if err != nil {
		return "", fmt.Errorf("visible text: %w", err)
	}
	doc, err := html.Parse(bytes.NewReader(bytes.ToValidUTF8(text, []byte("\uFFFD"))))
	if err != nil {
		return "", fmt.Errorf("visible text: %w", err)
	}
	var w textWriter
	w.walk(doc)
	w.newline()
	return strings.TrimSuffix(w.out.String(), "\n"), nil
}

// textWriter gathers visible text, folding white space within a line.
type textWriter struct {
	out   strings.Builder
	line  strings.Builder
	space bool
}

func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Head, atom.Iframe, atom.Object, atom.Svg, atom.Title:
			return
		case atom.Br:
			w.newline()
			return
		case atom.Td, atom.Th:
			w.space = true
		}
	}
	block := n.Type == html.ElementNode && blocks[n.DataAtom]
	if block {
		w.newline()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	if block {
		w.newline()
	}
}

func (w *textWriter) text(s string) {
	if s == "" {
		return
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	fields := strings.FieldsFunc(s, isSpace)
	for i, f := range fields {
		if w.line.Len() > 0 && (i > 0 || w.space || isSpace(first)) {
			w.line.WriteByte(' ')
		}
		w.line.WriteString(f)
	}
	// Text glued to what follows ("<b>Об</b>щина") stays glued.
	w.space = len(fields) == 0 || isSpace(last)
}

func (w *textWriter) newline() {
	if w.line.Len() > 0 {
		w.out.WriteString(w.line.String())
		w.out.WriteByte('\n')
		w.line.Reset()
	}
	w.space = false
}

func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\u00a0'
}

// blocks are the elements that start a new line.
var blocks = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Li: true, atom.Tr: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Table: true, atom.Ul: true, atom.Ol: true, atom.Dl: true,
	atom.Dt: true, atom.Dd: true, atom.Section: true, atom.Article: true, atom.Header: true, atom.Footer: true,
	atom.Nav: true, atom.Main: true, atom.Aside: true, atom.Blockquote: true, atom.Pre: true, atom.Hr: true,
	atom.Figure: true, atom.Figcaption: true, atom.Caption: true, atom.Address: true, atom.Form: true,
	atom.Fieldset: true, atom.Center: true,
}
