package dataset

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ListSeparator joins the items of a list field in a CSV cell.
const ListSeparator = " | "

// Column is one column of the tabular downloads (CSV, XLSX, Parquet,
// SQLite) and of the data package's Table Schema, all built from Columns.
type Column struct {
	Name        string // the header
	Type        string // Table Schema type: string, number, integer, date, datetime, list
	Field       string // the record's JSON field it comes from (budget.total, sources[].url …)
	Description string
	// AliasOf names the column this one repeats under its old name, kept in
	// the CSV for one release; the typed formats leave aliases out.
	AliasOf string
	get     func(r *Record) any
}

// Value returns the column's value for r, typed by Column.Type: a string
// for string, date (ISO) and datetime (RFC 3339) columns ("" is null), a
// []string for lists, a *float64 for numbers and a *int for integers (nil
// is null).
func (c *Column) Value(r *Record) any { return c.get(r) }

func col(name, typ, field, desc string, get func(r *Record) any) Column {
	return Column{Name: name, Type: typ, Field: field, Description: desc, get: get}
}

func text(name, typ, field, desc string, get func(r *Record) string) Column {
	return col(name, typ, field, desc, func(r *Record) any { return get(r) })
}

func items(name, field, desc string, get func(r *Record) []string) Column {
	return col(name, "list", field, desc, func(r *Record) any { return get(r) })
}

func number(name, field, desc string, get func(r *Record) *float64) Column {
	return col(name, "number", field, desc, func(r *Record) any { return get(r) })
}

