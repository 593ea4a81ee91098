package extract

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Chrome is recognised by generic signals only: the element's tag, words in
// its class and id, and how much of its text is link text. No rule names a
// site.

// chromeWords are class/id fragments of navigation, sidebars, footers and
// other page furniture.
var chromeWords = []string{
	"nav", "menu", "sidebar", "footer", "breadcrumb", "crumb", "pathway", "cookie",
	"widget_", "widget-area", "share", "social", "related", "pager", "pagination", "banner",
	"lbox", "toolbar", "topbar", "top-bar", "top-links", "toplinks", "lang", "search",
	"print", "rightcol", "leftcol", "right-col", "left-col", "left-column", "right-column",
	"copyright", "counter", "hotline", "comment", "tags-links", "cat-links", "skip",
	"screen-reader", "element-invisible", "sr-only", "visually-hidden", "updated", "modified",
	"masthead", "site-header", "site-branding", "logo", "slogan", "site-name", "site-title",
	"site-description", "header", "aside", "colophon", "dropdown", "icons", "btn", "hits",
	"views-field-view-node", "readmore", "read-more", "back-top", "lhead", "lmenu", "tmenu",
	"alttext", "egov-note", "last-updated", "accessibility", "date_block", "date-block", "today",
	"article-info-term", "category-name", "poll", "anketa", "subscribe", "newsletter",
}

// contentWords protect an element whose class/id also carries a chrome word
// ("entry-header" holds the article's heading, "wpthemeMainContent" the page).
var contentWords = []string{"entry-header", "article-header", "page-header", "maincontent", "main-content", "content-header", "node-header", "post-header"}

// sideTokens are whole class tokens that mark a sidebar column.
var sideTokens = map[string]bool{"side": true, "left": true, "right": true, "aside": true, "sidebar": true, "path": true, "crumbs": true, "divider": true}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

// classID is the lower-cased class and id of n, space separated.
func classID(n *html.Node) string {
	c, id := attr(n, "class"), attr(n, "id")
	if c == "" && id == "" {
		return ""
	}
	return strings.ToLower(c + " " + id) // no copy when there is no capital (strings.ToLower's ASCII path)
}

// isChrome reports whether the element n is page furniture by its tag,
// role, class or id.
func isChrome(n *html.Node, inArticle bool) bool {
	return chromeBy(n, inArticle, false)
}

// strongChromeWords are the class/id words still trusted when the page has
// to be read again because the usual rules left almost nothing.
var strongChromeWords = []string{"nav", "menu", "footer", "breadcrumb", "cookie", "sidebar", "widget_", "skip", "screen-reader", "element-invisible", "sr-only"}

// chromeBy is isChrome; relaxed trusts only tags and strong class words.
func chromeBy(n *html.Node, inArticle, relaxed bool) bool {
	switch n.DataAtom {
	case atom.Nav, atom.Aside, atom.Script, atom.Style, atom.Noscript, atom.Template,
		atom.Select, atom.Button, atom.Input, atom.Textarea, atom.Iframe, atom.Svg, atom.Head,
		atom.Object, atom.Embed, atom.Map, atom.Label:
		return true
	case atom.Footer:
		// A footer inside an article is the item's meta (Drupal's
		// "node__meta" byline, WordPress's "entry-footer" with the date);
		// its share bars and tag links are chrome by their own classes.
		// The page's footer is chrome.
		return !inArticle
	case atom.Header:
		if !inArticle {
			return true
		}
	case atom.Html, atom.Body, atom.Main:
		// <main> is the content landmark whatever its classes say
		// ("main-with-sidebar")
		return false
	}
	if lower := attr(n, "role"); lower == "main" {
		return false
	}
	if n.DataAtom == 0 && (n.Data == "svg" || n.Data == "math") {
		return true
	}
	if attr(n, "hidden") != "" || strings.Contains(strings.ReplaceAll(bgtext.Lower(attr(n, "style")), " ", ""), "display:none") {
		return true
	}
	switch bgtext.Lower(attr(n, "role")) {
	case "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar":
		return true
	}
	ci := classID(n)
	if ci == "" {
		return false
	}
	for _, w := range contentWords {
		if strings.Contains(ci, w) {
			return false
		}
	}
	if strings.Contains(ci, "published") {
		return false
	}
	if strings.Contains(ci, "-") {
		ci = withoutSlugs(ci)
	}
	words := chromeWords
	if relaxed {
		words = strongChromeWords
	} else {
		for _, tok := range strings.Fields(ci) {
			if sideTokens[tok] {
				return !publishDateCell(n) && !factBox(n, ci)
			}
		}
	}
	for _, w := range chromeWordsIn(ci, words, relaxed) {
		{
			// "header" inside an article (an "entry-header") is content; a
			// table cell classed "header" in a data table is a label.
			if (w == "header" || w == "btn") && (inArticle || n.DataAtom == atom.Th || n.DataAtom == atom.Td) {
				continue
			}
			if w == "footer" && inArticle && n.DataAtom != atom.Footer {
				// an article's "footer" block is its meta, as the
				// <footer> tag inside an article is (see above)
				continue
			}
			if w == "header" && componentHeader(ci) && holdsH1(n) {
				continue // a card's header with the page's h1 and byline
			}
			if w == "today" || w == "date_block" || w == "date-block" {
				return true // the site's "today" line, whatever date it shows
			}
			return !publishDateCell(n) && !factBox(n, ci)
		}
	}
	return false
}

