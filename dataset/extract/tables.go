package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A data table holds no other table; layout tables (the frame of an old
// site) do, and are read as plain blocks.
func isDataTable(t *html.Node) bool {
	stack := []*html.Node{}
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		stack = append(stack, c)
	}
	rows := 0
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Table:
			return false
		case atom.Tr:
			rows++
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			stack = append(stack, c)
		}
	}
	return rows >= 1
}

type cell struct {
	lines  []block
	header bool
	origin bool // the cell's top-left slot (spanned slots repeat the cell)
}

// tableRows returns the <tr> elements of t in order (thead, tbody, tfoot).
func tableRows(t *html.Node) []*html.Node {
	var rows []*html.Node
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Tr:
			rows = append(rows, c)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for r := c.FirstChild; r != nil; r = r.NextSibling {
				if r.Type == html.ElementNode && r.DataAtom == atom.Tr {
					rows = append(rows, r)
				}
			}
		}
	}
	return rows
}

func cellSpan(n *html.Node, name string) int {
	v, err := strconv.Atoi(strings.TrimSpace(attr(n, name)))
	if err != nil || v < 1 {
		return 1
	}
	if v > 50 {
		return 50
	}
	return v
}

// grid lays the cells out with their row and column spans.
func (b *builder) grid(t *html.Node) [][]*cell {
	rows := tableRows(t)
	if len(rows) > 2000 {
		rows = rows[:2000]
	}
	g := make([][]*cell, len(rows))
	for ri, r := range rows {
		col := 0
		for c := r.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode || (c.DataAtom != atom.Td && c.DataAtom != atom.Th) {
				continue
			}
			if chromeIn(b.st, c) {
				continue
			}
			for col < len(g[ri]) && g[ri][col] != nil {
				col++
			}
			ls := b.cellLines(c)
			hdr := c.DataAtom == atom.Th || (len(ls) > 0 && allHeading(ls))
			cl := &cell{lines: ls, header: hdr, origin: true}
			rs, cs := cellSpan(c, "rowspan"), cellSpan(c, "colspan")
			for dr := 0; dr < rs && ri+dr < len(g); dr++ {
				for dc := 0; dc < cs; dc++ {
					row := g[ri+dr]
					for len(row) <= col+dc {
						row = append(row, nil)
					}
					slot := cl
					if dr > 0 || dc > 0 {
						slot = &cell{lines: ls, header: hdr}
					}
					row[col+dc] = slot
					g[ri+dr] = row
				}
			}
			col += cs
		}
	}
	return g
}

func allHeading(ls []block) bool {
	for _, l := range ls {
		if l.heading == 0 {
			return false
		}
	}
	return true
}

func cellText(c *cell) string {
	if c == nil {
		return ""
	}
	parts := make([]string, 0, len(c.lines))
	for _, l := range c.lines {
		parts = append(parts, l.text)
	}
	return strings.Join(parts, " ")
}

// table emits the lines of a data table: "label: value" lines for a
// definition table (label column) or a table with a header row, one row id
// per data row when the table lists several rows.
func (b *builder) table(t *html.Node) {
	g := b.grid(t)
	hdrRows := 0
	for hdrRows < len(g) && rowIsHeader(g[hdrRows]) && !(hdrRows > 0 && groupRow(g[hdrRows], width(g))) {
		hdrRows++
	}
	if hdrRows > 0 && hdrRows < len(g) && width(g) >= 2 && !(width(g) == 2 && labelColumn(g[hdrRows:])) {
		b.headerTable(g, hdrRows)
		return
	}
	// header rows over a one-column or label-column table are read as
	// text: a dated headline row ("20.06.2011 Започна строителството")
	// looks like a header but heads a news item
	listing := contractRows(g)
	for _, row := range g {
		if listing {
			b.rowID++
			b.curRow = b.rowID
		}
		b.cellID++
		cells := originCells(row)
		if len(cells) == 3 && rowNumberCell(cells[0]) {
			cells = cells[1:] // "3 | Размер на БФП | 1 406 221,10 лв."
		}
		if len(cells) == 2 && isLabelCell(cells[0]) {
			b.defRow(cellText(cells[0]), cells[1].lines)
			continue
		}
		for _, c := range cells {
			b.cellID++
			b.emitCell(c.lines, "")
		}
	}
	b.curRow = 0
}

// contractRows: a table without column headers whose rows name two or more
// different grant contracts, each row one, is a list of projects: a row is
// a record ("Договор № … – «Име на проекта»" rows linking to each project).
func contractRows(g [][]*cell) bool {
	seen := map[string]bool{}
	with := 0
	for _, row := range g {
		var ls []block
		for _, c := range originCells(row) {
			ls = append(ls, c.lines...)
		}
		cs, _ := codes(ls)
		switch {
		case len(cs) == 0:
			continue
		case len(cs) > 1 || seen[projectOf(cs[0])]:
			// a row's two contracts, or an annex's row under its
			// contract's ("Анекс № 1 | …-C02"): one project's fact box
			return false
		}
		seen[projectOf(cs[0])] = true
		with++
	}
	return with >= 2
}

// labelColumn: every row of a two-column table starts with a label cell
// ("Показател | Стойност" over "Обща стойност | 100 лв." rows).
func labelColumn(rows [][]*cell) bool {
	for _, r := range rows {
		cs := originCells(r)
		if len(cs) == 2 && !isLabelCell(cs[0]) {
			return false
		}
	}
	return true
}

