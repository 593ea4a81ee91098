package api

import (
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/opendata-bg/opendata/dataset"
)

// TestChartsMatchStats checks the charts of the front page and of every
// municipality's page, value by value, against /api/v1/stats: the table
// behind each chart has one row per group with its projects and money, and
// each bar has the group's amount and the length the axis gives it.
func TestChartsMatchStats(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the sample sites; skipped with -short")
	}
	base := getCrawlFixture(t).srv.URL
	for _, lang := range []string{langBG, langEN} {
		var st dataset.Stats
		getJSON(t, base, "/api/v1/stats", &st)
		doc := parseHTML(t, getPage(t, base, "/?lang="+lang))
		checkCharts(t, "front page ("+lang+")", lang, doc, st)

		var munis struct {
			Municipalities []dataset.MunicipalityStat `json:"municipalities"`
		}
		getJSON(t, base, "/api/v1/municipalities", &munis)
		// The pages are about the municipalities with projects; the API also
		// lists the sites that gave none (their coverage).
		munis.Municipalities = slices.DeleteFunc(munis.Municipalities, func(m dataset.MunicipalityStat) bool { return m.Projects == 0 })
		if len(munis.Municipalities) < 10 {
			t.Fatalf("only %d municipalities", len(munis.Municipalities))
		}
		list := parseHTML(t, getPage(t, base, "/municipalities?lang="+lang))
		rows := findAll(list, func(n *html.Node) bool { return n.Data == "tr" && len(findAll(n, isTD)) > 0 })
		if len(rows) != len(munis.Municipalities) {
			t.Errorf("/municipalities lists %d, the API %d", len(rows), len(munis.Municipalities))
		}
		for i, m := range munis.Municipalities {
			if i < len(rows) {
				cells := findAll(rows[i], isTD)
				if len(cells) != 2 || textOf(cells[0]) != wantInt(lang, m.Projects) || textOf(cells[1]) != wantMoney(lang, m.BudgetEUR, "EUR") {
					t.Errorf("/municipalities row %d: %q, want %s %d %.2f", i, textOf(rows[i]), m.Municipality, m.Projects, m.BudgetEUR)
				}
			}
			if m.Municipality == "unknown" {
				continue
			}
			where := m.Municipality + " (" + lang + ")"
			var ms dataset.Stats
			getJSON(t, base, "/api/v1/stats?municipality="+url.QueryEscape(m.Municipality), &ms)
			if ms.Projects != m.Projects || math.Abs(ms.BudgetEUR-m.BudgetEUR) > 0.005 {
				t.Errorf("%s: stats %d %.2f, the list %d %.2f", where, ms.Projects, ms.BudgetEUR, m.Projects, m.BudgetEUR)
			}
			body := getPage(t, base, municipalityURL(m.Municipality)+"?lang="+lang)
			page := parseHTML(t, body)
			checkCharts(t, where, lang, page, ms)
			lead := findAll(page, func(n *html.Node) bool { return hasClass(n, "lead") })
			if len(lead) != 1 || !strings.Contains(textOf(lead[0]), wantInt(lang, m.Projects)) ||
				!strings.Contains(textOf(lead[0]), wantMoney(lang, m.BudgetEUR, "EUR")) {
				t.Errorf("%s: the summary does not say %d projects worth %.2f", where, m.Projects, m.BudgetEUR)
			}
			checkLargest(t, base, where, page, m.Municipality)
		}
	}
	res, err := getCrawlFixture(t).srv.Client().Get(base + "/municipalities/" + url.PathEscape("Никъде"))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 404 {
		t.Errorf("a municipality with no projects: %d, want 404", res.StatusCode)
	}
}

func isTD(n *html.Node) bool { return n.Data == "td" }

func wantInt(lang string, n int) string { return printers[lang].Sprintf("%d", n) }

