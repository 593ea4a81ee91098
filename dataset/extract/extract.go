// Package extract turns a saved municipal page into project records. It is a
// pure function of the page bytes, the URL and the Content-Type header.
//
// The page is decoded (decode.go), parsed, stripped of its chrome by generic
// signals — tags, class/id words, link density — (chrome.go) and flattened
// into lines that keep what matters of the layout: headings, list items,
// table labels and column headers (lines.go, tables.go). The lines are cut
// into items — dated posts and teasers, listing rows, repeated project
// blocks, numbered blocks, sections with their own contract
// (containers.go, segment.go) — every field is read from an item's lines
// (fields.go, title.go, contracts.go, budget.go, period.go, lists.go) with the parsers
// of money.go, dates.go, codes.go, programme.go and firms.go, and items
// about one contract are merged oldest first (records.go).
//
// Nothing is guessed: a value the page does not state stays empty, and
// facts that disagree are kept and noted in the record's warnings.
package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// Result is what one page yields.
type Result struct {
	URL       string             `json:"url"`
	Canonical string             `json:"-"` // <link rel=canonical>, absolute, "" when absent
	Title     string             `json:"-"` // the page's title
	Charset   string             `json:"-"` // the charset the page was decoded from
	Projects  []dataset.Record   `json:"projects"`
	Documents []dataset.Document `json:"-"` // attachments linked from the content
}

// Extract reads one page. contentType is the HTTP Content-Type header ("" when unknown).
//
// The page goes through five stages, each handing the next a typed value:
//
//  1. decode (decode.go): the bytes → UTF-8 text;
//  2. readPage (page.go, with chrome.go, containers.go, lines.go, tables.go):
//     the text → a page, its visible text as blocks;
//  3. cutItems (segment.go, mentions.go): the page → the items that may
//     each be a project;
//  4. readDraft (records.go, with title.go, contracts.go, budget.go,
//     period.go, lists.go, fields.go): an item → a draft, every value with
//     the span of visible text it was read from;
//  5. records (records.go): the drafts → records, merged and evidenced.
func Extract(body []byte, pageURL, contentType string) (Result, error) {
	res := Result{URL: pageURL, Projects: []dataset.Record{}}
	pg, err := readPage(body, pageURL, contentType)
	if err != nil {
		return res, fmt.Errorf("extract: %w", err)
	}
	res.Charset, res.Title, res.Canonical, res.Documents = pg.charset, pg.title, pg.canonical, pg.documents
	if len(pg.lines) == 0 || notAProjectPage(pg.lines, pg.title) {
		return res, nil
	}
	res.Projects = records(pg, readDrafts(pg, cutItems(pg)))
	return res, nil
}

// VisibleText returns the page's visible text as the extractor reads it:
// its content blocks (chrome left out, inline markup joined as a browser
// renders it), one per line. Evidence offsets count characters into it.
func VisibleText(body []byte, pageURL, contentType string) (string, error) {
	pg, err := readPage(body, pageURL, contentType)
	if err != nil {
		return "", fmt.Errorf("extract: %w", err)
	}
	return pg.text, nil
}

// readDrafts reads every item of the cut into a draft (stage 4). The
// items of a listing stand alone; the items of a page of posts are
// merged by contract, applications folded into their contract and
// follow-ups into the page's one project; what a listing page says
// outside its rows joins the rows of the same contracts.
func readDrafts(pg *page, cut pageCut) []draft {
	facts := pageFacts{muni: pg.muni, title: pg.title}
	pageProg := ""
	if cut.listing {
		pageProg = headProgramme(pg.lines, pg.title)
		facts.holder = introHolder(pg.lines, pg.muni)
	}
	var drafts []draft
	for i, it := range cut.items {
		d := buildDraft(it, facts, cut.listing)
		if d.rec.Programme == "" && pageProg != "" {
			// "Проекти по Проект „Красива България“" heads every block
			d.setProgramme(pageProg, "")
		}
		d.pos = i
		drafts = append(drafts, d)
	}
	if textCut := !cut.listing || rowless(cut.items); textCut {
		if head := pageDate(pg.lines, cut.items); head.iso != "" {
			// the page's own date above its sections ("Дата: 22 август
			// 2023" over two projects) dates the sections that have none
			for i := range drafts {
				if drafts[i].published == "" {
					drafts[i].published, drafts[i].publishedAt = head.iso, head.at
					drafts[i].rec.Published = head.iso
				}
			}
		}
	}
	if !cut.listing {
		return foldFollowUps(foldApplications(mergeDrafts(drafts)))
	}
	if facts.holder == "" {
		// the introduction may sit in a block of its own among the
		// list's blocks: the items that are no project
		var intro []line
		for i, d := range drafts {
			if !d.evidence {
				intro = append(intro, cut.items[i]...)
			}
		}
		if h := introHolder(intro, pg.muni); h != "" {
			for i := range drafts {
				if drafts[i].rec.Beneficiary == "" {
					drafts[i].rec.Beneficiary = h
				}
			}
		}
	}
	if more := restItems(cut.rest); len(more) > 0 {
		var ds []draft
		for i, it := range more {
			d := buildDraft(it, facts, false)
			d.pos = len(drafts) + i
			ds = append(ds, d)
		}
		drafts = joinRows(drafts, mergeDrafts(ds))
	}
	return drafts
}

