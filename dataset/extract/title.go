package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// quotedAfterRe finds "проект „", "обект „", "проект №13-13-107 „", "проект ROBG-512 „".
var quotedAfterRe = regexp.MustCompile(`(?i)` + quotedAfterPat)

// quotedAfterAt is quotedAfterRe anchored: it is tried only where a
// trigger word starts (quotedAfter), which is much cheaper than a search.
var quotedAfterAt = regexp.MustCompile(`(?i)^` + quotedAfterPat)

const quotedAfterPat = `(?:проект(?:а|ът)?|обект(?:а|ът)?|инвестиция(?:та)?)[,:]?\s*(?:(?:№|No)?\s*[A-Za-zА-Яа-я0-9]*[0-9][A-Za-zА-Яа-я0-9\-/.]*\s*)?(?:(?:на тема|с наименование|със заглавие|наречен|озаглавен)\s*:?\s*)?["„“«]`

// quotedAfter returns the offsets of every match of quotedAfterRe in text
// (at most n), trying the pattern only where "проект", "обект" or
// "инвестиция" starts.
func quotedAfter(text string, n int) [][]int {
	lt := bgtext.Lower(text)
	var out [][]int
	for i := 0; i < len(lt) && len(out) < n; {
		j := -1
		for _, w := range []string{"проект", "обект", "инвестиция"} {
			if k := strings.Index(lt[i:], w); k >= 0 && (j < 0 || i+k < j) {
				j = i + k
			}
		}
		if j < 0 {
			break
		}
		if strings.HasPrefix(lt[j:], "инвестиция") && !strings.HasSuffix(strings.TrimRight(lt[:j], " "), "изпълнение на") {
			// "Предложение за изпълнение на инвестиция: „…“" names a
			// project; "по инвестиция „Подкрепа за …“" names the Recovery
			// Plan's investment, a programme's part
			i = j + len("инвестиция")
			continue
		}
		if m := quotedAfterAt.FindStringIndex(text[j:]); m != nil {
			out = append(out, []int{j + m[0], j + m[1]})
			i = j + m[1]
			continue
		}
		i = j + 1
		for i < len(lt) && !utf8.RuneStart(lt[i]) {
			i++
		}
	}
	return out
}

// programmeName reports a quoted name that is a programme or a fund, not a project.
func programmeName(q string) bool {
	lq := bgtext.Lower(q)
	if strings.HasPrefix(lq, "програма") || strings.HasPrefix(lq, "оперативна") || strings.HasPrefix(lq, "национал") {
		return true
	}
	return len(bgtext.Words(lq)) <= 3 && bgtext.DetectProgramme(q, nil) != ""
}

// titleOf picks the project's name: the "Наименование" cell, the quoted
// name after "проект"/"обект" in the body, a heading the page title confirms,
// the first heading.
// named says the title is a project's name as the page gives it (a label
// or a quoted name after "проект"), not a headline.
func titleOf(ls []block, pageTitle string) (title string, named, quoted bool) {
	if t := labelTitle(ls); t != "" {
		if noCyrillic(t) && mostlyCyrillic(ls) {
			// an English box on a Bulgarian page ("Project title: Joint
			// development …"): the Bulgarian name the text quotes first
			if q := quotedTitle(ls, pageTitle); q != "" && !noCyrillic(q) {
				return q, true, true
			}
		}
		return t, true, false
	}
	if t := quotedTitle(ls, pageTitle); t != "" {
		return t, true, true
	}
	for _, l := range ls {
		// "Договор № BG… «Име на проекта»": the name the contract is for
		if leadingContract(l.text) != "" {
			if t, ok := afterCodeLabel(l.text); ok && utf8.RuneCountInString(t) >= 8 {
				return cleanTitle(t), true, true
			}
		}
	}
	return headingTitle(ls, pageTitle), false, false
}

