// Package xlsx writes the spreadsheet download (Excel's XLSX) with
// xuri/excelize's stream writer: one typed row per project, a frozen header
// with filters, readable widths, and a second sheet with the data
// dictionary, the source and the licence. It is the file for people with
// Excel or LibreOffice: the cells are typed, so no locale's decimal
// separator or date order can turn an amount into text.
package xlsx

import (
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"

	"github.com/opendata-bg/opendata/dataset"
)

// Sheet names.
const (
	SheetProjects = "projects"
	SheetAbout    = "about"
)

// MaxCellChars is Excel's limit on the characters of one cell; a longer
// text is cut and ends with CutMark.
const MaxCellChars = 32767

// CutMark ends a text cut at MaxCellChars.
const CutMark = " … [cut: Excel's limit of 32,767 characters; the CSV has the whole text]"

// maxRows is Excel's limit on rows, the header included.
const maxRows = 1_048_576

// Format is the XLSX download's entry in the table of formats.
var Format = dataset.Format{
	Name:      "xlsx",
	MediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	Extension: "xlsx",
	Title:     "Excel (XLSX)",
	Use: map[string]string{
		"bg": "за Excel и LibreOffice: сумите са числа, датите — дати, при всякакви регионални настройки",
		"en": "for Excel and LibreOffice: amounts are numbers and dates are dates, whatever the regional settings",
	},
	Description: "A spreadsheet: sheet \"" + SheetProjects + "\" has one row per project with typed cells (ids and codes as text, " +
		"amounts as numbers with two decimals, dates as dates, times in UTC), a frozen header with filters; sheet \"" + SheetAbout +
		"\" has the data dictionary, the source and the licence. List cells join their items with \" | \".",
	Columns: dataset.TypedColumns(),
	Dialect: map[string]any{"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json", "sheetName": SheetProjects, "header": true},
	Binary:  true,
	New:     func(w io.Writer, m dataset.FileMeta) (dataset.Encoder, error) { return NewEncoder(w, m) },
}

// Encoder writes the XLSX download. Rows stream to the stream writer (which
// keeps them in a temporary file past 16 MB); Close writes the workbook.
type Encoder struct {
	w      io.Writer
	meta   dataset.FileMeta
	f      *excelize.File
	sw     *excelize.StreamWriter
	cols   []dataset.Column
	styles map[string]int // column type → style
	row    []any
	rows   int // rows written, the header included
	closed bool
}

// NewEncoder returns an encoder writing an XLSX workbook to w; m is written
// to the about sheet.
func NewEncoder(w io.Writer, m dataset.FileMeta) (*Encoder, error) {
	f := excelize.NewFile()
	e := &Encoder{w: w, meta: m, f: f, cols: dataset.TypedColumns(), styles: map[string]int{}}
	if err := e.start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("xlsx: %w", err)
	}
	return e, nil
}

