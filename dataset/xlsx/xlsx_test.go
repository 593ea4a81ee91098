package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/formattest"
)

func encode(t *testing.T, recs []dataset.Record) *excelize.File {
	t.Helper()
	raw := formattest.Encode(t, Format, dataset.FileMeta{URL: "http://example.org/api/v1/projects.xlsx?municipality=X", Query: "municipality=X",
		Made: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)}, recs)
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the file does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestWorkbook reads the workbook back: typed cells equal to the records,
// the header frozen with filters, the about sheet.
func TestWorkbook(t *testing.T) {
	recs := formattest.Records(t)
	f := encode(t, recs)
	if got := f.GetSheetList(); len(got) != 2 || got[0] != SheetProjects || got[1] != SheetAbout {
		t.Fatalf("sheets %v", got)
	}
	cols := dataset.TypedColumns()
	rows, err := f.GetRows(SheetProjects, excelize.Options{RawCellValue: true})
	if err != nil || len(rows) != len(recs)+1 {
		t.Fatalf("%d rows (%v); want %d", len(rows), err, len(recs)+1)
	}
	for i, c := range cols {
		if rows[0][i] != c.Name {
			t.Errorf("header %d: %q, want %q", i, rows[0][i], c.Name)
		}
	}
	for r, rec := range recs {
		for i, c := range cols {
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			typ, _ := f.GetCellType(SheetProjects, cell)
			raw := ""
			if i < len(rows[r+1]) {
				raw = rows[r+1][i]
			}
			if formula, _ := f.GetCellFormula(SheetProjects, cell); formula != "" {
				t.Errorf("%s %s: a formula %q", rec.ID, c.Name, formula)
			}
			checkCell(t, rec, c, typ, raw)
		}
	}
	panes, err := f.GetPanes(SheetProjects)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v (%v): want the header frozen", panes, err)
	}
	tables, err := f.GetTables(SheetProjects)
	last, _ := excelize.CoordinatesToCellName(len(cols), len(recs)+1)
	if err != nil || len(tables) != 1 || tables[0].Range != "A1:"+last {
		t.Errorf("tables %+v (%v): want one over A1:%s, for the filters", tables, err, last)
	}
	if w, _ := f.GetColWidth(SheetProjects, "B"); w < 40 {
		t.Errorf("the title column is %v wide", w)
	}
	about, _ := f.GetRows(SheetAbout)
	text := ""
	for _, row := range about {
		text += strings.Join(row, "\t") + "\n"
	}
	for _, want := range append([]string{dataset.LicenseTitle, dataset.LicensePath, "http://example.org/api/v1/projects.xlsx?municipality=X", "2026-11-23 09:00"}, names(cols)...) {
		if !strings.Contains(text, want) {
			t.Errorf("the about sheet lacks %q", want)
		}
	}
}

func names(cols []dataset.Column) []string {
	var out []string
	for _, c := range cols {
		out = append(out, c.Name+"\t"+c.Type+"\t"+c.Description)
	}
	return out
}

// checkCell compares one cell (its type and raw value) with the record.
func checkCell(t *testing.T, rec dataset.Record, c dataset.Column, typ excelize.CellType, raw string) {
	t.Helper()
	fail := func(want string) { t.Errorf("%s %s: type %d %q; want %s", rec.ID, c.Name, typ, raw, want) }
	switch v := c.Value(&rec).(type) {
	case *float64:
		if v == nil {
			if raw != "" {
				fail("empty")
			}
		} else if got, err := strconv.ParseFloat(raw, 64); typ != excelize.CellTypeUnset || err != nil || got != *v {
			fail("the number " + strconv.FormatFloat(*v, 'f', -1, 64))
		}
	case *int:
		if v != nil && raw != strconv.Itoa(*v) || v == nil && raw != "" {
			fail("the integer")
		}
	case []string:
		checkText(t, rec, c, typ, raw, strings.Join(v, " | "))
	case string:
		switch {
		case v == "":
			if raw != "" {
				fail("empty")
			}
		case c.Type == "date" || c.Type == "datetime":
			// A date is a serial number of days since 1899-12-30.
			serial, err := strconv.ParseFloat(raw, 64)
			want, _ := time.Parse(time.RFC3339, v)
			if c.Type == "date" {
				want, _ = time.Parse(time.DateOnly, v)
			}
			got := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Add(time.Duration(serial * 24 * float64(time.Hour))).Round(time.Second)
			if err != nil || !got.Equal(want) {
				fail("the date " + v)
			}
		default:
			checkText(t, rec, c, typ, raw, v)
		}
	}
}

func checkText(t *testing.T, rec dataset.Record, c dataset.Column, typ excelize.CellType, raw, want string) {
	t.Helper()
	if want == "" {
		if raw != "" {
			t.Errorf("%s %s: %q; want empty", rec.ID, c.Name, raw)
		}
		return
	}
	if typ != excelize.CellTypeInlineString {
		t.Errorf("%s %s: type %d; want text", rec.ID, c.Name, typ)
	}
	if n := len(utf16.Encode([]rune(want))); n > MaxCellChars {
		if !strings.HasSuffix(raw, CutMark) || !strings.HasPrefix(want, strings.TrimSuffix(raw, CutMark)) || len(utf16.Encode([]rune(raw))) > MaxCellChars {
			t.Errorf("%s %s: a text of %d characters is not cut to Excel's limit with the mark", rec.ID, c.Name, n)
		}
		return
	}
	if raw != want {
		t.Errorf("%s %s: %q; want %q", rec.ID, c.Name, raw, want)
	}
}

func TestCut(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int // UTF-16 length of the result; -1: unchanged
	}{
		{"кратък", -1},
		{strings.Repeat("я", MaxCellChars), -1},
		{strings.Repeat("я", MaxCellChars+1), MaxCellChars},
		{strings.Repeat("🏛", MaxCellChars), MaxCellChars - 1}, // a pair is never split
	} {
		got := Cut(tt.in)
		if tt.want < 0 {
			if got != tt.in {
				t.Errorf("Cut changed a text of %d characters", len([]rune(tt.in)))
			}
			continue
		}
		if n := len(utf16.Encode([]rune(got))); n > MaxCellChars || n < tt.want || !strings.HasSuffix(got, CutMark) {
			t.Errorf("Cut: %d UTF-16 units, mark %v", n, strings.HasSuffix(got, CutMark))
		}
	}
}

// TestEmpty: a selection of nothing is a workbook with the header.
func TestEmpty(t *testing.T) {
	f := encode(t, nil)
	rows, err := f.GetRows(SheetProjects)
	if err != nil || len(rows) != 1 || rows[0][0] != "id" {
		t.Errorf("rows %v (%v)", rows, err)
	}
}

// TestDiscard: a download cut short leaves no temporary file and writes nothing.
func TestDiscard(t *testing.T) {
	var buf bytes.Buffer
	enc, err := NewEncoder(&buf, dataset.FileMeta{})
	if err != nil {
		t.Fatal(err)
	}
	enc.Encode(formattest.Records(t)[0])
	enc.Discard()
	if err := enc.Close(); err != nil || buf.Len() != 0 {
		t.Errorf("after Discard: Close %v, %d bytes written", err, buf.Len())
	}
}
