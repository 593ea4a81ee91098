package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html"
	"log/slog"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
)

// planted is a project page of the test web: the site it is on, what the
// page says, and the municipality and code the record must get.
type planted struct {
	site, title, contract, programme string
	eur                              float64
	named                            string // the municipality the page names most ("Община X")
	muni, code                       string // what the record must carry
}

// twoByala are the projects of three local sites: the two municipalities
// called Бяла (RSE04 in Русе, VAR05 in Варна), each with a project of
// the same title under the same programme and no contract number, and
// Пещера, one of whose pages speaks of a project of "Община Бяла" (which
// one, the name cannot say: no code).
var twoByala = []planted{
	{"RSE04", "Реконструкция на уличната мрежа в гр. Бяла", "BG16RFOP001-1.001-0101-C01", "Оперативна програма „Региони в растеж“ 2014-2020", 250000, "Бяла", "Бяла", "RSE04"},
	{"RSE04", "Ремонт на улици", "", "Програма за развитие на селските райони 2014-2020", 80000, "Бяла", "Бяла", "RSE04"},
	{"RSE04", "Изграждане на детска градина", "BG16RFOP001-1.001-0102-C01", "Оперативна програма „Региони в растеж“ 2014-2020", 120000.5, "Бяла", "Бяла", "RSE04"},
	{"VAR05", "Модернизация на основно училище", "BG16RFOP001-1.001-0201-C01", "Оперативна програма „Региони в растеж“ 2014-2020", 310000, "Бяла", "Бяла", "VAR05"},
	{"VAR05", "Ремонт на улици", "", "Програма за развитие на селските райони 2014-2020", 55000, "Бяла", "Бяла", "VAR05"},
	{"PAZ21", "Обновяване на площад в гр. Пещера", "BG16RFOP001-1.001-0301-C01", "Оперативна програма „Региони в растеж“ 2014-2020", 99000, "Пещера", "Пещера", "PAZ21"},
	{"PAZ21", "Изграждане на туристическа пътека", "BG06RDNP001-7.001-0301", "Програма за развитие на селските райони 2014-2020", 40000, "Бяла", "Бяла", ""},
}

// siteNames are the test web's municipalities by code, with their provinces.
var siteNames = map[string][2]string{"RSE04": {"Бяла", "Русе"}, "VAR05": {"Бяла", "Варна"}, "PAZ21": {"Пещера", "Пазарджик"}}

// projectPage is a project's page: the site's municipality in the header
// and footer, the project in the text.
func projectPage(siteMuni string, p planted) string {
	num, about := "", ""
	if p.contract != "" {
		num = " по договор № " + p.contract
	}
	esc := html.EscapeString
	if p.named != siteMuni { // a page about another municipality's project says so more than once
		about = `<p>Проектът е на Община ` + esc(p.named) + `; общината ни е партньор.</p>`
	}
	return `<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8"><title>` + esc(p.title) + ` | Община ` + esc(siteMuni) + `</title></head>
<body><header><p>Община ` + esc(siteMuni) + `</p><nav><a href="/proekti/">Проекти</a></nav></header>
<main><h1>` + esc(p.title) + `</h1>
<p>Община ` + esc(p.named) + ` изпълнява проект „` + esc(p.title) + `“` + num + `, финансиран по ` + esc(p.programme) + `.</p>
<p>Обща стойност на проекта: ` + money(p.eur) + ` евро. Бенефициент: Община ` + esc(p.named) + `.</p>
` + about + `
</main></body></html>`
}

