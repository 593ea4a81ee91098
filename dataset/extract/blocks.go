package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// block is one visual block of the content: a paragraph, a list item, a table
// cell, a heading, or a part of one split by <br>.
type block struct {
	text    string
	heading int       // 1..6 for <hN>, 7 for a short line wholly in bold
	li      int       // nesting depth of <li>; 0 outside lists
	cell    int       // id of the table cell or definition row; 0 outside tables
	label   string    // the row label or column header of a table value
	value   string    // the value next to label
	row     int       // id of a listing-table row; 0 elsewhere
	item    int       // index of the repeated item container (article, teaser); 0 none
	meta    bool      // inside a byline or date container
	dt      bool      // a <dt> term of a definition list
	group   int       // index of the repeated project container (listing); 0 none
	title   bool      // an article's title by its class ("contentheading", "entry-title")
	section string    // a listing row's group heading across its table ("Програма …"), "" none
	at      int       // offset of text in the page's visible text (page.text)
	memo    *lineMemo // what readers computed of this line's text, shared by its copies
}

// lineMemo keeps what several readers of a page compute of one line:
// its lower-cased text and the codes printed in it.
type lineMemo struct {
	lower       string
	lowerDone   bool
	codes       []foundCode
	codesDone   bool
	matches     []bgtext.CodeMatch
	matchesDone bool
}

// lc returns the line's text lower-cased (bgtext.Lower), computed once.
func (l block) lc() string {
	if l.memo == nil {
		return bgtext.Lower(l.text)
	}
	if !l.memo.lowerDone {
		l.memo.lower, l.memo.lowerDone = bgtext.Lower(l.text), true
	}
	return l.memo.lower
}

// builder turns a DOM subtree into lines without recursion.
type builder struct {
	st      map[*html.Node]stats
	items   map[*html.Node]int
	blocks  map[*html.Node]int
	group   int
	relaxed bool                // trust only tags and strong class words (see Extract)
	main    map[*html.Node]bool // the content column's path (mainPath): read relaxed
	seam    bool                // an element boundary that keeps digits apart (cellSeam)
	lines   []block
	buf     strings.Builder
	bold    int // runes of the current line inside <b>/<strong>
	total   int
	depth   struct{ bold, li, heading, item, meta, article, dt, title int }
	cellID  int
	rowID   int
	curRow  int
	curCell int
}

// cellSeam: inline elements that a site's templates use as cells of a row
// (a <time>, a <span class="item">): digits on either side of their
// boundary belong to two values. Everything else inline joins as a browser
// renders it, without a space: text pasted from Word splits one number or
// word over several spans ("BG16RFOP001-2.001-01</span><span>2</span><span>4-C01").
func cellSeam(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Time, atom.Data, atom.Output:
		return true
	case atom.Span:
		return templateClass(attr(n, "class"))
	}
	return false
}

// templateClass: a class attribute written by a template ("item",
// "meta-value"), not by a word processor or an editor ("MsoNormal", "s1",
// "x_MsoNormal", "Apple-converted-space").
func templateClass(c string) bool {
	for _, tok := range strings.Fields(c) {
		lt := bgtext.Lower(tok)
		if strings.HasPrefix(lt, "mso") || strings.HasPrefix(lt, "x_") || strings.HasPrefix(lt, "apple-") || strings.HasPrefix(lt, "wysiwyg") {
			continue
		}
		if len(lt) <= 3 && strings.IndexFunc(lt, unicode.IsDigit) >= 0 {
			continue // "s1", "T12": an editor's generated style names
		}
		return true
	}
	return false
}

func isBlock(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Div, atom.Br, atom.Li, atom.Ul, atom.Ol, atom.Tr, atom.Td, atom.Th, atom.Table,
		atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Section, atom.Article, atom.Header,
		atom.Footer, atom.Dt, atom.Dd, atom.Dl, atom.Blockquote, atom.Pre, atom.Hr, atom.Main,
		atom.Figure, atom.Figcaption, atom.Address, atom.Center, atom.Form, atom.Fieldset, atom.Tbody,
		atom.Thead, atom.Tfoot, atom.Caption, atom.Title:
		return true
	}
	return false
}

func headingLevel(a atom.Atom) int {
	switch a {
	case atom.H1:
		return 1
	case atom.H2:
		return 2
	case atom.H3:
		return 3
	case atom.H4:
		return 4
	case atom.H5:
		return 5
	case atom.H6:
		return 6
	}
	return 0
}

