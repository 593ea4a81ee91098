package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// pageCut is how a page is cut into the items it is made of. In a
// listing the items are independent rows or blocks (one record each) and
// rest is what the page says outside them (press releases under a table),
// which joins the rows of the same contracts; otherwise items about the
// same contract are merged.
type pageCut struct {
	items   [][]line
	listing bool
	rest    []line
}

// segment cuts the content lines into the items a page is made of.
func segment(ls []line, pageTitle string) pageCut {
	// a table of projects outside the page's posts is the page's list;
	// the posts under it join its rows
	outside := func(l line) int {
		if l.item != 0 {
			return 0
		}
		return l.row
	}
	if its := groupBy(ls, outside); len(its) >= 2 && teaserRows(its) {
		return pageCut{items: its} // a news list laid out as a table: posts, not data rows
	}
	if its := groupBy(ls, outside); len(its) >= 2 && countProjects(its, pageTitle) >= 2 {
		return pageCut{items: its, listing: true, rest: without(ls, func(l line) bool { return outside(l) != 0 })}
	}
	if its := groupBy(ls, func(l line) int { return l.item }); len(its) >= 2 && coverage(its, ls) >= 0.5 {
		return pageCut{items: its}
	}
	if its := groupBy(ls, func(l line) int { return l.row }); len(its) >= 2 {
		if countProjects(its, pageTitle) >= 2 {
			return pageCut{items: its, listing: true, rest: without(ls, func(l line) bool { return l.row != 0 })}
		}
	}
	if its := articles(ls); len(its) >= 2 {
		var out [][]line
		for _, a := range its {
			out = append(out, contractBlocks(a)...)
		}
		return pageCut{items: out}
	}
	if its := groupBy(ls, func(l line) int { return l.block }); len(its) >= 2 {
		// the rest of the page may describe one more project
		return pageCut{items: append(its, groupBy(ls, func(l line) int {
			if l.block == 0 {
				return 1
			}
			return 0
		})...), listing: true}
	}
	if its := splitAt(ls, func(l line) bool { return bracketDateRe.MatchString(l.text) }); len(its) >= 2 {
		return pageCut{items: withHead(ls, its)}
	}
	if its := splitAt(ls, dateMarker); len(its) >= 2 && withOwnProject(its) >= 2 {
		return pageCut{items: withHead(ls, its)}
	}
	cs, _ := codes(ls)
	if len(cs) == 0 {
		if its := totalBlocks(ls); len(its) >= 2 {
			return pageCut{items: its, listing: true}
		}
	}
	if len(cs) < 2 {
		return pageCut{items: [][]line{ls}} // one contract or none: one item
	}
	for _, cut := range []func([]line) [][]line{numberedBlocks, headingBlocks, lineBlocks} {
		if its := cut(ls); len(its) >= 2 {
			return pageCut{items: its, listing: true}
		}
	}
	return pageCut{items: [][]line{ls}}
}

// teaserRows: most rows of a table are posts — a headline and a paragraph
// of running text each (a news list an ASP.NET repeater lays out as a
// table), not cells of data.
func teaserRows(rows [][]line) bool {
	n := 0
	for _, r := range rows {
		head, prose := false, false
		for _, l := range r {
			if l.heading > 0 && l.heading < 7 && l.label == "" {
				head = true
			}
			if l.label == "" && utf8.RuneCountInString(l.text) >= 80 && strings.Count(l.text, " ") >= 10 {
				prose = true
			}
		}
		if head && prose {
			n++
		}
	}
	return n*2 > len(rows)
}

// without returns the lines for which used is false.
func without(ls []line, used func(line) bool) []line {
	var out []line
	for _, l := range ls {
		if !used(l) {
			out = append(out, l)
		}
	}
	return out
}

// coverage is the share of the text that lies in the items: repeated
// containers that hold only a side list of other news do not cut a page.
func coverage(its [][]line, ls []line) float64 {
	in, all := 0, 0
	for _, it := range its {
		for _, l := range it {
			in += len(l.text)
		}
	}
	for _, l := range ls {
		all += len(l.text)
	}
	if all == 0 {
		return 0
	}
	return float64(in) / float64(all)
}

