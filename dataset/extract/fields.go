package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// quotedAfterRe finds "проект „", "обект „", "проект №13-13-107 „", "проект ROBG-512 „".
var quotedAfterRe = regexp.MustCompile(`(?i)(?:проект|обект)(?:а|ът)?,?\s*(?:(?:№|No)?\s*[A-Za-zА-Яа-я0-9]*[0-9][A-Za-zА-Яа-я0-9\-/.]*\s*)?(?:(?:на тема|с наименование|със заглавие|наречен|озаглавен)\s*:?\s*)?["„“«]`)

// quotedNames reads a quoted name starting at an opening quote. Nested
// quotes are followed. A balanced name gives one candidate; when the outer
// quote is never closed, every cut after an inner closing quote is a
// candidate (titleOf picks the one a heading confirms, else the first).
func quotedNames(s string) []string {
	if len(s) > 1200 {
		s = s[:1200] // a name is never longer; keeps many quotes on a line linear
	}
	rs := []rune(s)
	depth := 0
	var cuts []string
	for i, r := range rs {
		switch {
		case i == 0:
			depth = 1
		case isOpenQuote(r) || r == '"' && straightOpens(rs, i):
			depth++
		case isCloseQuote(r) || r == '"':
			depth--
			if depth <= 0 {
				return []string{string(rs[1:i])}
			}
			if depth == 1 {
				cuts = append(cuts, string(rs[1:i+1]))
			}
		case (r == '.' || r == ';') && i+2 < len(rs) && rs[i+1] == ' ' && depth <= 1 && (r == ';' || isUpper(rs[i+2]) && !abbrevAt(rs, i)):
			return cuts
		}
	}
	return cuts
}