// records turns the drafts that have the evidence of a project into
// records (stage 5).
func records(pg *page, drafts []draft) []dataset.Record {
	out := []dataset.Record{}
	i := 0
	for _, d := range drafts {
		if !d.evidence {
			continue
		}
		r := finish(d, i, pg)
		r.Documents = pg.documents
		out = append(out, r)
		i++
	}
	return out
}

// rowless: the items were cut from the text (numbered or headed
// sections of an article), not from a table's rows or repeated blocks.
func rowless(items [][]line) bool {
	for _, it := range items {
		for _, l := range it {
			if l.row != 0 || l.block != 0 {
				return false
			}
		}
	}
	return true
}

// dated is a date and where it was read.
type dated struct {
	iso string
	at  span
}

// pageDate is the publication date the lines above the page's first item
// give (its byline), when the page was cut into several items.
func pageDate(ls []line, items [][]line) dated {
	if len(items) < 2 || len(items[0]) == 0 {
		return dated{}
	}
	first := items[0][0].at
	var head []line
	for _, l := range ls {
		if l.at >= first {
			break
		}
		head = append(head, l)
	}
	// only a byline: a line marked as one, or labelled "Дата:",
	// "Публикувано …" — not the date of a first teaser
	var bylines []line
	for _, l := range head {
		lead := l.label
		if lead == "" {
			lead, _, _ = inlineLabel(l.text)
		}
		if bgtext.HasYear(l.text) && (l.meta || lead != "" && publishLead(bgtext.Lower(lead))) {
			bylines = append(bylines, l)
		}
	}
	if len(bylines) != 1 {
		return dated{}
	}
	iso := publishedOf(bylines)
	if iso == "" {
		return dated{}
	}
	return dated{iso, locateDate(bylines, iso)}
}

// introHolder is the holder the lines before the first item (the page's
// introduction to a list) name.
func introHolder(ls []line, muni string) string {
	var sb strings.Builder
	for _, l := range ls {
		if l.row != 0 || l.block != 0 || l.item != 0 {
			break // the introduction ends where the list starts
		}
		sb.WriteString(l.text)
		sb.WriteByte('\n')
	}
	h, _ := bgtext.Holder(sb.String(), muni)
	return h
}

// headProgramme is the programme the page's title or first heading names
// ("Проекти по ПРСР 2014-2020"), "" when they name none.
func headProgramme(ls []line, pageTitle string) string {
	head := pageTitle
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 {
			head += "\n" + l.text
			break
		}
	}
	return bgtext.DetectProgramme(head, nil)
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

func textLen(ls []line) int {
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

// joinLabelValue joins a short label line with the amount or date line
// printed under it (the "stat boxes" of modern themes).
func joinLabelValue(ls []line) []line {
	out := make([]line, 0, len(ls))
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		// a code broken by a line break: "BG161PO001/1.4-09/<br>2012/002"
		for i+1 < len(ls) && (strings.HasSuffix(l.text, "/") || strings.HasSuffix(l.text, "-")) && brokenCodeRe.MatchString(l.text) && codeStartRe.MatchString(ls[i+1].text) && ls[i+1].cell == l.cell {
			l.text += ls[i+1].text
			i++
		}
		if l.dt && i+1 < len(ls) && !ls[i+1].dt && ls[i+1].label == "" && (i+2 >= len(ls) || ls[i+2].dt) {
			// <dt>Обща стойност</dt><dd>391 548,00 лв.</dd>
			lbl := strings.TrimRight(l.text, ": ")
			v := ls[i+1].text
			l.label, l.value, l.text, l.heading = lbl, v, lbl+": "+v, 0
			out = append(out, l)
			i++
			continue
		}
		if l.dt {
			l.heading, l.label = 7, strings.TrimRight(l.text, ": ")
		}
		if i+1 < len(ls) && l.label == "" && l.li == 0 && len([]rune(l.text)) <= 60 && !bgtext.HasDigit(l.text) &&
			(l.heading == 0 || l.heading == 7 || l.heading >= 4 && bareValue(ls[i+1].text)) && l.item == ls[i+1].item && l.cell == ls[i+1].cell &&
			(!l.meta || periodLabel(l.text) || publishLead(bgtext.Lower(l.text))) &&
			!strings.HasSuffix(l.text, ".") && ls[i+1].label == "" && ls[i+1].li == 0 && ls[i+1].heading == 0 &&
			(bareValue(ls[i+1].text) || identityLabel(l.text) && len(ls[i+1].text) < 400) {
			// a label and its value in two blocks: "Обща стойност" / "26 482 917.35 лв."
			// (a small heading too: <h6 class="card-subtitle">Стойност</h6><p>€ 450 000</p>)
			lbl := strings.TrimRight(l.text, ": ")
			v := ls[i+1].text
			l.label, l.value, l.text, l.heading = lbl, v, lbl+": "+v, 0
			out = append(out, l)
			i++
			continue
		}
		out = append(out, l)
	}
	return out
}

