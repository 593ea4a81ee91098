package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/xlsx"
)

// TestFilesForPeople crawls the bundled sample sites with the real
// crawler, serves them, and opens every download with an outside reader:
// the XLSX in LibreOffice with Bulgarian settings, the Parquet file with
// hyparquet, the SQLite file with the sqlite3 shell. Every row must equal
// the NDJSON's record, value by value, and the spreadsheet's amounts must
// add up to the totals the API states. The export command's files get the
// same checks.
func TestFilesForPeople(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the sample sites and runs outside readers")
	}
	dir, sites := sampleSites(t, time.Millisecond)
	data := filepath.Join(dir, "data")
	runCmd(t, "crawl", "--sites", sites, "--data", data, "--log-level", "error")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	base, done := startServe(t, ctx, "--data", data, "--log-level", "error")
	truth := ndjsonRecords(t, fetch(t, base+"/api/v1/projects.ndjson"))
	if len(truth) < 20 {
		t.Fatalf("the crawl gave %d records: a poor test", len(truth))
	}
	var stats dataset.Stats
	getJSON(t, base+"/api/v1/stats", &stats)

	files := filepath.Join(dir, "files")
	os.Mkdir(files, 0o755)
	save := func(name, path string) string {
		p := filepath.Join(files, name)
		if err := os.WriteFile(p, fetch(t, base+path), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	muni := truth[len(truth)/2]["municipality"].(string)
	sel := "?municipality=" + url.QueryEscape(muni)
	selTruth := ndjsonRecords(t, fetch(t, base+"/api/v1/projects.ndjson"+sel))

	t.Run("xlsx in LibreOffice", func(t *testing.T) {
		sheets := checkXLSX(t, save("projects.xlsx", "/api/v1/projects.xlsx"), truth)
		live, all, want := 0.0, 0.0, 0.0
		col := slices.IndexFunc(sheets["projects"][0], func(c odsCell) bool { return c.Text == "budget_amount_eur" })
		gone := slices.IndexFunc(sheets["projects"][0], func(c odsCell) bool { return c.Text == "withdrawn" })
		for i, row := range sheets["projects"][1:] {
			if col < len(row) && row[col].Type == "float" {
				v, _ := strconv.ParseFloat(row[col].Value, 64)
				all += v
				if gone >= len(row) || row[gone].Type == "" {
					live += v
				}
			}
			if v, ok := lookup(truth[i], "budget.amount_eur").(float64); ok {
				want += v
			}
		}
		if math.Abs(live-stats.BudgetEUR) > 0.01 || math.Abs(all-want) > 0.01 {
			t.Errorf("LibreOffice sums budget_amount_eur to %.2f (live %.2f); the JSON's total is %.2f (live, /api/v1/stats %.2f)", all, live, want, stats.BudgetEUR)
		}
		t.Logf("LibreOffice (bg-BG) reads %d rows; the live projects' amounts sum to %.2f EUR, as /api/v1/stats says", len(sheets["projects"])-1, live)
		checkXLSX(t, save("selection.xlsx", "/api/v1/projects.xlsx"+sel), selTruth)
	})
	t.Run("csv in LibreOffice shows why", func(t *testing.T) {
		// The CSV stays as it is, for programs; LibreOffice with Bulgarian
		// settings reads its amounts as text. This proves the settings
		// took effect, so that the XLSX check above means something.
		sheets := openInLibreOffice(t, save("projects.csv", "/api/v1/projects.csv"))
		for _, rows := range sheets {
			col := slices.IndexFunc(rows[0], func(c odsCell) bool { return strings.HasSuffix(c.Text, "budget_total_eur") })
			text := 0
			for _, row := range rows[1:] {
				if col < len(row) && row[col].Type == "string" && strings.Contains(row[col].Text, ".") {
					text++
				}
			}
			if text == 0 {
				t.Errorf("LibreOffice read every CSV amount as a number: the Bulgarian settings did not take effect")
			}
			t.Logf("LibreOffice (bg-BG) reads %d of %d CSV amounts in euro as text", text, len(rows)-1)
		}
	})
	t.Run("parquet in hyparquet", func(t *testing.T) {
		checkParquet(t, save("projects.parquet", "/api/v1/projects.parquet"), truth)
		checkParquet(t, save("selection.parquet", "/api/v1/projects.parquet"+sel), selTruth)
	})
	t.Run("sqlite in sqlite3", func(t *testing.T) {
		checkSQLite(t, save("projects.sqlite", "/api/v1/projects.sqlite"), truth)
		checkSQLite(t, save("selection.sqlite", "/api/v1/projects.sqlite"+sel), selTruth)
	})

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}
	t.Run("export command", func(t *testing.T) {
		for _, f := range []string{"xlsx", "parquet", "sqlite"} {
			p := filepath.Join(files, "export."+f)
			runCmd(t, "export", "--data", data, "--format", f, "--out", p, "--log-level", "error")
			switch f {
			case "xlsx":
				checkXLSX(t, p, truth)
			case "parquet":
				checkParquet(t, p, truth)
			case "sqlite":
				checkSQLite(t, p, truth)
			}
		}
		// The filters are the API's: updated_since as --updated-since.
		for since, want := range map[string]int{"2000-01-01": len(truth), "2100-01-01": 0} {
			p := filepath.Join(files, "since-"+since+".ndjson")
			runCmd(t, "export", "--data", data, "--format", "ndjson", "--updated-since", since, "--out", p, "--log-level", "error")
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			if got := len(ndjsonRecords(t, b)); got != want {
				t.Errorf("export --updated-since %s: %d records; want %d", since, got, want)
			}
		}
	})
}

