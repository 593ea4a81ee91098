package bgtext

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Date is one full date (day, month and year) found in text.
type Date struct {
	ISO        string // "2006-01-02"
	Start, End int    // byte offsets of the match in the text passed in
	Raw        string
}

// DateOrder says how a slash date whose day and month are both ≤ 12 is read.
type DateOrder int

const (
	// DayFirst reads "07/06/2011" as 7 June (the Bulgarian order).
	DayFirst DateOrder = iota
	// MonthFirst reads "07/06/2011" as July 6 (Drupal's default byline).
	MonthFirst
)

// Year bounds of a plausible date on a project page.
const (
	minYear = 1990
	maxYear = 2040
)

// ParseDate reads s as exactly one date and returns it as ISO "2006-01-02":
// "08.11.2013г.", "08.11.2013 г.", "[29-09-2014]", "29/7/2021", "28 Април
// 2014г.", "2014-04-28". Slash dates are read day first unless the second
// number is above 12 (see ParseDateOrder).
func ParseDate(s string) (string, bool) {
	return ParseDateOrder(s, DayFirst)
}

// ParseDateOrder is ParseDate with the order for ambiguous slash dates.
func ParseDateOrder(s string, order DateOrder) (string, bool) {
	ds := FindDatesOrder(s, order)
	if len(ds) != 1 {
		return "", false
	}
	rest := s[:ds[0].Start] + " " + s[ds[0].End:]
	rest = strings.Trim(rest, " \t\r\n\u00a0\u202f\u2009[]()/,.;:–-")
	switch strings.ToLower(rest) {
	case "", "г", "г.", "год.", "година", "година.":
		return ds[0].ISO, true
	}
	return "", false
}

// FindDates returns every full date in text, in order. Month-only dates
// ("м. юли 2012", "ноември 2022") and bare years are not dates; impossible
// dates (31.02.2014, month 13) and years outside 1990–2040 are skipped.
// Dotted and dashed dates are day first; slash dates are day first unless
// the second number is above 12 ("07/18/2011" is 18 July 2011).
func FindDates(text string) []Date {
	return FindDatesOrder(text, DayFirst)
}

// FindDatesOrder is FindDates with the order for slash dates whose day and
// month are both ≤ 12; MonthFirst suits a Drupal byline ("пон, 07/06/2011 - 15:20").
// A slash date whose first number is above 12 is day first in either order.
func FindDatesOrder(text string, order DateOrder) []Date {
	var out []Date
	var m []int
	for i := 0; i < len(text); i++ {
		if c := text[i]; c < '0' || c > '9' || (i > 0 && text[i-1] >= '0' && text[i-1] <= '9') {
			if strings.IndexByte("JFMASOND", c) >= 0 && (i == 0 || !isASCIILetter(text[i-1])) {
				if d, ok := englishDateAt(text, i); ok {
					out = append(out, d)
					i = d.End - 1
				}
			}
			continue
		}
		if d, ok := numericDateAt(text, i, order); ok {
			out = append(out, d)
			i = d.End - 1
			continue
		}
		if !wordDateStart(text, i) {
			continue
		}
		// Match the anchored pattern on a short window rather than the
		// whole text (much faster in RE2).
		_, en := runeWindow(text, i, i+72)
		m = dateRe.FindStringSubmatchIndex(text[i:en])
		if m == nil {
			continue
		}
		for k := range m {
			if m[k] >= 0 {
				m[k] += i
			}
		}
		if d, ok := dateFromMatch(text, m, order); ok {
			out = append(out, d)
			i = d.End - 1
		}
	}
	return out
}