// chromeWordsIn returns the chrome words a class/id string holds, in the
// order of words; the answer for a class string is kept (a site repeats
// its classes on every page), up to a bound.
func chromeWordsIn(ci string, words []string, relaxed bool) []string {
	key := ci
	if relaxed {
		key = "\x00" + ci
	}
	if v, ok := chromeWordCache.Load(key); ok {
		return v.([]string)
	}
	var out []string
	for _, w := range words {
		if strings.Contains(ci, w) {
			out = append(out, w)
		}
	}
	if chromeWordCacheSize.Add(1) <= maxChromeWordCache {
		chromeWordCache.Store(key, out)
	}
	return out
}

// chromeWordCache maps a class/id string to its chrome words; it holds at
// most maxChromeWordCache strings, shared by concurrent extractions.
var (
	chromeWordCache     sync.Map
	chromeWordCacheSize atomic.Int64
)

const maxChromeWordCache = 20000

// siteHeaderPrefixes start the "<x>-header" class tokens of a site's own
// header (its logo, name and menus).
var siteHeaderPrefixes = []string{"site", "top", "main", "region", "container", "global", "custom", "page", "elementor", "cmplz", "egov", "portal"}

// componentHeader: every class token that holds "header" is the header of
// a page component ("card-header", "panel-header"), not the site's header
// ("header", "site-header", "header-inner").
func componentHeader(ci string) bool {
	found := false
	for _, tok := range strings.Fields(ci) {
		i := strings.Index(tok, "header")
		if i < 0 {
			continue
		}
		if i == 0 || tok[i-1] != '-' || i+len("header") != len(tok) {
			return false
		}
		for _, p := range siteHeaderPrefixes {
			if strings.HasPrefix(tok, p) {
				return false
			}
		}
		found = true
	}
	return found
}

// holdsH1 reports whether n has an <h1> among its first few hundred nodes.
func holdsH1(n *html.Node) bool {
	return below(n, 300, func(c *html.Node) bool { return c.DataAtom == atom.H1 })
}

// factBox: a side column ("col-right", "sidebar-info") that is the page's
// project fact box — no links at all, a few "Обща стойност: …", "Начало:
// …" lines and, if it has a heading, one about the project ("Информация за
// проекта"). Menus, hot lines and lists of other projects have links or
// no such labels.
func factBox(n *html.Node, ci string) bool {
	if bgtext.ContainsAny(ci, "nav", "menu", "footer", "breadcrumb", "cookie", "banner", "header", "logo", "search", "share", "social", "comment") {
		return false
	}
	var b strings.Builder
	heading := ""
	stack := []*html.Node{n}
	for visits := 0; len(stack) > 0; visits++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if visits > 300 || b.Len() > 2000 {
			return false
		}
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
			continue
		}
		if c.Type != html.ElementNode && c.Type != html.DocumentNode {
			continue
		}
		switch {
		case c.DataAtom == atom.A || c.DataAtom == atom.Form || c.DataAtom == atom.Iframe || c.DataAtom == atom.Script:
			return false
		case headingLevel(c.DataAtom) > 0 && heading == "":
			heading = bgtext.Lower(textOf(c))
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	if heading != "" && !strings.Contains(heading, "проект") {
		return false
	}
	t := bgtext.Lower(b.String())
	if strings.Count(t, ":") < 2 {
		return false
	}
	n2 := 0
	for _, w := range bgtext.FactLabels {
		if strings.Contains(t, w) {
			n2++
		}
	}
	return n2 >= 2
}