// straightOpens: a straight quote after a space or bracket and before a
// letter or digit opens a (nested) name: НЧ "Просвета-1929" в с. Конуш".
func straightOpens(rs []rune, i int) bool {
	if i == 0 || i+1 >= len(rs) {
		return false
	}
	p, n := rs[i-1], rs[i+1]
	return (p == ' ' || p == '(') && (unicode.IsLetter(n) || unicode.IsDigit(n))
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
// name after "проект"/"обект" in the body, a heading the page title confirms,
// the first heading.
func titleOf(ls []line, pageTitle string) string {
	if t := labelTitle(ls); t != "" {
		return t
	}
	if t := quotedTitle(ls, pageTitle); t != "" {
		return t
	}
	return headingTitle(ls, pageTitle)
}

// quotedTitle is the quoted name after "проект"/"обект": in the body
// first, then in the headings.
func quotedTitle(ls []line, pageTitle string) string {
	confirm := []string{key(pageTitle)}
	for _, l := range ls {
		if l.heading > 0 {
			confirm = append(confirm, key(l.text))
		}
	}
	// the project's name beats a site's ("обект „Читалище …“ по проект „…“")
	var best [2]string
	for pass := 0; pass < 2; pass++ {
		for _, l := range ls {
			if (pass == 0) == (l.heading > 0) {
				continue
			}
			if lt := lower(l.text); !strings.Contains(lt, "проект") && !strings.Contains(lt, "обект") {
				continue
			}
			for _, m := range quotedAfterRe.FindAllStringIndex(l.text, 20) {
				q := pickCut(quotedNames(l.text[m[1]-quoteLen(l.text, m[1]):]), confirm)
				q = strings.TrimSpace(q)
				if q == "" || programmeName(q) || len([]rune(q)) < 8 {
					continue
				}
				tier := 0
				if r, _ := utf8.DecodeRuneInString(l.text[m[0]:]); r == 'о' || r == 'О' {
					tier = 1 // "обект"
				}
				if b := best[tier]; b == "" || strings.HasPrefix(key(q), key(b)) && len(q) > len(b) {
					best[tier] = q
				}
			}
		}
		for _, b := range best {
			if b != "" {
				return cleanTitle(b)
			}
		}
	}
	return ""
}

// labelTitle reads the name from its label or column: "Наименование на
// проекта", "Проект", "Обект", "Project".
func labelTitle(ls []line) string {
	for _, l := range ls {
		lbl, val := l.label, l.value
		if val == "" {
			if a, b, ok := inlineLabel(l.text); ok {
				lbl, val = a, b
			}
		}
		ll := strings.TrimSpace(strings.TrimRight(lower(lbl), ": "))
		if val != "" && titleLabel(ll) {
			return cleanTitle(val)
		}
	}
	return ""
}

// titleLabel: a label or column header over the project's name, not over
// its value, number, code, term or programme.
func titleLabel(ll string) bool {
	if containsAny(ll, "програм", "процедур", "бенефициент", "стойност", "номер", "код", "срок", "бюджет", "договор",
		"статус", "период", "дата", "№", "размер", "финансира", "изпълнител", "място", "местоположение", "цел") {
		return false
	}
	return containsAny(ll, "наименование", "име на проекта", "название", "заглавие") || ll == "име" ||
		strings.HasPrefix(ll, "проект") || strings.HasPrefix(ll, "обект") || strings.HasPrefix(ll, "project") || strings.HasPrefix(ll, "name")
}

// rowTitle: in a listing row without a name column, the longest text
// cell that is not a number, code, amount or date names the project.
func rowTitle(ls []line) string {
	best := ""
	for _, l := range ls {
		v := l.value
		if v == "" {
			v = l.text
		}
		n := utf8.RuneCountInString(v)
		if l.row == 0 || n < 15 || n > 300 || n <= utf8.RuneCountInString(best) || bareValue(v) || programmeName(v) {
			continue
		}
		if letters := countLetters(v); letters*2 < n {
			continue
		}
		best = v
	}
	return cleanTitle(best)
}

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// pickCut chooses among the cuts of an unclosed quote the longest one that a
// heading or the page title repeats, else the first.
func pickCut(cuts []string, confirm []string) string {
	if len(cuts) == 0 {
		return ""
	}
	best := ""
	for _, c := range cuts {
		k := key(c)
		for _, h := range confirm {
			if k != "" && strings.Contains(h, k) && len(c) > len(best) {
				best = c
			}
		}
	}
	if best == "" {
		best = cuts[0]
	}
	return best
}

// headingTitle: a heading the page title repeats, the line after a bare
// "ПРОЕКТ" heading, the first real heading, a part of the page title.
func headingTitle(ls []line, pageTitle string) string {
	pt := key(pageTitle)
	for _, l := range ls {
		if l.heading > 0 && len([]rune(l.text)) > 15 && strings.Contains(pt, key(l.text)) {
			return cleanTitle(l.text)
		}
	}
	for i, l := range ls {
		if key(l.text) == "проект" && i+1 < len(ls) && len([]rune(ls[i+1].text)) > 15 {
			return cleanTitle(ls[i+1].text)
		}
	}
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 && len([]rune(l.text)) > 15 {
			return cleanTitle(l.text)
		}
	}
	// Legacy pages without h-tags: the first bold line that stands alone
	// ("<p align=center><font size=3><b>ИМЕ НА ПРОЕКТА</b></font></p>").
	for _, l := range ls {
		if l.heading == 7 && l.label == "" && boldTitleLine(l.text) {
			return cleanTitle(l.text)
		}
	}
	t := withoutSiteName(pageTitle)
	if genericSection(t) {
		return ""
	}
	return cleanTitle(t)
}

// boldTitleLine: a bold line that can be a name — long enough, not a
// label, a lead-in or a date line.
func boldTitleLine(t string) bool {
	n := utf8.RuneCountInString(t)
	if n < 20 || n > 250 || strings.HasSuffix(t, ":") || strings.Contains(t, ": ") {
		return false
	}
	if _, _, ok := leadDate(t); ok {
		return false
	}
	return hasLetter(t)
}

// genericSection: a page title that names a section of the site, not a
// project ("Проекти", "Новини", "Начало", "Европейски проекти").
func genericSection(t string) bool {
	k := key(t)
	if k == "" {
		return true
	}
	for _, w := range []string{"проекти", "новини", "начало", "актуално", "събития", "съобщения", "обяви", "програми",
		"европейскипроекти", "проектиипрограми", "общинскипроекти", "реализиранипроекти", "текущипроекти",
		"оперативнипрограми", "европейскипрограми", "новиниисъбития", "home", "news", "projects"} {
		if k == w {
			return true
		}
	}
	return false
}

var titleSepRe = regexp.MustCompile(` [|–—-] | :: `)

