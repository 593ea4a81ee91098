package extract

import (
	"regexp"
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
	items   [][]block
	listing bool
	rest    []block
}

// segment cuts the content lines into the items a page is made of.
func segment(ls []block, pageTitle string) pageCut {
	// a table of projects outside the page's posts is the page's list;
	// the posts under it join its rows
	outside := func(l block) int {
		if l.item != 0 {
			return 0
		}
		return l.row
	}
	if its := groupBy(ls, outside); len(its) >= 2 && teaserRows(its) {
		return pageCut{items: its} // a news list laid out as a table: posts, not data rows
	}
	if its := groupBy(ls, outside); len(its) >= 2 && countProjects(its, pageTitle) >= 2 {
		return pageCut{items: its, listing: true, rest: without(ls, func(l block) bool { return outside(l) != 0 })}
	}
	if its := groupBy(ls, func(l block) int { return l.item }); len(its) >= 2 && coverage(its, ls) >= 0.5 {
		return pageCut{items: its}
	}
	if its := groupBy(ls, func(l block) int { return l.row }); len(its) >= 2 {
		if countProjects(its, pageTitle) >= 2 {
			return pageCut{items: its, listing: true, rest: without(ls, func(l block) bool { return l.row != 0 })}
		}
	}
	if its := articles(ls); len(its) >= 2 {
		var out [][]block
		for _, a := range its {
			out = append(out, contractBlocks(a)...)
		}
		return pageCut{items: out}
	}
	if its := groupBy(ls, func(l block) int { return l.group }); len(its) >= 2 {
		// the rest of the page may describe one more project
		return pageCut{items: append(its, groupBy(ls, func(l block) int {
			if l.group == 0 {
				return 1
			}
			return 0
		})...), listing: true}
	}
	if its := splitAt(ls, func(l block) bool { return bracketDateRe.MatchString(l.text) }); len(its) >= 2 {
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
		return pageCut{items: [][]block{ls}} // one contract or none: one item
	}
	if rows := contractLines(ls); rows != nil {
		// the page's list of its contracts; what it says around the list
		// (press releases) joins the rows of the same contracts
		in := map[int]bool{}
		var its [][]block
		for _, i := range rows {
			in[i] = true
			its = append(its, []block{ls[i]})
		}
		var rest []block
		for i, l := range ls {
			if !in[i] {
				rest = append(rest, l)
			}
		}
		return pageCut{items: its, listing: true, rest: rest}
	}
	for _, cut := range []func([]block) [][]block{numberedBlocks, headingBlocks, lineBlocks, labelBlocks} {
		if its := cut(ls); len(its) >= 2 {
			return pageCut{items: its, listing: true}
		}
	}
	return pageCut{items: [][]block{ls}}
}

// teaserRows: most rows of a table are posts — a headline and a paragraph
// of running text each (a news list an ASP.NET repeater lays out as a
// table), not cells of data.
func teaserRows(rows [][]block) bool {
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
func without(ls []block, used func(block) bool) []block {
	var out []block
	for _, l := range ls {
		if !used(l) {
			out = append(out, l)
		}
	}
	return out
}

// coverage is the share of the text that lies in the items: repeated
// containers that hold only a side list of other news do not cut a page.
func coverage(its [][]block, ls []block) float64 {
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

func groupBy(ls []block, id func(block) int) [][]block {
	idx := map[int]int{}
	var out [][]block
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
func countProjects(its [][]block, pageTitle string) int {
	n := 0
	prog := ""
	for _, it := range its {
		if cs, _ := codes(it); len(cs) > 0 {
			n++ // a contract number is evidence enough; no need to read the rest
			continue
		}
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
func withHead(ls []block, its [][]block) [][]block {
	var head []block
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
		its[i] = append(append([]block{}, head...), it...)
	}
	return its
}

// splitAt starts a new item at each line for which start is true; lines
// before the first start are dropped.
func splitAt(ls []block, start func(block) bool) [][]block {
	var out [][]block
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
func dateMarker(l block) bool {
	_, rest, ok := leadDate(l.text)
	if !ok {
		return false
	}
	return rest == "" && (l.heading > 0 || l.meta) || len(rest) > 40 || l.heading > 0 && len(rest) > 10
}

// withOwnProject counts the items that name a contract or a quoted project.
func withOwnProject(its [][]block) int {
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
func restItems(out []block) [][]block {
	if len(out) == 0 {
		return nil
	}
	var its [][]block
	if ps := groupBy(out, func(l block) int { return l.item }); len(ps) >= 2 {
		its = ps // dated posts
	} else if as := articles(out); len(as) >= 2 {
		its = as
	} else {
		its = [][]block{out}
	}
	var blocks [][]block
	for _, a := range its {
		blocks = append(blocks, contractBlocks(a)...)
	}
	return blocks
}

// cutItems cuts the page into the items that may each be a project (stage 3).
func cutItems(pg *page) pageCut {
	return segment(pg.lines, pg.title)
}
