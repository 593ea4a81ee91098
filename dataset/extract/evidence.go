package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// Evidence: every value a record states keeps where it was read — the
// span of the page's visible text (VisibleText) its reader took it from
// (amounts, dates, the duration), or, for values read from a whole item
// (the title, codes, the programme, the holder), where the item prints it.

// maxSnippet is the longest snippet, in letters, around a value: its line,
// cut to the sentence when the line is longer.
const maxSnippet = 320

// evidence builds a record's evidence from the draft's spans.
func evidence(d draft, r dataset.Record, pg *page) map[string]dataset.Evidence {
	ev := map[string]dataset.Evidence{}
	add := func(key string, s span) {
		if !s.ok() || s.end > len(pg.text) {
			return
		}
		ev[key] = pg.evidenceOf(s)
	}
	add("title", locateText(d.lines, r.Title))
	for i, c := range r.ContractNumbers {
		add("contract_numbers."+strconv.Itoa(i), locateCode(d.lines, c))
	}
	for i, c := range r.ProcedureCodes {
		add("procedure_codes."+strconv.Itoa(i), locateCode(d.lines, c))
	}
	if r.Programme != "" {
		add("programme", locateProgramme(d.lines, r))
	}
	if r.Beneficiary != "" {
		add("beneficiary", locateText(d.lines, r.Beneficiary))
	}
	m := d.money
	if r.Budget.Total != nil {
		add("budget.total", m.totalAt)
	}
	if r.Budget.Grant != nil {
		if m.grant != nil {
			add("budget.grant", m.grantAt)
		} else {
			add("budget.grant", m.euAt) // the EU share stands for the grant
		}
	}
	if r.Budget.OwnContribution != nil {
		add("budget.own_contribution", m.ownAt)
	}
	if r.Budget.EU != nil {
		add("budget.eu", m.euAt)
	}
	if r.Budget.National != nil {
		add("budget.national", m.nationalAt)
	}
	if r.Period.Start != "" {
		add("period.start", d.period.startAt)
	}
	if r.Period.End != "" {
		add("period.end", d.period.endAt)
	}
	if r.Period.DurationMonths != nil {
		add("period.duration_months", d.period.monthsAt)
	}
	if r.Published != "" {
		add("published", d.publishedAt)
	}
	return ev
}

// evidenceOf is the evidence of a span: the page, the line or sentence
// around it, and its offsets in letters.
func (pg *page) evidenceOf(s span) dataset.Evidence {
	t := pg.text
	from := strings.LastIndexByte(t[:s.start], '\n') + 1
	to := len(t)
	if k := strings.IndexByte(t[s.end:], '\n'); k >= 0 {
		to = s.end + k
	}
	if utf8.RuneCountInString(t[from:to]) > maxSnippet {
		// a long paragraph: the sentence around the value, whole words
		if st := bgtext.SentenceStart(t, s.start); st > from {
			from = st
			if st > 0 && t[st-1] != ' ' && t[st-1] != '\n' {
				if k := strings.IndexByte(t[st:s.start], ' '); k >= 0 {
					from = st + k + 1 // the window cut a word
				}
			}
		}
		for k := s.end; k < to; k++ {
			if c := t[k]; c == '.' || c == '!' || c == '?' || c == ';' {
				if next, ok := bgtext.SentenceEnd(t, k); ok {
					to = min(to, next)
					break
				}
			}
		}
		if n := utf8.RuneCountInString(t[s.end:to]); n > maxSnippet/2 {
			to = s.end + len(string([]rune(t[s.end:to])[:maxSnippet/2]))
			if k := strings.LastIndexByte(t[s.end:to], ' '); k > 0 {
				to = s.end + k
			}
		}
	}
	start := pg.runeOffset(s.start)
	return dataset.Evidence{
		Source:  pg.sha,
		Snippet: strings.TrimSpace(t[from:to]),
		Start:   start,
		End:     start + utf8.RuneCountInString(t[s.start:s.end]),
	}
}

// locateText finds where the lines print v (case and spacing aside): the
// first line that holds it.
func locateText(ls []block, v string) span {
	if v == "" {
		return span{}
	}
	lv := bgtext.Lower(v)
	for _, l := range ls {
		if i := strings.Index(l.lc(), lv); i >= 0 {
			return span{l.at + i, l.at + i + len(v)}
		}
	}
	// a value joined from two lines or cut from a longer one: its head
	head := lv
	if n := utf8.RuneCountInString(head); n > 40 {
		head = string([]rune(head)[:40])
	}
	for _, l := range ls {
		if i := strings.Index(l.lc(), head); i >= 0 {
			end := l.at + i + len(head)
			if rest := len(l.text) - i; rest > len(head) {
				end = l.at + i + min(rest, len(v))
				for end > l.at && end < l.at+len(l.text) && !utf8.RuneStart(l.text[end-l.at]) {
					end--
				}
			}
			return span{l.at + i, end}
		}
	}
	return span{}
}

