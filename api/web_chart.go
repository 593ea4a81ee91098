package api

import (
	"html"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/opendata-bg/opendata/dataset"
)

// The charts of money by year and by programme: SVG written on the server
// (no script), each with the table of its figures behind it for screen
// readers (the picture itself is hidden from them).

// chartView is one chart with its table.
type chartView struct {
	ID     string // the figure's id, for the caption and the table
	Title  string
	Unit   string // the column head of the amounts
	Bars   []chartBar
	SVG    template.HTML
	KeyCol string // the column head of the groups
}

// chartBar is one group: a year or a programme.
type chartBar struct {
	Key      string // the stats' key: 2019, OPRG, unknown
	Label    string // what the chart and the table say
	Code     string // the programme's code, shown beside its name
	Projects string
	Money    string  // the full amount
	Short    string  // the amount in short (12,3 млн. €)
	EUR      float64 // the amount
}

// yearChart is the column chart of money by year, oldest first, the
// projects with no year last.
func yearChart(c *catalog, id string, groups []dataset.GroupStat) *chartView {
	if len(groups) == 0 {
		return nil
	}
	g := slices.Clone(groups)
	slices.SortStableFunc(g, func(a, b dataset.GroupStat) int {
		if (a.Key == "unknown") != (b.Key == "unknown") {
			if a.Key == "unknown" {
				return 1
			}
			return -1
		}
		return strings.Compare(a.Key, b.Key)
	})
	v := &chartView{ID: id, Title: c.T("chart.by_year"), KeyCol: c.T("chart.year"), Unit: c.T("chart.eur")}
	for _, x := range g {
		label := x.Key
		if x.Key == "unknown" {
			label = c.T("chart.no_year")
		}
		v.Bars = append(v.Bars, newBar(c, x, label, ""))
	}
	v.SVG = columnsSVG(c, v.Bars)
	return v
}

