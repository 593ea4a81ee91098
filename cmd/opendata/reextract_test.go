package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
)

// The contract DIR-5112122-C014 is a row of the listing
// testdata/corpus/pages/011.html and the subject of the news item 029.html;
// the tests derive two more news items about it from 029.html.
const (
	urlSlivenListing = "http://www.sliven.bg/index.php?option=proekti&task=list&period=2007-2013"
	urlSlivenStart   = "http://www.sliven.bg/index.php?option=news&task=view&id=1421"
	urlSlivenEnd     = "http://www.sliven.bg/index.php?option=news&task=view&id=1690"
	urlSlivenMid     = "http://www.sliven.bg/index.php?option=news&task=view&id=1555"
	dir5112122       = "DIR-5112122-C014"
)

var tBase = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// corpusPage reads a windows-1251 corpus page and applies text replacements
// (old, new, old, new …), each of which must apply.
func corpusPage(t *testing.T, name string, repl ...string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "corpus", "pages", name))
	if err != nil {
		t.Fatal(err)
	}
	text, err := charmap.Windows1251.NewDecoder().String(string(raw))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(repl); i += 2 {
		if !strings.Contains(text, repl[i]) {
			t.Fatalf("%s has no %q", name, repl[i])
		}
		text = strings.Replace(text, repl[i], repl[i+1], 1)
	}
	out, err := charmap.Windows1251.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	return []byte(out)
}

func putPages(t *testing.T, dir string, pages map[string][]byte, at time.Time) {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for url, body := range pages {
		p := dataset.Page{URL: url, FinalURL: url, Municipality: "Сливен", FetchedAt: at, Status: 200,
			SHA256: string(rune('a' + len(body)%26)), Size: int64(len(body))}
		if err := st.PutPage(p, body); err != nil {
			t.Fatal(err)
		}
	}
}

func runCmd(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if err := run(context.Background(), args, &out, &errb); err != nil {
		t.Fatalf("opendata %s: %v\n%s", strings.Join(args, " "), err, errb.String())
	}
	return out.String()
}

func readStore(t *testing.T, dir string, fn func(*store.Store)) {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	fn(st)
}

func newsEnd(t *testing.T) []byte {
	return corpusPage(t, "029.html",
		"Дата: 12.06.2013", "Дата: 02.11.2015",
		"Днес, 12 юни 2013 г., кметът на Община Сливен даде символичния старт на строителството",
		"Днес, 2 ноември 2015 г., кметът на Община Сливен откри изградената канализация",
		"Строителството ще продължи 18 месеца.", "Проектът се изпълни в периода от 01.07.2013 г. до 30.10.2015 г.")
}

func newsMid(t *testing.T) []byte {
	return corpusPage(t, "029.html",
		"Дата: 12.06.2013", "Дата: 20.05.2014",
		"Строителството ще продължи 18 месеца.", "Проектът се изпълнява в периода от 15.07.2013 г. до 30.12.2014 г.")
}

