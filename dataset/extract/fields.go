package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// quotedAfterRe finds "проект „", "обект „", "проект №13-13-107 „", "проект ROBG-512 „".
var quotedAfterRe = regexp.MustCompile(`(?i)(?:проект|обект)(?:а|ът)?\s*(?:(?:№|No)?\s*[A-Za-zА-Яа-я0-9]*[0-9][A-Za-zА-Яа-я0-9\-/.]*\s*)?["„“«]`)

// quotedName reads a quoted name starting at an opening quote: nested quotes
// are followed; an unclosed outer quote ends after the last closing quote
// before the sentence goes on.
func quotedName(s string) string {
	depth, lastClose := 0, -1
	for i, r := range s {
		switch {
		case i == 0:
			depth = 1
		case isOpenQuote(r):
			depth++
		case isCloseQuote(r) || r == '"':
			if r == '"' && depth == 1 && i > 0 {
				return s[utf8.RuneLen('"'):i]
			}
			depth--
			lastClose = i
			if depth == 0 {
				_, n := utf8.DecodeRuneInString(s)
				return s[n:i]
			}
		case r == '.' && i+2 < len(s) && s[i+1] == ' ' && depth <= 1 && lastClose > 0:
			_, n := utf8.DecodeRuneInString(s)
			_, m := utf8.DecodeRuneInString(s[lastClose:])
			return s[n : lastClose+m]
		}
	}
	if lastClose > 0 {
		_, n := utf8.DecodeRuneInString(s)
		_, m := utf8.DecodeRuneInString(s[lastClose:])
		return s[n : lastClose+m]
	}
	return ""
}

// programmeName reports a quoted name that is a programme or a fund, not a project.
func programmeName(q string) bool {
	lq := lower(q)
	if strings.HasPrefix(lq, "програма") || strings.HasPrefix(lq, "оперативна") || strings.HasPrefix(lq, "национал") {
		return true
	}
	return len(words(lq)) <= 3 && DetectProgramme(q, nil) != ""
}

// titleOf picks the project's name: the "Наименование" cell, the quoted
// name after "проект"/"обект" in the body, a heading.
func titleOf(ls []line) string {
	for _, l := range ls {
		if l.value != "" && containsAny(lower(l.label), "наименование", "име на проекта", "название", "проект:") && !containsAny(lower(l.label), "програм", "процедур") {
			return cleanTitle(l.value)
		}
	}
	best := ""
	for pass := 0; pass < 2; pass++ {
		for _, l := range ls {
			if (pass == 0) == (l.heading > 0) {
				continue
			}
			for _, m := range quotedAfterRe.FindAllStringIndex(l.text, -1) {
				q := quotedName(l.text[m[1]-quoteLen(l.text, m[1]):])
				q = strings.TrimSpace(q)
				if q == "" || programmeName(q) || len([]rune(q)) < 8 {
					continue
				}
				if best == "" || strings.HasPrefix(key(q), key(best)) && len(q) > len(best) {
					best = q
				}
			}
		}
		if best != "" {
			return cleanTitle(best)
		}
	}
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 && len([]rune(l.text)) > 15 {
			return cleanTitle(l.text)
		}
	}
	return ""
}

func quoteLen(s string, end int) int {
	_, n := utf8.DecodeLastRuneInString(s[:end])
	return n
}

// cleanTitle drops a leading "Проект" and the outer quotes.
func cleanTitle(s string) string {
	s = strings.TrimSpace(s)
	ls := lower(s)
	if strings.HasPrefix(ls, "проект ") || strings.HasPrefix(ls, "проект:") {
		s = strings.TrimSpace(s[len("проект")+1:])
	}
	s = stripMarker(s)
	s = trimQuotes(s)
	return strings.TrimRight(s, " .,;:")
}

var weekdayRe = regexp.MustCompile(`(?i)^(понеделник|вторник|сряда|четвъртък|петък|събота|неделя|пон|вт|ср|чет|пет|съб|нед)\.?,?\s`)
var bracketDateRe = regexp.MustCompile(`^\s*\[\s*\d{1,2}[-./]\d{1,2}[-./]\d{4}\s*\]`)
var timeDashRe = regexp.MustCompile(`\d{4}\s*-\s*\d{1,2}:\d{2}`)

// publishedOf reads the item's publication date from its date line or byline.
func publishedOf(ls []line) string {
	for _, l := range ls {
		if d := dateLine(l); d != "" {
			return d
		}
	}
	return ""
}

// dateLine returns the date of a byline/date line, "" for other lines.
func dateLine(l line) string {
	t := l.text
	if bracketDateRe.MatchString(t) {
		if ds := FindDates(t); len(ds) > 0 {
			return ds[0].ISO
		}
	}
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == '|' || r == '·' }) {
		part = strings.TrimSpace(part)
		lp := lower(part)
		if len([]rune(part)) > 90 || containsAny(lp, "актуализ", "редакция", "актуална", "промен", "обновен", "последн", "modified", "updated") {
			continue
		}
		order := DayFirst
		if timeDashRe.MatchString(part) {
			order = MonthFirst
		}
		ds := FindDatesOrder(part, order)
		if len(ds) == 0 {
			continue
		}
		lead := strings.TrimSpace(part[:ds[0].Start])
		ll := lower(lead)
		switch {
		case strings.HasPrefix(ll, "публикува") || strings.HasPrefix(ll, "дата") || strings.HasPrefix(ll, "posted") || strings.HasPrefix(ll, "публ"):
			return ds[0].ISO
		case weekdayRe.MatchString(part) && len(lead) < 40:
			return ds[0].ISO
		case lead == "" && (l.meta || len([]rune(part)) < 40):
			return ds[0].ISO
		case l.meta && len(lead) < 50 && !strings.Contains(ll, "от ") || l.meta && strings.HasPrefix(ll, "публикувано от"):
			return ds[0].ISO
		}
	}
	return ""
}

var obshtinaRe = regexp.MustCompile(`(?:Община|община|ОБЩИНА)\s+([А-Я][а-я]+)(?:[ -]([А-Я][а-я]+))?`)

// municipalityOf returns the site's municipality: the "Община X" named most
// often on the whole page (site name, footer, text).
func municipalityOf(texts []string) string {
	one := map[string]int{}
	two := map[string]int{}
	order := []string{}
	for _, t := range texts {
		for _, m := range obshtinaRe.FindAllStringSubmatch(t, -1) {
			if one[m[1]] == 0 {
				order = append(order, m[1])
			}
			one[m[1]]++
			if m[2] != "" {
				two[m[1]+" "+m[2]]++
			}
		}
	}
	best := ""
	for _, n := range order {
		if best == "" || one[n] > one[best] {
			best = n
		}
	}
	if best == "" {
		return ""
	}
	for name, c := range two {
		if strings.HasPrefix(name, best+" ") && c*10 >= one[best]*8 && c >= 2 {
			return name
		}
	}
	return best
}

// firmsOf returns the contractors named in an item.
func firmsOf(ls []line) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range ls {
		for _, f := range FindFirms(l.text) {
			if k := key(f); !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		}
	}
	return out
}
