package extract

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// groupKey is what makes two items the same project: a contract number, else the title.
func groupKey(d draft) string {
	if len(d.rec.ContractNumbers) > 0 {
		return "c:" + projectOf(d.rec.ContractNumbers[0])
	}
	return "t:" + bgtext.Key(d.rec.Title)
}

// annexRe is the annex suffix of a grant contract: "…-0134-C01" is
// amended as "…-0134-C02"; both are one project's.
var annexRe = regexp.MustCompile(`^(.+-\d{3,5})-C\d{1,5}$`)

// projectOf is what makes contract numbers one project's: the number
// without its annex suffix.
func projectOf(c string) string {
	if m := annexRe.FindStringSubmatch(c); m != nil {
		return m[1]
	}
	return c
}

// nearTitle: two wordings of one name, a few letters apart ("… РПУ гр.
// Пещера" and "… РПУ в гр. Пещера") with the same numbers ("ЛОТ 1" and
// "ЛОТ 2" are two projects).
func nearTitle(a, b string) bool {
	ka, kb := []rune(bgtext.Key(a)), []rune(bgtext.Key(b))
	if len(ka) < 15 || len(kb) < 15 || digitsOf(ka) != digitsOf(kb) {
		return false
	}
	return editDistance(ka, kb, 3) <= 3
}

func digitsOf(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// editDistance is the Levenshtein distance of a and b, or limit+1 once it
// is known to exceed limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(prev[j-1], prev[j], cur[j-1])
			}
			cur[j] = c
			low = min(low, c)
		}
		if low > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ownProcedure: p is a procedure the record already names, or the one its
// contracts are under.
func ownProcedure(r dataset.Record, p string) bool {
	if slices.Contains(r.ProcedureCodes, p) {
		return true
	}
	for _, c := range r.ContractNumbers {
		if bgtext.ProcedureOf(c) == p {
			return true
		}
	}
	return false
}