// Columns are the tabular downloads' columns in order. Empty cells are
// nulls; CSV list cells join their items with " | ". New columns go at the
// end, so that programs reading the CSV by position keep working.
var Columns = []Column{
	text("id", "string", "id", "Stable identifier: the first contract number, else a hash of the first source URL and position", func(r *Record) string { return r.ID }),
	text("title", "string", "title", "The project's name as printed", func(r *Record) string { return r.Title }),
	items("contract_numbers", "contract_numbers", "Grant contract numbers as printed", func(r *Record) []string { return r.ContractNumbers }),
	items("procedure_codes", "procedure_codes", "Procedure / budget line codes", func(r *Record) []string { return r.ProcedureCodes }),
	text("programme", "string", "programme", "Programme code (OPAC, OPRG, PRR, RDP, NRRP, INTERREG, OTHER …)", func(r *Record) string { return r.Programme }),
	text("programme_name", "string", "programme_name", "Programme name", func(r *Record) string { return r.ProgrammeName }),
	items("funds", "funds", "EU funds: ESF, ERDF, CF, EAFRD, EMFF, NRRP, OTHER", func(r *Record) []string { return r.Funds }),
	text("beneficiary", "string", "beneficiary", "The beneficiary organisation", func(r *Record) string { return r.Beneficiary }),
	text("municipality", "string", "municipality", "The municipality's name, in Cyrillic", func(r *Record) string { return r.Municipality }),
	items("partners", "partners", "Partner organisations", func(r *Record) []string { return r.Partners }),
	items("contractors", "contractors", "Contractors (firms) named", func(r *Record) []string { return r.Contractors }),
	number("budget_total", "budget.total", "Total value, in budget_currency, as stated", func(r *Record) *float64 { return r.Budget.Total }),
	number("budget_grant", "budget.grant", "Grant (БФП), in budget_currency", func(r *Record) *float64 { return r.Budget.Grant }),
	number("budget_own_contribution", "budget.own_contribution", "The beneficiary's own contribution, in budget_currency", func(r *Record) *float64 { return r.Budget.OwnAmount() }),
	number("budget_cofinancing_rate", "budget.cofinancing_rate", "Co-financing rate, percent", func(r *Record) *float64 { return r.Budget.CofinancingRate }),
	text("budget_currency", "string", "budget.currency", "Currency of the stated amounts: BGN or EUR", func(r *Record) string { return r.Budget.Currency }),
	number("budget_total_eur", "budget.total_eur", "Total value in euro at 1 EUR = 1.95583 BGN, to cents", func(r *Record) *float64 { return r.Budget.TotalEUR }),
	number("budget_grant_eur", "budget.grant_eur", "Grant in euro at 1 EUR = 1.95583 BGN, to cents", func(r *Record) *float64 { return r.Budget.GrantEUR }),
	number("budget_eu", "budget.eu", "EU share of the financing, in budget_currency", func(r *Record) *float64 { return r.Budget.EU }),
	number("budget_national", "budget.national", "National share of the financing, in budget_currency", func(r *Record) *float64 { return r.Budget.National }),
	{Name: "budget_own", Type: "number", Field: "budget.own", AliasOf: "budget_own_contribution",
		Description: "Deprecated: the same value as budget_own_contribution, under its old name; kept for one release",
		get:         func(r *Record) any { return r.Budget.OwnAmount() }},
	text("period_start", "date", "period.start", "Start of implementation", func(r *Record) string { return r.Period.Start }),
	text("period_end", "date", "period.end", "End of implementation", func(r *Record) string { return r.Period.End }),
	col("period_duration_months", "integer", "period.duration_months", "Duration in months as stated", func(r *Record) any { return r.Period.DurationMonths }),
	items("objectives", "objectives", "Objectives", func(r *Record) []string { return r.Objectives }),
	items("activities", "activities", "Activities", func(r *Record) []string { return r.Activities }),
	items("results", "results", "Results", func(r *Record) []string { return r.Results }),
	items("target_groups", "target_groups", "Target groups", func(r *Record) []string { return r.TargetGroups }),
	text("published", "date", "published", "Latest publication date of the pages about it", func(r *Record) string { return r.Published }),
	items("source_urls", "sources[].url", "Pages the record was compiled from, newest first", func(r *Record) []string {
		out := make([]string, len(r.Sources))
		for i, s := range r.Sources {
			out[i] = s.URL
		}
		return out
	}),
	items("document_urls", "documents[].url", "Attachments linked from the pages", func(r *Record) []string {
		out := make([]string, len(r.Documents))
		for i, d := range r.Documents {
			out[i] = d.URL
		}
		return out
	}),
	items("warnings", "warnings", "What did not add up, including disagreements between sources", func(r *Record) []string { return r.Warnings }),
	text("withdrawn", "date", "withdrawn", "Date the project disappeared from its site; empty while live", func(r *Record) string { return r.Withdrawn }),
	text("first_seen", "datetime", "first_seen", "When the project was first seen", func(r *Record) string { return r.FirstSeen }),
	text("updated", "datetime", "updated", "When its fields last changed", func(r *Record) string { return r.Updated }),
	number("budget_amount_eur", "budget.amount_eur", "The best-known amount in euro: the total when stated, else the grant (see budget_amount_basis); the one that budget filters, sorting and totals use",
		func(r *Record) *float64 { e, _ := r.amount(); return e }),
	text("budget_amount_basis", "string", "budget.amount_basis", "Which amount budget_amount_eur is: total or grant; empty when neither is stated",
		func(r *Record) string { _, b := r.amount(); return b }),
	text("register_match", "string", "register_match", "matched: a contract number is in the register (ИСУН 2020); unmatched: a number in a register programme's format is not; empty: neither", func(r *Record) string { return r.RegisterMatch }),
	regText("register_contract_number", "string", "contract_number", "The matched register contract's number, as registered", func(g *Register) string { return g.Number }),
	regText("register_match_kind", "string", "match", "How it matched: exact, registration_number (the page gives the project's registration number), annex (another -Cnn contract of the project)", func(g *Register) string { return g.Match }),
	regText("register_name", "string", "name", "The project's name in the register", func(g *Register) string { return g.Name }),
	regText("register_beneficiary", "string", "beneficiary", "The beneficiary in the register", func(g *Register) string { return g.Beneficiary }),
	regText("register_beneficiary_eik", "string", "beneficiary_eik", "The beneficiary's ЕИК in the register; empty for a natural person", func(g *Register) string { return g.BeneficiaryEIK }),
	regText("register_status", "string", "status", "The contract's status in the register", func(g *Register) string { return g.Status }),
	regText("register_start", "date", "start", "Start date in the register", func(g *Register) string { return g.Start }),
	regText("register_end", "date", "end", "End date in the register", func(g *Register) string { return g.End }),
	number("register_total_eur", "register.total_eur", "Total value in the register, euro", func(r *Record) *float64 {
		if r.Register == nil {
			return nil
		}
		return r.Register.TotalEUR
	}),
	number("register_paid_eur", "register.paid_eur", "Amount actually paid according to the register, euro", func(r *Record) *float64 {
		if r.Register == nil {
			return nil
		}
		return r.Register.PaidEUR
	}),
	items("register_places", "register.places", "Places of execution in the register", func(r *Record) []string {
		if r.Register == nil {
			return nil
		}
		return r.Register.Places
	}),
	regText("register_programme", "string", "programme", "The register's programme", func(g *Register) string { return g.Programme }),
	regText("register_file_date", "date", "file_date", "Date of the register file the values come from", func(g *Register) string { return g.FileDate }),
	items("register_disagreements", "register.disagreements[].field", "Fields where the page and the register differ (total_value, grant, title, beneficiary, start, end); both values and both sources are in warnings", func(r *Record) []string {
		if r.Register == nil {
			return nil
		}
		out := make([]string, len(r.Register.Disagreements))
		for i, d := range r.Register.Disagreements {
			out[i] = d.Field
		}
		return out
	}),
	items("register_unmatched", "register_unmatched", "Contract numbers in a register programme's format that the register does not have", func(r *Record) []string { return r.RegisterUnmatched }),
	text("municipality_code", "string", "municipality_code", "The municipality's ЕКАТТЕ code (RSE04), from the sites file: tells apart municipalities of the same name; empty when the record's municipality cannot be told by its name", func(r *Record) string { return r.MunicipalityCode }),
}