func fetch(t *testing.T, u string) []byte {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v %.300s", u, resp.StatusCode, err, b)
	}
	return b
}

// ndjsonRecords decodes a NDJSON download: the truth the files are held to.
func ndjsonRecords(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var obj map[string]any
		if err := json.Unmarshal(sc.Bytes(), &obj); err != nil {
			t.Fatalf("ndjson: %v", err)
		}
		out = append(out, obj)
	}
	return out
}

// lookup reads a field path ("budget.total", "sources[].url") from a
// decoded record.
func lookup(obj map[string]any, path string) any {
	head, rest, nested := strings.Cut(path, ".")
	if list, ok := strings.CutSuffix(head, "[]"); ok {
		out := []any{}
		items, _ := obj[list].([]any)
		for _, it := range items {
			out = append(out, it.(map[string]any)[rest])
		}
		return out
	}
	if nested {
		m, _ := obj[head].(map[string]any)
		return lookup(m, rest)
	}
	return obj[path]
}

// expected is a record's value for a column, from its JSON: nil, a
// string, a float64 or a []string.
func expected(obj map[string]any, c dataset.Column) any {
	v := lookup(obj, c.Field)
	if v == nil && c.Type == "list" {
		return []string{} // a list the JSON leaves out when empty (register.places)
	}
	switch x := v.(type) {
	case []any:
		out := []string{}
		for _, it := range x {
			out = append(out, fmt.Sprint(it))
		}
		return out
	case string:
		if x == "" {
			return nil
		}
	}
	return v
}

func sameNumber(got string, want float64) bool {
	v, err := strconv.ParseFloat(got, 64)
	return err == nil && math.Abs(v-want) <= 1e-9*math.Max(1, math.Abs(want))
}

func newlines(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}

// checkXLSX opens file in LibreOffice and compares every cell of the
// projects sheet with the records.
func checkXLSX(t *testing.T, file string, truth []map[string]any) map[string][][]odsCell {
	t.Helper()
	sheets := openInLibreOffice(t, file)
	rows := sheets[xlsx.SheetProjects]
	cols := dataset.TypedColumns()
	if len(rows) != len(truth)+1 {
		t.Fatalf("%s: LibreOffice reads %d rows; want a header and %d projects", file, len(rows), len(truth))
	}
	for i, c := range cols {
		if i >= len(rows[0]) || rows[0][i].Text != c.Name {
			t.Fatalf("%s: header %d is not %s: %+v", file, i, c.Name, rows[0])
		}
	}
	if about := sheets[xlsx.SheetAbout]; !strings.Contains(fmt.Sprint(about), dataset.LicenseTitle) || !strings.Contains(fmt.Sprint(about), "budget_amount_eur") {
		t.Errorf("%s: the about sheet lacks the licence or the data dictionary", file)
	}
	bad := 0
	for r, obj := range truth {
		row := rows[r+1]
		for i, c := range cols {
			var cell odsCell
			if i < len(row) {
				cell = row[i]
			}
			if msg := xlsxMismatch(cell, c, expected(obj, c)); msg != "" && bad < 20 {
				bad++
				t.Errorf("%s: %s %s: %s", file, obj["id"], c.Name, msg)
			}
		}
	}
	return sheets
}

func xlsxMismatch(cell odsCell, c dataset.Column, want any) string {
	switch w := want.(type) {
	case nil:
		if cell.Type != "" {
			return fmt.Sprintf("%s %q; want an empty cell", cell.Type, cell.Text)
		}
	case []string:
		if len(w) == 0 {
			return xlsxMismatch(cell, c, nil)
		}
		return xlsxMismatch(cell, c, strings.Join(w, dataset.ListSeparator))
	case float64:
		if cell.Type != "float" || !sameNumber(cell.Value, w) {
			return fmt.Sprintf("%s %q (%s); want the number %v", cell.Type, cell.Value, cell.Text, w)
		}
	case string:
		switch c.Type {
		case "date":
			if cell.Type != "date" || cell.Value != w {
				return fmt.Sprintf("%s %q; want the date %s", cell.Type, cell.Value, w)
			}
		case "datetime":
			tm, _ := time.Parse(time.RFC3339, w)
			if cell.Type != "date" || cell.Value != tm.UTC().Format("2006-01-02T15:04:05") {
				return fmt.Sprintf("%s %q; want the time %s", cell.Type, cell.Value, w)
			}
		default:
			if len(w) > xlsx.MaxCellChars && strings.HasSuffix(cell.Text, xlsx.CutMark) {
				w = w[:len(cell.Text)-len(xlsx.CutMark)] + xlsx.CutMark
			}
			if cell.Type != "string" || cell.Text != newlines(w) {
				return fmt.Sprintf("%s %q; want the text %q", cell.Type, cell.Text, w)
			}
		}
	}
	return ""
}