// headingBlocks cuts a page at its headings of one level when two or more
// of the sections name their own, different grant contract: two projects
// on one page. The text before the first such heading is left out.
func headingBlocks(ls []line) [][]line {
	count := map[int]int{}
	for _, l := range ls {
		if l.heading > 0 && l.label == "" {
			count[l.heading]++
		}
	}
	for level := 1; level <= 7; level++ {
		if count[level] < 2 {
			continue
		}
		its := splitAt(ls, func(l line) bool { return l.heading == level && l.label == "" })
		seen := map[string]bool{}
		withCode := 0
		for _, it := range its {
			cs, _ := codes(it)
			if len(cs) == 0 {
				continue
			}
			if m := money(it, cs); seen[cs[0]] || m.total == nil && m.grant == nil {
				withCode = 0
				break
			}
			seen[cs[0]] = true
			withCode++
		}
		if withCode >= 2 {
			var out [][]line
			for _, it := range its {
				if cs, _ := codes(it); len(cs) > 0 {
					out = append(out, it)
				}
			}
			return out
		}
	}
	return nil
}

// totalBlocks cuts a page without contract numbers at its headings of
// one level when every section under them is a project with its own
// total ("Ремонт на читалище …" / "Обща стойност: 184 300,00 лв."): the
// projects of a national programme, listed one after the other.
func totalBlocks(ls []line) [][]line {
	count := map[int]int{}
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 && l.label == "" {
			count[l.heading]++
		}
	}
	for level := 1; level < 7; level++ {
		if count[level] < 2 {
			continue
		}
		its := splitAt(ls, func(l line) bool { return l.heading == level && l.label == "" })
		var out [][]line
		seen := map[float64]bool{}
		for _, it := range its {
			if it[0].heading != level {
				continue // the text before the first section
			}
			m := money(it, nil)
			if m.total == nil || seen[*m.total] || utf8.RuneCountInString(it[0].text) < 15 || strings.HasSuffix(it[0].text, ":") {
				return nil // a section without its own total: one project's page
			}
			seen[*m.total] = true
			out = append(out, it)
		}
		if len(out) >= 2 {
			return out
		}
	}
	return nil
}

func groupBy(ls []line, id func(line) int) [][]line {
	idx := map[int]int{}
	var out [][]line
	for _, l := range ls {
		k := id(l)
		if k == 0 {
			continue
		}
		i, ok := idx[k]
		if !ok {
			i = len(out)
			idx[k] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], l)
	}
	return out
}

// countProjects counts the rows that are projects: a contract number, or a
// programme with a name and an amount.
func countProjects(its [][]line, pageTitle string) int {
	n := 0
	prog := ""
	for _, it := range its {
		d := buildDraft(it, pageFacts{title: pageTitle}, true)
		if d.rec.Programme == "" && len(it) > 0 {
			if prog == "" {
				prog = headProgramme(it, pageTitle)
			}
			d.setProgramme(prog, "")
		}
		if d.evidence {
			n++
		}
	}
	return n
}

// withHead puts the page's heading — the heading lines above the first
// dated item — before every item, so that an item whose own headline
// names no project ("[15-11-2010] Подписан договор") is titled by it.
func withHead(ls []line, its [][]line) [][]line {
	var head []line
	for _, l := range ls {
		if len(its[0]) > 0 && l == its[0][0] {
			break
		}
		if l.heading > 0 && l.li == 0 && l.label == "" {
			head = append(head, l)
		}
	}
	if len(head) == 0 || len(head) > 2 {
		return its
	}
	for i, it := range its {
		its[i] = append(append([]line{}, head...), it...)
	}
	return its
}

// splitAt starts a new item at each line for which start is true; lines
// before the first start are dropped.
func splitAt(ls []line, start func(line) bool) [][]line {
	var out [][]line
	for _, l := range ls {
		if start(l) {
			out = append(out, nil)
		}
		if len(out) > 0 {
			out[len(out)-1] = append(out[len(out)-1], l)
		}
	}
	return out
}

var numberedRe = regexp.MustCompile(`^(\d{1,2})\.\s+\S`)

// numberedBlocks splits "1. Title … 2. Title …" blocks when each block
// names its own grant contract (numbered activities do not). The numbering
// may skip a block or two ("1. … 2. … 3. … 5. …").
func numberedBlocks(ls []line) [][]line {
	next := 1
	its := splitAt(ls, func(l line) bool {
		m := numberedRe.FindStringSubmatch(l.text)
		if m == nil || l.li > 0 {
			return false
		}
		n, _ := strconv.Atoi(m[1])
		if n < next || n > next+2 {
			return false // a gap of one or two: a block left out of the list
		}
		next = n + 1
		return true
	})
	if len(its) < 2 {
		return nil
	}
	seen := map[string]bool{}
	for _, it := range its {
		cs, _ := codes(it)
		if len(cs) == 0 || seen[cs[0]] {
			return nil
		}
		seen[cs[0]] = true
	}
	return its
}