// TestReextractMergesRealPages runs the real extractor over archived
// corpus pages through `opendata reextract` and checks the merged project,
// its warnings and its history, then re-crawls the listing with a changed
// value and without one project.
func TestReextractMergesRealPages(t *testing.T) {
	dir := t.TempDir()
	putPages(t, dir, map[string][]byte{
		urlSlivenListing: corpusPage(t, "011.html"),
		urlSlivenStart:   corpusPage(t, "029.html"),
		urlSlivenEnd:     newsEnd(t),
	}, tBase)
	out := runCmd(t, "reextract", "--data", dir, "--log-format", "text")
	if !strings.Contains(out, "3 pages read") {
		t.Errorf("summary: %s", out)
	}
	readStore(t, dir, func(st *store.Store) {
		if n, _ := st.Count(); n != 5 {
			t.Errorf("Count = %d, want the listing's 5 projects (the news items merge into one)", n)
		}
		r, err := st.Record(dir5112122)
		if err != nil {
			t.Fatal(err)
		}
		if got := sourceURLs(r); !slices.Equal(got, []string{urlSlivenListing, urlSlivenEnd, urlSlivenStart}) {
			t.Errorf("sources = %q", got)
		}
		if r.Budget.Grant == nil || *r.Budget.Grant != 7495988.51 || r.Period.Start != "2013-07-01" || r.Published != "2015-11-02" ||
			!slices.Contains(r.ProcedureCodes, "BG161PO005/10/1.11/02/16") || !slices.Contains(r.Contractors, "ДЗЗД Канал Сливен") {
			t.Errorf("merged record: grant %v start %q published %q procedures %q contractors %q",
				r.Budget.Grant, r.Period.Start, r.Published, r.ProcedureCodes, r.Contractors)
		}
		for _, w := range r.Warnings {
			if strings.Contains(w, "sources disagree") {
				t.Errorf("unexpected conflict: %s", w)
			}
		}
	})

	// A 2014 news item gives other dates: the 2015 one wins, with a warning.
	putPages(t, dir, map[string][]byte{urlSlivenMid: newsMid(t)}, tBase.Add(time.Hour))
	runCmd(t, "reextract", "--data", dir)
	readStore(t, dir, func(st *store.Store) {
		r, _ := st.Record(dir5112122)
		if r.Period.Start != "2013-07-01" || r.Period.End != "2015-10-30" || len(r.Sources) != 4 {
			t.Errorf("period %+v, %d sources", r.Period, len(r.Sources))
		}
		w := findWarning(r.Warnings, "period.start")
		for _, part := range []string{"2013-07-01", "2013-07-15", urlSlivenEnd, urlSlivenMid} {
			if !strings.Contains(w, part) {
				t.Errorf("period.start warning %q lacks %q", w, part)
			}
		}
	})

	// The listing, re-crawled a day later: an annex raised the value, and
	// project 4 is gone from it (the site renumbered the blocks).
	listing := corpusPage(t, "011.html", "Обща стойност: 7 890 514,22 лв.", "Обща стойност: 8 012 000,00 лв.",
		"<b>5. Изграждане", "<b>4. Изграждане")
	listing = dropProject(t, listing, "BG051PO001-5.1.03-0021-C0001")
	putPages(t, dir, map[string][]byte{urlSlivenListing: listing}, tBase.Add(24*time.Hour))
	out = runCmd(t, "reextract", "--data", dir)
	readStore(t, dir, func(st *store.Store) {
		r, _ := st.Record(dir5112122)
		if *r.Budget.Total != 8012000 {
			t.Errorf("total = %v, want the re-crawled listing's 8012000", *r.Budget.Total)
		}
		w := findWarning(r.Warnings, "budget.total")
		for _, part := range []string{"8012000 BGN", "7890514.22 BGN", urlSlivenListing} {
			if !strings.Contains(w, part) {
				t.Errorf("budget.total warning %q lacks %q", w, part)
			}
		}
		hist, _ := st.History(dir5112122)
		last := hist[len(hist)-1]
		if last.Kind != "changed" || last.Source != urlSlivenListing || !last.At.Equal(tBase.Add(24*time.Hour)) {
			t.Errorf("last version = %+v", last)
		}
		if c := findChange(last, "budget.total"); c == nil || c.From != 7890514.22 || c.To != 8012000.0 {
			t.Errorf("budget.total change = %+v", c)
		}
		gone, err := st.Record("BG051PO001-5.1.03-0021-C0001")
		if err != nil || gone.Withdrawn != "2026-11-22" {
			t.Errorf("project 4: withdrawn %q, %v", gone.Withdrawn, err)
		}
	})
	if !strings.Contains(out, "4 pages read") {
		t.Errorf("summary: %s", out)
	}
	testExport(t, dir)
}

func testExport(t *testing.T, dir string) {
	file := filepath.Join(dir, "out", "projects.csv")
	os.Mkdir(filepath.Dir(file), 0o755)
	runCmd(t, "export", "--data", dir, "--format", "csv", "--out", file)
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(rows) != 6 || rows[0][0] != "id" {
		t.Fatalf("CSV: %d rows, %v", len(rows), err)
	}
	var dirRow []string
	for _, row := range rows {
		if row[0] == dir5112122 {
			dirRow = row
		}
	}
	if dirRow == nil || dirRow[11] != "8012000" || !strings.Contains(dirRow[29], urlSlivenMid) {
		t.Errorf("row of %s = %q", dir5112122, dirRow)
	}
	// A filter goes through the index.
	out := runCmd(t, "export", "--data", dir, "--format", "ndjson", "--contract", dir5112122)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var rec dataset.Record
	if len(lines) != 1 || json.Unmarshal([]byte(lines[0]), &rec) != nil || rec.ID != dir5112122 {
		t.Errorf("filtered export = %q", out)
	}
	// A failed export leaves no file behind.
	var errb bytes.Buffer
	bad := filepath.Join(dir, "out", "bad.json")
	if err := run(context.Background(), []string{"export", "--data", dir, "--format", "docx", "--out", bad}, &bytes.Buffer{}, &errb); err == nil {
		t.Error("export --format docx succeeded")
	}
	if err := run(context.Background(), []string{"export", "--data", dir, "--year-from", "20x"}, &bytes.Buffer{}, &errb); err == nil {
		t.Error("export --year-from 20x succeeded")
	}
	entries, _ := os.ReadDir(filepath.Dir(file))
	if len(entries) != 1 {
		t.Errorf("out/ holds %d files, want only projects.csv", len(entries))
	}
}

// dropProject removes the <div class="proekt"> block that names contract.
func dropProject(t *testing.T, page []byte, contract string) []byte {
	t.Helper()
	re := regexp.MustCompile(`(?s)<div class="proekt">(?:[^<]|<[^/]|</[^d])*?` + regexp.QuoteMeta(contract) + `.*?</div>`)
	out := re.ReplaceAll(page, nil)
	if bytes.Equal(out, page) {
		t.Fatalf("no project block with %s", contract)
	}
	return out
}

func sourceURLs(r dataset.Record) []string {
	var out []string
	for _, s := range r.Sources {
		out = append(out, s.URL)
	}
	return out
}

func findWarning(ws []string, field string) string {
	for _, w := range ws {
		if strings.HasPrefix(w, field+":") {
			return w
		}
	}
	return ""
}

func findChange(v dataset.Version, field string) *dataset.Change {
	for i := range v.Changes {
		if v.Changes[i].Field == field {
			return &v.Changes[i]
		}
	}
	return nil
}