// checkLargest: the page lists the municipality's largest projects, as the
// search API orders them by budget.
func checkLargest(t *testing.T, base, where string, page *html.Node, name string) {
	t.Helper()
	var ans struct {
		Results []struct {
			ID string `json:"id"`
		} `json:"results"`
	}
	getJSON(t, base, "/api/v1/projects?sort=-budget&per_page=10&municipality="+url.QueryEscape(name), &ans)
	var want, got []string
	for _, r := range ans.Results {
		want = append(want, projectURL(r.ID))
	}
	for _, card := range findAll(page, func(n *html.Node) bool { return hasClass(n, "hit") }) {
		a := findAll(card, func(n *html.Node) bool { return n.Data == "a" })
		got = append(got, attrsOf(a[0])["href"])
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: the largest projects are %q, the API's %q", where, got, want)
	}
}

// checkCharts compares both charts of a page with the stats.
func checkCharts(t *testing.T, where, lang string, doc *html.Node, st dataset.Stats) {
	t.Helper()
	years := slices.Clone(st.ByYear)
	slices.SortStableFunc(years, func(a, b dataset.GroupStat) int {
		switch {
		case a.Key == "unknown":
			return 1
		case b.Key == "unknown":
			return -1
		}
		return strings.Compare(a.Key, b.Key)
	})
	progs := slices.Clone(st.ByProgramme)
	slices.SortStableFunc(progs, func(a, b dataset.GroupStat) int {
		if a.BudgetEUR != b.BudgetEUR {
			if a.BudgetEUR > b.BudgetEUR {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Key, b.Key)
	})
	checkChart(t, where+" by year", lang, doc, "chart-year", years, "height")
	checkChart(t, where+" by programme", lang, doc, "chart-programme", progs, "width")
}

// checkChart compares one chart (its table and its bars, in order) with
// the groups; size is the attribute of a bar that is its amount.
func checkChart(t *testing.T, where, lang string, doc *html.Node, id string, groups []dataset.GroupStat, size string) {
	t.Helper()
	figs := findAll(doc, func(n *html.Node) bool { return n.Data == "figure" && attrsOf(n)["id"] == id })
	if len(figs) != 1 {
		t.Errorf("%s: %d charts %s", where, len(figs), id)
		return
	}
	rows := findAll(figs[0], func(n *html.Node) bool { return n.Data == "tr" && attrsOf(n)["data-key"] != "" })
	bars := findAll(figs[0], func(n *html.Node) bool { return n.Data == "rect" })
	if len(rows) != len(groups) || len(bars) != len(groups) {
		t.Errorf("%s: %d rows and %d bars for %d groups", where, len(rows), len(bars), len(groups))
		return
	}
	svg := findAll(figs[0], func(n *html.Node) bool { return n.Data == "svg" })[0]
	top, _ := strconv.ParseFloat(attrsOf(svg)["data-max"], 64)
	plot, _ := strconv.ParseFloat(attrsOf(svg)["data-plot"], 64)
	biggest := 0.0
	for _, g := range groups {
		biggest = max(biggest, g.BudgetEUR)
	}
	if top < biggest || biggest > 0 && top > 2.5*biggest || plot <= 0 {
		t.Errorf("%s: the axis goes to %g for a largest amount of %g", where, top, biggest)
	}
	for i, g := range groups {
		cells := findAll(rows[i], isTD)
		if k := attrsOf(rows[i])["data-key"]; k != g.Key || len(cells) != 2 ||
			textOf(cells[0]) != wantInt(lang, g.Projects) || textOf(cells[1]) != wantMoney(lang, g.BudgetEUR, "EUR") {
			t.Errorf("%s: row %d reads %q, the stats %s %d %.2f", where, i, textOf(rows[i]), g.Key, g.Projects, g.BudgetEUR)
		}
		a := attrsOf(bars[i])
		eur, _ := strconv.ParseFloat(a["data-eur"], 64)
		length, _ := strconv.ParseFloat(a[size], 64)
		if a["data-key"] != g.Key || eur != g.BudgetEUR || math.Abs(length-plot*g.BudgetEUR/top) > 0.06 {
			t.Errorf("%s: bar %d is %s %g long %g, the stats %s %g (long %g)", where, i, a["data-key"], eur, length,
				g.Key, g.BudgetEUR, plot*g.BudgetEUR/top)
		}
		if tip := textOf(bars[i]); !strings.Contains(tip, wantMoney(lang, g.BudgetEUR, "EUR")) {
			t.Errorf("%s: bar %d says %q, not %s", where, i, tip, wantMoney(lang, g.BudgetEUR, "EUR"))
		}
	}
}