// locateCode finds where the lines print a code as normalized ("BG16RFOP001-3.004-0077-C01"
// printed "BG16RFOP001-3.004 - 0077 - C01", "ВG16RFОР001…" with Cyrillic
// look-alikes, or across a line break in a joined value).
func locateCode(ls []block, code string) span {
	if code == "" {
		return span{}
	}
	first, _ := utf8.DecodeRuneInString(code)
	tail := digitTail(code) // ASCII digits print as they are: a cheap first test
	for _, l := range ls {
		t := l.text
		if tail != "" && !strings.Contains(t, tail) {
			continue
		}
		for i := 0; i < len(t); {
			r, n := utf8.DecodeRuneInString(t[i:])
			if sameCodeRune(r, first) && (i == 0 || !isCodeChar(lastRune(t[:i]))) {
				if end, ok := matchCodeAt(t, i, code); ok && codeEndsAt(t, end) {
					return span{l.at + i, l.at + end}
				}
			}
			i += n
		}
	}
	return span{}
}

// digitTail is the last run of two or more digits of a code, "" if none.
func digitTail(code string) string {
	j := len(code)
	for j > 0 && code[j-1] >= '0' && code[j-1] <= '9' {
		j--
	}
	if len(code)-j >= 2 {
		return code[j:]
	}
	return ""
}

// codeEndsAt: no code goes on at t[end] ("BG-RRP-4.023" is not the
// start of "BG-RRP-4.023-1405-C01").
func codeEndsAt(t string, end int) bool {
	if end >= len(t) {
		return true
	}
	r, n := utf8.DecodeRuneInString(t[end:])
	if isCodeChar(r) {
		return false
	}
	if r == '/' && trailingDateAt.MatchString(t[end:]) {
		return true // "ИПК-1-0104/08.08.2019": the date the record drops
	}
	if r == '-' || r == '/' || r == '.' {
		next, _ := utf8.DecodeRuneInString(t[end+n:])
		return !isCodeChar(next)
	}
	return true
}

// trailingDateAt is a full date glued after a code's slash.
var trailingDateAt = regexp.MustCompile(`^/\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})`)

// matchCodeAt matches code at t[i], the spaces a page types around its
// dashes and slashes allowed, look-alike letters folded. It returns the end.
func matchCodeAt(t string, i int, code string) (int, bool) {
	j := i
	prev := rune(0)
	for _, c := range code {
		if c == '-' || c == '/' || prev == '-' || prev == '/' {
			for j < len(t) {
				r, n := utf8.DecodeRuneInString(t[j:])
				if r != ' ' && r != '\u00a0' {
					break
				}
				j += n
			}
		}
		if j >= len(t) {
			return 0, false
		}
		r, n := utf8.DecodeRuneInString(t[j:])
		if !sameCodeRune(r, c) && !(c == '-' && (r == '–' || r == '‐' || r == '‑')) {
			return 0, false
		}
		j += n
		prev = c
	}
	return j, true
}

// sameCodeRune: r as printed is c of a normalized code (case and
// Cyrillic look-alikes aside).
func sameCodeRune(r, c rune) bool {
	if r == c || unicode.ToUpper(r) == unicode.ToUpper(c) {
		return true
	}
	if l, ok := dataset.LatinLookAlike[unicode.ToUpper(r)]; ok && l == unicode.ToUpper(c) {
		return true
	}
	if l, ok := dataset.LatinLookAlike[unicode.ToUpper(c)]; ok && l == unicode.ToUpper(r) {
		return true
	}
	return false
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// locateProgramme finds what names the record's programme: a code of the
// record with the programme's prefix, else the programme's name or
// abbreviation in the lines.
func locateProgramme(ls []block, r dataset.Record) span {
	for _, c := range append(append([]string{}, r.ContractNumbers...), r.ProcedureCodes...) {
		if bgtext.ProgrammeOfCode(c) == r.Programme {
			if s := locateCode(ls, c); s.ok() {
				return s
			}
		}
	}
	for _, l := range ls {
		if i, j, ok := bgtext.ProgrammeMention(l.text, r.Programme); ok {
			return span{l.at + i, l.at + j}
		}
	}
	return span{}
}

// locateDate finds where the lines print the date iso.
func locateDate(ls []block, iso string) span {
	for _, l := range ls {
		for _, order := range []bgtext.DateOrder{bgtext.DayFirst, bgtext.MonthFirst} {
			for _, d := range bgtext.FindDatesOrder(l.text, order) {
				if d.ISO == iso {
					return span{l.at + d.Start, l.at + d.End}
				}
			}
		}
	}
	return span{}
}
