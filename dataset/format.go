package dataset

import (
	"io"
	"strings"
	"time"
)

// Names of the download formats this package encodes itself.
const (
	FormatCSV    = "csv"
	FormatJSON   = "json"
	FormatNDJSON = "ndjson"
)

// Format is one download format: everything the API, the export command,
// the web page and the data package need to know about it. cmd assembles
// the table of formats (Formats) once and hands it to each of them, so
// that adding a format is one entry there.
type Format struct {
	Name      string // the --format value and the suffix of /api/v1/projects.NAME
	MediaType string // the Content-Type of the download
	Extension string // the file name's extension, without the dot
	Title     string // a short label for a button: "CSV", "Excel (XLSX)"
	// Use says, per language ("bg", "en"), which tools the file is for.
	Use map[string]string
	// Description says what the file holds, for the data package.
	Description string
	// Columns are the file's columns when it is a table of one row per
	// project (Columns, or TypedColumns for typed formats): the data
	// package gives its Table Schema. nil for the record formats.
	Columns []Column
	// NativeLists: list columns are lists of the format (Parquet), not
	// text joined with ListSeparator.
	NativeLists bool
	// Dialect is the data package's dialect of a table format (sheet,
	// table name, CSV delimiters …); nil for none.
	Dialect map[string]any
	// Binary formats have no character encoding.
	Binary bool
	// Sized: the data package states the size and hash of the full file,
	// computed by streaming every record through the encoder; only for
	// formats whose bytes are stable and cheap to make.
	Sized bool
	// New returns an encoder writing the format to w; m describes the file
	// for the formats that carry their own description.
	New func(w io.Writer, m FileMeta) (Encoder, error)
}

// FileMeta is what a download says about itself (the XLSX's second sheet,
// the SQLite file's about table, the Parquet file's metadata).
type FileMeta struct {
	URL     string    // where the file was downloaded from; "" when unknown
	Query   string    // the selection as URL parameters; "" for every record
	Made    time.Time // when the file was made; zero leaves it out
	Updated time.Time // the last change of any record; zero leaves it out
}

// MediaTypeBase is the media type without parameters (text/csv).
func (f Format) MediaTypeBase() string {
	return strings.TrimSpace(strings.SplitN(f.MediaType, ";", 2)[0])
}

// UseIn returns Use in language lang, else in English.
func (f Format) UseIn(lang string) string {
	if s, ok := f.Use[lang]; ok {
		return s
	}
	return f.Use["en"]
}

// Formats is a table of download formats, in the order they are offered.
type Formats []Format

// Lookup returns the format named name, or an EINVALID error naming the
// formats there are.
func (fs Formats) Lookup(name string) (Format, error) {
	for _, f := range fs {
		if f.Name == name {
			return f, nil
		}
	}
	return Format{}, Errorf(EINVALID, "format %q is not one of %s", name, strings.Join(fs.Names(), ", "))
}

// Names lists the formats' names.
func (fs Formats) Names() []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.Name
	}
	return out
}

// The formats this package encodes itself; cmd adds the ones that need a
// library (XLSX, Parquet, SQLite).
var (
	CSVFormat = Format{
		Name: FormatCSV, MediaType: "text/csv; charset=utf-8", Extension: "csv", Title: "CSV",
		Use: map[string]string{
			"bg": "за програми (Python, R, pandas) и Excel; LibreOffice с български настройки го отваря грешно — за него изберете XLSX",
			"en": "for programs (Python, R, pandas) and Excel; LibreOffice with Bulgarian settings opens it wrong — pick XLSX for it",
		},
		Description: "One row per project; UTF-8 with a byte-order mark; list cells joined with \" | \"; " +
			"a text cell starting with = + - @, a tab or a carriage return carries a leading ' so that no spreadsheet runs it.",
		Columns: Columns, Sized: true,
		Dialect: map[string]any{
			"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
			"header":  true, "delimiter": ",", "lineTerminator": "\r\n", "quoteChar": "\"", "doubleQuote": true,
		},
		New: func(w io.Writer, _ FileMeta) (Encoder, error) { return NewCSVEncoder(w), nil },
	}
	JSONFormat = Format{
		Name: FormatJSON, MediaType: "application/json; charset=utf-8", Extension: "json", Title: "JSON",
		Use: map[string]string{
			"bg": "целите записи, с източниците и предупрежденията — за програми",
			"en": "the whole records, with sources and warnings — for programs",
		},
		Description: "One JSON array of project records, as docs/record.md describes them; the fields are those of the CSV schema, nested (budget.total, period.start, sources[] …).",
		Sized:       true,
		New:         func(w io.Writer, _ FileMeta) (Encoder, error) { return NewJSONEncoder(w), nil },
	}
	NDJSONFormat = Format{
		Name: FormatNDJSON, MediaType: "application/x-ndjson; charset=utf-8", Extension: "ndjson", Title: "NDJSON",
		Use: map[string]string{
			"bg": "един запис на ред — за големи обеми и jq",
			"en": "one record per line — for large volumes and jq",
		},
		Description: "One project record (JSON, as docs/record.md describes it) per line.",
		Sized:       true,
		New:         func(w io.Writer, _ FileMeta) (Encoder, error) { return NewNDJSONEncoder(w), nil },
	}
)

// TextFormats are the formats this package encodes itself.
var TextFormats = Formats{CSVFormat, JSONFormat, NDJSONFormat}

// NewEncoder returns the encoder of one of TextFormats (csv, json, ndjson)
// writing to w, or an EINVALID error naming them. These encoders write the
// same bytes for the same records, so a download's size and hash are stable.
func NewEncoder(format string, w io.Writer) (Encoder, error) {
	f, err := TextFormats.Lookup(format)
	if err != nil {
		return nil, err
	}
	return f.New(w, FileMeta{})
}