func width(g [][]*cell) int {
	w := 0
	for _, r := range g {
		if len(r) > w {
			w = len(r)
		}
	}
	return w
}

func rowIsHeader(row []*cell) bool {
	n := 0
	for _, c := range row {
		if c == nil || len(c.lines) == 0 {
			continue
		}
		if !c.header {
			if numberHeader(cellText(c)) {
				continue // "<b>№</b>": no letters to be a heading, but a column's
			}
			return false
		}
		n++
	}
	return n > 0
}

// groupRow: a row of one cell across a table of three or more columns —
// the heading of the rows below it (a programme, a year), not a row.
func groupRow(row []*cell, w int) bool {
	cells := originCells(row)
	if len(cells) != 1 || w < 3 {
		return false
	}
	n := 0
	for _, c := range row {
		if c == cells[0] || c != nil && !c.origin && cellText(c) == cellText(cells[0]) {
			n++
		}
	}
	return n == w
}

// numberHeader: the header of a table's numbering column ("№", "No",
// "#", "№ по ред").
func numberHeader(t string) bool {
	switch strings.TrimRight(strings.TrimSpace(bgtext.Lower(t)), ".:") {
	case "№", "no", "n", "#", "№ по ред", "по ред", "пор. №", "№ по":
		return true
	}
	return false
}

func originCells(row []*cell) []*cell {
	var out []*cell
	for _, c := range row {
		if c != nil && c.origin && len(c.lines) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// rowNumberCell: a cell that only numbers its row ("3", "3.", "№").
func rowNumberCell(c *cell) bool {
	t := strings.TrimRight(strings.TrimSpace(cellText(c)), ".")
	if t == "№" || t == "No" {
		return true
	}
	if t == "" || len(t) > 3 {
		return false
	}
	for _, r := range t {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// isLabelCell: a short text without a full stop, like "Обща стойност" or "Начална дата".
func isLabelCell(c *cell) bool {
	t := cellText(c)
	if t == "" || len([]rune(t)) > 90 || len(c.lines) > 2 {
		return false
	}
	return !strings.HasSuffix(t, ".") || len([]rune(t)) < 40 || abbrevEndRe.MatchString(t)
}

// abbrevEndRe is an abbreviation at a text's end, not a full stop:
// "… след Анекс № 2 от 05 юни 2022 г.", "… (в лв.)".
var abbrevEndRe = regexp.MustCompile(`(?:\d|\s)(?:г|лв|бр|гр)\.\)?$`)

func (b *builder) defRow(label string, value []block) {
	label = strings.TrimRight(strings.TrimSpace(label), ":")
	if len(value) == 1 {
		v := value[0].text
		b.lines = append(b.lines, block{text: label + ": " + v, label: label, value: v, cell: b.cellID, item: b.depth.item, row: b.curRow, group: b.group})
		return
	}
	b.lines = append(b.lines, block{text: label, heading: 7, label: label, cell: b.cellID, item: b.depth.item, row: b.curRow, group: b.group})
	b.emitCell(value, label)
}

func (b *builder) emitCell(ls []block, label string) {
	for _, l := range ls {
		l.cell = b.cellID
		l.row = b.curRow
		if b.depth.item != 0 {
			l.item = b.depth.item
		}
		if b.group != 0 {
			l.group = b.group
		}
		if label != "" && l.label == "" {
			l.label = label
		}
		b.lines = append(b.lines, l)
	}
}

// headerTable reads a table whose first rows are column headers.
func (b *builder) headerTable(g [][]*cell, hdrRows int) {
	w := width(g)
	labels := make([]string, w)
	for c := 0; c < w; c++ {
		var parts []string
		var last *cell
		for r := 0; r < hdrRows; r++ {
			if c < len(g[r]) && g[r][c] != nil {
				t := cellText(g[r][c])
				if t != "" && (last == nil || cellText(last) != t) {
					parts = append(parts, t)
				}
				last = g[r][c]
			}
		}
		labels[c] = strings.Join(parts, " ")
	}
	listing := len(g)-hdrRows >= 2
	section := ""
	for _, row := range g[hdrRows:] {
		if groupRow(row, w) {
			// "Програма за развитие на селските райони 2014 – 2020 г."
			// across the table: it heads the rows below it, until the next
			cl := originCells(row)[0]
			section = cellText(cl)
			b.cellID++
			b.lines = append(b.lines, block{text: section, heading: 7, cell: b.cellID, item: b.depth.item, group: b.group})
			continue
		}
		if listing {
			b.rowID++
			b.curRow = b.rowID
		}
		for c, cl := range row {
			if cl == nil || !cl.origin || len(cl.lines) == 0 {
				continue
			}
			b.cellID++
			label := strings.TrimRight(labels[c], ": ")
			v := cellText(cl)
			if n := len(cl.lines); n > 1 && titleLabel(bgtext.Lower(label)) {
				if last := strings.TrimSpace(cl.lines[n-1].text); strings.HasPrefix(last, "(") && strings.HasSuffix(last, ")") {
					// "Ремонт на читалището<br><small>(чрез МИГ „Разлог“)</small>":
					// a note under the name is not the name
					v = cellText(&cell{lines: cl.lines[:n-1]})
				}
			}
			if label == "" || label == "№" || label == "No" {
				b.emitCell(cl.lines, "")
				continue
			}
			b.lines = append(b.lines, block{text: label + ": " + v, label: label, value: v, cell: b.cellID, item: b.depth.item, row: b.curRow, group: b.group, section: section})
		}
	}
	b.curRow = 0
}
