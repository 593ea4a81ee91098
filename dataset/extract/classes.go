package extract

import (
	"strings"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// articleTitle: the element is an article's title by its class — a
// class heading of level 2 ("contentheading", "entry-title",
// "article-title"), on any tag.
func articleTitle(n *html.Node) bool {
	return n.Type == html.ElementNode && titleClassLevel(attr(n, "class")) == 2
}

// classHeading is the heading level of an element that is a heading by its
// class, not its tag: Joomla's "componentheading" (the page's, 1) and
// "contentheading" (an article's, 2), "page-title", "entry-title",
// "article-title", "item-title", "news-title" … 0 for other elements.
func classHeading(n *html.Node) int {
	if n.DataAtom == atom.A || headingLevel(n.DataAtom) > 0 {
		return 0
	}
	return titleClassLevel(attr(n, "class"))
}

// titleClassLevel is the heading level a class attribute gives: 1 for a
// page's or a category's title, 2 for an article's, 0 for none.
func titleClassLevel(class string) int {
	if class == "" {
		return 0
	}
	for _, tok := range strings.Fields(bgtext.Lower(class)) {
		tok = strings.TrimRight(tok, "0123456789")
		for _, suf := range []string{"header", "button"} {
			// "accordion-header", "accordion-button": a fold's head only
			if h, ok := strings.CutSuffix(tok, suf); ok && foldHead(strings.TrimRight(h, "-_")) {
				return 3
			}
		}
		for _, suf := range []string{"heading", "title", "headline"} {
			if !strings.HasSuffix(tok, suf) {
				continue
			}
			head := strings.TrimRight(strings.TrimSuffix(tok, suf), "-_")
			switch head {
			case "component", "page", "category", "section":
				return 1
			case "", "content", "article", "entry", "post", "item", "news", "blog", "node", "story", "contentpane":
				return 2
			}
			if foldHead(head) {
				return 3
			}
		}
	}
	return 0
}

// foldHead: the class names the head of a folding section — an
// accordion's, a spoiler's, a toggle's or a tab's title ("su-spoiler-title",
// "accordion-header", "et_pb_toggle_title", "elementor-tab-title",
// "panel-title" of a collapse): a section heading whose body the page
// shows on a click.
func foldHead(head string) bool {
	for _, w := range []string{"spoiler", "accordion", "toggle", "collapse", "elementor-tab", "panel", "card", "faq"} {
		if strings.HasSuffix(head, w) || strings.HasPrefix(head, w) {
			return true
		}
	}
	return false
}

// controlLabel: a block holding a form control and a few words — the label
// of a filter box or a page-size select ("Филтриране по заглавие",
// "Показване на №"), text of the page's controls, not of its content. A
// whole page wrapped in one <form> (ASP.NET) is not one: the control must be
// the block's own child.
func controlLabel(n *html.Node, st stats) bool {
	switch n.DataAtom {
	case atom.Td, atom.Th, atom.Div, atom.P, atom.Span, atom.Li, atom.Dd, atom.Fieldset:
	default:
		return false
	}
	if st.text > 80 {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Select, atom.Textarea, atom.Button:
			return true
		case atom.Input:
			if t := bgtext.Lower(attr(c, "type")); t != "hidden" {
				return true
			}
		}
	}
	return false
}

// contractLinks: a block of links whose texts name two or more different
// grant contracts ("Договор № BG16RFOP001-2.001-0010-C01 – «…»") is the
// section's own list of projects, not a menu.
func contractLinks(n *html.Node) bool {
	var b strings.Builder
	stack := []*html.Node{n}
	for visits := 0; len(stack) > 0 && b.Len() < 64<<10 && visits < 20000; visits++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			continue
		}
		if c.Type == html.ElementNode && isBlock(c.DataAtom) {
			b.WriteByte('\n')
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	var ls []block
	for _, t := range strings.Split(b.String(), "\n") {
		if t = bgtext.Fold(t); t != "" {
			ls = append(ls, block{text: t})
		}
	}
	cs, _ := codes(ls)
	grant := 0
	for _, c := range cs {
		if bgtext.CodeKindByShape(c) == bgtext.KindContract {
			grant++
		}
	}
	return grant >= 2
}

// maxHeadingText is the longest text, in bytes, an element styled as a
// heading by its class may hold: a headline, not an article.
const maxHeadingText = 600