// publishDateCell: a short element that states the page's date under a
// label ("Дата: 23.11.2009", "Публикувано на 07.06.2018") in a
// bar the class words call chrome (a breadcrumb row's right cell). Its
// date is the page's, so it is kept.
func publishDateCell(n *html.Node) bool {
	var b strings.Builder
	linked := false
	stack := []*html.Node{n}
	for visits := 0; len(stack) > 0; visits++ {
		if visits > 64 {
			return false // a date cell is small; keeps nested chrome linear
		}
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
			if b.Len() > 240 { // bytes: some 120 Cyrillic letters
				return false
			}
		case c.Type == html.ElementNode && (c.DataAtom == atom.Script || c.DataAtom == atom.Style):
			return false
		case c.Type == html.ElementNode && c.DataAtom == atom.A:
			linked = true
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	t := bgtext.Fold(b.String())
	if !bgtext.HasYear(t) {
		return false
	}
	ds := bgtext.FindDates(t)
	if len(ds) != 1 {
		return false
	}
	lead := bgtext.Lower(strings.TrimSpace(t[:ds[0].Start]))
	// "Публикувано на …", or a date with its weekday alone: Blogger's
	// "date-header" ("понеделник, 23 октомври 2017 г.")
	// A link (the author's profile, the category) is allowed beside a
	// labelled date only: "Публикувано от <a>Администратор</a> на …".
	return lead != "" && publishLead(lead) || !linked && bgtext.WeekdayBefore(t, ds[0].Start) && utf8.RuneCountInString(lead) <= 12
}

// mainPath returns the elements from body down to the deepest one that
// still holds most of the page's non-link text: the content column. Weak
// class words ("left-col", "header", "search") never drop them; tags and
// strong words (nav, menu, footer, sidebar) still do.
func mainPath(body *html.Node, st map[*html.Node]stats) map[*html.Node]bool {
	all := st[body].text - st[body].link
	path := map[*html.Node]bool{}
	if all <= 0 {
		return path
	}
	for n := body; n != nil; {
		var best *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if s := st[c]; (s.text-s.link)*2 > all && (best == nil || s.text-s.link > st[best].text-st[best].link) {
				best = c
			}
		}
		if best != nil {
			path[best] = true
		}
		n = best
	}
	if h := pageHeading(body); h != nil {
		for p := h.Parent; p != nil && p != body; p = p.Parent {
			path[p] = true
		}
	}
	return path
}

// pageHeading returns the page's first <h1> when it heads the content, not
// the site (a logo or site name in the page header).
func pageHeading(body *html.Node) *html.Node {
	stack := []*html.Node{body}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Header, atom.Nav, atom.Footer, atom.Aside, atom.Script, atom.Style:
			continue
		case atom.H1:
			for p := n; p != nil && p != body; p = p.Parent {
				if p != n && articleNode(p) {
					break // the header of an article is the article's
				}
				ci := classID(p)
				if bgtext.ContainsAny(ci, "logo", "site-", "brand", "masthead", "menu", "nav") ||
					strings.Contains(ci, "header") && !bgtext.ContainsAny(ci, contentWords...) && !componentHeader(ci) {
					return nil
				}
			}
			if t := bgtext.Fold(textOf(n)); utf8.RuneCountInString(t) < 40 && strings.HasPrefix(bgtext.Lower(t), "община") {
				return nil // the site's name
			}
			return n
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return nil
}

