package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// headingBlocks cuts a page at its headings of one level when two or more
// of the sections name their own, different grant contract: two projects
// on one page. The text before the first such heading is left out.
func headingBlocks(ls []block) [][]block {
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
		its := splitAt(ls, func(l block) bool { return l.heading == level && l.label == "" })
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
			var out [][]block
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
func totalBlocks(ls []block) [][]block {
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
		its := splitAt(ls, func(l block) bool { return l.heading == level && l.label == "" })
		var out [][]block
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

var numberedRe = regexp.MustCompile(`^(\d{1,2})\.\s+\S`)

// numberedBlocks splits "1. Title … 2. Title …" blocks when each block
// names its own grant contract (numbered activities do not). The numbering
// may skip a block or two ("1. … 2. … 3. … 5. …").
func numberedBlocks(ls []block) [][]block {
	next := 1
	its := splitAt(ls, func(l block) bool {
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

// lineBlocks cuts a list of projects printed one per line or list item
// ("Проект „X“ – договор № …, 100 000 лв."): two or more lines that each
// name a different contract and an amount. Each such line starts an item.
func lineBlocks(ls []block) [][]block {
	starts := map[int]bool{}
	seen := map[string]bool{}
	for i, l := range ls {
		cs, _ := codes([]block{l})
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
	return splitAt(ls, func(block) bool { i++; return starts[i] })
}

// articles cuts a blog or category page at its articles' titles (two or
// more lines an article's title by class, "contentheading",
// "entry-title"). The lines before the first title are the page's own.
func articles(ls []block) [][]block {
	if postTitles(ls) < 2 {
		return nil
	}
	its := splitAt(ls, func() func(block) bool {
		prev := false
		return func(l block) bool {
			start := l.title && !prev
			prev = l.title
			return start
		}
	}())
	// the text before the first title: the category's description, which
	// may name the project ("Проект BG… се изпълнява с …")
	var head []block
	for _, l := range ls {
		if l.title {
			break
		}
		head = append(head, l)
	}
	for _, l := range head {
		if l.heading == 0 {
			return append([][]block{head}, its...)
		}
	}
	return its
}

// contractBlocks cuts an article that presents several grant contracts one
// after the other ("Договор № … «…». Проектът … е на обща стойност …",
// then the next) at the line each contract leads. The article's lines
// before the first such line (its headline, a lead naming the scheme) go
// with every block, unless they name a contract of their own.
func contractBlocks(it []block) [][]block {
	var starts []int
	seen := map[string]bool{}
	for i, l := range it {
		c := leadingContract(l.text)
		if c == "" {
			continue
		}
		if seen[c] {
			return [][]block{it}
		}
		seen[c] = true
		starts = append(starts, i)
	}
	if len(starts) < 2 {
		return [][]block{it}
	}
	head := it[:starts[0]]
	if cs, _ := codes(head); len(cs) > 0 {
		head = nil
	}
	var out [][]block
	for k, st := range starts {
		end := len(it)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		b := append(append([]block{}, head...), it[st:end]...)
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

// contractLines finds a list of projects printed one contract per line with
// its name and nothing else ("Договор № BG16RFOP001-2.001-0010-C01 -
// «Повишаване на …»" lines, a hub's list of its contracts as text): three or
// more consecutive lines, each led by a different grant contract followed
// by a name. It returns the lines' indexes, nil when there is no such run.
func contractLines(ls []block) []int {
	var run, best []int
	seen := map[string]bool{}
	for i, l := range ls {
		c := leadingContract(l.text)
		if c != "" && !seen[projectOf(c)] && l.heading == 0 && l.li == 0 {
			if t, ok := afterCodeLabel(l.text); ok && utf8.RuneCountInString(t) >= 8 {
				seen[projectOf(c)] = true
				run = append(run, i)
				continue
			}
		}
		if len(run) > len(best) {
			best = run
		}
		run = nil
	}
	if len(run) > len(best) {
		best = run
	}
	if len(best) < 3 {
		return nil
	}
	return best
}

// labelBlocks cuts a page that lists projects as runs of the same labelled
// facts, one run after the other with no container between them (cards or
// definition lists read as plain text: "Програма: … Договор: … Бенефициент:
// …", then the next project's title and "Програма: …" again). The label
// that leads each run repeats; a project's lines are its title lines before
// the run and the run itself. Each run must name its own grant contract, or
// carry its own amount.
func labelBlocks(ls []block) [][]block {
	key := func(l block) string { return strings.TrimRight(bgtext.Lower(l.label), " :") }
	// the lead label: the first label of the page that comes again after
	// other labels
	lead, count := "", 0
	tried := map[string]bool{}
	for i, l := range ls {
		if l.label == "" || l.row != 0 || tried[key(l)] {
			continue
		}
		k := key(l)
		tried[k] = true
		n, other := 0, false
		for _, m := range ls[i:] {
			switch {
			case m.label == "" || m.row != 0:
			case key(m) == k && (n == 0 || other):
				n++
				other = false
			case key(m) != k:
				other = true
			}
		}
		if n >= 2 {
			lead, count = k, n
			break
		}
		if len(tried) >= 3 {
			break // a lead label is among a run's first
		}
	}
	if lead == "" || count < 2 {
		return nil
	}
	// each run starts after the labelled line before its lead label: the
	// unlabelled lines between two runs are the next project's title
	// a run also starts where a fact comes a second time (the next
	// project's facts open with another label)
	var starts []int
	var labelled []int // the indexes of the labelled lines so far
	keys := map[string]bool{}
	for i, l := range ls {
		if l.label == "" || l.row != 0 {
			continue
		}
		k := key(l)
		if k == lead || keys[k] && len(starts) > 0 {
			// a project's run: it starts before the facts right above
			// this one (the next project may open with other facts),
			// after the previous project's last
			floor := -1
			if len(starts) > 0 {
				floor = starts[len(starts)-1]
			}
			j, next := len(labelled), i
			for j > 0 && labelled[j-1] == next-1 && labelled[j-1] > floor {
				j--
				next = labelled[j]
			}
			at, prev := i, -1
			if j < len(labelled) {
				at = labelled[j]
			}
			if j > 0 {
				prev = labelled[j-1]
			}
			starts = append(starts, runStart(ls, prev+1, at))
			keys = map[string]bool{}
			for _, x := range labelled[j:] {
				keys[key(ls[x])] = true
			}
		}
		keys[k] = true
		labelled = append(labelled, i)
	}
	if len(starts) < 2 {
		return nil
	}
	// the first run's title lines: at most three lines before its first fact
	if first := starts[0]; first >= 0 {
		at := first
		for at < len(ls) && (ls[at].label == "" || ls[at].row != 0) {
			at++
		}
		starts[0] = max(first, at-3)
	}
	var its [][]block
	for k, s := range starts {
		end := len(ls)
		if k+1 < len(starts) {
			end = starts[k+1]
		}
		its = append(its, ls[s:end])
	}
	seen := map[string]bool{}
	for _, it := range its {
		cs, _ := codes(it)
		if len(cs) > 0 {
			if seen[projectOf(cs[0])] {
				return nil // one contract in two runs: one project's facts
			}
			seen[projectOf(cs[0])] = true
			continue
		}
		if m := money(it, nil); m.total == nil && m.grant == nil {
			return nil
		}
	}
	return its
}

// runStart is where a project's lines begin in the gap ls[from:to] between
// the last fact of one run and the first of the next: at the gap's start
// when it holds only the next project's title lines, else after what ends
// the previous project's list (its lead-in "Дейности:" and items): at the
// line naming the next project ("Проект „…“"), or after the list's last
// item ("…;", "…."); at the gap's start when nothing tells.
func runStart(ls []block, from, to int) int {
	leadIn := false
	for _, l := range ls[from:to] {
		if strings.HasSuffix(strings.TrimSpace(l.text), ":") {
			leadIn = true
		}
	}
	if !leadIn {
		return from
	}
	for k := to - 1; k >= from; k-- {
		t := strings.TrimSpace(ls[k].text)
		if strings.HasSuffix(t, ":") {
			break
		}
		if r, _ := utf8.DecodeRuneInString(t); bgtext.IsOpenQuote(r) || strings.HasPrefix(bgtext.Lower(t), "проект ") {
			return k
		}
	}
	for k := to - 1; k >= from; k-- {
		t := strings.TrimSpace(ls[k].text)
		if strings.HasSuffix(t, ":") {
			break
		}
		if (strings.HasSuffix(t, ".") || strings.HasSuffix(t, ";")) && k+1 < to {
			return k + 1
		}
	}
	return from // nothing tells: the gap goes with the next project
}
