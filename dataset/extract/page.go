package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// page is what stage 2 hands on: the page's facts and its visible text,
// block by block. Every line's at is its offset in text.
type page struct {
	url, canonical, title, charset string
	host, muni                     string
	sha                            string  // hex SHA-256 of the body as fetched: the archive's key
	lines                          []block // the content blocks, in reading order
	runeAt                         []int   // the letter offset in text of each line's start
	text                           string  // the lines joined by "\n": the visible text
	documents                      []dataset.Document
	event                          bool // the page is an event's (schema.org Event, a calendar plugin's event)
}

// readPage decodes and parses a page and reads its content blocks (stage 2).
func readPage(body []byte, pageURL, contentType string) (*page, error) {
	sum := sha256.Sum256(body)
	pg := &page{url: pageURL, sha: hex.EncodeToString(sum[:])}
	text, charset, err := Decode(body, contentType)
	if err != nil {
		return pg, err
	}
	pg.charset = charset
	if len(bytes.TrimSpace(text)) == 0 {
		return pg, nil
	}
	if plainText(contentType, text) {
		text = textAsHTML(text)
	}
	root, err := parse(bgtext.ToNFC(text))
	if err != nil {
		return pg, err
	}
	doc := goquery.NewDocumentFromNode(root)
	base, _ := url.Parse(pageURL)
	pg.title = bgtext.Fold(doc.Find("title").First().Text())
	pg.canonical = absURL(base, doc.Find(`link[rel="canonical"]`).First().AttrOr("href", ""))
	pg.event = eventPage(root)
	body0 := root
	if b := doc.Find("body").First(); b.Length() > 0 {
		body0 = b.Nodes[0]
	}
	st := subtreeStats(body0)
	containers, blocks := itemContainers(body0, st), projectBlocks(body0, st)
	main := mainPath(body0, st)
	bld := &builder{st: st, items: containers, blocks: blocks, main: main}
	bld.walk(body0)
	if textLen(bld.lines)*5 < int(st[body0].text-st[body0].link) {
		// The class rules left under a fifth of the page: a site that
		// names its content column "right" or "side". Read it again
		// trusting only tags and unmistakable words.
		bld = &builder{st: st, items: containers, blocks: blocks, relaxed: true, main: main}
		bld.walk(body0)
	}
	pg.lines = reflow(dropRelated(joinLabelValue(bld.lines)))
	var vt strings.Builder
	vt.Grow(textLen(pg.lines) + len(pg.lines))
	pg.runeAt = make([]int, len(pg.lines))
	runes := 0
	for i := range pg.lines {
		if i > 0 {
			vt.WriteByte('\n')
			runes++
		}
		pg.lines[i].at = vt.Len()
		pg.runeAt[i] = runes
		pg.lines[i].memo = &lineMemo{}
		vt.WriteString(pg.lines[i].text)
		runes += utf8.RuneCountInString(pg.lines[i].text)
	}
	pg.text = vt.String()
	pg.documents = documents(doc, base)
	if base != nil {
		pg.host = bgtext.Lower(base.Hostname())
	}
	pg.muni = municipalityOf(append(allText(body0), pg.title), pg.host)
	return pg, nil
}

var inlineTagRe = regexp.MustCompile(`(?i)</?(?:font|span|b|i|u|em|strong|small|big|a|sup|sub)(?:\s[^>]*)?>`)

// parse parses the page. The HTML parser refuses more than 512 open
// elements; legacy pages reach that with unclosed <font> and <b> tags, so
// a second try drops inline formatting tags. Block nesting that deep (a
// hostile or broken page) is an error.
func parse(text []byte) (*html.Node, error) {
	root, err := html.Parse(bytes.NewReader(text))
	if err == nil {
		return root, nil
	}
	root, err2 := html.Parse(bytes.NewReader(inlineTagRe.ReplaceAll(text, nil)))
	if err2 != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	return root, nil
}

func textLen(ls []block) int {
	n := 0
	for _, l := range ls {
		n += len(l.text)
	}
	return n
}