// slugPrefixes start class tokens that carry a post's taxonomy or type
// ("category-socialni-uslugi", "tag-print-media"): words inside them are
// the site's vocabulary, not layout.
var slugPrefixes = []string{"category-", "tag-", "postid-", "page-id-", "type-", "format-", "status-", "taxonomy-", "term-", "node-type-"}

// withoutSlugs drops the taxonomy and type tokens from a class/id string.
func withoutSlugs(ci string) string {
	keep := false
	for _, p := range slugPrefixes {
		if strings.Contains(ci, p) {
			keep = true
			break
		}
	}
	if !keep {
		return ci
	}
	var b strings.Builder
	for _, tok := range strings.Fields(ci) {
		slug := false
		for _, p := range slugPrefixes {
			if strings.HasPrefix(tok, p) {
				slug = true
				break
			}
		}
		if !slug {
			b.WriteString(tok)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// stats holds the text and link-text length of a subtree.
type stats struct {
	text, link int32
	links      int32
	dated      bool  // an element below is a date or a byline (<time>, class "date", "meta" …)
	chrome     uint8 // isChrome(n, false), once known: 1 no, 2 yes
}

// chromeIn is isChrome(n, false), computed once per element of the page
// (the walks of containers, listings, tables and text all ask).
func chromeIn(st map[*html.Node]stats, n *html.Node) bool {
	s, ok := st[n]
	if ok && s.chrome != 0 {
		return s.chrome == 2
	}
	c := chromeBy(n, false, false)
	if ok {
		s.chrome = 1
		if c {
			s.chrome = 2
		}
		st[n] = s
	}
	return c
}

// subtreeStats computes, without recursion, the text length, link-text
// length and number of links of every element.
func subtreeStats(root *html.Node) map[*html.Node]stats {
	m := make(map[*html.Node]stats, countElements(root)) // sized once: no growing
	type frame struct {
		n    *html.Node
		done bool
	}
	stack := []frame{{root, false}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if !f.done {
			stack = append(stack, frame{n, true})
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					if c.DataAtom == atom.Script || c.DataAtom == atom.Style {
						continue
					}
					stack = append(stack, frame{c, false})
				}
			}
			continue
		}
		var s stats
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				s.text += int32(len(strings.TrimSpace(c.Data)))
			case html.ElementNode:
				cs := m[c]
				s.text += cs.text
				s.link += cs.link
				s.links += cs.links
				s.dated = s.dated || cs.dated || dateElem(c)
			}
		}
		if n.DataAtom == atom.A && attr(n, "href") != "" {
			s.link = s.text
			s.links++
		}
		m[n] = s
	}
	return m
}

// linkHeavy reports a container that is mostly links: a menu, a list of
// other news, a pager.
func linkHeavy(n *html.Node, st stats) bool {
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Div, atom.Table, atom.Td, atom.Section, atom.Tr, atom.Dl, atom.Span, atom.Li, atom.P:
	default:
		return false
	}
	if st.text == 0 || st.links == 0 {
		return false
	}
	if n.DataAtom == atom.Li || n.DataAtom == atom.P || n.DataAtom == atom.Span {
		return st.link*10 >= st.text*9 && st.text < 60
	}
	return st.links >= 2 && st.link*10 >= st.text*6
}

// textOf returns the text under n, stopping at 200 bytes.
func textOf(n *html.Node) string {
	var b strings.Builder
	stack := []*html.Node{n}
	for visits := 0; len(stack) > 0 && b.Len() < 200 && visits < 256; visits++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			continue
		}
		for k := c.LastChild; k != nil; k = k.PrevSibling {
			stack = append(stack, k)
		}
	}
	return b.String()
}

// countElements counts the elements under root (root included).
func countElements(root *html.Node) int {
	n := 0
	for c := root; c != nil; {
		if c.Type == html.ElementNode {
			n++
		}
		switch {
		case c.FirstChild != nil:
			c = c.FirstChild
		default:
			for c != root && c.NextSibling == nil {
				c = c.Parent
			}
			if c == root {
				return n
			}
			c = c.NextSibling
		}
	}
	return n
}