// start names the sheets, makes the styles and writes the header.
func (e *Encoder) start() error {
	if err := e.f.SetSheetName("Sheet1", SheetProjects); err != nil {
		return err
	}
	if _, err := e.f.NewSheet(SheetAbout); err != nil {
		return err
	}
	for typ, st := range map[string]*excelize.Style{
		"header":   {Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE5F0"}}},
		"number":   {NumFmt: 4},  // #,##0.00: the locale's separators
		"date":     {NumFmt: 14}, // the locale's short date
		"datetime": {NumFmt: 22}, // the locale's date and time
		"text":     {NumFmt: 49}, // @: text stays text when edited
	} {
		id, err := e.f.NewStyle(st)
		if err != nil {
			return err
		}
		e.styles[typ] = id
	}
	sw, err := e.f.NewStreamWriter(SheetProjects)
	if err != nil {
		return err
	}
	e.sw = sw
	for i, c := range e.cols {
		if err := sw.SetColWidth(i+1, i+1, width(c)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(e.cols))
	for i, c := range e.cols {
		header[i] = excelize.Cell{StyleID: e.styles["header"], Value: c.Name}
	}
	e.row = make([]any, len(e.cols))
	return e.writeRow(header)
}

// width is a readable column width (in characters) for a column.
func width(c dataset.Column) float64 {
	switch c.Name {
	case "title":
		return 60
	case "id", "programme_name", "beneficiary":
		return 30
	}
	switch c.Type {
	case "list":
		return 40
	case "number":
		return 16
	case "date":
		return 12
	case "datetime":
		return 18
	case "integer":
		return 10
	}
	return 20
}

func (e *Encoder) writeRow(cells []any) error {
	if e.rows >= maxRows {
		return dataset.Errorf(dataset.EINVALID,
			"the selection has more than %d projects, more than a spreadsheet holds: narrow it or take the CSV or Parquet file", maxRows-1)
	}
	e.rows++
	cell, err := excelize.CoordinatesToCellName(1, e.rows)
	if err != nil {
		return err
	}
	return e.sw.SetRow(cell, cells)
}

// Encode writes one project as a row of typed cells.
func (e *Encoder) Encode(r dataset.Record) error {
	for i := range e.cols {
		e.row[i] = e.cell(&e.cols[i], &r)
	}
	if err := e.writeRow(e.row); err != nil {
		return fmt.Errorf("xlsx: record %s: %w", r.ID, err)
	}
	return nil
}

// cell is one typed cell, nil for an empty one.
func (e *Encoder) cell(c *dataset.Column, r *dataset.Record) any {
	switch v := c.Value(r).(type) {
	case *float64:
		if v != nil {
			return excelize.Cell{StyleID: e.styles["number"], Value: *v}
		}
	case *int:
		if v != nil {
			return *v
		}
	case []string:
		if len(v) > 0 {
			return e.text(strings.Join(v, dataset.ListSeparator))
		}
	case string:
		if v == "" {
			return nil
		}
		switch c.Type {
		case "date":
			if t, err := time.Parse(time.DateOnly, v); err == nil {
				return excelize.Cell{StyleID: e.styles["date"], Value: t}
			}
		case "datetime":
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				return excelize.Cell{StyleID: e.styles["datetime"], Value: t.UTC()}
			}
		}
		return e.text(v) // ids, codes, names; a partial date stays as written
	}
	return nil
}

// text is a text cell: typed as text (a string cell is never a formula, so
// no "'" is needed), cut at Excel's limit.
func (e *Encoder) text(s string) excelize.Cell {
	return excelize.Cell{StyleID: e.styles["text"], Value: Cut(strings.ToValidUTF8(s, "\uFFFD"))}
}

// Cut shortens s to MaxCellChars characters (as Excel counts them: UTF-16
// units), ending it with CutMark, and leaves shorter texts alone.
func Cut(s string) string {
	if len(s) <= MaxCellChars || utf16Len(s) <= MaxCellChars {
		return s
	}
	keep := MaxCellChars - utf16Len(CutMark)
	n := 0
	for i, r := range s {
		n += utf16.RuneLen(r)
		if n > keep {
			return s[:i] + CutMark
		}
	}
	return s
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// Close adds the filters over the rows written, writes the about sheet and
// the workbook to w.
func (e *Encoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	defer e.f.Close()
	if err := e.finish(); err != nil {
		return fmt.Errorf("xlsx: %w", err)
	}
	return nil
}

func (e *Encoder) finish() error {
	if e.rows >= 2 {
		// A table gives the header its filter buttons.
		last, err := excelize.CoordinatesToCellName(len(e.cols), e.rows)
		if err != nil {
			return err
		}
		stripes := false
		if err := e.sw.AddTable(&excelize.Table{Range: "A1:" + last, Name: "projects", StyleName: "TableStyleLight1", ShowRowStripes: &stripes}); err != nil {
			return err
		}
	}
	if err := e.sw.Flush(); err != nil {
		return err
	}
	if err := e.about(); err != nil {
		return err
	}
	props := &excelize.DocProperties{Title: "Projects of Bulgarian municipalities", Creator: "opendata",
		Description: "Source: " + e.meta.URL + "; licence: " + dataset.LicenseTitle, Language: "bg-BG"}
	if !e.meta.Made.IsZero() {
		props.Created = e.meta.Made.UTC().Format(time.RFC3339)
		props.Modified = props.Created
	}
	if err := e.f.SetDocProps(props); err != nil {
		return err
	}
	e.f.SetActiveSheet(0)
	return e.f.Write(e.w)
}

// about writes the second sheet: what the file is, where it comes from,
// its licence, and the data dictionary.
func (e *Encoder) about() error {
	rows := [][]any{
		{"Проекти на българските общини, финансирани от ЕС и национални програми", ""},
		{"Projects of Bulgarian municipalities funded by the EU and national programmes", ""},
		{},
		{"Източник / source", e.meta.URL},
		{"Избор / selection", orAll(e.meta.Query)},
		{"Проекти / projects", e.rows - 1},
	}
	if !e.meta.Updated.IsZero() {
		rows = append(rows, []any{"Данните са от / data as of (UTC)", e.meta.Updated.UTC().Format("2006-01-02 15:04")})
	}
	if !e.meta.Made.IsZero() {
		rows = append(rows, []any{"Файлът е създаден / file made (UTC)", e.meta.Made.UTC().Format("2006-01-02 15:04")})
	}
	rows = append(rows,
		[]any{"Лиценз / licence", dataset.LicenseTitle + " (" + dataset.LicenseName + "), " + dataset.LicensePath},
		[]any{"Бележки / notes", "Amounts are in budget_currency as the page states them; *_eur columns at 1 EUR = 1.95583 BGN. " +
			"budget_amount_eur is the total, else the grant. Times are UTC. List cells join their items with \" | \". " +
			"Texts longer than 32,767 characters are cut (the CSV has them whole)."},
		[]any{},
		[]any{excelize.Cell{StyleID: e.styles["header"], Value: "column"}, excelize.Cell{StyleID: e.styles["header"], Value: "type"},
			excelize.Cell{StyleID: e.styles["header"], Value: "meaning"}, excelize.Cell{StyleID: e.styles["header"], Value: "record field"}},
	)
	for _, c := range e.cols {
		rows = append(rows, []any{c.Name, c.Type, c.Description, c.Field})
	}
	for i, row := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := e.f.SetSheetRow(SheetAbout, cell, &row); err != nil {
			return err
		}
	}
	for col, w := range map[string]float64{"A": 34, "B": 14, "C": 90, "D": 26} {
		if err := e.f.SetColWidth(SheetAbout, col, col, w); err != nil {
			return err
		}
	}
	return nil
}

func orAll(q string) string {
	if q == "" {
		return "всички проекти / every project"
	}
	return q
}

// Discard drops the workbook (and the stream writer's temporary file)
// without writing it.
func (e *Encoder) Discard() {
	if !e.closed {
		e.closed = true
		e.f.Close()
	}
}

var (
	_ dataset.Encoder   = (*Encoder)(nil)
	_ dataset.Discarder = (*Encoder)(nil)
)
