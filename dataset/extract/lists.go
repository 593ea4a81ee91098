package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// list fields of a record
const (
	fNone = iota
	fObjectives
	fActivities
	fResults
	fTargets
	fMixed // "дейности и резултати": "Дейност N" lines are activities, the rest results
)

type lists struct {
	objectives, activities, results, targets []string
}

// boilerplate closes any list: funding disclaimers and calls to action.
func isBoilerplate(l string) bool {
	return bgtext.ContainsAny(bgtext.Lower(l), bgtext.FundingNotes...)
}

// classifyHeading maps a heading or lead-in to the list it announces; the keyword
// nearest the end wins ("... постигането на следните специфични цели:").
func classifyHeading(h string) int {
	lh := bgtext.Lower(h)
	if strings.Contains(lh, "допустим") {
		// "Допустими за финансиране по процедура … са следните дейности:":
		// what the call allows, not what the project does
		return fNone
	}
	ws := bgtext.Words(lh)
	last := map[int]int{}
	for i, w := range ws {
		switch {
		case strings.HasPrefix(w, "целев") || w == "groups" && i > 0 && ws[i-1] == "target":
			last[fTargets] = i + 1
		case strings.HasPrefix(w, "резултат") || w == "results" || w == "outputs" || w == "outcomes":
			last[fResults] = i + 1
		case w == "пакети" && i > 0 && strings.HasPrefix(ws[i-1], "работн") || w == "activities" || w == "packages" && i > 0 && ws[i-1] == "work":
			// "Работни пакети", "Main activities", "Work packages"
			last[fActivities] = i + 1
		case w == "objective" || w == "objectives" || w == "aim" || w == "aims":
			last[fObjectives] = i + 1
		case strings.HasPrefix(w, "дейност") || (w == "мерки" || w == "мерките") && (strings.HasSuffix(h, ":") || strings.Contains(bgtext.Lower(h), "включ")) ||
			strings.HasPrefix(w, "предвижда") || w == "включва" || w == "включват" || w == "изпълнени" ||
			w == "извършени" || w == "работи" && i > 0 && strings.HasPrefix(ws[i-1], "ремонтн"):
			last[fActivities] = i + 1
		case w == "цел" || w == "цели" || w == "целта" || w == "целите":
			last[fObjectives] = i + 1
		}
	}
	if last[fActivities] > 0 && last[fResults] > 0 {
		return fMixed
	}
	best, pos := fNone, 0
	for f, p := range last {
		if p > pos {
			best, pos = f, p
		}
	}
	return best
}

var itemLabelRe = regexp.MustCompile(`^(?i:специфична цел|обща цел|цел|дейност|резултат|задача|мярка|работен пакет|компонент|рп|wp|work package|activity)\s*(?:№\s*)?\d*\.?\d*\s*(?:[-–—:.]\s*)?`)

// cleanItem strips the marker, a leading item label with the quotes that
// wrap the rest, and trailing separators.
func cleanItem(s string) string {
	s = bgtext.TrimItem(s)
	if !strings.ContainsAny(s[:min(len(s), 80)], "0123456789-–—") {
		// a label is stripped only with its number or a dash after it
		return strings.TrimSpace(strings.TrimRight(s, " ;:,"))
	}
	if m := itemLabelRe.FindStringIndex(s); m != nil && m[1] < len(s) && bgtext.HasDigit(s[:m[1]]) {
		rest := strings.TrimSpace(s[m[1]:])
		if rest != "" {
			s = bgtext.TrimQuotes(rest)
		}
	} else if m != nil && m[1] < len(s) && strings.ContainsAny(s[:m[1]], "-–—") {
		s = strings.TrimSpace(s[m[1]:])
	}
	return strings.TrimSpace(strings.TrimRight(s, " ;:,"))
}

var activityItemRe = regexp.MustCompile(`^(?i:дейност)\s*(?:№\s*)?\d`)

// leadIn reports a line that announces a list: a heading, a label cell, or
// a line ending with a colon.
func leadIn(l block) bool {
	if l.heading > 0 && len(l.text) < 400 {
		return true
	}
	if l.label != "" && l.value == "" && l.text == l.label {
		return true
	}
	if l.li > 0 || bgtext.HasMarker(l.text) {
		return false
	}
	return strings.HasSuffix(l.text, ":") && len([]rune(lastSentence(l.text))) <= 200
}