// byalaWeb starts the three sites and writes their sites file (entries
// with ЕКАТТЕ codes and provinces); it returns the file and each site's
// host by code.
func byalaWeb(t *testing.T, dir string) (string, map[string]string) {
	t.Helper()
	hosts := map[string]string{}
	var yaml strings.Builder
	for _, code := range []string{"RSE04", "VAR05", "PAZ21"} {
		name := siteNames[code][0]
		mux := http.NewServeMux()
		var links strings.Builder
		n := 0
		for _, p := range twoByala {
			if p.site != code {
				continue
			}
			n++
			path, body := fmt.Sprintf("/proekti/%d", n), projectPage(name, p)
			fmt.Fprintf(&links, `<li><a href="%s">%s</a></li>`, path, html.EscapeString(p.title))
			mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				fmt.Fprint(w, body)
			})
		}
		listing := `<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8"><title>Проекти | Община ` + name + `</title></head>
<body><header><p>Община ` + name + `</p></header><main><h1>Проекти</h1><p>Проекти на общината с европейско и национално финансиране.</p>
<ul>` + links.String() + `</ul></main></body></html>`
		mux.HandleFunc("/proekti/{$}", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, listing)
		})
		srv := httptest.NewServer(mux)
		t.Cleanup(srv.Close)
		host := strings.TrimPrefix(srv.URL, "http://")
		hosts[code] = host
		fmt.Fprintf(&yaml, "- municipality: %s\n  ekatte: %s\n  province: %s\n  start_urls: ['%s/proekti/']\n  allowed_domains: ['%s']\n  follow: ['/proekti/']\n  delay: 5ms\n",
			name, code, siteNames[code][1], srv.URL, host)
	}
	sites := filepath.Join(dir, "sites.yaml")
	if err := os.WriteFile(sites, []byte(yaml.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return sites, hosts
}

// wantOf sums the planted projects that pass keep: their number, their
// euro and their titles (sorted).
func wantOf(keep func(p planted) bool) (n int, eur float64, titles []string) {
	for _, p := range twoByala {
		if keep(p) {
			n++
			eur += p.eur
			titles = append(titles, p.title)
		}
	}
	sort.Strings(titles)
	return n, math.Round(eur*100) / 100, titles
}

// TestTwoMunicipalitiesOfOneName crawls a local web of two sites both
// named Бяла (codes RSE04, VAR05) and one of Пещера, serves the result,
// and checks value by value, against the planted projects, that each
// Бяла has its own records: the records' codes, GET
// /api/v1/municipalities, the stats, the filter, the about page, the
// municipality pages and the downloads' column.
func TestTwoMunicipalitiesOfOneName(t *testing.T) {
	dir := t.TempDir()
	sites, _ := byalaWeb(t, dir)
	data := filepath.Join(dir, "data")
	runCmd(t, "crawl", "--sites", sites, "--data", data, "--log-level", "error")
	ctx, cancel := context.WithCancel(context.Background())
	base, done := startServe(t, ctx, "--data", data, "--sites", sites, "--log-level", "error")
	defer func() { cancel(); <-done }() // closed before the temporary directory goes

	// Every planted project is one record, with its municipality and code.
	all := ndjsonRecords(t, fetch(t, base+"/api/v1/projects.ndjson"))
	if len(all) != len(twoByala) {
		t.Fatalf("%d records; %d projects planted", len(all), len(twoByala))
	}
	for _, p := range twoByala {
		found := 0
		for _, r := range all {
			if r["title"] == p.title && lookup(r, "budget.total") == p.eur {
				found++
				if r["municipality"] != p.muni || fmt.Sprint(r["municipality_code"]) != fmt.Sprint(orNil(p.code)) {
					t.Errorf("%s (%s): municipality %v, code %v; want %s, %s", p.title, p.site, r["municipality"], r["municipality_code"], p.muni, p.code)
				}
			}
		}
		if found != 1 {
			t.Errorf("%s (%s, %.2f): %d records", p.title, p.site, p.eur, found)
		}
	}

	t.Run("municipalities", func(t *testing.T) {
		var ans struct {
			Municipalities []dataset.MunicipalityStat `json:"municipalities"`
		}
		getJSON(t, base+"/api/v1/municipalities", &ans)
		got := map[string]dataset.MunicipalityStat{}
		for _, m := range ans.Municipalities {
			got[m.Municipality+" "+m.Ekatte] = m
		}
		for code, np := range siteNames {
			n, eur, _ := wantOf(func(p planted) bool { return p.code == code })
			m, ok := got[np[0]+" "+code]
			if !ok || m.Projects != n || m.BudgetEUR != eur || m.Province != np[1] || m.Site == nil || m.Site.Status != dataset.SiteOK {
				t.Errorf("%s %s: %+v; want %d projects, %.2f EUR, province %s, site ok", np[0], code, m, n, eur, np[1])
			}
		}
		n, eur, _ := wantOf(func(p planted) bool { return p.muni == "Бяла" && p.code == "" })
		if m := got["Бяла "]; m.Projects != n || m.BudgetEUR != eur || m.Site != nil {
			t.Errorf("the Бяла no page can tell: %+v; want %d projects, %.2f EUR, no site", m, n, eur)
		}
		if len(ans.Municipalities) != 4 {
			t.Errorf("%d rows, want 4: %+v", len(ans.Municipalities), ans.Municipalities)
		}
		// The crawl's per-site figures say which Бяла is which.
		var crawls struct{ Crawls []dataset.CrawlRun }
		getJSON(t, base+"/api/v1/crawls", &crawls)
		var codes []string
		for _, s := range crawls.Crawls[0].Sites {
			if siteNames[s.Ekatte][0] == s.Municipality {
				codes = append(codes, s.Ekatte)
			}
		}
		if sort.Strings(codes); !slices.Equal(codes, []string{"PAZ21", "RSE04", "VAR05"}) {
			t.Errorf("the crawl's sites: %+v", crawls.Crawls[0].Sites)
		}
	})

	t.Run("filter and stats", func(t *testing.T) {
		for _, tc := range []struct {
			query string
			keep  func(p planted) bool
		}{
			{"municipality_code=RSE04", func(p planted) bool { return p.code == "RSE04" }},
			{"municipality_code=var05", func(p planted) bool { return p.code == "VAR05" }},
			{"municipality=" + url.QueryEscape("Бяла"), func(p planted) bool { return p.muni == "Бяла" }},
			{"municipality_code=VAR05&municipality=" + url.QueryEscape("Пещера"), func(p planted) bool { return p.code == "VAR05" || p.muni == "Пещера" }},
			{"municipality_code=RSE04&q=" + url.QueryEscape("улици"), func(p planted) bool { return p.code == "RSE04" && strings.Contains(p.title, "улици") }},
		} {
			var ans struct {
				Total   int
				Results []dataset.Record
			}
			getJSON(t, base+"/api/v1/projects?per_page=100&"+tc.query, &ans)
			var titles []string
			for _, r := range ans.Results {
				titles = append(titles, r.Title)
			}
			sort.Strings(titles)
			n, _, want := wantOf(tc.keep)
			if ans.Total != n || !slices.Equal(titles, want) {
				t.Errorf("%s: %d %q; want %d %q", tc.query, ans.Total, titles, n, want)
			}
		}
		for _, code := range []string{"RSE04", "VAR05"} {
			var st dataset.Stats
			n, eur, _ := wantOf(func(p planted) bool { return p.code == code })
			if status := getJSON(t, base+"/api/v1/stats?municipality_code="+code, &st); status != 200 || st.Projects != n || st.BudgetEUR != eur {
				t.Errorf("stats of %s: %d %+v; want %d projects, %.2f EUR", code, status, st, n, eur)
			}
		}
		var st dataset.Stats
		n, eur, _ := wantOf(func(p planted) bool { return p.muni == "Бяла" })
		if getJSON(t, base+"/api/v1/stats?municipality="+url.QueryEscape("Бяла"), &st); st.Projects != n || st.BudgetEUR != eur {
			t.Errorf("stats of all called Бяла: %+v; want %d, %.2f", st, n, eur)
		}
	})

	t.Run("about page", func(t *testing.T) {
		page := string(fetch(t, base+"/about?lang=en"))
		rowRe := regexp.MustCompile(`<tr class="site-[^"]*"><th scope="row">(?:<a href="([^"]*)">)?([^<]*)(?:</a>)?</th><td>([^<]*)</td>.*?<td class="num">([^<]*)</td></tr>`)
		rows := rowRe.FindAllStringSubmatch(page, -1)
		if len(rows) != len(siteNames) {
			t.Fatalf("%d coverage rows, want %d", len(rows), len(siteNames))
		}
		for code, np := range siteNames {
			n, _, _ := wantOf(func(p planted) bool { return p.code == code })
			href := "/municipalities/" + url.PathEscape(np[0])
			if np[0] == "Бяла" {
				href = "/municipalities/" + code // each its own page
			}
			ok := false
			for _, r := range rows {
				ok = ok || r[1] == href && html.UnescapeString(r[2]) == np[0] && html.UnescapeString(r[3]) == np[1] && r[4] == strconv.Itoa(n)
			}
			if !ok {
				t.Errorf("no coverage row %s, %s, %d projects, linked to %s: %q", np[0], np[1], n, href, rows)
			}
		}
	})

	t.Run("municipality pages", func(t *testing.T) {
		for code, np := range siteNames {
			n, _, titles := wantOf(func(p planted) bool { return p.code == code })
			page := html.UnescapeString(string(fetch(t, base+"/municipalities/"+code+"?lang=en")))
			if want := fmt.Sprintf("Projects in the data: %d,", n); !strings.Contains(page, want) {
				t.Errorf("/municipalities/%s lacks %q", code, want)
			}
			if want := fmt.Sprintf("<h1>Municipality of %s (%s province)</h1>", np[0], np[1]); !strings.Contains(page, want) {
				t.Errorf("/municipalities/%s lacks %q", code, want)
			}
			if got := cardTitles(page); !slices.Equal(got, titles) {
				t.Errorf("/municipalities/%s lists %q; want %q", code, got, titles)
			}
			if !strings.Contains(page, `href="/?municipality_code=`+code+`"`) {
				t.Errorf("/municipalities/%s: no link to the search of its projects by code", code)
			}
		}
		// Бяла by name: the two, each with its projects and its page.
		page := html.UnescapeString(string(fetch(t, base+"/municipalities/"+url.PathEscape("Бяла")+"?lang=en")))
		for _, code := range []string{"RSE04", "VAR05"} {
			n, _, _ := wantOf(func(p planted) bool { return p.code == code })
			want := fmt.Sprintf(`<a href="/municipalities/%s">Бяла (%s province)</a></th><td>%d</td>`, code, siteNames[code][1], n)
			if !strings.Contains(page, want) {
				t.Errorf("/municipalities/Бяла lacks %q", want)
			}
		}
		n, _, _ := wantOf(func(p planted) bool { return p.muni == "Бяла" && p.code == "" })
		if want := fmt.Sprintf("from pages of other sites, which do not say which</th><td>%d</td>", n); !strings.Contains(page, want) {
			t.Errorf("/municipalities/Бяла lacks %q", want)
		}
		// Пещера by name: its page (one municipality of that name).
		n, _, titles := wantOf(func(p planted) bool { return p.muni == "Пещера" })
		page = html.UnescapeString(string(fetch(t, base+"/municipalities/"+url.PathEscape("Пещера")+"?lang=en")))
		if !strings.Contains(page, fmt.Sprintf("Projects in the data: %d,", n)) || !slices.Equal(cardTitles(page), titles) {
			t.Errorf("/municipalities/Пещера: cards %q; want %d: %q", cardTitles(page), n, titles)
		}
		// The search page's municipality filter: a box for each Бяла.
		page = string(fetch(t, base+"/?lang=en&municipality_code=VAR05"))
		if !strings.Contains(page, `name="municipality_code" value="VAR05" checked`) || !strings.Contains(page, `name="municipality_code" value="RSE04">`) {
			t.Errorf("the search page has no box per Бяла")
		}
		if _, _, titles := wantOf(func(p planted) bool { return p.code == "VAR05" }); !slices.Equal(cardTitles(html.UnescapeString(page)), titles) {
			t.Errorf("the search page of VAR05 lists %q; want %q", cardTitles(html.UnescapeString(page)), titles)
		}
	})

	t.Run("downloads", func(t *testing.T) {
		sel := "?municipality_code=VAR05"
		truth := ndjsonRecords(t, fetch(t, base+"/api/v1/projects.ndjson"+sel))
		n, _, _ := wantOf(func(p planted) bool { return p.code == "VAR05" })
		if len(truth) != n {
			t.Fatalf("%d records in the NDJSON of VAR05, want %d", len(truth), n)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(fetch(t, base+"/api/v1/projects.csv"+sel), []byte("\xef\xbb\xbf")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(rows[0], "municipality_code")
		if col < 0 || len(rows) != n+1 {
			t.Fatalf("CSV header %v, %d rows", rows[0], len(rows)-1)
		}
		for _, row := range rows[1:] {
			if row[col] != "VAR05" {
				t.Errorf("CSV row %s: municipality_code %q", row[0], row[col])
			}
		}
		files := t.TempDir()
		for _, f := range []struct {
			name  string
			check func(*testing.T, string, []map[string]any)
		}{
			{"xlsx", func(t *testing.T, p string, truth []map[string]any) { checkXLSX(t, p, truth) }},
			{"parquet", checkParquet}, {"sqlite", checkSQLite},
		} {
			t.Run(f.name, func(t *testing.T) {
				p := filepath.Join(files, "projects."+f.name)
				if err := os.WriteFile(p, fetch(t, base+"/api/v1/projects."+f.name+sel), 0o644); err != nil {
					t.Fatal(err)
				}
				f.check(t, p, truth) // every column, municipality_code among them, value by value
			})
		}
	})
}

func orNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// cardTitles are the titles of the result cards of a page, sorted.
func cardTitles(page string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<li class="hit">\s*<h2><a href="[^"]*"[^>]*>([^<]*)</a>`).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return out
}

// TestReextractFindsTheSitesOfOldPages: pages archived before pages kept
// their site's code get it on `opendata reextract` from the sites file,
// by their municipality's name and, for the two Бяла, by their host.
func TestReextractFindsTheSitesOfOldPages(t *testing.T) {
	dir := t.TempDir()
	sites, hosts := byalaWeb(t, dir)
	data := filepath.Join(dir, "data")
	a, err := openApp(data, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, p := range twoByala {
		n[p.site]++
		name := siteNames[p.site][0]
		u := fmt.Sprintf("http://%s/proekti/%d", hosts[p.site], n[p.site])
		body := []byte(projectPage(name, p))
		page := dataset.Page{URL: u, FinalURL: u, Municipality: name, FetchedAt: time.Now().UTC(), Status: 200,
			Header: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}}, SHA256: fmt.Sprint(p.site, n[p.site]), Size: int64(len(body))}
		if err := a.store.PutPage(page, body); err != nil {
			t.Fatal(err)
		}
	}
	a.Close()
	runCmd(t, "reextract", "--sites", sites, "--data", data, "--log-level", "error")
	readStore(t, data, func(st *store.Store) {
		got := 0
		err := st.EachRecord(func(r dataset.Record) error {
			for _, p := range twoByala {
				if p.title == r.Title && r.Budget.Total != nil && *r.Budget.Total == p.eur {
					got++
					if r.MunicipalityCode != p.code {
						t.Errorf("%s (%s): code %q, want %q", p.title, p.site, r.MunicipalityCode, p.code)
					}
				}
			}
			return nil
		})
		if err != nil || got != len(twoByala) {
			t.Errorf("%d of %d planted records after reextract (%v)", got, len(twoByala), err)
		}
	})
	// export --municipality-code: the records of that Бяла alone.
	out := runCmd(t, "export", "--data", data, "--format", "csv", "--municipality-code", "VAR05", "--log-level", "error")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col, title := slices.Index(rows[0], "municipality_code"), slices.Index(rows[0], "title")
	var titles []string
	for _, row := range rows[1:] {
		titles = append(titles, row[title])
		if row[col] != "VAR05" {
			t.Errorf("export row %s: municipality_code %q", row[0], row[col])
		}
	}
	sort.Strings(titles)
	if _, _, want := wantOf(func(p planted) bool { return p.code == "VAR05" }); !slices.Equal(titles, want) {
		t.Errorf("export --municipality-code VAR05: %q; want %q", titles, want)
	}
}
