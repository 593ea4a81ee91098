package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

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
	if iso := latestDatedHead(ls); iso != "" {
		return iso
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

// latestDatedHead is the latest date of the item headers an item holds: a
// heading or bold line that starts with a full date followed by its
// headline ("<h3>09.12.2020 г. – Приключи …</h3>", "<b>20.06.2011</b>
// <b>Започна строителството</b>"). Several such headers are news items about
// one project, newest first or oldest first: the latest is the item's date.
func latestDatedHead(ls []line) string {
	best := ""
	for i, l := range ls {
		if l.heading == 0 || l.heading == 7 && i > 0 && utf8.RuneCountInString(l.text) > 160 {
			continue
		}
		// a headline, not a date range ("01.03.2020 – 31.12.2021") or a bare label
		if iso, rest, ok := leadDate(l.text); ok && utf8.RuneCountInString(rest) > 10 && !(rest[0] >= '0' && rest[0] <= '9') && iso > best {
			best = iso
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
	if !bgtext.HasYear(t) {
		return "", 0
	}
	if bracketDateRe.MatchString(t) {
		if ds := bgtext.FindDates(t); len(ds) > 0 {
			return ds[0].ISO, 3
		}
	}
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == '|' || r == '·' }) {
		part = strings.TrimSpace(part)
		lp := bgtext.Lower(part)
		if len([]rune(part)) > 90 || bgtext.ContainsAny(lp, bgtext.UpdateWords...) {
			continue
		}
		order := bgtext.DayFirst
		if timeDashRe.MatchString(part) {
			order = bgtext.MonthFirst
		}
		ds := bgtext.FindDatesOrder(part, order)
		if len(ds) == 0 {
			continue
		}
		lead := strings.TrimSpace(part[:ds[0].Start])
		ll := bgtext.Lower(lead)
		if l.label != "" && !publishLead(bgtext.Lower(l.label)) {
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
		case weekdayRe.MatchString(part) && len(lead) < 40,
			nearHeading && bgtext.WeekdayBefore(part, ds[0].Start) && part[ds[0].End:] == "":
			// "<b>Започна ремонтът …</b>понеделник, 3 Юни 2014": a date glued to its headline
			return ds[0].ISO, 1
		case lead == "" && nearHeading && len([]rune(part)) < 40:
			return ds[0].ISO, 1
		}
	}
	return "", 0
}

// municipalityOf returns the site's municipality: the one named most often
// as "Община X" on the whole page (site name, footer, text), the host
// breaking ties ("peshtera.bg" for Пещера); when the page names none, the
// one the host names.
func municipalityOf(texts []string, host string) string {
	count := map[string]int{}
	var order []string
	for _, t := range texts {
		for _, n := range bgtext.MunicipalitiesIn(t) {
			if count[n] == 0 {
				order = append(order, n)
			}
			count[n]++
		}
	}
	fromHost := ""
	if host != "" {
		fromHost = bgtext.MunicipalityOfHost(host)
	}
	score := func(n string) int {
		if n == fromHost {
			return count[n] + 3
		}
		return count[n]
	}
	best := ""
	for _, n := range order {
		if best == "" || score(n) > score(best) {
			best = n
		}
	}
	if best == "" {
		return fromHost
	}
	return best
}

// firmsOf returns the contractors named in an item.
func firmsOf(ls []line) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range ls {
		for _, f := range bgtext.FindFirms(l.text) {
			if k := bgtext.Key(f); !seen[k] {
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
		if l.value != "" && strings.Contains(bgtext.Lower(l.label), "партньор") && !strings.Contains(bgtext.Lower(l.label), "водещ") {
			raw = append(raw, strings.Split(l.value, ";")...)
			continue
		}
		if lb, val, ok := inlineLabel(l.text); ok && strings.Contains(bgtext.Lower(lb), "партньор") && !strings.Contains(bgtext.Lower(lb), "водещ") {
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
			if strings.Contains(bgtext.Lower(l.text[max(0, m[0]-12):m[0]]), "водещ") {
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
			lp := bgtext.Lower(p)
			if p == "" || !bgtext.HasLetter(p) || bgtext.ContainsAny(lp, bgtext.NoneWords...) || lp == "не" || len([]rune(p)) > 150 {
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