// numericDateAt reads a numeric date at text[i]: d.m.yyyy ("08.11.2013",
// "14. 03. 2012"), d-m-yyyy, d/m/yyyy (order decides when both parts are
// ≤ 12), yyyy-mm-dd, yyyy/m/d or yyyy.m.d.
func numericDateAt(text string, i int, order DateOrder) (Date, bool) {
	d1 := digitsAt(text, i)
	j := i + d1
	if j >= len(text) {
		return Date{}, false
	}
	var day, month, year int
	switch {
	case d1 == 4 && (text[j] == '-' || text[j] == '/' || text[j] == '.'):
		// yyyy-mm-dd, also yyyy/m/d and yyyy.m.d
		sep := text[j]
		d2 := digitsAt(text, j+1)
		if d2 < 1 || d2 > 2 || (sep == '-' && d2 != 2) || j+1+d2 >= len(text) || text[j+1+d2] != sep {
			return Date{}, false
		}
		k := j + 2 + d2
		d3 := digitsAt(text, k)
		if d3 < 1 || d3 > 2 || (sep == '-' && d3 != 2) {
			return Date{}, false
		}
		year, month, day = atoi(text[i:j]), atoi(text[j+1:j+1+d2]), atoi(text[k:k+d3])
		j = k + d3
	case d1 <= 2:
		sep := text[j]
		if sep != '.' && sep != '-' && sep != '/' {
			return Date{}, false
		}
		k := sepEnd(text, j)
		d2 := digitsAt(text, k)
		if d2 < 1 || d2 > 2 || k+d2 >= len(text) || text[k+d2] != sep {
			return Date{}, false
		}
		y := sepEnd(text, k+d2)
		if digitsAt(text, y) != 4 {
			return Date{}, false
		}
		a, b := atoi(text[i:j]), atoi(text[k:k+d2])
		year = atoi(text[y : y+4])
		day, month = a, b
		if sep == '/' && (b > 12 || (order == MonthFirst && a <= 12)) {
			day, month = b, a
		}
		j = y + 4
	default:
		return Date{}, false
	}
	if !dateBoundary(text, i, j) {
		return Date{}, false
	}
	iso, ok := isoDate(year, month, day)
	if !ok {
		return Date{}, false
	}
	return Date{ISO: iso, Start: i, End: j, Raw: text[i:j]}, true
}

// sepEnd returns the index after the date separator at text[j], with one
// space allowed after a dot ("14. 03. 2012").
func sepEnd(text string, j int) int {
	if text[j] == '.' && j+1 < len(text) && text[j+1] == ' ' {
		return j + 2
	}
	return j + 1
}

// dateRe matches the date shapes at the start of its input; the groups are
// read by dateFromMatch: 1–4 numeric d sep m sep y, 5–8 ISO y-m-d, 9–12 day
// month-name year, 13–16 day Roman month year ("28.IV.2014").
var dateRe = regexp.MustCompile(wideSpace(`(?i)^` +
	`(?:` +
	`((\d{1,2})(?:\.\s?|-|/)(\d{1,2})(?:\.\s?|-|/)(\d{4}))` +
	`|((\d{4})-(\d{2})-(\d{2}))` +
	`|((\d{1,2})(?:-?(?:ви|ри|ти|ми))?\s*(` + monthNames + `)\.?,?\s+(\d{4}))` +
	`|((\d{1,2})\.\s?(XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)\.\s?(\d{4}))` +
	`)`))

// monthNames is the alternation of month names and abbreviations, longest first.
const monthNames = `януари|февруари|март|април|юни|юли|август|септември|октомври|ноември|декември|` +
	`януарий|ян|яну|фев|февр|мар|апр|май|авг|сеп|септ|окт|ное|дек|` +
	`january|february|march|april|june|july|august|september|october|november|december|` +
	`jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec`