// checkParquet reads file with hyparquet and compares every row with the records.
func checkParquet(t *testing.T, file string, truth []map[string]any) {
	t.Helper()
	pf := readParquet(t, file)
	cols := dataset.TypedColumns()
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	if !slices.Equal(pf.Columns, names) {
		t.Errorf("%s: columns %v; want %v", file, pf.Columns, names)
	}
	if !strings.Contains(pf.Metadata["licence"], dataset.LicenseName) {
		t.Errorf("%s: metadata %v names no licence", file, pf.Metadata)
	}
	if len(pf.Rows) != len(truth) {
		t.Fatalf("%s: %d rows; want %d", file, len(pf.Rows), len(truth))
	}
	bad := 0
	for r, obj := range truth {
		for _, c := range cols {
			if msg := valueMismatch(pf.Rows[r][c.Name], c, expected(obj, c), true); msg != "" && bad < 20 {
				bad++
				t.Errorf("%s: %s %s: %s", file, obj["id"], c.Name, msg)
			}
		}
	}
}

// valueMismatch compares a value a reader gave (JSON-decoded with
// UseNumber) with the record's: parquet has lists and typed dates, SQLite
// joined lists and ISO text.
func valueMismatch(got any, c dataset.Column, want any, parquet bool) string {
	bad := func() string { return fmt.Sprintf("%#v; want %#v", got, want) }
	switch w := want.(type) {
	case nil:
		if got != nil {
			return bad()
		}
	case []string:
		if !parquet {
			if len(w) == 0 {
				return valueMismatch(got, c, nil, parquet)
			}
			return valueMismatch(got, c, strings.Join(w, dataset.ListSeparator), parquet)
		}
		items, ok := got.([]any)
		if !ok || len(items) != len(w) {
			return bad()
		}
		for i := range w {
			if items[i] != w[i] {
				return bad()
			}
		}
	case float64:
		n, ok := got.(json.Number)
		if !ok || !sameNumber(n.String(), w) {
			return bad()
		}
	case string:
		if parquet {
			switch c.Type {
			case "date":
				w += "T00:00:00.000Z"
			case "datetime":
				tm, _ := time.Parse(time.RFC3339, w)
				w = tm.UTC().Format("2006-01-02T15:04:05.000Z")
			}
		}
		if got != w {
			return bad()
		}
	}
	return ""
}

// checkSQLite reads file with the sqlite3 shell: the projects table, the
// child tables of the lists and the full-text index.
func checkSQLite(t *testing.T, file string, truth []map[string]any) {
	t.Helper()
	cols := dataset.TypedColumns()
	rows := querySQLite(t, file, "SELECT * FROM projects ORDER BY rowid")
	if len(rows) != len(truth) {
		t.Fatalf("%s: %d rows; want %d", file, len(rows), len(truth))
	}
	bad := 0
	byID := map[string]map[string]any{}
	for r, obj := range truth {
		byID[obj["id"].(string)] = obj
		for _, c := range cols {
			if msg := valueMismatch(rows[r][c.Name], c, expected(obj, c), false); msg != "" && bad < 20 {
				bad++
				t.Errorf("%s: %s %s: %s", file, obj["id"], c.Name, msg)
			}
		}
	}
	for _, c := range cols {
		if c.Type != "list" {
			continue
		}
		items := map[string][]string{}
		for _, row := range querySQLite(t, file, "SELECT project_id, value FROM projects_"+c.Name+" ORDER BY project_id, position") {
			id := row["project_id"].(string)
			items[id] = append(items[id], row["value"].(string))
		}
		for id, obj := range byID {
			want := expected(obj, c).([]string)
			if !slices.Equal(items[id], want) && (len(want) > 0 || len(items[id]) > 0) {
				t.Errorf("%s: projects_%s of %s: %q; want %q", file, c.Name, id, items[id], want)
			}
		}
	}
	// The full-text index finds a project by a word of its title, in any case.
	for _, obj := range truth {
		title, _ := obj["title"].(string)
		words := strings.Fields(title)
		if len(words) < 2 {
			continue
		}
		word := strings.Trim(words[1], ".,„“\"()")
		if len([]rune(word)) < 4 {
			continue
		}
		q := "SELECT p.id FROM projects_fts f JOIN projects p ON p.rowid = f.rowid WHERE projects_fts MATCH '\"" +
			strings.ReplaceAll(strings.ToUpper(word), "'", "''") + "\"'"
		found := false
		for _, row := range querySQLite(t, file, q) {
			found = found || row["id"] == obj["id"]
		}
		if !found {
			t.Errorf("%s: the full-text index does not find %s by %q", file, obj["id"], word)
		}
		break
	}
	about := querySQLite(t, file, "SELECT value FROM about WHERE key = 'licence'")
	if len(about) != 1 || !strings.Contains(fmt.Sprint(about[0]["value"]), dataset.LicenseName) {
		t.Errorf("%s: about names no licence: %v", file, about)
	}
}