// allText returns the text nodes of the whole page (chrome included) that
// name a municipality: it is named in the site's header and footer.
func allText(root *html.Node) []string {
	var out []string
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type == html.TextNode {
			if strings.Contains(n.Data, "бщина") || strings.Contains(n.Data, "БЩИНА") {
				out = append(out, bgtext.Fold(n.Data))
			}
			continue
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			continue
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return out
}

var docExt = []string{".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".7z", ".odt", ".ods", ".rtf", ".p7s"}

// documents lists the attachments linked from the page's content (links in
// menus, sidebars and footers are left out).
func documents(doc *goquery.Document, base *url.URL) []dataset.Document {
	var out []dataset.Document
	seen := map[string]bool{}
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href := strings.TrimSpace(s.AttrOr("href", ""))
		if !hasDocExt(href) {
			return
		}
		u := absURL(base, href)
		if u == "" || seen[u] {
			return
		}
		p := bgtext.Lower(u)
		if i := strings.IndexAny(p, "?#"); i >= 0 {
			p = p[:i]
		}
		for _, e := range docExt {
			if strings.HasSuffix(p, e) {
				if inChrome(s.Nodes[0]) {
					return
				}
				seen[u] = true
				out = append(out, dataset.Document{URL: u, Text: bgtext.Fold(s.Text())})
				return
			}
		}
	})
	return out
}

// hasDocExt: the link's path ends with an attachment's extension.
func hasDocExt(href string) bool {
	p := bgtext.Lower(href)
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	for _, e := range docExt {
		if strings.HasSuffix(p, e) {
			return true
		}
	}
	return false
}

// inChrome reports whether an ancestor of n is page furniture.
func inChrome(n *html.Node) bool {
	article := false
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article {
			article = true
		}
	}
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && isChrome(p, article) {
			return true
		}
	}
	return false
}

func absURL(base *url.URL, href string) string {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "javascript:") || strings.HasPrefix(href, "mailto:") {
		return ""
	}
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return u.String()
}

// eventPage: the page's main entity is an event, as its structured data or
// its calendar plugin says (JSON-LD or microdata of type schema.org Event
// and no article; The Events Calendar's single event). An event organised
// under a project names the project and its money in a publicity box; the
// page is the event's, not the project's.
func eventPage(root *html.Node) bool {
	event, article := false, false
	stack := []*html.Node{root}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type != html.ElementNode && n.Type != html.DocumentNode {
			continue
		}
		for _, a := range n.Attr {
			switch a.Key {
			case "class":
				if strings.Contains(a.Val, "tribe_events") || strings.Contains(a.Val, "tribe-events-single") {
					return true
				}
			case "itemtype":
				if k := strings.Index(a.Val, "schema.org/"); k >= 0 {
					t := a.Val[k+len("schema.org/"):]
					switch {
					case strings.HasSuffix(t, "Event") && !insideItem(n):
						event = true
					case strings.HasSuffix(t, "Article") || t == "BlogPosting":
						article = true
					}
				}
			case "type":
				if n.DataAtom == atom.Script && a.Val == "application/ld+json" && n.FirstChild != nil {
					var v any
					if json.Unmarshal([]byte(n.FirstChild.Data), &v) == nil {
						for _, t := range ldTypes(v, 0) {
							switch {
							case strings.HasSuffix(t, "Event") || t == "Festival":
								event = true
							case strings.HasSuffix(t, "Article") || t == "BlogPosting":
								article = true
							}
						}
					}
				}
			}
		}
		for c := n.LastChild; c != nil; c = c.PrevSibling {
			stack = append(stack, c)
		}
	}
	return event && !article
}

// insideItem: an ancestor of n is a microdata item of its own.
func insideItem(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		for _, a := range p.Attr {
			if a.Key == "itemtype" {
				return true
			}
		}
	}
	return false
}

// ldTypes lists the @type values of a JSON-LD document: its top object,
// the objects of its array or @graph (not the types nested in their
// properties: an article's "about" event is still an article).
func ldTypes(v any, depth int) []string {
	var out []string
	switch x := v.(type) {
	case []any:
		if depth > 2 {
			return nil
		}
		for _, e := range x {
			out = append(out, ldTypes(e, depth+1)...)
		}
	case map[string]any:
		switch t := x["@type"].(type) {
		case string:
			out = append(out, t)
		case []any:
			for _, e := range t {
				if s, ok := e.(string); ok {
					out = append(out, s)
				}
			}
		}
		if g, ok := x["@graph"]; ok && depth <= 2 {
			out = append(out, ldTypes(g, depth+1)...)
		}
	}
	return out
}

// runeOffset converts a byte offset in the visible text to a letter
// offset, counting from the start of its line only.
func (pg *page) runeOffset(b int) int {
	i := sort.Search(len(pg.lines), func(i int) bool { return pg.lines[i].at > b }) - 1
	if i < 0 || i >= len(pg.runeAt) {
		return utf8.RuneCountInString(pg.text[:b])
	}
	return pg.runeAt[i] + utf8.RuneCountInString(pg.text[pg.lines[i].at:b])
}