func isBoldElem(n *html.Node) bool {
	switch n.DataAtom {
	case atom.B, atom.Strong:
		return true
	case atom.Span, atom.Font:
		st := bgtext.Lower(attr(n, "style"))
		return strings.Contains(st, "font-weight:bold") || strings.Contains(st, "font-weight: bold") ||
			strings.Contains(st, "font-weight:700") || strings.Contains(st, "font-weight: 700")
	}
	return false
}

// articleNode: an <article>, or an element that schema.org microdata
// declares one (itemtype …/Article, …/NewsArticle, …/BlogPosting), as
// TYPO3's, Joomla's and many themes' news items do without the tag.
func articleNode(n *html.Node) bool {
	if n.DataAtom == atom.Article {
		return true
	}
	if n.Type != html.ElementNode || len(n.Attr) == 0 {
		return false
	}
	it := attr(n, "itemtype")
	if it == "" {
		return false
	}
	it = bgtext.Lower(it)
	return strings.Contains(it, "schema.org/") && (strings.HasSuffix(it, "article") || strings.HasSuffix(it, "blogposting"))
}

func isMetaElem(n *html.Node) bool {
	if n.DataAtom == atom.Time {
		return true
	}
	ci := classID(n)
	return ci != "" && bgtext.ContainsAny(ci, "meta", "date", "posted", "created", "submitted", "byline", "published", "time")
}

func (b *builder) flush() {
	text := bgtext.Fold(b.buf.String())
	b.buf.Reset()
	bold, total := b.bold, b.total
	b.bold, b.total = 0, 0
	if text == "" {
		return
	}
	l := block{text: text, li: b.depth.li, item: b.depth.item, meta: b.depth.meta > 0, cell: b.curCell, row: b.curRow, dt: b.depth.dt > 0, group: b.group, title: b.depth.title > 0}
	if b.depth.heading > 0 {
		l.heading = b.depth.heading
	} else if total > 0 && bold*10 >= total*9 && len([]rune(text)) <= 160 && bgtext.HasLetter(text) {
		l.heading = 7
	}
	if len(b.lines) >= maxLines {
		return
	}
	// A block of running text without structure is cut at sentence ends
	// into pieces of a few KB: field readers look back within a sentence,
	// and must not do so over a megabyte.
	for len(l.text) > maxLineBytes {
		cut := strings.LastIndex(l.text[:maxLineBytes], ". ")
		if cut < maxLineBytes/4 {
			cut = strings.LastIndex(l.text[:maxLineBytes], " ")
		}
		if cut <= 0 {
			cut = maxLineBytes
			for cut > 0 && !utf8.RuneStart(l.text[cut]) {
				cut--
			}
		}
		head := l
		head.text = strings.TrimSpace(l.text[:cut+1])
		b.lines = append(b.lines, head)
		l.text = strings.TrimSpace(l.text[cut+1:])
	}
	b.lines = append(b.lines, l)
}

// Bounds on what one page yields, so that a hostile page costs bounded
// time: lines of at most a few KB, at most 50,000 lines.
const (
	maxLineBytes = 4096
	maxLines     = 50000
)

func (b *builder) text(s string) {
	if b.seam {
		// "<span>100</span><span>391 548,00 лв.</span>": two cells, not
		// one number
		b.seam = false
		if bs := b.buf.String(); bs != "" && s != "" {
			last, _ := utf8.DecodeLastRuneInString(bs)
			first, _ := utf8.DecodeRuneInString(s)
			switch {
			case unicode.IsDigit(last) && unicode.IsDigit(first):
				b.buf.WriteString(" | ")
			case unicode.IsDigit(last) && unicode.IsLetter(first) || unicode.IsLetter(last) && unicode.IsDigit(first):
				b.buf.WriteByte(' ') // "Бюджет" "100"
			}
		}
	}
	b.buf.WriteString(s)
	n := 0
	for _, r := range s {
		if !unicode.IsSpace(r) && r != '\u00a0' {
			n++
		}
	}
	b.total += n
	if b.depth.bold > 0 {
		b.bold += n
	}
}

type frame struct {
	n     *html.Node
	exit  bool
	prev  int  // saved heading level on exit
	title bool // enter counted n as an article's title
}

// walk appends the lines of the subtree under root (root itself included).
func (b *builder) walk(root *html.Node) {
	stack := []frame{{n: root}}
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		n := f.n
		if f.exit {
			b.leave(n, f.prev, f.title)
			continue
		}
		switch n.Type {
		case html.TextNode:
			b.text(n.Data)
			continue
		case html.ElementNode, html.DocumentNode:
		default:
			continue
		}
		if n.Type == html.ElementNode && n != root {
			if b.chrome(n) || controlLabel(n, b.st[n]) ||
				linkHeavy(n, b.st[n]) && headingLevel(n.DataAtom) == 0 && classHeading(n) == 0 && !isMetaElem(n) && !holdsTime(n) && !holdsTitle(n) && !contractLinks(n) {
				if isBlock(n.DataAtom) {
					b.flush()
				}
				continue
			}
			if n.DataAtom == atom.Table && isDataTable(n) {
				b.flush()
				b.table(n)
				continue
			}
		}
		prev, title := b.enter(n)
		stack = append(stack, frame{n: n, exit: true, prev: prev, title: title})
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, frame{n: c})
		}
	}
	b.flush()
}

