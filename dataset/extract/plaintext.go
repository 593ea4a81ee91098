package extract

import (
	"bytes"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// Plain text. A page may come as the text a reader copied from it (a
// browser's rendering: one block per line, table cells separated by tabs),
// served as text/plain or saved without markup. Its lines are read as the
// blocks of a page: each non-empty line a paragraph, runs of tabbed lines a
// table, the whole the page's main content.

// markupRe finds an HTML tag of the kinds every page has.
var markupRe = regexp.MustCompile(`(?i)<(?:!doctype|html|head|body|div|p|br|table|tr|td|span|a|h[1-6]|ul|ol|li|meta|title|script|style|font|b|strong|section|article|main)[\s>/]`)

// plainText: the page is text, not markup — its Content-Type says so, or it
// holds no tag.
func plainText(contentType string, text []byte) bool {
	if ct := strings.ToLower(strings.TrimSpace(contentType)); strings.HasPrefix(ct, "text/plain") {
		return true
	} else if ct != "" && !strings.HasPrefix(ct, "text/html") && !strings.Contains(ct, "xml") {
		return false
	}
	return !markupRe.Match(text)
}

// textAsHTML writes plain text as a page: a paragraph per line, a table for
// each run of lines whose cells are separated by tabs (its leading rows of
// labels its header; a line without tabs between two rows a group row across
// it, or the rest of a cell the copy broke in two).
func textAsHTML(text []byte) []byte {
	var lines []textLine
	for _, line := range strings.Split(string(text), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(strings.ReplaceAll(line, "\u00a0", " ")) == "" {
			continue
		}
		line = gluedDateRe.ReplaceAllString(line, "$1 $2")
		tl := textLine{text: strings.TrimSpace(line), cells: tabCells(line)}
		if tl.cells != nil && slices.ContainsFunc(tl.cells, controlText) {
			continue // "Показване на № | 20": a form's labels and values
		}
		if tl.text == "" || controlText(tl.text) {
			continue // "Показване на №", "Филтриране по заглавие": a form's labels
		}
		lines = append(lines, tl)
	}
	// "Програма: ПОС 2021 – 2027": a fact's label and value on one line,
	// one row of two cells as a fact box's
	for i := range lines {
		if lines[i].cells != nil {
			continue
		}
		if k := strings.Index(lines[i].text, ":"); k > 0 && k+1 < len(lines[i].text) && factLabelText(lines[i].text[:k]) {
			if v := strings.TrimSpace(lines[i].text[k+1:]); v != "" {
				lines[i].cells = []string{strings.TrimSpace(lines[i].text[:k]), v}
			}
		}
	}
	// "Бенефициент" / "Договор №" / "Обща стойност" / "БФП" over the four
	// values, one a line: a table's header row and its one data row
	// flattened a cell a line — the k labels pair with the k lines after
	for i := 0; i < len(lines); i++ {
		k := 0
		for i+k < len(lines) && lines[i+k].cells == nil && factLabelText(lines[i+k].text) {
			k++
		}
		if k < 2 || i+2*k > len(lines) {
			i += k
			continue
		}
		ok := true
		for j := i + k; j < i+2*k; j++ {
			if lines[j].cells != nil || factLabelText(lines[j].text) || utf8.RuneCountInString(lines[j].text) > 200 {
				ok = false
			}
		}
		if !ok {
			i += k
			continue
		}
		for j := 0; j < k; j++ {
			lines[i+j].cells = []string{strings.TrimRight(lines[i+j].text, ": "), lines[i+k+j].text}
		}
		lines = append(lines[:i+k], lines[i+2*k:]...)
		i += k - 1
	}
	// "Програма" over "ОП „Региони в растеж“ 2014-2020": a fact's label and
	// its value on two lines, as a definition list reads — one row of two
	// cells
	for i := 0; i+1 < len(lines); i++ {
		if lines[i].cells == nil && lines[i+1].cells == nil && factLabelText(lines[i].text) && !factLabelText(lines[i+1].text) &&
			utf8.RuneCountInString(lines[i+1].text) <= 300 && (bgtext.HasDigit(lines[i+1].text) || !dateLabelText(lines[i].text)) {
			lines[i].cells = []string{strings.TrimRight(lines[i].text, ": "), lines[i+1].text}
			lines = append(lines[:i+1], lines[i+2:]...)
		}
	}
	// posts: a headline over its date line ("Приключи обновяването на ДГ
	// „Пролет“" / "18.03.2026 | Прочетена 214 пъти"), two or more of them
	// on the page, as a blog's article titles
	var heads []int
	for i := 1; i < len(lines); i++ {
		if lines[i].cells == nil && lines[i-1].cells == nil && dateLineText(lines[i].text) && !dateLineText(lines[i-1].text) && textFollows(lines, i) &&
			utf8.RuneCountInString(lines[i-1].text) <= 160 && !bgtext.HasMarker(lines[i-1].text) && !valueLabel(lines[i-1]) {
			heads = append(heads, i-1)
		}
	}
	headline := map[int]bool{}
	if len(heads) >= 2 {
		for _, h := range heads {
			headline[h] = true
		}
	}
	head := breadcrumbHead(lines)
	if head < 0 && len(headline) == 0 {
		// no breadcrumb: a single post's headline over its date line
		for i := 1; i < len(lines); i++ {
			if lines[i].cells == nil && dateLineText(lines[i].text) && textFollows(lines, i) {
				if h := lines[i-1]; h.cells == nil && !dateLineText(h.text) && utf8.RuneCountInString(h.text) >= 15 &&
					utf8.RuneCountInString(h.text) <= 200 && !valueLabel(h) && !relatedHead(h.text) && len(bgtext.FindDates(h.text)) == 0 {
					head = i - 1 // (a line with a date of its own is another post's teaser)
				}
				break
			}
		}
	}
	var b bytes.Buffer
	b.Grow(len(text) + len(text)/4 + 64)
	b.WriteString("<html><head>")
	if head >= 0 {
		lines[head].text = strings.TrimSpace(printLinksRe.ReplaceAllString(lines[head].text, ""))
		b.WriteString("<title>" + html.EscapeString(lines[head].text) + "</title>")
	}
	b.WriteString("</head><body><main>")
	for i := 0; i < len(lines); {
		if i == head {
			// the page's heading, under its breadcrumb
			b.WriteString("<h1>")
			b.WriteString(html.EscapeString(lines[i].text))
			b.WriteString("</h1>\n")
			i++
			continue
		}
		if headline[i] {
			b.WriteString(`<h2 class="entry-title">`)
			b.WriteString(html.EscapeString(lines[i].text))
			b.WriteString("</h2>\n")
			i++
			continue
		}
		if i < 5 && len(lines[i].cells) < 2 && dateLineText(lines[i].text) && !headline[max(i-1, 0)] && (!textFollows(lines, i) || i+1 < len(lines) && menuLine(lines[i+1].text)) {
			// "вторник, 17 юни 2025 г." over the site's menu: the header's
			// "today" date, page furniture as a <header> would hold it
			b.WriteString("<header><p>")
			b.WriteString(html.EscapeString(lines[i].text))
			b.WriteString("</p></header>\n")
			i++
			continue
		}
		if len(lines[i].cells) < 2 && dateLineText(lines[i].text) && !(i > 0 && valueLabel(lines[i-1])) && (headline[max(i-1, 0)] || textFollows(lines, i)) {
			// "14.10.2020, 16:45 ч.", "Публикувано на 14 юни 2019": a
			// post's date line, as a page's meta element would hold it
			b.WriteString(`<p class="date">`)
			b.WriteString(html.EscapeString(lines[i].text))
			b.WriteString("</p>\n")
			i++
			continue
		}
		if len(lines[i].cells) < 2 && i*3 > len(lines)*2 && teaserLine(lines[i].text, text) {
			// "12.05.2025 Енергийно обновяване на СУ – договор BG-RRP-…"
			// late on the page, its contract printed nowhere else: a side
			// list's teaser, as an <aside> would hold it
			b.WriteString("<aside><p>")
			b.WriteString(html.EscapeString(lines[i].text))
			b.WriteString("</p></aside>\n")
			i++
			continue
		}
		if len(lines[i].cells) < 2 && i*2 > len(lines) && relatedHead(lines[i].text) {
			// "Последни новини" in the second half of the page: a side
			// list after the article, headed as the page's layout would
			b.WriteString("<h2>")
			b.WriteString(html.EscapeString(lines[i].text))
			b.WriteString("</h2>\n")
			i++
			continue
		}
		if len(lines[i].cells) < 2 {
			b.WriteString("<p>")
			b.WriteString(html.EscapeString(lines[i].text))
			b.WriteString("</p>\n")
			i++
			continue
		}
		if articleIndex(lines[i].cells) {
			// a category's index of its articles ("№ | Заглавие на
			// статията | Посещения"): links, read elsewhere, not rows of data
			var skip bytes.Buffer
			i = writeTable(&skip, lines, i)
			continue
		}
		i = writeTable(&b, lines, i)
	}
	b.WriteString("</main></body></html>")
	return b.Bytes()
}

// textLine is a line of plain text and its tab-separated cells (nil
// without a tab between two texts).
type textLine struct {
	text  string
	cells []string
}

func tabCells(line string) []string {
	if !strings.Contains(strings.Trim(line, "\t "), "\t") {
		return nil
	}
	var cells []string
	for _, c := range strings.Split(line, "\t") {
		if c = strings.TrimSpace(c); c != "" {
			cells = append(cells, c)
		}
	}
	if len(cells) < 2 {
		return nil
	}
	return cells
}

// writeTable writes the table that starts at lines[i] and returns the index
// of the first line after it.
func writeTable(b *bytes.Buffer, lines []textLine, i int) int {
	// two cells: a label and its value, row after row; a wider table has
	// column labels, group rows and broken cells
	wide := len(lines[i].cells) >= 3
	type row struct {
		cells []string
		group bool
	}
	var rows []row
	width := 0
	for i < len(lines) {
		l := lines[i]
		if !wide && l.cells == nil && len(rows) > 0 && i+1 < len(lines) && len(lines[i+1].cells) == 2 && bareValue(l.text) {
			// "Обща стойност | 1 556 193,80 лв. без ДДС" over "1 867 432,56
			// лв. с ДДС": the value cell's second line
			last := &rows[len(rows)-1]
			last.cells[len(last.cells)-1] += " " + l.text
			i++
			continue
		}
		if !wide && len(l.cells) != 2 {
			break // the label/value rows end; a wider table starts anew
		}
		if len(l.cells) < 2 {
			// a line between two rows: the rest of a cell the copy broke,
			// or a group row across the table
			if i+1 >= len(lines) || len(lines[i+1].cells) < 2 {
				break
			}
			rows = append(rows, row{cells: []string{l.text}, group: true})
			i++
			continue
		}
		cells := append([]string(nil), l.cells...)
		if wide && i+1 < len(lines) && width > 0 && len(cells) < width {
			// "4 | Ремонт на читалището" over "(чрез МИГ) | BG06… | …":
			// one row broken inside a cell
			next := lines[i+1]
			rest := next.cells
			if rest == nil {
				rest = []string{next.text}
			}
			if len(cells)+len(rest)-1 == width {
				merged := append(cells[:len(cells)-1:len(cells)-1], cells[len(cells)-1]+" "+rest[0])
				cells = append(merged, rest[1:]...)
				i++
			}
		}
		width = max(width, len(cells))
		rows = append(rows, row{cells: cells})
		i++
	}
	if wide && len(rows) >= 3 && !rows[0].group && !rows[1].group && labelRow(rows[0].cells) && labelRow(rows[1].cells) {
		if h := subHeader(rows[0].cells, rows[1].cells, width); h != nil {
			rows = append([]row{{cells: h}}, rows[2:]...)
		}
	}
	b.WriteString("<table>")
	header := wide
	for _, r := range rows {
		if r.group {
			header = false
			b.WriteString("<tr><td colspan=\"" + strconv.Itoa(max(width, 2)) + "\">" + html.EscapeString(r.cells[0]) + "</td></tr>\n")
			continue
		}
		header = header && labelRow(r.cells)
		tag := "td"
		if header {
			tag = "th"
		}
		b.WriteString("<tr>")
		for _, c := range r.cells {
			b.WriteString("<" + tag + ">" + html.EscapeString(c) + "</" + tag + ">")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</table>\n")
	return i
}

// subHeader merges two header rows whose second row splits the last cells
// of the first ("Стойност, лв." over "без ДДС | с ДДС | в т.ч. БФП",
// "Период" over "начало | край") into one row of width cells: the first
// row's leading cells, then each split cell's name before each of its
// parts, the parts shared out in order, the first cells taking the extra
// one. nil when the widths do not add up.
func subHeader(top, sub []string, width int) []string {
	single := width - len(sub) // columns of the top row that are not split
	parents := len(top) - single
	if single < 0 || parents < 1 || parents > len(sub) {
		return nil
	}
	out := append([]string(nil), top[:single]...)
	k := 0
	for p := 0; p < parents; p++ {
		n := len(sub) / parents
		if p < len(sub)%parents {
			n++
		}
		for j := 0; j < n; j++ {
			out = append(out, top[single+p]+" "+sub[k])
			k++
		}
	}
	return out
}

// labelRow: no cell of the row holds a number of three digits or more — a
// row of column labels, not of data.
func labelRow(cells []string) bool {
	for _, c := range cells {
		n := 0
		for _, r := range c {
			if r >= '0' && r <= '9' {
				if n++; n >= 3 {
					return false
				}
			} else {
				n = 0
			}
		}
	}
	return true
}

// dateLineText: a short line that is a post's date — led by a publication
// label, or one date with at most a weekday and a time around it (not a
// range: "01.03.2021 – 31.08.2022" is a period).
func dateLineText(t string) bool {
	if utf8.RuneCountInString(t) > 60 || !bgtext.HasYear(t) {
		return false
	}
	if publishLead(strings.Fields(bgtext.Lower(t))[0]) || bylineBy(bgtext.Lower(t)) {
		return true
	}
	ds := bgtext.FindDates(t)
	switch {
	case len(ds) == 2 && !strings.ContainsAny(t[ds[0].End:ds[1].Start], "-–—"):
		// a post's date and its update side by side, not a range
		t = t[:ds[1].Start] + t[ds[1].End:]
	case len(ds) != 1:
		return false
	}
	rest := t[:ds[0].Start] + " " + t[ds[0].End:]
	rest = weekdayRe.ReplaceAllString(strings.TrimSpace(rest)+" ", "")
	rest = timeRe.ReplaceAllString(rest, "")
	rest = viewsRe.ReplaceAllString(rest, "") // "| Прочетена 214 пъти"
	rest = strings.Trim(rest, " ,.-–|/чгhи")
	return utf8.RuneCountInString(rest) <= 3
}

// gluedDateRe is a date glued to the year of the one before it — a post's
// date and its update copied from two adjacent elements ("26.11.202110.01.2022",
// "14 юни 201917 юни 2019").
var gluedDateRe = regexp.MustCompile(`((?:\d{1,2}[./]\d{1,2}[./]|\p{L}\s)(?:19|20)\d\d)(\d{1,2}(?:[./]\d{1,2}[./]|\s\p{L}+\s)(?:19|20)\d\d)`)

// relatedHead: the line names a list of other news or projects beside the
// article ("Последни новини", "Още новини", "Други проекти").
func relatedHead(t string) bool {
	if utf8.RuneCountInString(t) > 40 {
		return false
	}
	k := strings.TrimRight(bgtext.Lower(t), " :.…»>")
	switch k {
	case "новини", "актуално", "събития", "news":
		return true // a list of news after the article (the caller looks only there)
	}
	for _, h := range bgtext.RelatedHeads {
		if k == h {
			return true
		}
	}
	return (strings.HasPrefix(k, "други ") || strings.HasPrefix(k, "още ") || strings.HasPrefix(k, "other ")) &&
		(strings.Contains(k, "проект") || strings.Contains(k, "project") || strings.Contains(k, "новини"))
}

// controlText: the label of a page's control as a copy of its text holds it
// ("Показване на №", "Филтриране по заглавие", "Увеличи шрифта"): never
// content.
func controlText(t string) bool {
	if utf8.RuneCountInString(t) > 40 {
		return false
	}
	lt := bgtext.Lower(strings.TrimSpace(t))
	for _, w := range bgtext.ControlWords {
		if strings.HasPrefix(lt, w) {
			return true
		}
	}
	return false
}

// articleIndex: the header of a CMS's list of articles (their titles with
// hits, authors or dates).
func articleIndex(cells []string) bool {
	for _, c := range cells {
		switch strings.TrimSpace(bgtext.Lower(c)) {
		case "посещения", "прегледи", "преглеждания", "hits", "views", "заглавие на статията", "автор":
			return true
		}
	}
	return false
}

// teaserLine: a short line that links to another page about a project — a
// date or a separator dot with a title and a contract number the page
// prints only there.
func teaserLine(t string, page []byte) bool {
	if utf8.RuneCountInString(t) > 160 || !bgtext.HasDigit(t) {
		return false
	}
	_, _, dated := leadDate(t)
	if !dated && !strings.Contains(t, " · ") && !strings.Contains(t, " | ") {
		return false
	}
	for _, m := range bgtext.FindCodeMatches(t) {
		if m.Kind == bgtext.KindContract && bytes.Count(page, []byte(m.Raw)) == 1 {
			return true
		}
	}
	return false
}

// viewsRe is a post's view counter beside its date.
var viewsRe = regexp.MustCompile(`(?i)(?:прочетена|прочетено|преглеждания|прегледи|посещения|видяна|views|hits)\s*:?\s*[\d\s]+(?:пъти)?`)

// valueLabel: the line labels the value on the next line ("Крайна дата",
// "Срок за изпълнение:", "Начало"): the date under it is that value.
func valueLabel(l textLine) bool {
	if l.cells != nil || utf8.RuneCountInString(l.text) > 60 || bgtext.HasDigit(l.text) {
		return false
	}
	lt := bgtext.Lower(l.text)
	return strings.HasSuffix(strings.TrimSpace(lt), ":") || periodLabel(l.text) ||
		bgtext.ContainsAny(lt, "дата", "срок", "начал", "край", "период", "промяна", "актуализ", "редакция", "обновен",
			"date", "start", "end", "updated", "modified")
}

// textFollows: running text (a line of 80 letters or more) comes within
// the three lines after lines[i] — a post's date line, not the "today" date
// of a site's header over its menu.
func textFollows(lines []textLine, i int) bool {
	for k := i + 1; k < len(lines) && k <= i+3; k++ {
		if utf8.RuneCountInString(lines[k].text) >= 80 && runningText(lines[k].text) {
			return true
		}
	}
	return false
}

// runningText: most words of t start in lower case — a sentence, not a
// menu ("НАЧАЛО ОБЩИНАТА …", "Начало Общината Администрация …").
func runningText(t string) bool {
	lower, all := 0, 0
	for _, w := range strings.Fields(t) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) {
			all++
			if unicode.IsLower(r) {
				lower++
			}
		}
	}
	return lower*2 > all
}

// breadcrumbSeps end or separate the parts of a breadcrumb.
const breadcrumbSeps = "/»>›" // not "|": menus use it

// breadcrumbHead finds the page's heading in plain text: the line under its
// breadcrumb ("Начало / Бюджет и финанси / Отчет 2024", "Вие сте тук:" over
// "Начало /" and "Проекти /", "Вие сте тук: Начало ОПАК-ОПР …"). -1 when
// the page has no breadcrumb.
func breadcrumbHead(lines []textLine) int {
	for i := 0; i < len(lines)*3/5; i++ {
		lt := bgtext.Lower(lines[i].text)
		if lines[i].cells != nil || !(strings.HasPrefix(lt, "вие сте тук") || strings.HasPrefix(lt, "you are here") ||
			(strings.HasPrefix(lt, "начало") || strings.HasPrefix(lt, "home")) && strings.ContainsAny(lt, breadcrumbSeps)) {
			continue
		}
		// the last crumb printed again as the heading: "Проекти" /
		// "Национални програми" / "Улично осветление" / "Улично осветление"
		for k := i + 1; strings.TrimRight(lt, " :") == "вие сте тук" && k+1 < len(lines) && k <= i+8; k++ {
			if lines[k].cells == nil && lines[k].text == lines[k+1].text && !homeCrumb(lines[k].text) {
				return k + 1
			}
		}
		j := i
		for j+1 < len(lines) && (crumbEnd(lines[j].text) || strings.TrimRight(lt, " :") == "вие сте тук" && j == i) {
			j++
		}
		if j == i || !crumbEnd(lines[j-1].text) {
			j = i // one line: the heading is the next
		}
		h := j + 1
		if h >= len(lines) || lines[h].cells != nil || dateLineText(lines[h].text) || utf8.RuneCountInString(lines[h].text) > 200 ||
			relatedHead(lines[h].text) || homeCrumb(lines[h].text) {
			return -1
		}
		return h
	}
	return -1
}

// crumbEnd: the line ends with a breadcrumb's separator ("Начало /").
func crumbEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(s))
	return strings.ContainsRune(breadcrumbSeps, r)
}