// notAProjectPage recognises pages that carry project numbers without
// being about a project: procurement notices and council decisions.
func notAProjectPage(ls []line, pageTitle string) bool {
	head := bgtext.Lower(strings.TrimSpace(pageTitle))
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 {
			head += " | " + l.lc()
			break
		}
	}
	for _, w := range []string{"решение №", "решение n", "протокол №", "заповед №"} {
		if strings.HasPrefix(head, w) || strings.Contains(head, "| "+w) {
			return true
		}
	}
	if councilAgenda(head) || budgetPage(head) || procurementHead(head) {
		return true
	}
	found := map[string]bool{}
	movers := 0
	for _, l := range ls {
		lt := l.lc()
		if strings.Contains(lt, "общинският съвет реши") || strings.Contains(lt, "общинския съвет реши") {
			return true
		}
		if strings.HasPrefix(lt, "вносител:") || strings.Contains(lt, ". вносител:") {
			if movers++; movers >= 2 {
				return true // the items of a council agenda
			}
		}
		for _, m := range bgtext.ProcurementMarkers {
			if strings.Contains(lt, m) {
				found[m] = true
			}
		}
	}
	return len(found) >= 3
}

// councilAgenda: the page or its first heading announces a session of the
// municipal council or its draft decisions ("Дневен ред на заседание …",
// "Покана за заседание", "Проекти на решения"). Such a page names projects
// the council is asked to approve; it is not about any of them.
func councilAgenda(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		for _, w := range []string{"дневен ред", "покана за", "проекти на решения", "проект на решение", "заседание на общински", "сесия на общински"} {
			if strings.HasPrefix(part, w) {
				return bgtext.ContainsAny(part, bgtext.CouncilWords...)
			}
		}
		if strings.HasPrefix(strings.TrimLeft(part, "ivxlc0123456789. "), "заседание на общински съвет") {
			return true // "XIV заседание на Общински съвет …"
		}
	}
	return false
}

// procurementHead: the page or its first heading announces a purchase
// ("Обява за събиране на оферти", "Публична покана", "Открита процедура за
// …", "Обществена поръчка с предмет …"), whatever project it serves.
func procurementHead(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		for _, w := range []string{"обществена поръчка", "публична покана", "събиране на оферти", "открита процедура",
			"пазарни консултации", "покана за представяне на оферт", "обява за събиране", "обява за обществена", "профил на купувача"} {
			if strings.HasPrefix(part, w) {
				return true
			}
		}
	}
	return false
}

// budgetPage: the page or its first heading is the municipality's budget
// or a report on it ("Отчет за изпълнението на бюджета за 2022 г.",
// "Проект на бюджет 2024", "Бюджет 2023"), whose project lines are budget
// items, not projects.
func budgetPage(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		if strings.Contains(part, "бюджет на проект") || strings.Contains(part, "бюджета на проект") {
			continue
		}
		for _, w := range []string{"бюджет", "проектобюджет", "проект на бюджет", "отчет за изпълнение", "годишен отчет", "публично обсъждане", "разчет"} {
			// one word must end there ("Бюджетна линия …" is a project's)
			if strings.HasPrefix(part, w) && (strings.Contains(w, " ") || part == w || strings.HasPrefix(part, w+" ")) && strings.Contains(part, "бюджет") {
				return true
			}
		}
	}
	return false
}

// lineBlocks cuts a list of projects printed one per line or list item
// ("Проект „X“ – договор № …, 100 000 лв."): two or more lines that each
// name a different contract and an amount. Each such line starts an item.
func lineBlocks(ls []line) [][]line {
	starts := map[int]bool{}
	seen := map[string]bool{}
	for i, l := range ls {
		cs, _ := codes([]line{l})
		if len(cs) == 0 {
			continue
		}
		if len(cs) > 1 || seen[cs[0]] {
			return nil
		}
		seen[cs[0]] = true
		hasMoney := false
		for _, a := range bgtext.FindAmounts(l.text) {
			if a.Currency != "" {
				hasMoney = true
			}
		}
		if !hasMoney {
			return nil
		}
		starts[i] = true
	}
	if len(starts) < 2 {
		return nil
	}
	i := -1
	return splitAt(ls, func(line) bool { i++; return starts[i] })
}

var leadDateSepRe = regexp.MustCompile(`^\s*(?:г\.?|год\.|година)?\s*(?:[-–—:|]\s*)?`)