// quotedTitle is the quoted name after "проект"/"обект": in the body
// first, then in the headings.
func quotedTitle(ls []block, pageTitle string) string {
	confirm := []string{bgtext.Key(pageTitle)}
	for _, l := range ls {
		if l.heading > 0 {
			confirm = append(confirm, bgtext.Key(l.text))
		}
	}
	// the project's name beats a site's ("обект „Читалище …“ по проект „…“")
	var best [2]string
	var whole [2]bool // the best name's quote was closed
	for pass := 0; pass < 2; pass++ {
		for i, l := range ls {
			if (pass == 0) == (l.heading > 0) {
				continue
			}
			if lt := l.lc(); !bgtext.ContainsAny(lt, "проект", "обект", "инвестиция") {
				continue
			}
			text := continued(ls, i)
			for _, m := range quotedAfter(text, 20) {
				names, closed := bgtext.QuotedName(text[m[1]-quoteLen(text, m[1]):])
				q := strings.TrimSpace(pickCut(names, confirm))
				if q == "" || programmeName(q) || len([]rune(q)) < 8 {
					continue
				}
				tier := 0
				if r, _ := utf8.DecodeRuneInString(text[m[0]:]); r == 'о' || r == 'О' {
					tier = 1 // "обект"
				}
				kb, kq := bgtext.Key(best[tier]), bgtext.Key(q)
				switch {
				case best[tier] == "",
					strings.HasPrefix(kq, kb) && len(q) > len(best[tier]) && (pass == 0 || !whole[tier]):
					// a longer wording of the same name; in the headings only
					// one that completes a name the body left open
					best[tier], whole[tier] = q, closed
				}
			}
		}
		if pass == 0 && (best[0] != "" && !whole[0] || best[0] == "" && best[1] != "" && !whole[1]) {
			continue // the body left the name open: a heading may print it whole
		}
		for _, b := range best {
			if b != "" {
				return cleanTitle(b)
			}
		}
	}
	for _, b := range best {
		if b != "" {
			return cleanTitle(b)
		}
	}
	return ""
}

// continued returns the text of ls[i] with the lines that continue it: a
// lead ending with ":" and the name on the next line ("Предложение за
// изпълнение на инвестиция:" / "„Енергийно обновяване …"), or a quoted name
// left open and closed on a next line (a name broken by <br> or <p>).
func continued(ls []block, i int) string {
	s := ls[i].text
	for k := i + 1; k < len(ls) && k <= i+2; k++ {
		if !strings.HasSuffix(s, ":") && !bgtext.OpenQuote(s) {
			break
		}
		if ls[k].label != "" || len(ls[k].text) > 300 || len(s) > 600 {
			break
		}
		s += " " + ls[k].text
	}
	return s
}

// labelTitle reads the name from its label or column: "Наименование на
// проекта", "Проект", "Обект", "Project".
func labelTitle(ls []block) string {
	for _, l := range ls {
		lbl, val := l.label, l.value
		if val == "" {
			if a, b, ok := inlineLabel(l.text); ok {
				lbl, val = a, b
			}
		}
		ll := strings.TrimSpace(strings.TrimRight(bgtext.Lower(lbl), ": "))
		if val != "" && titleLabel(ll) {
			return cleanTitle(val)
		}
	}
	return ""
}

// titleLabel: a label or column header over the project's name, not over
// its value, number, code, term or programme.
func titleLabel(ll string) bool {
	if bgtext.ContainsAny(ll, bgtext.NotTitleLabels...) {
		return false
	}
	return bgtext.ContainsAny(ll, bgtext.TitleLabels...) || ll == "име" ||
		strings.HasPrefix(ll, "проект") || strings.HasPrefix(ll, "обект") || strings.HasPrefix(ll, "project") || strings.HasPrefix(ll, "name")
}

