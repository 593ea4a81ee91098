package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/opendata-bg/opendata/dataset"
)

// segment splits the content lines into the items a page is made of.
// listing says the items are independent rows or blocks (one record each);
// otherwise items about the same contract are merged.
func segment(ls []line, pageTitle string) (items [][]line, listing bool) {
	if its := groupBy(ls, func(l line) int { return l.item }); len(its) >= 2 && coverage(its, ls) >= 0.5 {
		return its, false
	}
	if its := groupBy(ls, func(l line) int { return l.row }); len(its) >= 2 {
		if countProjects(its, pageTitle) >= 2 {
			return its, true
		}
	}
	if its := groupBy(ls, func(l line) int { return l.block }); len(its) >= 2 {
		// the rest of the page may describe one more project
		return append(its, groupBy(ls, func(l line) int {
			if l.block == 0 {
				return 1
			}
			return 0
		})...), true
	}
	if its := splitAt(ls, func(l line) bool { return bracketDateRe.MatchString(l.text) }); len(its) >= 2 {
		return its, false
	}
	if its := numberedBlocks(ls); len(its) >= 2 {
		return its, true
	}
	if its := headingBlocks(ls); len(its) >= 2 {
		return its, true
	}
	if its := lineBlocks(ls); len(its) >= 2 {
		return its, true
	}
	return [][]line{ls}, false
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
	if cs, _ := codes(ls); len(cs) < 2 {
		return nil
	}
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
	for _, it := range its {
		if buildDraft(it, "", pageTitle, true).evidence {
			n++
		}
	}
	return n
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
// names its own grant contract (numbered activities do not).
func numberedBlocks(ls []line) [][]line {
	next := 1
	its := splitAt(ls, func(l line) bool {
		m := numberedRe.FindStringSubmatch(l.text)
		if m == nil || l.li > 0 {
			return false
		}
		n, _ := strconv.Atoi(m[1])
		if n != next {
			return false
		}
		next++
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

// draft is a record with the facts needed to merge and check it.
type draft struct {
	pos       int // index of the item on the page
	rec       dataset.Record
	money     moneyFound
	period    periodFound
	evidence  bool
	published string
}

// buildDraft extracts every field of one item.
func buildDraft(it []line, muni, pageTitle string, listing bool) draft {
	var d draft
	r := &d.rec
	r.ContractNumbers, r.ProcedureCodes = codes(it)
	if listing && len(it) > 0 && numberedRe.MatchString(it[0].text) {
		r.Title = cleanTitle(it[0].text)
	} else {
		r.Title = titleOf(it, pageTitle)
	}
	var sb strings.Builder
	for _, l := range it {
		sb.WriteString(l.text)
		sb.WriteByte('\n')
	}
	text := sb.String()
	r.Programme = DetectProgramme(text, append(append([]string{}, r.ContractNumbers...), r.ProcedureCodes...))
	if r.Programme != "" {
		if p, ok := dataset.ProgrammeByCode(r.Programme); ok {
			r.ProgrammeName = p.Name
		}
		r.Funds = FundsOf(r.Programme, text)
	}
	if !listing {
		d.published = publishedOf(it)
	}
	r.Published = d.published
	d.money = money(it, r.ContractNumbers)
	d.period = periodOf(it)
	ls := collectLists(it)
	r.Objectives, r.Activities, r.Results, r.TargetGroups = dedup(ls.objectives), dedup(ls.activities), dedup(ls.results), dedup(ls.targets)
	r.Contractors = firmsOf(it)
	r.Partners = partnersOf(it)
	r.Beneficiary = beneficiaryOf(it, muni)
	r.Municipality = muni
	d.evidence = len(r.ContractNumbers) > 0 || (r.Programme != "" && r.Title != "" && (d.money.total != nil || d.money.grant != nil || len(r.ProcedureCodes) > 0))
	return d
}

// beneficiaryOf reads the "Бенефициент" row, else the site's municipality.
func beneficiaryOf(it []line, muni string) string {
	for _, l := range it {
		lbl, val := l.label, l.value
		if val == "" {
			if a, b, ok := inlineLabel(l.text); ok {
				lbl, val = a, b
			}
		}
		if val != "" && len(val) < 150 && containsAny(lower(lbl), "бенефициент", "водещ партньор") {
			return strings.TrimRight(val, " .;")
		}
	}
	if muni != "" {
		return "Община " + muni
	}
	return ""
}

func dedup(items []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range items {
		k := key(s)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// groupKey is what makes two items the same project: a contract number, else the title.
func groupKey(d draft) string {
	if len(d.rec.ContractNumbers) > 0 {
		return "c:" + d.rec.ContractNumbers[0]
	}
	return "t:" + key(d.rec.Title)
}

// mergeDrafts folds items about the same contract into one, oldest first.
func mergeDrafts(ds []draft) []draft {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].published < ds[j].published && ds[i].published != "" })
	var out []draft
	idx := map[string]int{}
	for _, d := range ds {
		k := groupKey(d)
		i, ok := idx[k]
		if !ok {
			// a later item that names no contract but the same title
			for j, o := range out {
				if d.rec.Title != "" && key(o.rec.Title) == key(d.rec.Title) {
					i, ok = j, true
				}
			}
		}
		if !ok {
			idx[k] = len(out)
			out = append(out, d)
			continue
		}
		out[i] = mergeTwo(out[i], d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

func mergeTwo(a, b draft) draft {
	r, s := &a.rec, b.rec
	r.ContractNumbers = dedupCodes(append(r.ContractNumbers, s.ContractNumbers...))
	r.ProcedureCodes = dedupCodes(append(r.ProcedureCodes, s.ProcedureCodes...))
	if r.Title == "" {
		r.Title = s.Title
	}
	if r.Programme == "" {
		r.Programme, r.ProgrammeName, r.Funds = s.Programme, s.ProgrammeName, s.Funds
	}
	r.Objectives = dedup(append(r.Objectives, s.Objectives...))
	r.Activities = dedup(append(r.Activities, s.Activities...))
	r.Results = dedup(append(r.Results, s.Results...))
	r.TargetGroups = dedup(append(r.TargetGroups, s.TargetGroups...))
	r.Contractors = dedup(append(r.Contractors, s.Contractors...))
	r.Partners = dedup(append(r.Partners, s.Partners...))
	if b.published > a.published {
		a.published = b.published
	}
	if b.pos < a.pos {
		a.pos = b.pos
	}
	m := &a.money
	for _, f := range []struct{ dst, src **float64 }{{&m.total, &b.money.total}, {&m.grant, &b.money.grant}, {&m.eu, &b.money.eu}, {&m.national, &b.money.national}, {&m.own, &b.money.own}} {
		if *f.dst == nil {
			*f.dst = *f.src
		}
	}
	if m.currency == "" {
		m.currency = b.money.currency
	}
	p := &a.period
	if p.start == "" {
		p.start = b.period.start
	}
	if p.end == "" {
		p.end = b.period.end
	}
	if !p.hasMonths {
		p.months, p.hasMonths = b.period.months, b.period.hasMonths
	}
	a.evidence = a.evidence || b.evidence
	return a
}

func dedupCodes(cs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// finish sets the budget, period, id, sources and warnings of a draft.
func finish(d draft, pos int, canonical, title string) dataset.Record {
	r := d.rec
	r.Published = d.published
	r.Budget = d.money.budget(r.Published)
	r.Period = dataset.Period{Start: d.period.start, End: d.period.end}
	if d.period.hasMonths {
		n := d.period.months
		r.Period.DurationMonths = &n
	}
	r.Warnings = warnings(r)
	if len(r.ContractNumbers) > 0 {
		r.ID = r.ContractNumbers[0]
	} else {
		sum := sha256.Sum256([]byte(canonical + "#" + strconv.Itoa(pos)))
		r.ID = "h-" + hex.EncodeToString(sum[:8])
	}
	r.Sources = []dataset.Source{{URL: canonical, Title: title, Published: r.Published}}
	return r
}

// warnings notes facts that do not add up; nothing is corrected.
func warnings(r dataset.Record) []string {
	var w []string
	b := r.Budget
	if b.Total != nil && b.Grant != nil && *b.Grant > *b.Total+0.005 {
		w = append(w, fmt.Sprintf("budget: grant %.2f is above the total %.2f", *b.Grant, *b.Total))
	}
	if b.Total != nil && b.OwnContribution != nil && *b.OwnContribution > *b.Total+0.005 {
		w = append(w, fmt.Sprintf("budget: own contribution %.2f is above the total %.2f", *b.OwnContribution, *b.Total))
	}
	p := r.Period
	if p.Start != "" && p.End != "" && p.End < p.Start {
		w = append(w, fmt.Sprintf("period: ends %s before it starts %s", p.End, p.Start))
	}
	if p.Start != "" && p.End != "" && p.DurationMonths != nil {
		span := monthsBetween(p.Start, p.End)
		if d := span - *p.DurationMonths; d > 1 || d < -1 {
			w = append(w, fmt.Sprintf("period: %d months stated, the dates span %d", *p.DurationMonths, span))
		}
	}
	return w
}

// monthsBetween counts whole months from a to b (ISO dates), rounding a
// period that ends the day before the anniversary up.
func monthsBetween(a, b string) int {
	ya, ma, da := ymd(a)
	yb, mb, db := ymd(b)
	n := (yb-ya)*12 + (mb - ma)
	if db+1 < da {
		n--
	}
	return n
}

func ymd(iso string) (int, int, int) {
	if len(iso) < 10 {
		return 0, 0, 0
	}
	y, _ := strconv.Atoi(iso[0:4])
	m, _ := strconv.Atoi(iso[5:7])
	d, _ := strconv.Atoi(iso[8:10])
	return y, m, d
}

var procurementMarkers = []string{"прогнозна стойност", "оферти", "номер в роп", "цаис еоп", "обществена поръчка",
	"обществената поръчка", "вид на процедурата", "обособени позиции", "обособена позиция", "гаранция за изпълнение",
	"краен срок за получаване", "възложител:", "документация за участие"}

// notAProjectPage recognises pages that carry project numbers without
// being about a project: procurement notices and council decisions.
func notAProjectPage(ls []line, pageTitle string) bool {
	head := lower(strings.TrimSpace(pageTitle))
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 {
			head += " | " + lower(l.text)
			break
		}
	}
	for _, w := range []string{"решение №", "решение n", "протокол №", "заповед №"} {
		if strings.HasPrefix(head, w) || strings.Contains(head, "| "+w) {
			return true
		}
	}
	found := map[string]bool{}
	for _, l := range ls {
		lt := lower(l.text)
		if strings.Contains(lt, "общинският съвет реши") || strings.Contains(lt, "общинския съвет реши") {
			return true
		}
		for _, m := range procurementMarkers {
			if strings.Contains(lt, m) {
				found[m] = true
			}
		}
	}
	return len(found) >= 3
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
		for _, a := range FindAmounts(l.text) {
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
