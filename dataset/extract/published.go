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
func publishedOf(ls []block) string {
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
func latestDatedHead(ls []block) string {
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
func titleLine(l block) bool {
	return l.heading > 0 && l.heading < 7 || l.heading == 7 && utf8.RuneCountInString(l.text) > 30 && !strings.HasSuffix(l.text, ":")
}

// updateAt is where the first word of an update ("Обновено", "Последна
// промяна", "Updated") starts in lower-case text, -1 when none.
func updateAt(lt string) int {
	at := -1
	for _, w := range bgtext.UpdateWords {
		if i := strings.Index(lt, w); i >= 0 && (at < 0 || i < at) {
			at = i
		}
	}
	return at
}

// dateLine returns the date of a byline/date line and how sure it is
// (3 labelled, 2 weekday with time, 1 bare), "" and 0 for other lines.
func dateLine(l block, nearHeading bool) (string, int) {
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
		if len([]rune(part)) > 90 {
			continue
		}
		if i := updateAt(lp); i == 0 {
			continue
		} else if i > 0 {
			// "Публикувано: 09.03.2026 Обновено: 21.04.2026": the
			// publication date is the one before the update's label
			part = strings.TrimSpace(lp[:i])
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
		// "от admin — публикуван 23.11.2023": the label is the last
		// clause of the lead
		if k := strings.LastIndexAny(ll, "—–,"); k >= 0 && publishLead(strings.TrimSpace(ll[k+utf8.RuneLen([]rune(ll[k:])[0]):])) {
			return ds[0].ISO, 3
		}
		if l.label != "" && !publishLead(bgtext.Lower(l.label)) {
			continue
		}
		switch {
		case publishLead(ll):
			return ds[0].ISO, 3
		case l.meta && weekdayRe.MatchString(part) && !timeRe.MatchString(part):
			// "Понеделник, 28 Март 2022" may be the site's "today"
			// header: below a weekday date with its time
			return ds[0].ISO, 2
		case lead == "" && l.meta:
			return ds[0].ISO, 3
		case l.meta && len(lead) < 50 && !strings.Contains(ll, "от ") || l.meta && bylineBy(ll):
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

// bylineBy: a byline naming its author before the date ("Публикувано от
// admin на …", Drupal's "Изпратено от admin на …", "Submitted by … on …").
func bylineBy(ll string) bool {
	for _, p := range []string{"публикувано от", "публикуван от", "изпратено от", "добавено от", "написано от", "submitted by", "posted by"} {
		if strings.HasPrefix(ll, p) {
			return true
		}
	}
	return false
}