func lastSentence(s string) string {
	ss := bgtext.Sentences(s)
	if len(ss) == 0 {
		return s
	}
	return ss[len(ss)-1]
}

var goalSentenceRe = regexp.MustCompile(`(?i)^(?:(?:общата|основната|главната|генералната|стратегическата)\s+)?цел(?:та)?\s+на\s+(?:настоящия\s+|този\s+|нашия\s+)?проекта?\s+(?:е|беше|бе)\s|^проектът\s+(?:цели|целеше|има\s+за\s+цел|имаше\s+за\s+цел)\s|^(?:общата|основната|главната|генералната)\s+цел\s+(?:е|беше|бе)\s`)

// add appends a cleaned item to the list f.
func (out *lists) add(f int, s string) {
	s = cleanItem(s)
	if s == "" || !bgtext.HasLetter(s) {
		return
	}
	switch f {
	case fObjectives:
		out.objectives = append(out.objectives, s)
	case fActivities:
		out.activities = append(out.activities, s)
	case fResults:
		out.results = append(out.results, s)
	case fTargets:
		out.targets = append(out.targets, s)
	}
}

// collectLists reads objectives, activities, results and target groups.
func collectLists(ls []block) lists {
	var out lists
	field, fieldCell, marked := fNone, 0, false
	headItems := false     // activities given as "Дейност N" headings: the paragraphs under them describe them
	oneGoal := false       // the heading names one goal ("Цел", "Основна цел"), not goals
	afterActivity := false // the line before was a "Дейност N: …" item
	add := out.add
	for i, l := range ls {
		text := l.text
		for _, s := range goalSentences(text) {
			add(fObjectives, s)
		}
		if l.heading > 0 && activityItemRe.MatchString(text) {
			// "Дейност 1. …" headings: activities, under a lead-in or
			// alone (a tab pane whose label "Дейности" sits in the tabs' nav)
			add(fActivities, text)
			if field != fMixed {
				field = fActivities
			}
			headItems = field == fActivities
			continue
		}
		if l.label != "" && l.value != "" {
			// a definition row: "Цел на проекта: …", "Очакван резултат: …"
			f := classifyHeading(l.label)
			field = fNone
			if f != fNone && f != fMixed && len(l.label) < 120 {
				for _, part := range cellItems(f, l.value) {
					add(f, part)
				}
			}
			continue
		}
		if (field == fActivities || afterActivity) && l.heading == 0 && activityItemRe.MatchString(text) && strings.HasSuffix(text, ":") {
			// "Дейност 3: Предоставяне на услуги, включително:" over its
			// sub-items: the activity first, then what it includes
			add(fActivities, text)
			field, fieldCell, marked = fActivities, l.cell, false
			continue
		}
		afterActivity = false
		if leadIn(l) || plainHeading(ls, i) {
			field, fieldCell, marked, headItems = classifyHeading(lastSentence(text)), l.cell, false, false
			oneGoal = singularGoal(text)
			if !strings.HasSuffix(text, ":") && len([]rune(text)) > 70 {
				field = fNone // a title, not a section heading
			}
			continue
		}
		if lbl, val, ok := inlineLabel(text); ok {
			if f := classifyHeading(lbl); f != fNone && f != fMixed {
				for _, part := range cellItems(f, val) {
					add(f, part)
				}
				field, afterActivity = fNone, f == fActivities
				continue
			}
		}
		if field == fNone {
			continue
		}
		if isBoilerplate(text) || (fieldCell != 0 && l.cell != fieldCell) {
			field = fNone
			continue
		}
		isMarked := l.li > 0 || bgtext.HasMarker(text)
		if headItems && !isMarked {
			continue
		}
		if marked && !isMarked && l.label == "" || !isMarked && l.label == "" && factLine(text) {
			field = fNone
			continue
		}
		marked = marked || isMarked
		switch field {
		case fMixed:
			if activityItemRe.MatchString(text) {
				add(fActivities, text)
			} else if !strings.Contains(bgtext.Lower(text), "дейност") {
				add(fResults, text)
			}
		case fObjectives:
			if len(goalSentences(text)) == 0 {
				add(fObjectives, text)
			}
			if !isMarked && oneGoal {
				field = fNone // "Цел на проекта" heads one paragraph
			}
		default:
			add(field, text)
		}
	}
	return out
}