// withoutSiteName drops the site's name ("… | Община Русе", "Община
// Девня - …") from a page title and keeps the rest as printed.
func withoutSiteName(t string) string {
	seps := titleSepRe.FindAllStringIndex(t, -1)
	if len(seps) == 0 {
		return t
	}
	first, last := seps[0], seps[len(seps)-1]
	if strings.Contains(lower(t[last[1]:]), "община") {
		return strings.TrimSpace(t[:last[0]])
	}
	if strings.Contains(lower(t[:first[0]]), "община") {
		return strings.TrimSpace(t[first[1]:])
	}
	return t
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

// publishLead: "Публикувано на", "Дата:", "Дата на публикуване", "Създадено".
func publishLead(ll string) bool {
	ll = strings.TrimRight(strings.TrimSpace(ll), ":")
	return strings.HasPrefix(ll, "публ") || ll == "дата" || strings.HasPrefix(ll, "дата на публ") ||
		strings.HasPrefix(ll, "създаден") || strings.HasPrefix(ll, "написано на") || strings.HasPrefix(ll, "добавен") ||
		strings.HasPrefix(ll, "posted") || strings.HasPrefix(ll, "published") || strings.HasPrefix(ll, "date")
}

var weekdayRe = regexp.MustCompile(`(?i)^(понеделник|вторник|сряда|четвъртък|петък|събота|неделя|пон|вт|ср|чет|пет|съб|нед)\.?,?\s`)
var bracketDateRe = regexp.MustCompile(`^\s*\[\s*\d{1,2}[-./]\d{1,2}[-./]\d{4}\s*\]`)
var timeRe = regexp.MustCompile(`\d{1,2}:\d{2}`)
var timeDashRe = regexp.MustCompile(`\d{4}\s*-\s*\d{1,2}:\d{2}`)

// publishedOf reads the item's publication date from its date line or byline.
// A labelled byline beats a date that merely looks like one: the site's
// "today" header ("Сряда, 19 Юни 2024") scores below "Публикувано на …"
// and below a weekday date with its time.
func publishedOf(ls []line) string {
	best, bestScore := "", 0
	if len(ls) > 0 && ls[0].heading > 0 {
		// an item headed by its date: "<h3>09.12.2020 г. – Приключи …</h3>"
		if iso, rest, ok := leadDate(ls[0].text); ok && rest != "" {
			return iso
		}
	}
	for i, l := range ls {
		near := i == 0 || i > 0 && titleLine(ls[i-1]) || i+1 < len(ls) && ls[i+1].heading > 0 && ls[i+1].heading < 7
		if d, score := dateLine(l, near); score > bestScore {
			best, bestScore = d, score
			if score >= 3 {
				break
			}
		}
	}
	return best
}

// titleLine: a heading, or a bold line long enough to be a headline (not
// a label such as "Срок:").
func titleLine(l line) bool {
	return l.heading > 0 && l.heading < 7 || l.heading == 7 && utf8.RuneCountInString(l.text) > 30 && !strings.HasSuffix(l.text, ":")
}

// dateLine returns the date of a byline/date line and how sure it is
// (3 labelled, 2 weekday with time, 1 bare), "" and 0 for other lines.
func dateLine(l line, nearHeading bool) (string, int) {
	t := l.text
	if !hasYear(t) {
		return "", 0
	}
	if bracketDateRe.MatchString(t) {
		if ds := FindDates(t); len(ds) > 0 {
			return ds[0].ISO, 3
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
		if l.label != "" && !publishLead(lower(l.label)) {
			continue
		}
		switch {
		case publishLead(ll):
			return ds[0].ISO, 3
		case lead == "" && l.meta:
			return ds[0].ISO, 3
		case l.meta && len(lead) < 50 && !strings.Contains(ll, "от ") || l.meta && strings.HasPrefix(ll, "публикувано от"):
			return ds[0].ISO, 3
		case weekdayRe.MatchString(part) && len(lead) < 40 && timeRe.MatchString(part):
			return ds[0].ISO, 2
		case weekdayRe.MatchString(part) && len(lead) < 40:
			return ds[0].ISO, 1
		case lead == "" && nearHeading && len([]rune(part)) < 40:
			return ds[0].ISO, 1
		}
	}
	return "", 0
}

var obshtinaRe = regexp.MustCompile(`(?:Община|община|ОБЩИНА)\s+([А-Я][а-я]+)(?:[ -]([А-Я][а-я]+|поле|баня|чифлик|могили|село))?|ОБЩИНА\s+([А-Я]{3,})(?:[ -]([А-Я]{3,}))?|(Столична|СТОЛИЧНА)\s+(?:община|Община|ОБЩИНА)`)

// municipalityOf returns the site's municipality: the "Община X" named most
// often on the whole page (site name, footer, text); "Столична община" is
// "Столична".
func municipalityOf(texts []string, host string) string {
	one := map[string]int{}
	two := map[string]int{}
	order := []string{}
	for _, t := range texts {
		if !strings.Contains(t, "бщина") && !strings.Contains(t, "БЩИНА") {
			continue
		}
		for _, m := range obshtinaRe.FindAllStringSubmatch(t, -1) {
			if m[1] == "" && m[3] != "" {
				m[1], m[2] = titleCase(m[3]), titleCase(m[4])
			}
			if m[5] != "" {
				m[1] = "Столична" // Sofia's municipality is named by an adjective
			}
			if m[1] == "" {
				continue
			}
			if one[m[1]] == 0 {
				order = append(order, m[1])
			}
			one[m[1]]++
			if m[2] != "" {
				two[m[1]+" "+m[2]]++
			}
		}
	}
	// the site's host is a weak hint: "peshtera.bg" for Пещера
	score := func(n string) int {
		if host != "" && strings.Contains(host, translit(n)) {
			return one[n] + 3
		}
		return one[n]
	}
	best := ""
	for _, n := range order {
		if best == "" || score(n) > score(best) {
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

var partnerTextRe = regexp.MustCompile(`(?i)(?:в партньорство с|партньори(?: по проекта)? са|партньор(?: по проекта)? е)\s+(.+?)(?:\.\s|\.$|;|$)`)
var andUpperRe = regexp.MustCompile(` и (?:[А-ЯA-Z„"])`)

// partnersOf reads the "Партньор(и)" row and "в партньорство с …" phrases.
func partnersOf(ls []line) []string {
	var raw []string
	for _, l := range ls {
		if !strings.Contains(l.text, "артньор") {
			continue
		}
		if l.value != "" && strings.Contains(lower(l.label), "партньор") && !strings.Contains(lower(l.label), "водещ") {
			raw = append(raw, strings.Split(l.value, ";")...)
			continue
		}
		if lb, val, ok := inlineLabel(l.text); ok && strings.Contains(lower(lb), "партньор") && !strings.Contains(lower(lb), "водещ") {
			raw = append(raw, strings.Split(val, ";")...)
			continue
		}
		for from := 0; from < len(l.text); {
			m := partnerTextRe.FindStringSubmatchIndex(l.text[from:])
			if m == nil {
				break
			}
			for k := range m {
				m[k] += from
			}
			from = m[0] + 1
			if strings.Contains(lower(l.text[max(0, m[0]-12):m[0]]), "водещ") {
				continue
			}
			from = m[1]
			v := l.text[m[2]:m[3]]
			if i := strings.Index(v, ", а "); i >= 0 {
				v = v[:i]
			}
			raw = append(raw, v)
		}
	}
	var out []string
	for _, r := range raw {
		for _, p := range splitAnd(r) {
			p = strings.TrimSpace(strings.TrimRight(p, " .,;"))
			lp := lower(p)
			if p == "" || !hasLetter(p) || containsAny(lp, "неприложим", "няма") || lp == "не" || len([]rune(p)) > 150 {
				continue
			}
			out = append(out, p)
		}
	}
	return dedup(out)
}

// splitAnd splits "A и B" where B starts with a capital or a quote.
func splitAnd(s string) []string {
	var out []string
	for {
		loc := andUpperRe.FindStringIndex(s)
		if loc == nil {
			return append(out, s)
		}
		out = append(out, s[:loc[0]])
		s = s[loc[0]+len(" и "):]
	}
}

// titleCase turns "СТАРА" into "Стара".
func titleCase(s string) string {
	rs := []rune(strings.ToLower(s))
	if len(rs) > 0 {
		rs[0] = []rune(strings.ToUpper(string(rs[0])))[0]
	}
	return string(rs)
}

var translitTable = map[rune]string{'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "sht", 'ъ': "a", 'ь': "y", 'ю': "yu", 'я': "ya"}

// translit writes a Bulgarian name in Latin letters the way municipal
// hosts do (the official streamlined system, spaces and dashes dropped).
func translit(name string) string {
	var b strings.Builder
	for _, r := range lower(name) {
		if t, ok := translitTable[r]; ok {
			b.WriteString(t)
		}
	}
	return b.String()
}