// printLinksRe is the print and e-mail links a CMS puts beside a heading
// ("Встъпителна пресконференция Печат Е-поща").
var printLinksRe = regexp.MustCompile(`(?i)(?:\s+(?:печат|е-поща|email|e-mail|print|pdf|сподели))+\s*$`)

// factLabelText: the line is only a fact's label ("Програма", "Договор №",
// "Обща стойност (лв.)", "Крайна дата:"), not a list's heading.
func factLabelText(t string) bool {
	if utf8.RuneCountInString(t) > 40 {
		return false
	}
	k := strings.TrimSpace(strings.TrimRight(bgtext.Lower(t), ": "))
	k = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(k, "№"), "(лв.)"), "(евро)"))
	return bgtext.TextFactLabels[k]
}

// dateLabelText: a label whose value is a date or a term ("Начало",
// "Край", "Срок"): without a digit under it, it is a menu's "Начало" or
// a heading.
func dateLabelText(t string) bool {
	k := strings.TrimSpace(strings.TrimRight(bgtext.Lower(t), ": "))
	return k == "начало" || k == "край" || k == "срок" || k == "период" || strings.Contains(k, "дата") || k == "продължителност"
}

// homeCrumb: the breadcrumb's first crumb, the home page.
func homeCrumb(t string) bool {
	k := strings.TrimSpace(strings.TrimRight(bgtext.Lower(t), " /»>›"))
	return k == "начало" || k == "home" || k == "начална страница"
}

// menuLine: a line of a site's menu — three or more words, most of them
// capitalized ("Начало | Общината | Кмет | Общински съвет", "НАЧАЛО
// ОБЩИНАТА КМЕТ").
func menuLine(t string) bool {
	return len(strings.Fields(t)) >= 3 && !runningText(t)
}