// regText is a text column of the record's register object (empty when it has none).
func regText(name, typ, field, desc string, get func(g *Register) string) Column {
	return text(name, typ, "register."+field, desc, func(r *Record) string {
		if r.Register == nil {
			return ""
		}
		return get(r.Register)
	})
}

// TypedColumns are Columns without the aliases: the columns of the typed
// downloads (XLSX, Parquet, SQLite).
func TypedColumns() []Column {
	out := make([]Column, 0, len(Columns))
	for _, c := range Columns {
		if c.AliasOf == "" {
			out = append(out, c)
		}
	}
	return out
}

// csvCell writes a value of Column.Value as a CSV cell; text is made
// formula-safe.
func csvCell(v any) string {
	switch v := v.(type) {
	case string:
		return SafeCell(v)
	case []string:
		return SafeCell(joinList(v))
	case *float64:
		if v != nil {
			return strconv.FormatFloat(*v, 'f', -1, 64)
		}
	case *int:
		if v != nil {
			return strconv.Itoa(*v)
		}
	}
	return ""
}

// CSVVersion changes whenever the way a CSV cell is written changes, so that
// stores that keep ready-made rows (CSVRow) know to rewrite them.
const CSVVersion = 2

// CSVEncoder writes the CSV download: UTF-8 with a byte-order mark, a
// header row, one row per record, CRLF line ends (RFC 4180).
type CSVEncoder struct {
	bw      *bufio.Writer
	rows    rowWriter
	started bool
}

// NewCSVEncoder returns a CSV encoder writing to w. Nothing is written until
// the first Encode or Close.
func NewCSVEncoder(w io.Writer) *CSVEncoder {
	return &CSVEncoder{bw: bufio.NewWriterSize(w, 64<<10)}
}

func (e *CSVEncoder) start() error {
	if e.started {
		return nil
	}
	e.started = true
	e.bw.WriteString("\uFEFF")
	_, err := e.bw.Write(e.rows.header())
	return err
}

// Encode writes one record as a row.
func (e *CSVEncoder) Encode(r Record) error {
	if err := e.start(); err != nil {
		return err
	}
	_, err := e.bw.Write(e.rows.row(&r))
	return err
}

// RawFormat says that EncodeRaw takes a row made by CSVRow.
func (e *CSVEncoder) RawFormat() string { return FormatCSV }

// EncodeRaw writes a row made by CSVRow (with the same CSVVersion).
func (e *CSVEncoder) EncodeRaw(row []byte) error {
	if err := e.start(); err != nil {
		return err
	}
	_, err := e.bw.Write(row)
	return err
}

// Close writes the header if no row was written, and flushes.
func (e *CSVEncoder) Close() error {
	if err := e.start(); err != nil {
		return err
	}
	return e.bw.Flush()
}

// CSVRow returns the record's CSV row, line end included, exactly as the
// CSV encoder writes it; a store may keep it to stream downloads without
// decoding records.
func CSVRow(r Record) []byte {
	var rw rowWriter
	return bytes.Clone(rw.row(&r))
}

// rowWriter formats rows with encoding/csv into a reused buffer.
type rowWriter struct {
	buf   bytes.Buffer
	w     *csv.Writer
	cells []string
}

func (rw *rowWriter) write(cells []string) []byte {
	if rw.w == nil {
		rw.w = csv.NewWriter(&rw.buf)
		rw.w.UseCRLF = true
	}
	rw.buf.Reset()
	rw.w.Write(cells) // writes to a bytes.Buffer cannot fail
	rw.w.Flush()
	return rw.buf.Bytes()
}

func (rw *rowWriter) header() []byte {
	names := make([]string, len(Columns))
	for i, c := range Columns {
		names[i] = c.Name
	}
	return rw.write(names)
}

func (rw *rowWriter) row(r *Record) []byte {
	if rw.cells == nil {
		rw.cells = make([]string, len(Columns))
	}
	for i := range Columns {
		rw.cells[i] = csvCell(Columns[i].get(r))
	}
	return rw.write(rw.cells)
}

// SafeCell makes a text cell safe for a spreadsheet: valid UTF-8, line ends
// as "\n", and a leading "'" when it starts with = + - @ (or their
// full-width forms), a tab or a carriage return, so it is never run as a formula.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠':
		return "'" + s
	}
	return s
}

func joinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items, ListSeparator)
}