// periodLabel: a label of the project's period ("Начало на изпълнение",
// "Край", "Срок"), even in a field a theme classes as a date.
func periodLabel(s string) bool {
	ls := strings.TrimRight(bgtext.Lower(s), ": ")
	return len(ls) < 40 && (lastOf(ls, bgtext.StartWords) >= 0 || lastOf(ls, bgtext.EndWords) >= 0 || strings.HasPrefix(ls, "срок"))
}

// dropRelated cuts a "Още новини"/"Свързани статии" section: its teasers
// are about other projects. The section runs to the next heading of the
// same or a higher level. It also drops the site's own funding note.
func dropRelated(ls []line) []line {
	out := ls[:0:0]
	skip := 0 // the level of the related heading being skipped; 0 none
	for _, l := range ls {
		if siteNote(l.text) {
			continue
		}
		if skip > 0 {
			if l.heading > 0 && l.heading <= skip && l.heading < 7 {
				skip = 0
			} else {
				continue
			}
		}
		if l.heading > 0 && len(l.text) < 60 {
			k := strings.TrimRight(l.lc(), " :.…»>")
			for _, h := range bgtext.RelatedHeads {
				if k == h {
					skip = l.heading
					break
				}
			}
			if skip > 0 {
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// siteNote: the banner of a site built with EU money ("Уебсайтът е
// създаден по проект BG05SFOP001-… „Електронно управление …“") is on every
// page of the site; it is about the site, not the page.
func siteNote(t string) bool {
	if len(t) < 40 || len(t) > 1200 {
		return false
	}
	lt := bgtext.Lower(t)
	lead := strings.TrimPrefix(strings.TrimPrefix(lt, "този "), "настоящият ")
	for _, w := range []string{"уебсайт", "сайт", "интернет страница", "интернет сайт", "интернет портал", "порталът", "уеб сайт", "уеб-сайт"} {
		if strings.HasPrefix(lead, w) {
			return strings.Contains(lt, "проект") && bgtext.ContainsAny(lt, bgtext.SiteMadeWords...)
		}
	}
	return false
}

// identityLabel: labels whose value is a name, whatever its length.
func identityLabel(s string) bool {
	ls := bgtext.Lower(s)
	return strings.HasSuffix(strings.TrimSpace(s), ":") && bgtext.ContainsAny(ls, bgtext.IdentityLabels...)
}

// bareValue: a block that is only an amount, a date, a date range, a
// duration or a code.
func bareValue(s string) bool {
	if utf8.RuneCountInString(s) > 60 {
		return amountsOnly(s)
	}
	if _, ok := bgtext.ParseAmount(s); ok || amountsOnly(s) {
		return true
	}
	if _, ok := bgtext.ParseDate(s); ok {
		return true
	}
	if ds := bgtext.FindDates(s); len(ds) == 2 && strings.Trim(s[:ds[0].Start]+s[ds[0].End:ds[1].Start]+s[ds[1].End:], " .г–-—/()") == "" {
		return true
	}
	if n, raw, ok := bgtext.FindDuration(s); ok && n > 0 {
		rest := strings.TrimSpace(strings.Replace(s, raw, "", 1))
		if len(rest) <= 4 || strings.HasPrefix(rest, "(") && len(bgtext.FindDates(rest)) == 2 {
			return true // "24 месеца", "24 месеца (27.06.2011 г. – 27.06.2013 г.)"
		}
	}
	ts := codeTokens(s)
	return len(ts) == 1 && ts[0][1]-ts[0][0]+4 >= len(s) && strings.ContainsAny(s[ts[0][0]:ts[0][1]], "-/")
}

// amountsOnly: a value that starts with an amount and holds nothing but
// amounts and their VAT/currency words: "2.778.792,14 лв. с ДДС
// (2.315.660,12 лв. без ДДС)", "51 129,19 евро / 100 000,00 лв.".
func amountsOnly(s string) bool {
	if utf8.RuneCountInString(s) > 140 {
		return false
	}
	as := bgtext.FindAmounts(s)
	if len(as) == 0 || as[0].Currency == "" || strings.TrimSpace(s[:as[0].Start]) != "" {
		return false
	}
	var rest strings.Builder
	prev := 0
	for _, a := range as {
		if a.Start < prev {
			return false
		}
		rest.WriteString(s[prev:a.Start])
		rest.WriteByte(' ')
		prev = a.End
	}
	rest.WriteString(s[prev:])
	for _, w := range strings.FieldsFunc(bgtext.Lower(rest.String()), func(r rune) bool {
		return r == ' ' || r == '(' || r == ')' || r == '/' || r == ',' || r == ';' || r == '–' || r == '-' || r == '=' || r == '.'
	}) {
		if !bgtext.AmountWords[w] {
			return false
		}
	}
	return true
}

var brokenCodeRe = regexp.MustCompile(`[A-Z0-9][A-Za-z0-9.]*\d[A-Za-z0-9.]*[/-]$`)
var codeStartRe = regexp.MustCompile(`^[0-9A-Z][A-Za-z0-9]*[-/.]?[A-Za-z0-9]`)

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
