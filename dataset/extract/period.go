package extract

import (
	"regexp"
	"strings"
	"time"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

type periodFound struct {
	start, end string
	// where each was read in the page's visible text
	startAt, endAt, monthsAt span
	otherEnd                 string // a second end date that disagrees with end
	months                   int
	hasMonths                bool
}

// setEnd keeps the first end date and notes a later one that disagrees.
func (p *periodFound) setEnd(iso string, at span) {
	switch {
	case p.end == "":
		p.end, p.endAt = iso, at
	case p.end != iso && p.otherEnd == "":
		p.otherEnd = iso
	}
}

// worksTerm marks a date of the works or of a firm's contract, not of the
// project ("Срокът за изпълнение на СМР е до …", "Строителните работи ще
// приключат до …").
func worksTerm(clause string) bool {
	return bgtext.ContainsAny(clause, bgtext.WorksTermWords...)
}

// notPeriod marks a date that is a signing, decision, publication or update date.
func notPeriod(ctx string) bool {
	return bgtext.ContainsAny(ctx, bgtext.NotPeriodWords...)
}

// eventAfter: the words after a range make it an event's days ("В
// периода 21.03.2022 г. – 25.03.2022 г. ще се проведе обучение"), not the
// project's period.
func eventAfter(after string) bool {
	if k := strings.IndexAny(after, ".;"); k >= 0 && k > 6 {
		after = after[:k]
	}
	return bgtext.ContainsAny(bgtext.LastRunes(after, bgtext.EventWindow), bgtext.EventWords...)
}

// numberDateRe ends a text with a document's number and "от": the date
// that follows is the document's ("договор № BG-RRP-4.023-1405-C01 от
// 16.01.2025 г.", "Решение № 255/ от …").
var numberDateRe = regexp.MustCompile(`(?:№|No\.?)\s*[\p{L}\d][\p{L}\d./-]*\s+от\s*$`)

// documentDate: the date about to be read dates a numbered document.
func documentDate(before string) bool {
	before = bgtext.LastRunes(before, bgtext.DocumentWindow)
	return numberDateRe.MatchString(before)
}

func lastOf(ctx string, words []string) int {
	best := -1
	for _, w := range words {
		if i := strings.LastIndex(ctx, w); i > best {
			best = i
		}
	}
	return best
}

var rangeSepRe = regexp.MustCompile(`^\s*(?:г\.?|година)?\s*(?:[-–—]|до)\s*$`)
var durationLeadRe = regexp.MustCompile(`\d+\s*(?:\(\p{L}+\)\s*)?(?:месеца|месец|мес\.)\s*[(,–-]?\s*(?:от\s*)?$`)

// periodOf reads the implementation period of an item.
func periodOf(ls []block) periodFound {
	var p periodFound
	heading := ""
	for _, l := range ls {
		t := l.text
		lt := l.lc()
		label := bgtext.Lower(l.label)
		if l.label == "" {
			if lb, _, ok := inlineLabel(t); ok {
				label = bgtext.Lower(lb)
			} else {
				label = heading
			}
		}
		heading = ""
		if l.heading > 0 && len(t) < 80 && !strings.ContainsAny(t, "„“\"«") {
			// "Край на проекта" over its date labels it; a headline
			// ("Приключи обновяването на ДГ „Пролет“") over a post's date
			// line does not
			heading = lt
		}
		if bgtext.ContainsAny(label, bgtext.PublicationLabels...) {
			continue
		}
		p.durationIn(t, lt, label, l.at)
		if !bgtext.HasYear(t) {
			continue
		}
		ds := bgtext.FindDates(t)
		prevEnd := 0
		for i := 0; i < len(ds); i++ {
			d := ds[i]
			clause := bgtext.Lower(bgtext.ClauseBefore(t, d.Start))
			if worksTerm(clause) {
				prevEnd = d.End
				continue
			}
			between := lt[prevEnd:d.Start]
			if cs := d.Start - len(clause); cs > prevEnd {
				between = lt[cs:d.Start]
			}
			prevEnd = d.End
			// a range: d – d2 / от d до d2
			if i+1 < len(ds) && rangeSepRe.MatchString(lt[d.End:ds[i+1].Start]) {
				d2 := ds[i+1]
				ctx := label + " " + clause
				if !notPeriod(between) && !eventAfter(lt[d2.End:]) && (bgtext.ContainsAny(ctx, "период", "срок", "продължителност", "изпълнение", "реализация", "от ") ||
					durationLeadRe.MatchString(lt[max(0, d.Start-80):d.Start]) || strings.HasSuffix(strings.TrimSpace(between), "(")) {
					// start and end fill independently: "приключи на …"
					// before the range does not hide its start.
					if p.start == "" {
						p.start, p.startAt = d.ISO, span{l.at + d.Start, l.at + d.End}
					}
					p.setEnd(d2.ISO, span{l.at + d2.Start, l.at + d2.End})
					i++
					prevEnd = d2.End
					continue
				}
			}
			if strings.Contains(between, "удълж") && strings.HasSuffix(strings.TrimRight(between, " –-"), "до") && !worksTerm(between) {
				// "С анекса срокът … се удължава с 4 месеца – до 30.11.2022 г.": the new end
				p.otherEnd, p.end, p.endAt = p.end, d.ISO, span{l.at + d.Start, l.at + d.End}
				if p.otherEnd == d.ISO {
					p.otherEnd = ""
				}
				continue
			}
			if notPeriod(between) || documentDate(lt[:d.Start]) || bgtext.WeekdayBefore(t, d.Start) {
				continue
			}
			ctx := between
			s, e := lastOf(ctx, bgtext.StartWords), lastOf(ctx, bgtext.EndWords)
			if s < 0 && e < 0 && strings.TrimSpace(strings.Trim(between, ":() ")) == "" || s < 0 && e < 0 && isLabelled(t, d.Start) {
				ctx = label
				s, e = lastOf(ctx, bgtext.StartWords), lastOf(ctx, bgtext.EndWords)
			}
			if s < 0 && e < 0 && strings.Contains(ctx, "до ") && bgtext.ContainsAny(label+" "+clause, "срок", "изпълнен", "реализиран", "дейности", "период", "продълж", "проектът") {
				e = strings.LastIndex(ctx, "до ")
			}
			if s < 0 && e < 0 && len(ds) == 1 && termLabel(label) && (isLabelled(t, d.Start) || strings.TrimSpace(strings.Trim(between, ":() ")) == "") {
				e = 0 // "Срок на изпълнение: 31.12.2020": a term that is one date is its end
			}
			switch {
			case s > e && p.start == "":
				p.start, p.startAt = d.ISO, span{l.at + d.Start, l.at + d.End}
			case e > s:
				p.setEnd(d.ISO, span{l.at + d.Start, l.at + d.End})
			}
		}
	}
	return p
}

// durationIn reads a stated duration: "Продължителност: 24 месеца",
// "Срокът за изпълнение на проекта е 36 месеца", "(23 месеца)".
func (p *periodFound) durationIn(t, lt, label string, lineAt int) {
	if p.hasMonths || !bgtext.ContainsAny(lt, "месец", "мес.", "годин") {
		return
	}
	n, raw, ok := bgtext.FindDuration(t)
	if !ok {
		return
	}
	at := strings.Index(t, raw)
	if at < 0 {
		return
	}
	clause := bgtext.ClauseBefore(t, at)
	if cs := at - len(clause); cs >= 2 && strings.HasPrefix(clause, "и ") {
		// "Проектът стартира на 25.06.2018 г. и ще продължи …": the
		// subject is before the date's "г."
		clause = bgtext.ClauseBefore(t, cs-2) + ". " + clause
	}
	ctx := label + " " + bgtext.Lower(clause)
	if bgtext.ContainsAny(ctx, bgtext.NotProjectTermWords...) || worksTerm(ctx) {
		return // the term of works, a delivery, a service or the durability period
	}
	paren := strings.HasSuffix(strings.TrimSpace(lt[:at]), "(")
	if bgtext.ContainsAny(ctx, "продължителност", "срок", "период") || paren && bgtext.FindDates(t[:at]) != nil ||
		strings.Contains(ctx, "в рамките на") && strings.Contains(ctx, "проект") || projectLasts(ctx) ||
		spansRange(t[bgtext.SentenceStart(t, at):at], n) {
		p.months, p.hasMonths, p.monthsAt = n, true, span{lineAt + at, lineAt + at + len(raw)}
	}
}

// spansRange: the sentence before a duration gives a range of dates that
// the duration restates ("от 01.03.2026 г. до 28.02.2028 г., т.е. в
// рамките на 24 месеца"): its first two dates lie n months apart, give or
// take one.
func spansRange(sentence string, n int) bool {
	ds := bgtext.FindDates(sentence)
	if len(ds) < 2 {
		return false
	}
	a, err1 := time.Parse(time.DateOnly, ds[0].ISO)
	b, err2 := time.Parse(time.DateOnly, ds[1].ISO)
	if err1 != nil || err2 != nil || !b.After(a) {
		return false
	}
	months := (b.Year()-a.Year())*12 + int(b.Month()-a.Month())
	if b.Day() >= a.Day()-1 {
		months++ // 01.03 → 28.02 two years on is 24 whole months
	}
	return months >= n-1 && months <= n+1
}

// projectLasts: "Проектът ще продължи 24 месеца", "изпълнението на проекта
// продължава 18 месеца" — the project lasts, not its works ("ремонтът ще
// продължи", "строителството ще продължи" are a contract's term).
func projectLasts(ctx string) bool {
	i := strings.LastIndex(ctx, "продълж")
	if i < 0 {
		return false
	}
	subj := ctx[:i]
	return strings.Contains(subj, "проект") && !bgtext.ContainsAny(subj, bgtext.NotProjectLastsWords...)
}

// termLabel: a label that names the project's term ("Срок на изпълнение",
// "Срок за изпълнение на проекта", "Краен срок"), not a term for bids,
// payments or guarantees.
func termLabel(label string) bool {
	return strings.Contains(label, "срок") && !notPeriod(label) &&
		!bgtext.ContainsAny(label, bgtext.NotTermLabels...)
}
