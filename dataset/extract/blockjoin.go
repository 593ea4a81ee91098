package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// joinLabelValue joins a short label line with the amount or date line
// printed under it (the "stat boxes" of modern themes).
func joinLabelValue(ls []block) []block {
	out := make([]block, 0, len(ls))
	for i := 0; i < len(ls); i++ {
		l := ls[i]
		// a code broken by a line break: "BG161PO001/1.4-09/<br>2012/002"
		for i+1 < len(ls) && (strings.HasSuffix(l.text, "/") || strings.HasSuffix(l.text, "-")) && brokenCodeRe.MatchString(l.text) && codeStartRe.MatchString(ls[i+1].text) && ls[i+1].cell == l.cell {
			l.text += ls[i+1].text
			i++
		}
		if l.dt && i+1 < len(ls) && !ls[i+1].dt && ls[i+1].label == "" && (i+2 >= len(ls) || ls[i+2].dt) {
			// <dt>Обща стойност</dt><dd>391 548,00 лв.</dd>
			lbl := strings.TrimRight(l.text, ": ")
			v := ls[i+1].text
			l.label, l.value, l.text, l.heading = lbl, v, lbl+": "+v, 0
			out = append(out, l)
			i++
			continue
		}
		if l.dt {
			l.heading, l.label = 7, strings.TrimRight(l.text, ": ")
		}
		if i+1 < len(ls) && l.label == "" && l.li == 0 && len([]rune(l.text)) <= 60 && !bgtext.HasDigit(l.text) &&
			(l.heading == 0 || l.heading == 7 || l.heading >= 4 && bareValue(ls[i+1].text)) && l.item == ls[i+1].item && l.cell == ls[i+1].cell &&
			(!l.meta || periodLabel(l.text) || publishLead(bgtext.Lower(l.text))) &&
			!strings.HasSuffix(l.text, ".") && ls[i+1].label == "" && ls[i+1].li == 0 && ls[i+1].heading == 0 && (!ls[i+1].meta || l.meta) &&
			(bareValue(ls[i+1].text) || identityLabel(l.text) && len(ls[i+1].text) < 400) {
			// a label and its value in two blocks: "Обща стойност" / "26 482 917.35 лв."
			// (a small heading too: <h6 class="card-subtitle">Стойност</h6><p>€ 450 000</p>)
			lbl := strings.TrimRight(l.text, ": ")
			v := ls[i+1].text
			l.label, l.value, l.text, l.heading = lbl, v, lbl+": "+v, 0
			out = append(out, l)
			i++
			continue
		}
		out = append(out, l)
	}
	return out
}

// periodLabel: a label of the project's period ("Начало на изпълнение",
// "Край", "Срок"), even in a field a theme classes as a date.
func periodLabel(s string) bool {
	ls := strings.TrimRight(bgtext.Lower(s), ": ")
	return len(ls) < 40 && (lastOf(ls, bgtext.StartWords) >= 0 || lastOf(ls, bgtext.EndWords) >= 0 || strings.HasPrefix(ls, "срок"))
}