// rowTitle: in a listing row without a name column, the longest text
// cell that is not a number, code, amount or date names the project.
func rowTitle(ls []block) string {
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
		k := bgtext.Key(c)
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
func headingTitle(ls []block, pageTitle string) string {
	pt := bgtext.Key(pageTitle)
	for _, l := range ls {
		if l.heading > 0 && len([]rune(l.text)) > 15 && strings.Contains(pt, bgtext.Key(l.text)) && !genericSection(l.text) {
			return cleanTitle(l.text)
		}
	}
	for i, l := range ls {
		if bgtext.Key(l.text) == "проект" && i+1 < len(ls) && len([]rune(ls[i+1].text)) > 15 {
			return cleanTitle(ls[i+1].text)
		}
	}
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 && len([]rune(l.text)) > 15 && !genericSection(l.text) {
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
	return bgtext.HasLetter(t)
}

// genericSection: a page title that names a section of the site, not a
// project ("Проекти", "Новини", "Начало", "Европейски проекти").
func genericSection(t string) bool {
	k := bgtext.Key(t)
	if k == "" {
		return true
	}
	for _, w := range []string{"проекти", "новини", "начало", "актуално", "събития", "съобщения", "обяви", "програми",
		"европейскипроекти", "проектиипрограми", "общинскипроекти", "реализиранипроекти", "текущипроекти",
		"оперативнипрограми", "европейскипрограми", "новиниисъбития", "home", "news", "projects",
		"проектипоевропейскипрограми", "проектисевропейскофинансиране", "проектиизпълняваниотобщината",
		"изпълнениипроекти", "проективизпълнение", "приключилипроекти", "европейскифондове", "еврофондове"} {
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
	if strings.Contains(bgtext.Lower(t[last[1]:]), "община") {
		return strings.TrimSpace(t[:last[0]])
	}
	if strings.Contains(bgtext.Lower(t[:first[0]]), "община") {
		return strings.TrimSpace(t[first[1]:])
	}
	return t
}

func quoteLen(s string, end int) int {
	_, n := utf8.DecodeLastRuneInString(s[:end])
	return n
}

// cleanTitle drops a leading "Проект", a contract label before the name
// ("Договор № BG… – «Име»", "Проект BG… „Име“", "№ BG… „Име“") and the
// outer quotes. A title that is only a code or a number names nothing: "".
func cleanTitle(s string) string {
	s = strings.TrimSpace(s)
	if rest, ok := afterCodeLabel(s); ok {
		s = rest
	}
	s = bgtext.StripMarker(s) // "1. Проект „…“"
	ls := bgtext.Lower(s)
	if strings.HasPrefix(ls, "проект ") || strings.HasPrefix(ls, "проект:") {
		s = strings.TrimSpace(s[len("проект")+1:])
	}
	s = bgtext.StripMarker(s)
	s = bgtext.TrimQuotes(s)
	s = strings.TrimRight(s, " .,;:")
	if onlyCode(s) {
		return ""
	}
	return s
}

// codeLabelRe is a contract or project label with its number before a
// name: "Договор № BG16RFOP001-2.001-0010-C01 -", "Административен договор
// за БФП №", "Проект BG05M9OP001-6.002-0049", "№ BG…", then an optional
// "за реализация на проект:".
var codeLabelRe = regexp.MustCompile(`(?i)^(?:(?:административен\s+)?договор(?:\s+за\s+(?:безвъзмездна\s+финансова\s+помощ|бфп))?|проект|контракт)?\s*(?:№|No\.?)?\s*[.:]?\s*`)

// afterCodeLabel returns the name after a contract label and number, when
// s starts with one and a name follows.
func afterCodeLabel(s string) (string, bool) {
	m := codeLabelRe.FindStringIndex(s)
	if m == nil || m[1] == 0 {
		return "", false
	}
	rest := s[m[1]:]
	ts := codeTokens(rest)
	if len(ts) == 0 || ts[0][0] != 0 || !strings.ContainsAny(rest[:ts[0][1]], "-/.") {
		return "", false
	}
	rest = strings.TrimLeft(rest[ts[0][1]:], " -–—:,")
	if lr := bgtext.Lower(rest); strings.HasPrefix(lr, "за реализация на проект") || strings.HasPrefix(lr, "за изпълнение на проект") {
		rest = strings.TrimLeft(rest[strings.Index(lr, "проект")+len("проект"):], " :")
	}
	if r, _ := utf8.DecodeRuneInString(rest); !bgtext.IsAnyQuote(r) && r != '“' {
		return "", false // "Договор № … от 12.05.2019 г." names nothing
	}
	if qs := bgtext.QuotedNames(rest); len(qs) > 0 {
		return qs[0], true
	}
	return rest, true
}

// onlyCode: s is a code or a number and nothing else ("BG-RRP-4.023-1339-C01").
func onlyCode(s string) bool {
	ts := codeTokens(s)
	return len(ts) == 1 && ts[0][0] == 0 && ts[0][1] == len(s)
}

// noCyrillic: s has letters, none of them Cyrillic.
func noCyrillic(s string) bool {
	letters := false
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return false
		}
		letters = letters || unicode.IsLetter(r)
	}
	return letters
}

// mostlyCyrillic: most letters of the lines are Cyrillic (a Bulgarian text,
// whatever English or Serbian Latin box it holds).
func mostlyCyrillic(ls []block) bool {
	cyr, all := 0, 0
	for _, l := range ls {
		for _, r := range l.text {
			if unicode.IsLetter(r) {
				all++
				if unicode.Is(unicode.Cyrillic, r) {
					cyr++
				}
			}
		}
	}
	return cyr*2 > all
}