// leadDate returns the date a line starts with ("19.11.2013 – На …",
// "14 март 2019 г. – Община …") and the text after it and its separator.
func leadDate(t string) (iso, rest string, ok bool) {
	if t == "" || !bgtext.HasYear(t) || !(t[0] >= '0' && t[0] <= '9') {
		return "", "", false
	}
	ds := bgtext.FindDates(t)
	if len(ds) == 0 || ds[0].Start != 0 {
		return "", "", false
	}
	rest = t[ds[0].End:]
	return ds[0].ISO, rest[len(leadDateSepRe.FindString(rest)):], true
}

// dateMarker: a news item that starts with its date ("19.11.2013 – На …",
// a heading "14 март 2019 г. – Община … стартира проект"), or a date alone
// in bold above it.
func dateMarker(l line) bool {
	_, rest, ok := leadDate(l.text)
	if !ok {
		return false
	}
	return rest == "" && (l.heading > 0 || l.meta) || len(rest) > 40 || l.heading > 0 && len(rest) > 10
}

// withOwnProject counts the items that name a contract or a quoted project.
func withOwnProject(its [][]line) int {
	n := 0
	for _, it := range its {
		if cs, _ := codes(it); len(cs) > 0 {
			n++
			continue
		}
		for _, l := range it {
			if quotedAfterRe.MatchString(l.text) {
				n++
				break
			}
		}
	}
	return n
}

// restItems cuts what a listing page says outside its rows as a page of
// posts or articles is cut.
func restItems(out []line) [][]line {
	if len(out) == 0 {
		return nil
	}
	var its [][]line
	if ps := groupBy(out, func(l line) int { return l.item }); len(ps) >= 2 {
		its = ps // dated posts
	} else if as := articles(out); len(as) >= 2 {
		its = as
	} else {
		its = [][]line{out}
	}
	var blocks [][]line
	for _, a := range its {
		blocks = append(blocks, contractBlocks(a)...)
	}
	return blocks
}

// articles cuts a blog or category page at its articles' titles (two or
// more lines an article's title by class, "contentheading",
// "entry-title"). The lines before the first title are the page's own.
func articles(ls []line) [][]line {
	n := 0
	for i, l := range ls {
		if l.title && (i == 0 || !ls[i-1].title) {
			n++
		}
	}
	if n < 2 {
		return nil
	}
	its := splitAt(ls, func() func(line) bool {
		prev := false
		return func(l line) bool {
			start := l.title && !prev
			prev = l.title
			return start
		}
	}())
	// the text before the first title: the category's description, which
	// may name the project ("Проект BG… се изпълнява с …")
	var head []line
	for _, l := range ls {
		if l.title {
			break
		}
		head = append(head, l)
	}
	for _, l := range head {
		if l.heading == 0 {
			return append([][]line{head}, its...)
		}
	}
	return its
}

// contractBlocks cuts an article that presents several grant contracts one
// after the other ("Договор № … «…». Проектът … е на обща стойност …",
// then the next) at the line each contract leads. The article's lines
// before the first such line (its headline, a lead naming the scheme) go
// with every block, unless they name a contract of their own.
func contractBlocks(it []line) [][]line {
	var starts []int
	seen := map[string]bool{}
	for i, l := range it {
		c := leadingContract(l.text)
		if c == "" {
			continue
		}
		if seen[c] {
			return [][]line{it}
		}
		seen[c] = true
		starts = append(starts, i)
	}
	if len(starts) < 2 {
		return [][]line{it}
	}
	head := it[:starts[0]]
	if cs, _ := codes(head); len(cs) > 0 {
		head = nil
	}
	var out [][]line
	for k, st := range starts {
		end := len(it)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		b := append(append([]line{}, head...), it[st:end]...)
		out = append(out, b)
	}
	return out
}

// leadingContract is the grant contract a line starts with after its
// label ("Договор № BG16RFOP001-2.001-0007-C01 «…»", "Проект № …"), "" when
// it starts otherwise.
func leadingContract(t string) string {
	m := codeLabelRe.FindStringIndex(t)
	if m == nil || m[1] == 0 {
		return ""
	}
	if !strings.ContainsAny(t[:m[1]], "№Nn") && !strings.HasPrefix(bgtext.Lower(t), "договор") && !strings.HasPrefix(bgtext.Lower(t), "проект") {
		return ""
	}
	rest := t[m[1]:]
	ts := codeTokens(rest)
	if len(ts) == 0 || ts[0][0] != 0 {
		return ""
	}
	c := normCode(rest[:ts[0][1]])
	if bgtext.CodeKindByShape(c) != bgtext.KindContract || worksContract(c) {
		return ""
	}
	return c
}