// singularGoal: a heading that names one goal ("Цел на проекта", "Основна
// цел") rather than several ("Цели", "Специфични цели").
func singularGoal(h string) bool {
	one := false
	for _, w := range bgtext.Words(bgtext.Lower(h)) {
		switch w {
		case "цел", "целта":
			one = true
		case "цели", "целите":
			return false
		}
	}
	return one
}

// cellItems splits a one-line cell of activities, results or target groups
// at semicolons ("организация; обучение; публичност"); a goal stays whole.
func cellItems(f int, v string) []string {
	if ps := inlineNumbered(v); len(ps) >= 2 {
		return ps // "1. подобряване на …; 2. намаляване на …"
	}
	if f == fObjectives || !strings.Contains(v, ";") {
		return []string{v}
	}
	parts := strings.Split(v, ";")
	for _, p := range parts {
		if len(strings.TrimSpace(p)) < 3 {
			return []string{v}
		}
	}
	return parts
}

var inlineNumRe = regexp.MustCompile(`(?:^|[;,]?\s+)(\d{1,2})[.)]\s+`)

// inlineNumbered splits "1. x; 2. y; 3. z" written on one line; the
// numbers must run 1, 2, 3 … from the start.
func inlineNumbered(v string) []string {
	if len(v) < 4 || v[0] != '1' {
		return nil
	}
	ms := inlineNumRe.FindAllStringSubmatchIndex(v, -1)
	if len(ms) < 2 || ms[0][0] != 0 {
		return nil
	}
	var out []string
	for i, m := range ms {
		if v[m[2]:m[3]] != strconv.Itoa(i+1) {
			return nil
		}
		end := len(v)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		out = append(out, v[m[1]:end])
	}
	return out
}

// plainHeading: a short unformatted line naming a list ("Дейности") right
// before a list item.
func plainHeading(ls []block, i int) bool {
	l := ls[i]
	if l.li > 0 || bgtext.HasMarker(l.text) || len([]rune(l.text)) > 60 || strings.HasSuffix(l.text, ".") || i+1 >= len(ls) ||
		bgtext.HasDigit(l.text) || strings.Contains(l.text, ":") && !strings.HasSuffix(l.text, ":") {
		return false
	}
	next := ls[i+1]
	if classifyHeading(l.text) == fNone {
		return false
	}
	// a bare label of up to four words ("Цел на проекта", "Основни дейности")
	// heads what follows even when it is not bold
	return next.li > 0 || bgtext.HasMarker(next.text) || len(bgtext.Words(bgtext.Lower(l.text))) <= 4 && next.heading == 0 && next.label == ""
}

// factLine: a paragraph of facts (money, contacts, firms) ends an
// unmarked list.
func factLine(s string) bool {
	ls := bgtext.Lower(s)
	if bgtext.ContainsAny(ls, bgtext.FactLineWords...) {
		return true
	}
	return len(bgtext.FindFirms(s)) > 0
}

// inlineLabel splits "Цел на проекта: Създаване на …" into label and value.
func inlineLabel(s string) (string, string, bool) {
	i := strings.Index(s, ":")
	if i <= 0 || i > 120 || i+1 >= len(s) || i > 60 && utf8.RuneCountInString(s[:i]) > 60 {
		return "", "", false
	}
	val := strings.TrimSpace(s[i+1:])
	if val == "" {
		return "", "", false
	}
	return s[:i], val, true
}

// goalSentences returns the sentences of s that state the project's goal.
func goalSentences(s string) []string {
	if !strings.Contains(s, "цел") && !strings.Contains(s, "Цел") {
		return nil
	}
	var out []string
	for _, sent := range bgtext.Sentences(s) {
		if goalSentenceRe.MatchString(sent) {
			out = append(out, sent)
		}
	}
	return out
}