// sameProcedure: a contract of a and one of b are under one procedure.
func sameProcedure(a, b []string) bool {
	for _, x := range a {
		p := bgtext.ProcedureOf(x)
		for _, y := range b {
			if p != "" && p == bgtext.ProcedureOf(y) {
				return true
			}
		}
	}
	return false
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
			// or the same title and a contract under the same procedure
			// (a renumbered or misprinted contract of one project)
			for j, o := range out {
				if sameTitle(o.rec.Title, d.rec.Title) && (len(o.rec.ContractNumbers) == 0 || len(d.rec.ContractNumbers) == 0) ||
					o.named && d.named && nearTitle(o.rec.Title, d.rec.Title) && sameProcedure(o.rec.ContractNumbers, d.rec.ContractNumbers) {
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
	// a newer item's statement of the end and the duration wins (an annex
	// extends the project); the earlier end stays as a warning
	newer := b.published > a.published && a.published != ""
	r, s := &a.rec, b.rec
	if r.Beneficiary == "" {
		r.Beneficiary = s.Beneficiary
	}
	r.ContractNumbers = dropPrefixes(dedupCodes(append(r.ContractNumbers, s.ContractNumbers...)))
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
		a.published, a.publishedAt = b.published, b.publishedAt
	}
	if b.pos < a.pos {
		a.pos = b.pos
	}
	m, bm := &a.money, &b.money
	for _, f := range []struct {
		dst, src     **float64
		dstAt, srcAt *span
	}{{&m.total, &bm.total, &m.totalAt, &bm.totalAt}, {&m.grant, &bm.grant, &m.grantAt, &bm.grantAt}, {&m.eu, &bm.eu, &m.euAt, &bm.euAt},
		{&m.national, &bm.national, &m.nationalAt, &bm.nationalAt}, {&m.own, &bm.own, &m.ownAt, &bm.ownAt}} {
		if *f.dst == nil {
			*f.dst, *f.dstAt = *f.src, *f.srcAt
		}
	}
	if bm.totalUpdated && !m.totalUpdated {
		// "Общата стойност на проекта след Анекс № 1 е …" in a later item
		m.total, m.totalAt, m.totalVAT, m.totalUpdated = bm.total, bm.totalAt, bm.totalVAT, true
	}
	if m.currency == "" {
		m.currency = bm.currency
	}
	p := &a.period
	if p.start == "" {
		p.start, p.startAt = b.period.start, b.period.startAt
	}
	switch {
	case b.period.end != "" && newer && p.end != "" && p.end != b.period.end:
		p.otherEnd = p.end
		p.end, p.endAt = b.period.end, b.period.endAt
	case b.period.end != "":
		p.setEnd(b.period.end, b.period.endAt) // another item's other end date is a warning
	}
	if p.otherEnd == "" {
		p.otherEnd = b.period.otherEnd
	}
	if !p.hasMonths || newer && b.period.hasMonths {
		p.months, p.hasMonths, p.monthsAt = b.period.months, b.period.hasMonths, b.period.monthsAt
	}
	a.lines = append(a.lines, b.lines...)
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

// sameTitle: equal keys, or one name the start of the other ("… в гр.
// Поморие" shortened in a later post) over most of the shorter one.
func sameTitle(a, b string) bool {
	ka, kb := []rune(bgtext.Key(a)), []rune(bgtext.Key(b))
	if len(ka) == 0 || len(kb) == 0 {
		return false
	}
	n := 0
	for n < len(ka) && n < len(kb) && ka[n] == kb[n] {
		n++
	}
	short := min(len(ka), len(kb))
	return n == short && short >= 15 || n >= 30 && n*10 >= short*8
}

// foldApplications merges an item about applying for a project (no
// contract yet, the procedure's code: "Община Пещера кандидатства … по
// процедура BG05SFPR002-2.012") into the one item on the page whose
// contract is under that procedure (BG05SFPR002-2.012-0157): the
// application and the project are one.
func foldApplications(ds []draft) []draft {
	var out []draft
	for i, d := range ds {
		if len(d.rec.ContractNumbers) > 0 || len(d.rec.ProcedureCodes) == 0 {
			continue
		}
		target := -1
		for j, o := range ds {
			if j == i || len(o.rec.ContractNumbers) == 0 {
				continue
			}
			for _, c := range o.rec.ContractNumbers {
				if p := bgtext.ProcedureOf(c); p != "" && slices.Contains(d.rec.ProcedureCodes, p) {
					if target >= 0 && target != j {
						target = -2 // two projects under the procedure: whose application?
					} else if target != -2 {
						target = j
					}
				}
			}
		}
		if target >= 0 {
			ds[target] = mergeTwo(ds[target], d)
			ds[i].rec.ProcedureCodes = nil
			ds[i].folded = true
		}
	}
	for _, d := range ds {
		if !d.folded {
			out = append(out, d)
		}
	}
	return out
}

// foldFollowUps merges, on a page of several news items, the items that
// name no project of their own but speak of "the project" into the one
// project the page is about (a category archive of one project's news).
func foldFollowUps(ds []draft) []draft {
	main := -1
	for i, d := range ds {
		if d.evidence {
			if main >= 0 {
				return ds // two projects: nothing to guess
			}
			main = i
		}
	}
	if main < 0 {
		return ds
	}
	var out []draft
	for i, d := range ds {
		stems := 0
		if i != main && !d.evidence && len(d.rec.ContractNumbers) == 0 {
			stems = sharedStems(ds[main].rec.Title, d.text, ds[main].rec.Municipality)
		}
		if i != main && !d.evidence && len(d.rec.ContractNumbers) == 0 &&
			(strings.Contains(d.text, "проект") && (stems >= 2 || datedFollowUp(d) || shortNameOf(ds[main].rec.Title, d)) ||
				// "Първа копка на компостиращата инсталация … изграждане на
				// инсталацията": the project by its works, not by the word
				datedFollowUp(d) && stems >= 3) {
			// its own call's code is not the project's ("покана за общо
			// събрание … за кандидатстване по процедура BG06AFSP001-01.001")
			d.rec.ProcedureCodes = slices.DeleteFunc(d.rec.ProcedureCodes, func(p string) bool {
				return !ownProcedure(ds[main].rec, p)
			})
			ds[main] = mergeTwo(ds[main], d)
			continue
		}
		out = append(out, d)
	}
	for i := range out {
		if out[i].evidence {
			out[i] = ds[main]
		}
	}
	return out
}

// shortNameOf: the item names the project by a quoted short form of its
// name ("Кметът посети кухнята по проекта „Топъл обяд“" on the page of
// "Осигуряване на топъл обяд в община Кула").
func shortNameOf(title string, d draft) bool {
	if !d.quoted || d.rec.Title == "" {
		return false
	}
	short := bgtext.Key(d.rec.Title)
	return utf8.RuneCountInString(short) >= 8 && strings.Contains(bgtext.Key(title), short)
}

// datedFollowUp: a dated news item that names no project of its own (no
// quoted name after "проект"): on a page about one project it is that
// project's news, whatever its headline says ("Започна строителството").
func datedFollowUp(d draft) bool {
	return d.published != "" && !quotedAfterRe.MatchString(d.text)
}

// sharedStems counts the words of title (their first five letters, the
// municipality's name left out) that text also uses.
func sharedStems(title, text, muni string) int {
	skip := bgtext.Lower(muni)
	seen := map[string]bool{}
	n := 0
	for _, w := range bgtext.Words(bgtext.Lower(title)) {
		r := []rune(w)
		if len(r) < 5 || w == skip || strings.HasPrefix(w, "общин") {
			continue
		}
		stem := string(r[:5])
		if !seen[stem] && strings.Contains(text, stem) {
			seen[stem] = true
			n++
		}
	}
	return n
}

// ok reports whether the span was set.
func (s span) ok() bool { return s.end > s.start }
