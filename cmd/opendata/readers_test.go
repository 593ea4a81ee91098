package main

// Outside readers of the files we hand people: LibreOffice (headless, with
// Bulgarian settings) for the XLSX, hyparquet (JavaScript, from npm) for
// the Parquet file, the sqlite3 shell for the SQLite file. Each test that
// needs one skips when it is absent; .ci/run installs them.

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// repoRoot is the directory holding go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		up := filepath.Dir(dir)
		if up == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = up
	}
}

// needTool returns the path of a program, skipping the test when it is absent.
func needTool(t *testing.T, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed (%s; .ci/run installs it)", name, install)
	}
	return p
}

// odsCell is one cell as LibreOffice read it.
type odsCell struct {
	Type  string // float, date, string, … ("" for an empty cell)
	Value string // office:value (float) or office:date-value (date)
	Text  string // the text shown, for strings
}

// bulgarianProfile is a LibreOffice user profile whose locale is bg-BG:
// decimal comma, day.month.year dates — the settings journalists here use.
const bulgarianProfile = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>bg-BG</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>bg-BG</value></prop></item>
</oor:items>
`

// openInLibreOffice opens file in LibreOffice headless with Bulgarian
// settings and no import options, as a person double-clicking it would,
// and returns every sheet as LibreOffice read it (saved as flat ODS).
func openInLibreOffice(t *testing.T, file string) map[string][][]odsCell {
	t.Helper()
	soffice := needTool(t, "soffice", "apt-get install libreoffice-calc")
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(bulgarianProfile), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	cmd := exec.Command(soffice, "-env:UserInstallation=file://"+profile, "--headless", "--norestore",
		"--convert-to", "fods", "--outdir", out, file)
	cmd.Env = append(os.Environ(), "LANG=bg_BG.UTF-8", "LC_ALL=bg_BG.UTF-8", "HOME="+dir)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	raw, err := os.ReadFile(filepath.Join(out, base+".fods"))
	if err != nil {
		t.Fatalf("LibreOffice wrote no flat ODS: %v", err)
	}
	sheets, err := parseFODS(raw)
	if err != nil {
		t.Fatalf("parse the flat ODS: %v", err)
	}
	return sheets
}

// parseFODS reads the tables of a flat ODS document: repeated rows and
// cells expanded (trailing empty ones dropped), text as shown (paragraphs
// joined with "\n", <text:s/> as spaces).
func parseFODS(raw []byte) (map[string][][]odsCell, error) {
	const (
		nsTable  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
		nsOffice = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
		nsText   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	)
	attr := func(se xml.StartElement, space, local string) string {
		for _, a := range se.Attr {
			if a.Name.Space == space && a.Name.Local == local {
				return a.Value
			}
		}
		return ""
	}
	repeat := func(se xml.StartElement, local string) int {
		n, err := strconv.Atoi(attr(se, nsTable, local))
		if err != nil || n < 1 {
			return 1
		}
		return min(n, 1<<14)
	}
	sheets := map[string][][]odsCell{}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	var (
		sheet     string
		row       []odsCell
		rowRepeat int
		cell      *odsCell
		cellRep   int
		text      strings.Builder
		paras     int
		inP       bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return sheets, nil
		}
		if err != nil {
			return nil, err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			switch {
			case tk.Name.Space == nsTable && tk.Name.Local == "table":
				sheet = attr(tk, nsTable, "name")
			case tk.Name.Space == nsTable && tk.Name.Local == "table-row":
				row, rowRepeat = nil, repeat(tk, "number-rows-repeated")
			case tk.Name.Space == nsTable && (tk.Name.Local == "table-cell" || tk.Name.Local == "covered-table-cell"):
				value := attr(tk, nsOffice, "value")
				if value == "" {
					value = attr(tk, nsOffice, "date-value")
				}
				cell = &odsCell{Type: attr(tk, nsOffice, "value-type"), Value: value}
				cellRep = repeat(tk, "number-columns-repeated")
				text.Reset()
				paras = 0
			case cell != nil && tk.Name.Space == nsText && tk.Name.Local == "p":
				if paras > 0 {
					text.WriteByte('\n')
				}
				paras++
				inP = true
			case cell != nil && tk.Name.Space == nsText && tk.Name.Local == "s":
				n, err := strconv.Atoi(attr(tk, nsText, "c"))
				if err != nil || n < 1 {
					n = 1
				}
				text.WriteString(strings.Repeat(" ", n))
			case cell != nil && tk.Name.Space == nsText && tk.Name.Local == "tab":
				text.WriteByte('\t')
			case cell != nil && tk.Name.Space == nsText && tk.Name.Local == "line-break":
				text.WriteByte('\n')
			}
		case xml.CharData:
			if cell != nil && inP {
				text.Write(tk)
			}
		case xml.EndElement:
			switch {
			case tk.Name.Space == nsText && tk.Name.Local == "p":
				inP = false
			case tk.Name.Space == nsTable && (tk.Name.Local == "table-cell" || tk.Name.Local == "covered-table-cell"):
				cell.Text = text.String()
				for range cellRep {
					row = append(row, *cell)
				}
				cell = nil
			case tk.Name.Space == nsTable && tk.Name.Local == "table-row":
				for len(row) > 0 && row[len(row)-1] == (odsCell{}) {
					row = row[:len(row)-1]
				}
				if len(row) > 0 {
					for range rowRepeat {
						sheets[sheet] = append(sheets[sheet], row)
					}
				}
			}
		}
	}
}

// hyparquetDir is where .ci/run installs hyparquet from npm.
func hyparquetDir(t *testing.T) string {
	t.Helper()
	needTool(t, "node", "apt-get install nodejs")
	dir := filepath.Join(repoRoot(t), "testdata", "artifacts", "node", "node_modules")
	if _, err := os.Stat(filepath.Join(dir, "hyparquet", "package.json")); err != nil {
		t.Skipf("hyparquet is not installed in %s (npm i -E --ignore-scripts --prefix testdata/artifacts/node hyparquet@1.33.0; .ci/run does)", dir)
	}
	return dir
}

// parquetFile is a Parquet file as hyparquet reads it.
type parquetFile struct {
	Columns  []string
	Metadata map[string]string
	Rows     []map[string]any
}

// readParquet reads file with hyparquet.
func readParquet(t *testing.T, file string) parquetFile {
	t.Helper()
	modules := hyparquetDir(t)
	script := filepath.Join(repoRoot(t), "testdata", "readers", "read-parquet.mjs")
	out, err := exec.Command("node", script, modules, file).Output()
	if err != nil {
		t.Fatalf("hyparquet: %v\n%s", err, stderrOf(err))
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var pf parquetFile
	var head struct {
		Columns  []string
		Metadata map[string]string
		Rows     int
	}
	if err := dec.Decode(&head); err != nil {
		t.Fatalf("hyparquet's first line: %v", err)
	}
	pf.Columns, pf.Metadata = head.Columns, head.Metadata
	for dec.More() {
		var row map[string]any
		if err := dec.Decode(&row); err != nil {
			t.Fatalf("hyparquet row: %v", err)
		}
		pf.Rows = append(pf.Rows, row)
	}
	if len(pf.Rows) != head.Rows {
		t.Fatalf("hyparquet read %d rows; the footer says %d", len(pf.Rows), head.Rows)
	}
	return pf
}

// querySQLite runs one query with the sqlite3 shell and returns its rows.
func querySQLite(t *testing.T, file, query string) []map[string]any {
	t.Helper()
	sqlite3 := needTool(t, "sqlite3", "apt-get install sqlite3")
	out, err := exec.Command(sqlite3, "-readonly", "-json", file, query).Output()
	if err != nil {
		t.Fatalf("sqlite3 %q: %v\n%s", query, err, stderrOf(err))
	}
	if len(bytes.TrimSpace(out)) == 0 {
		return nil // no rows: sqlite3 -json prints nothing
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	var rows []map[string]any
	if err := dec.Decode(&rows); err != nil {
		t.Fatalf("sqlite3 %q: %v\n%.500s", query, err, out)
	}
	return rows
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