// monthByPrefix maps a month name's first three letters to its number.
var monthByPrefix = map[string]int{
	"яну": 1, "фев": 2, "мар": 3, "апр": 4, "май": 5, "юни": 6, "юли": 7,
	"авг": 8, "сеп": 9, "окт": 10, "ное": 11, "дек": 12,
	"jan": 1, "feb": 2, "apr": 4, "may": 5, "jun": 6, "jul": 7,
	"aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// monthNumber returns the month of a (lower- or upper-case) month name.
func monthNumber(name string) int {
	l := strings.ToLower(name)
	if strings.HasPrefix(l, "ян") {
		return 1
	}
	r := []rune(l)
	if len(r) > 3 {
		r = r[:3]
	}
	if l == "mar" || strings.HasPrefix(l, "marc") {
		return 3
	}
	return monthByPrefix[string(r)]
}

// dateFromMatch turns one dateRe match into a Date.
func dateFromMatch(text string, m []int, order DateOrder) (Date, bool) {
	grp := func(k int) string {
		if m[2*k] < 0 {
			return ""
		}
		return text[m[2*k]:m[2*k+1]]
	}
	var day, month, year, start, end int
	switch {
	case m[2] >= 0:
		start, end = m[2], m[3]
		a, _ := strconv.Atoi(grp(2))
		b, _ := strconv.Atoi(grp(3))
		year, _ = strconv.Atoi(grp(4))
		day, month = a, b
		if strings.Contains(text[start:end], "/") {
			if seps := strings.Count(text[start:end], "/"); seps != 2 {
				return Date{}, false
			}
			if b > 12 || (order == MonthFirst && a <= 12) {
				day, month = b, a
			}
		} else if !sameSeps(text[start:end]) {
			return Date{}, false
		}
	case m[10] >= 0:
		start, end = m[10], m[11]
		year, _ = strconv.Atoi(grp(6))
		month, _ = strconv.Atoi(grp(7))
		day, _ = strconv.Atoi(grp(8))
	case m[18] >= 0:
		start, end = m[18], m[19]
		day, _ = strconv.Atoi(grp(10))
		month = monthNumber(grp(11))
		year, _ = strconv.Atoi(grp(12))
	case m[26] >= 0:
		start, end = m[26], m[27]
		day, _ = strconv.Atoi(grp(14))
		month = romanMonth(strings.ToUpper(grp(15)))
		year, _ = strconv.Atoi(grp(16))
	default:
		return Date{}, false
	}
	if !dateBoundary(text, start, end) {
		return Date{}, false
	}
	iso, ok := isoDate(year, month, day)
	if !ok {
		return Date{}, false
	}
	return Date{ISO: iso, Start: start, End: end, Raw: text[start:end]}, true
}

// sameSeps reports whether a numeric date uses one separator kind throughout.
func sameSeps(s string) bool {
	dots := strings.Count(s, ".")
	dashes := strings.Count(s, "-")
	return (dots == 2 && dashes == 0) || (dashes == 2 && dots == 0)
}

// isoDate validates a calendar date and formats it.
func isoDate(year, month, day int) (string, bool) {
	if year < minYear || year > maxYear || month < 1 || month > 12 || day < 1 || day > 31 {
		return "", false
	}
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	if t.Day() != day {
		return "", false
	}
	return t.Format("2006-01-02"), true
}

// dateBoundary reports whether text[start:end] stands alone: not glued to a
// letter or a longer numeral on either side.
func dateBoundary(text string, start, end int) bool {
	if start > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:start])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
		if (r == '.' || r == '-' || r == ',') && start-n > 0 {
			p, _ := utf8.DecodeLastRuneInString(text[:start-n])
			if unicode.IsDigit(p) {
				return false
			}
		}
	}
	if end < len(text) {
		c := text[end]
		if c >= '0' && c <= '9' {
			return false
		}
		if (c == '.' || c == '-' || c == '/') && end+1 < len(text) && text[end+1] >= '0' && text[end+1] <= '9' {
			return false
		}
	}
	return true
}

// romanMonth returns the month written as a Roman numeral, or 0.
func romanMonth(s string) int {
	for i, r := range []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"} {
		if s == r {
			return i + 1
		}
	}
	return 0
}

