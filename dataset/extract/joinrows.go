package extract

import (
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// joinRows adds to a listing's rows what the rest of the page says about
// the same contracts (a press release under the table gives a row's total
// and holder). A part about the contracts of several rows gives each of
// them only what it says of all alike — who holds them, when, under which
// call, for how long — never an amount, a name or a list. A part that
// names no contract joins the one row whose name holds the quoted names it
// uses ("ДГ „Пчелица“ и ДГ „Дъга“"). A part about a contract no row names
// is a record of its own, when it has the evidence of one.
func joinRows(rows, more []draft) []draft {
	byCode := map[string]int{}
	for i, d := range rows {
		for _, c := range d.rec.ContractNumbers {
			byCode[projectOf(c)] = i
		}
	}
	for _, d := range more {
		seen := map[int]bool{}
		var which []int
		unknown := 0
		for _, c := range d.rec.ContractNumbers {
			i, ok := byCode[projectOf(c)]
			if !ok {
				unknown++
				continue
			}
			if !seen[i] {
				seen[i] = true
				which = append(which, i)
			}
		}
		switch {
		case len(which) == 1 && unknown == 0:
			rows[which[0]] = mergeTwo(rows[which[0]], d)
		case len(which) > 1 && unknown == 0:
			for _, i := range which {
				rows[i] = mergeShared(rows[i], d)
			}
		case len(which) == 0 && len(d.rec.ContractNumbers) > 0:
			rows = append(rows, d)
		case len(d.rec.ContractNumbers) == 0:
			if i := rowByNames(rows, d); i >= 0 {
				rows[i] = mergeTwo(rows[i], d)
			}
		}
	}
	return rows
}

// mergeShared adds to a what b says of several projects alike: holder,
// date, procedure codes, programme, period.
func mergeShared(a, b draft) draft {
	r, s := &a.rec, b.rec
	a.lines = append(a.lines, b.lines...)
	if r.Beneficiary == "" {
		r.Beneficiary = s.Beneficiary
	}
	r.ProcedureCodes = dedupCodes(append(r.ProcedureCodes, s.ProcedureCodes...))
	if r.Programme == "" {
		r.Programme, r.ProgrammeName, r.Funds = s.Programme, s.ProgrammeName, s.Funds
	}
	if b.published > a.published {
		a.published, a.publishedAt = b.published, b.publishedAt
	}
	p := &a.period
	if p.start == "" {
		p.start, p.startAt = b.period.start, b.period.startAt
	}
	if p.end == "" {
		p.end, p.endAt = b.period.end, b.period.endAt
	}
	if !p.hasMonths {
		p.months, p.hasMonths, p.monthsAt = b.period.months, b.period.hasMonths, b.period.monthsAt
	}
	return a
}

// rowByNames is the one row whose title holds every quoted name of d's
// text that some row's title holds, and at least one; -1 when none or
// several do.
func rowByNames(rows []draft, d draft) int {
	var names []string
	for _, q := range quotedWords(d.text) {
		for _, r := range rows {
			if strings.Contains(bgtext.Lower(r.rec.Title), q) {
				names = append(names, q)
				break
			}
		}
	}
	if len(names) == 0 {
		return -1
	}
	found := -1
	for i, r := range rows {
		lt := bgtext.Lower(r.rec.Title)
		all := true
		for _, q := range names {
			if !strings.Contains(lt, q) {
				all = false
				break
			}
		}
		if all {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// quotedWords returns the short quoted names of a lower-cased text
// („пчелица“, «дъга»), four letters or more: names of places and buildings.
func quotedWords(lt string) []string {
	var out []string
	for i := 0; i < len(lt); {
		j := strings.Index(lt[i:], "„")
		if j < 0 {
			break
		}
		start := i + j + len("„")
		end := strings.IndexAny(lt[start:], "“”\n")
		if end < 0 {
			break
		}
		q := strings.TrimSpace(lt[start : start+end])
		if n := utf8.RuneCountInString(q); n >= 4 && n <= 40 {
			out = append(out, q)
		}
		i = start + end
	}
	return out
}