// dropRelated cuts a "Още новини"/"Свързани статии" section: its teasers
// are about other projects. The section runs to the next heading of the
// same or a higher level. It also drops the site's own funding note.
func dropRelated(ls []block) []block {
	out := ls[:0:0]
	skip := 0 // the level of the related heading being skipped; 0 none
	skipCell, skipItem := 0, 0
	for _, l := range ls {
		if siteNote(l.text) {
			continue
		}
		if skip > 0 {
			teaser := l.item != 0 && l.item != skipItem // a teaser of the related list, headed as high
			if l.heading > 0 && l.heading <= skip && l.heading < 7 && !teaser || l.cell != skipCell {
				// a heading as high, or the next cell of a table layout
				skip = 0
			} else {
				continue
			}
		}
		if l.heading > 0 && len(l.text) < 60 {
			k := strings.TrimRight(l.lc(), " :.…»>")
			for _, h := range bgtext.RelatedHeads {
				if k == h {
					skip = l.heading
					break
				}
			}
			if skip == 0 && l.heading >= 3 && (strings.HasPrefix(k, "други проекти") || strings.HasPrefix(k, "още проекти")) {
				// a side box "Други проекти по ОПРР:" beside the article;
				// a page's own heading "Други проекти" (h1, h2) is a category
				skip = l.heading
			}
			if skip > 0 {
				skipCell, skipItem = l.cell, l.item
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// siteNote: the banner of a site built with EU money ("Уебсайтът е
// създаден по проект BG05SFOP001-… „Електронно управление …“") is on every
// page of the site; it is about the site, not the page.
func siteNote(t string) bool {
	if len(t) < 40 || len(t) > 1200 {
		return false
	}
	// the note starts with "(Този|Настоящият) уебсайт …": look at its head first
	lt := bgtext.Lower(bgtext.FirstRunes(t, 40))
	lead := strings.TrimPrefix(strings.TrimPrefix(lt, "този "), "настоящият ")
	if !strings.HasPrefix(lead, "уеб") && !strings.HasPrefix(lead, "сайт") && !strings.HasPrefix(lead, "интернет") && !strings.HasPrefix(lead, "портал") {
		return false
	}
	lt = bgtext.Lower(t)
	for _, w := range []string{"уебсайт", "сайт", "интернет страница", "интернет сайт", "интернет портал", "порталът", "уеб сайт", "уеб-сайт"} {
		if strings.HasPrefix(lead, w) {
			return strings.Contains(lt, "проект") && bgtext.ContainsAny(lt, bgtext.SiteMadeWords...)
		}
	}
	return false
}

// identityLabel: labels whose value is a name, whatever its length.
func identityLabel(s string) bool {
	ls := bgtext.Lower(s)
	return strings.HasSuffix(strings.TrimSpace(s), ":") && bgtext.ContainsAny(ls, bgtext.IdentityLabels...)
}

// bareValue: a block that is only an amount, a date, a date range, a
// duration or a code.
func bareValue(s string) bool {
	if utf8.RuneCountInString(s) > 60 {
		return amountsOnly(s)
	}
	if _, ok := bgtext.ParseAmount(s); ok || amountsOnly(s) {
		return true
	}
	if _, ok := bgtext.ParseDate(s); ok {
		return true
	}
	if ds := bgtext.FindDates(s); len(ds) == 2 && strings.Trim(s[:ds[0].Start]+s[ds[0].End:ds[1].Start]+s[ds[1].End:], " .г–-—/()") == "" {
		return true
	}
	if n, raw, ok := bgtext.FindDuration(s); ok && n > 0 {
		rest := strings.TrimSpace(strings.Replace(s, raw, "", 1))
		if len(rest) <= 4 || strings.HasPrefix(rest, "(") && len(bgtext.FindDates(rest)) == 2 {
			return true // "24 месеца", "24 месеца (27.06.2011 г. – 27.06.2013 г.)"
		}
	}
	ts := codeTokens(s)
	return len(ts) == 1 && ts[0][1]-ts[0][0]+4 >= len(s) && strings.ContainsAny(s[ts[0][0]:ts[0][1]], "-/")
}

// amountsOnly: a value that starts with an amount and holds nothing but
// amounts and their VAT/currency words: "2.778.792,14 лв. с ДДС
// (2.315.660,12 лв. без ДДС)", "51 129,19 евро / 100 000,00 лв.".
func amountsOnly(s string) bool {
	if utf8.RuneCountInString(s) > 140 {
		return false
	}
	as := bgtext.FindAmounts(s)
	if len(as) == 0 || as[0].Currency == "" || strings.TrimSpace(s[:as[0].Start]) != "" {
		return false
	}
	var rest strings.Builder
	prev := 0
	for _, a := range as {
		if a.Start < prev {
			return false
		}
		rest.WriteString(s[prev:a.Start])
		rest.WriteByte(' ')
		prev = a.End
	}
	rest.WriteString(s[prev:])
	for _, w := range strings.FieldsFunc(bgtext.Lower(rest.String()), func(r rune) bool {
		return r == ' ' || r == '(' || r == ')' || r == '/' || r == ',' || r == ';' || r == '–' || r == '-' || r == '=' || r == '.'
	}) {
		if !bgtext.AmountWords[w] {
			return false
		}
	}
	return true
}

var brokenCodeRe = regexp.MustCompile(`[A-Z0-9][A-Za-z0-9.]*\d[A-Za-z0-9.]*[/-]$`)

var codeStartRe = regexp.MustCompile(`^[0-9A-Z][A-Za-z0-9]*[-/.]?[A-Za-z0-9]`)

// reflow joins the lines of hard-wrapped text back into paragraphs: a
// press release converted from PDF one <div> per printed line, or pasted
// with a <br> at every line's end. A page is taken as hard-wrapped when at
// least three long lines run on into a next line that starts in lower
// case; then every line that does not end a sentence and is followed, in
// the same container, by its continuation (lower case, or a number or a
// quote after a dash, "и", "от" …) is joined to it, a word broken by a
// hyphen at the line's end ("супер-" / "визия") made whole again.
func reflow(ls []block) []block {
	wrapped := 0
	for i := 1; i < len(ls); i++ {
		if runsOn(ls[i-1], ls[i]) && startsLower(ls[i].text) {
			wrapped++
		}
	}
	if wrapped < 3 {
		return ls
	}
	out := make([]block, 0, len(ls))
	for _, l := range ls {
		if n := len(out); n > 0 && runsOn(out[n-1], l) && (startsLower(l.text) || continues(out[n-1].text)) {
			prev := &out[n-1]
			if hyphenBreak(prev.text) && startsLower(l.text) {
				prev.text = prev.text[:len(prev.text)-1] + l.text
			} else {
				prev.text += " " + l.text
			}
			prev.memo = &lineMemo{}
			continue
		}
		out = append(out, l)
	}
	return out
}

// runsOn: a is a long plain line that does not end its sentence, and b
// is a plain line of the same container (list items stand alone: "подмяна
// на дограмата" under "подмяна на покрива" is the next item).
func runsOn(a, b block) bool {
	if a.heading != 0 || b.heading != 0 || a.label != "" || b.label != "" || a.row != 0 || b.row != 0 ||
		a.li != 0 || b.li != 0 || a.cell != b.cell || a.item != b.item || a.group != b.group || a.meta || b.meta {
		return false
	}
	if utf8.RuneCountInString(a.text) < 40 || b.text == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(a.text)
	return !strings.ContainsRune(".!?:;…“”\"»", r)
}

// startsLower: the line starts with a lower-case letter.
func startsLower(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLower(r)
}

// continues: the line ends mid-sentence for sure — with a dash, a
// hyphen, a comma or a word that cannot end one ("и", "от", "на" …).
func continues(t string) bool {
	t = strings.TrimRight(t, " ")
	r, _ := utf8.DecodeLastRuneInString(t)
	if r == '–' || r == '-' || r == '—' || r == ',' {
		return true
	}
	i := strings.LastIndexByte(t, ' ')
	if i < 0 {
		return false
	}
	switch bgtext.Lower(t[i+1:]) {
	case "и", "или", "от", "до", "на", "в", "във", "с", "със", "за", "по", "към", "при", "чрез", "между", "след", "като", "а", "е", "са", "№",
		"които", "който", "която", "което", "че":
		return true
	}
	return false
}

// hyphenBreak: the line ends with a word broken by a hyphen ("супер-").
func hyphenBreak(t string) bool {
	if !strings.HasSuffix(t, "-") || len(t) < 2 {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t[:len(t)-1])
	return unicode.IsLetter(r) && unicode.IsLower(r)
}