// programmeChart is the bar chart of money by programme, largest first.
func programmeChart(c *catalog, id string, groups []dataset.GroupStat) *chartView {
	if len(groups) == 0 {
		return nil
	}
	g := slices.Clone(groups)
	slices.SortStableFunc(g, func(a, b dataset.GroupStat) int {
		if a.BudgetEUR != b.BudgetEUR {
			if a.BudgetEUR > b.BudgetEUR {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
	v := &chartView{ID: id, Title: c.T("chart.by_programme"), KeyCol: c.T("facet.programme"), Unit: c.T("chart.eur")}
	for _, x := range g {
		label, code := programmeName(c, x.Key, ""), x.Key
		if x.Key == "unknown" {
			label, code = c.T("chart.no_programme"), ""
		}
		v.Bars = append(v.Bars, newBar(c, x, label, code))
	}
	v.SVG = barsSVG(c, v.Bars)
	return v
}

func newBar(c *catalog, g dataset.GroupStat, label, code string) chartBar {
	eur := g.BudgetEUR
	return chartBar{Key: g.Key, Label: label, Code: code, Projects: formatInt(c, int64(g.Projects)),
		Money: formatMoney(c, &eur, "EUR"), Short: shortMoney(c, eur), EUR: eur}
}

// shortMoney writes an amount in euro for an axis or a bar: 12,3 млн. € /
// €12.3M.
func shortMoney(c *catalog, v float64) string {
	unit, div := "", 1.0
	switch a := math.Abs(v); {
	case a >= 1e9:
		unit, div = "bn", 1e9
	case a >= 1e6:
		unit, div = "m", 1e6
	case a >= 1e3:
		unit, div = "k", 1e3
	}
	x := v / div
	prec := 1
	if unit == "" || math.Abs(x) >= 100 || x == math.Trunc(x) {
		prec = 0
	}
	s := strconv.FormatFloat(x, 'f', prec, 64)
	if c.lang == langBG {
		s = strings.Replace(s, ".", ",", 1)
	}
	return c.T("money.short."+unitKey(unit), s)
}

func unitKey(unit string) string {
	if unit == "" {
		return "one"
	}
	return unit
}

// niceMax rounds v up to 1, 2, 2.5 or 5 times a power of ten, so that the
// axis has round ticks; 1 for nothing.
func niceMax(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*p >= v*(1-1e-12) {
			return m * p
		}
	}
	return 10 * p
}

func maxEUR(bars []chartBar) float64 {
	m := 0.0
	for _, b := range bars {
		m = max(m, b.EUR)
	}
	return m
}

// svgNum writes a coordinate.
func svgNum(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func esc1(s string) string { return html.EscapeString(s) }

// Geometry of the column chart (viewBox units).
const (
	colW, colH              = 400.0, 200.0
	colLeft, colTop, colBot = 58.0, 10.0, 24.0
)

// columnsSVG draws one column per bar, with four ticks on the axis. Each
// column carries its key and amount (data-key, data-eur) and a tooltip.
func columnsSVG(c *catalog, bars []chartBar) template.HTML {
	top := niceMax(maxEUR(bars))
	plotH := colH - colTop - colBot
	var b strings.Builder
	b.WriteString(`<svg class="chart-svg" viewBox="0 0 ` + svgNum(colW) + ` ` + svgNum(colH) + `" aria-hidden="true" focusable="false" data-max="` +
		strconv.FormatFloat(top, 'f', -1, 64) + `" data-plot="` + svgNum(plotH) + `">`)
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		y := colTop + plotH - plotH*float64(i)/4
		b.WriteString(`<line class="grid" x1="` + svgNum(colLeft) + `" x2="` + svgNum(colW) + `" y1="` + svgNum(y) + `" y2="` + svgNum(y) + `"/>`)
		b.WriteString(`<text class="tick" x="` + svgNum(colLeft-4) + `" y="` + svgNum(y+4) + `" text-anchor="end">` + esc1(shortMoney(c, v)) + `</text>`)
	}
	slot := (colW - colLeft - 4) / float64(len(bars))
	every := int(math.Ceil(32 / slot)) // a label needs about 32 units
	for i, bar := range bars {
		h := plotH * bar.EUR / top
		x := colLeft + 2 + slot*float64(i)
		w := min(slot*0.7, 40)
		cls, axis := "bar", bar.Label
		if bar.Key == "unknown" {
			cls, axis = cls+" none", "—"
		}
		b.WriteString(`<rect class="` + cls + `" x="` + svgNum(x+(slot-w)/2) + `" y="` + svgNum(colTop+plotH-h) + `" width="` +
			svgNum(w) + `" height="` + svgNum(h) + `" data-key="` + esc1(bar.Key) + `" data-eur="` +
			strconv.FormatFloat(bar.EUR, 'f', -1, 64) + `"><title>` + esc1(bar.Label+": "+bar.Money+" · "+c.T("chart.projects.n", bar.Projects)) + `</title></rect>`)
		if i%every == 0 || i == len(bars)-1 && bar.Key == "unknown" {
			b.WriteString(`<text class="lbl" x="` + svgNum(x+slot/2) + `" y="` + svgNum(colH-6) + `" text-anchor="middle">` + esc1(axis) + `</text>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec: every text is escaped above
}

// Geometry of the bar chart.
const (
	barW, barRow, barTrack = 400.0, 38.0, 290.0
)

// barsSVG draws one horizontal bar per group, its name above it and its
// amount after it.
func barsSVG(c *catalog, bars []chartBar) template.HTML {
	top := niceMax(maxEUR(bars))
	h := barRow*float64(len(bars)) + 4
	var b strings.Builder
	b.WriteString(`<svg class="chart-svg" viewBox="0 0 ` + svgNum(barW) + ` ` + svgNum(h) + `" aria-hidden="true" focusable="false" data-max="` +
		strconv.FormatFloat(top, 'f', -1, 64) + `" data-plot="` + svgNum(barTrack) + `">`)
	for i, bar := range bars {
		y := barRow * float64(i)
		w := barTrack * bar.EUR / top
		name := bar.Label
		if bar.Code != "" && bar.Code != bar.Label {
			name += " (" + bar.Code + ")"
		}
		b.WriteString(`<text class="lbl" x="0" y="` + svgNum(y+14) + `">` + esc1(shorten(name, 56)) + `</text>`)
		cls := "bar"
		if bar.Key == "unknown" {
			cls += " none"
		}
		b.WriteString(`<rect class="` + cls + `" x="0" y="` + svgNum(y+19) + `" width="` + svgNum(w) + `" height="14" data-key="` +
			esc1(bar.Key) + `" data-eur="` + strconv.FormatFloat(bar.EUR, 'f', -1, 64) + `"><title>` +
			esc1(name+": "+bar.Money+" · "+c.T("chart.projects.n", bar.Projects)) + `</title></rect>`)
		b.WriteString(`<text class="val" x="` + svgNum(w+6) + `" y="` + svgNum(y+31) + `">` + esc1(bar.Short) + `</text>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // #nosec: every text is escaped above
}