func (b *builder) enter(n *html.Node) (prev int, title bool) {
	prev = b.depth.heading
	if n.Type != html.ElementNode {
		return prev, false
	}
	b.seam = b.seam || cellSeam(n)
	if isBlock(n.DataAtom) {
		b.flush()
	}
	if id, ok := b.items[n]; ok {
		b.depth.item = id
	}
	if id, ok := b.blocks[n]; ok {
		b.group = id
	}
	if articleNode(n) {
		b.depth.article++
	}
	if isMetaElem(n) {
		b.depth.meta++
	}
	if lv := headingLevel(n.DataAtom); lv > 0 {
		b.depth.heading = lv
	} else if lv := classHeading(n); lv > 0 && b.depth.heading == 0 && b.st[n].text <= maxHeadingText {
		b.depth.heading = lv
	}
	if title = attr(n, "class") != "" && articleTitle(n); title {
		b.depth.title++
	}
	if n.DataAtom == atom.Time {
		// two <time>s side by side ("14 юни 2019" "17 юни 2019") must not glue
		b.buf.WriteByte(' ')
	}
	if n.DataAtom == atom.Li {
		b.depth.li++
	}
	if n.DataAtom == atom.Dt {
		b.depth.dt++
	}
	if isBoldElem(n) {
		b.depth.bold++
	}
	return prev, title
}

func (b *builder) leave(n *html.Node, prev int, title bool) {
	if n.Type != html.ElementNode {
		return
	}
	b.seam = b.seam || cellSeam(n)
	if isBlock(n.DataAtom) {
		b.flush()
	}
	if _, ok := b.items[n]; ok {
		b.depth.item = 0
	}
	if _, ok := b.blocks[n]; ok {
		b.group = 0
	}
	if articleNode(n) {
		b.depth.article--
	}
	if isMetaElem(n) {
		b.depth.meta--
	}
	b.depth.heading = prev
	if title {
		b.depth.title--
	}
	if n.DataAtom == atom.Li {
		b.depth.li--
	}
	if n.DataAtom == atom.Dt {
		b.depth.dt--
	}
	if isBoldElem(n) {
		b.depth.bold--
	}
}

// cellLines returns the lines of one table cell.
func (b *builder) cellLines(n *html.Node) []block {
	if controlLabel(n, b.st[n]) {
		return nil
	}
	sub := &builder{st: b.st, items: b.items, blocks: b.blocks, group: b.group, relaxed: b.relaxed, main: b.main}
	sub.depth.article = b.depth.article
	sub.depth.item = b.depth.item
	sub.walk(n)
	if n.DataAtom == atom.Th {
		for i := range sub.lines {
			if sub.lines[i].heading == 0 {
				sub.lines[i].heading = 7
			}
		}
	}
	return sub.lines
}

// holdsTitle reports an article's title by class inside n (a blog's
// heading table whose title is a link to the article).
func holdsTitle(n *html.Node) bool {
	return below(n, 60, func(c *html.Node) bool { return c != n && titleClassLevel(attr(c, "class")) > 0 })
}

// holdsTime reports a <time> inside n: a byline whose date is a link.
func holdsTime(n *html.Node) bool {
	return below(n, 200, func(c *html.Node) bool { return c.DataAtom == atom.Time })
}

// below reports whether an element among the first visits nodes of n's
// subtree (n included) satisfies is: a bounded look, linear on any page.
func below(n *html.Node, visits int, is func(*html.Node) bool) bool {
	stack := []*html.Node{n}
	for steps := 0; len(stack) > 0 && steps < visits; steps++ {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c.Type == html.ElementNode && is(c) {
			return true
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			stack = append(stack, k)
		}
	}
	return false
}

// chrome: n is page furniture as the walk reads it (chromeBy), from the
// page's memo when neither an article nor the relaxed reading changes the
// answer.
func (b *builder) chrome(n *html.Node) bool {
	inArticle, relaxed := b.depth.article > 0, b.relaxed || b.main[n]
	if !inArticle && !relaxed && b.st != nil {
		return chromeIn(b.st, n)
	}
	return chromeBy(n, inArticle, relaxed)
}