// wordDateStart is a cheap test that a date with a month name or a Roman
// month may start at text[i] (a digit): one or two digits, then an ordinal
// suffix, a space and a word that starts like a month, or a dot and a Roman
// numeral.
func wordDateStart(text string, i int) bool {
	d := digitsAt(text, i)
	j := i + d
	if d > 2 || j >= len(text) {
		return false
	}
	if text[j] == '.' {
		k := j + 1
		if k < len(text) && text[k] == ' ' {
			k++
		}
		return k < len(text) && strings.IndexByte("IVXivx", text[k]) >= 0
	}
	if text[j] == '-' {
		j++
	}
	if ordinalAt(text, j) {
		return true // "1-ви март", "1ви март"
	}
	k := skipSpaces(text, j)
	if k == j || k >= len(text) {
		return false
	}
	// The word after the space must start like a month name.
	var buf [12]byte
	b := buf[:0]
	for n, r := range text[k:] {
		if n >= 8 || !unicode.IsLetter(r) {
			break
		}
		b = utf8.AppendRune(b, unicode.ToLower(r))
	}
	w := string(b) // small: does not escape
	for _, p := range monthStarts {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// monthStarts are the lower-case starts of the month names dateRe knows.
var monthStarts = []string{"ян", "фев", "мар", "апр", "май", "юни", "юли", "авг", "сеп", "окт", "ное", "дек",
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"}

// ordinalAt reports whether an ordinal suffix ("ви", "ри", "ти", "ми")
// starts at text[j].
func ordinalAt(text string, j int) bool {
	if j+4 > len(text) {
		return false
	}
	switch text[j : j+4] {
	case "ви", "ри", "ти", "ми":
		return true
	}
	return false
}

// englishDateRe matches an English month-first date: "April 28, 2014".
var englishDateRe = regexp.MustCompile(`^(January|February|March|April|May|June|July|August|September|October|November|December|` +
	`Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.? (\d{1,2}), (\d{4})`)

// englishDateAt reads "April 28, 2014" at text[i].
func englishDateAt(text string, i int) (Date, bool) {
	_, en := runeWindow(text, i, i+24)
	m := englishDateRe.FindStringSubmatchIndex(text[i:en])
	if m == nil {
		return Date{}, false
	}
	month := monthNumber(text[i+m[2] : i+m[3]])
	day := atoi(text[i+m[4] : i+m[5]])
	year := atoi(text[i+m[6] : i+m[7]])
	end := i + m[1]
	if !dateBoundary(text, i, end) {
		return Date{}, false
	}
	iso, ok := isoDate(year, month, day)
	if !ok {
		return Date{}, false
	}
	return Date{ISO: iso, Start: i, End: end, Raw: text[i:end]}, true
}

// HasYear reports four digits in a row: no date without one.
func HasYear(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
			if n == 4 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

// WeekdayBefore reports whether the date that starts at text[i] is written
// with its weekday ("понеделник, 3 Юни 2014"): the date of a post or an
// event, never a project's start or end.
func WeekdayBefore(text string, i int) bool {
	b := strings.TrimRight(text[:i], " \u00a0,.")
	j := len(b)
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(b[:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= n
	}
	w := Lower(b[j:])
	if weekdays[w] {
		return true
	}
	// glued to the headline before it: "…на площадкатапонеделник, 3 Юни 2014"
	for _, d := range []string{"понеделник", "вторник", "сряда", "четвъртък", "петък", "събота", "неделя"} {
		if strings.HasSuffix(w, d) {
			return true
		}
	}
	return false
}

// weekdays are the weekdays' names and abbreviations.
var weekdays = map[string]bool{"понеделник": true, "вторник": true, "сряда": true, "четвъртък": true, "петък": true, "събота": true,
	"неделя": true, "пон": true, "вт": true, "ср": true, "чет": true, "пет": true, "съб": true, "нед": true}
