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

// Column is one column of the CSV download. The CSV encoder and the data
// package's Table Schema are both built from Columns.
type Column struct {
	Name        string // the header
	Type        string // Table Schema type: string, number, integer, date, datetime, list
	Field       string // the record's JSON field it comes from (budget.total, sources[].url …)
	Description string
	value       func(r *Record) (s string, text bool) // text cells are made formula-safe
}

func str(get func(r *Record) string) func(*Record) (string, bool) {
	return func(r *Record) (string, bool) { return get(r), true }
}

func lst(get func(r *Record) []string) func(*Record) (string, bool) {
	return func(r *Record) (string, bool) { return joinList(get(r)), true }
}

func num(get func(r *Record) *float64) func(*Record) (string, bool) {
	return func(r *Record) (string, bool) {
		if v := get(r); v != nil {
			return strconv.FormatFloat(*v, 'f', -1, 64), false
		}
		return "", false
	}
}

// Columns are the CSV download's columns in order. Empty cells are nulls;
// list cells join their items with " | ".
var Columns = []Column{
	{"id", "string", "id", "Stable identifier: the first contract number, else a hash of the first source URL and position", str(func(r *Record) string { return r.ID })},
	{"title", "string", "title", "The project's name as printed", str(func(r *Record) string { return r.Title })},
	{"contract_numbers", "list", "contract_numbers", "Grant contract numbers as printed", lst(func(r *Record) []string { return r.ContractNumbers })},
	{"procedure_codes", "list", "procedure_codes", "Procedure / budget line codes", lst(func(r *Record) []string { return r.ProcedureCodes })},
	{"programme", "string", "programme", "Programme code (OPAC, OPRG, PRR, RDP, NRRP, INTERREG, OTHER …)", str(func(r *Record) string { return r.Programme })},
	{"programme_name", "string", "programme_name", "Programme name", str(func(r *Record) string { return r.ProgrammeName })},
	{"funds", "list", "funds", "EU funds: ESF, ERDF, CF, EAFRD, EMFF, NRRP, OTHER", lst(func(r *Record) []string { return r.Funds })},
	{"beneficiary", "string", "beneficiary", "The beneficiary organisation", str(func(r *Record) string { return r.Beneficiary })},
	{"municipality", "string", "municipality", "The municipality's name, in Cyrillic", str(func(r *Record) string { return r.Municipality })},
	{"partners", "list", "partners", "Partner organisations", lst(func(r *Record) []string { return r.Partners })},
	{"contractors", "list", "contractors", "Contractors (firms) named", lst(func(r *Record) []string { return r.Contractors })},
	{"budget_total", "number", "budget.total", "Total value, in budget_currency, as stated", num(func(r *Record) *float64 { return r.Budget.Total })},
	{"budget_grant", "number", "budget.grant", "Grant (БФП), in budget_currency", num(func(r *Record) *float64 { return r.Budget.Grant })},
	{"budget_own_contribution", "number", "budget.own_contribution", "The beneficiary's own contribution, in budget_currency", num(func(r *Record) *float64 { return r.Budget.OwnContribution })},
	{"budget_cofinancing_rate", "number", "budget.cofinancing_rate", "Co-financing rate, percent", num(func(r *Record) *float64 { return r.Budget.CofinancingRate })},
	{"budget_currency", "string", "budget.currency", "Currency of the stated amounts: BGN or EUR", str(func(r *Record) string { return r.Budget.Currency })},
	{"budget_total_eur", "number", "budget.total_eur", "Total value in euro at 1 EUR = 1.95583 BGN, to cents", num(func(r *Record) *float64 { return r.Budget.TotalEUR })},
	{"budget_grant_eur", "number", "budget.grant_eur", "Grant in euro at 1 EUR = 1.95583 BGN, to cents", num(func(r *Record) *float64 { return r.Budget.GrantEUR })},
	{"budget_eu", "number", "budget.eu", "EU share of the financing, in budget_currency", num(func(r *Record) *float64 { return r.Budget.EU })},
	{"budget_national", "number", "budget.national", "National share of the financing, in budget_currency", num(func(r *Record) *float64 { return r.Budget.National })},
	{"budget_own", "number", "budget.own", "Own share of the financing, in budget_currency", num(func(r *Record) *float64 { return r.Budget.Own })},
	{"period_start", "date", "period.start", "Start of implementation", str(func(r *Record) string { return r.Period.Start })},
	{"period_end", "date", "period.end", "End of implementation", str(func(r *Record) string { return r.Period.End })},
	{"period_duration_months", "integer", "period.duration_months", "Duration in months as stated", func(r *Record) (string, bool) {
		if r.Period.DurationMonths == nil {
			return "", false
		}
		return strconv.Itoa(*r.Period.DurationMonths), false
	}},
	{"objectives", "list", "objectives", "Objectives", lst(func(r *Record) []string { return r.Objectives })},
	{"activities", "list", "activities", "Activities", lst(func(r *Record) []string { return r.Activities })},
	{"results", "list", "results", "Results", lst(func(r *Record) []string { return r.Results })},
	{"target_groups", "list", "target_groups", "Target groups", lst(func(r *Record) []string { return r.TargetGroups })},
	{"published", "date", "published", "Latest publication date of the pages about it", str(func(r *Record) string { return r.Published })},
	{"source_urls", "list", "sources[].url", "Pages the record was compiled from, newest first", lst(func(r *Record) []string {
		out := make([]string, len(r.Sources))
		for i, s := range r.Sources {
			out[i] = s.URL
		}
		return out
	})},
	{"document_urls", "list", "documents[].url", "Attachments linked from the pages", lst(func(r *Record) []string {
		out := make([]string, len(r.Documents))
		for i, d := range r.Documents {
			out[i] = d.URL
		}
		return out
	})},
	{"warnings", "list", "warnings", "What did not add up, including disagreements between sources", lst(func(r *Record) []string { return r.Warnings })},
	{"withdrawn", "date", "withdrawn", "Date the project disappeared from its site; empty while live", str(func(r *Record) string { return r.Withdrawn })},
	{"first_seen", "datetime", "first_seen", "When the project was first seen", str(func(r *Record) string { return r.FirstSeen })},
	{"updated", "datetime", "updated", "When its fields last changed", str(func(r *Record) string { return r.Updated })},
	{"register_match", "string", "register_match", "matched: a contract number is in the register (ИСУН 2020); unmatched: a number in a register programme's format is not; empty: neither", str(func(r *Record) string { return r.RegisterMatch })},
	{"register_contract_number", "string", "register.contract_number", "The matched register contract's number, as registered", reg(func(g *Register) string { return g.Number })},
	{"register_match_kind", "string", "register.match", "How it matched: exact, registration_number, annex", reg(func(g *Register) string { return g.Match })},
	{"register_name", "string", "register.name", "The project's name in the register", reg(func(g *Register) string { return g.Name })},
	{"register_beneficiary", "string", "register.beneficiary", "The beneficiary in the register", reg(func(g *Register) string { return g.Beneficiary })},
	{"register_beneficiary_eik", "string", "register.beneficiary_eik", "The beneficiary's ЕИК in the register; empty for a natural person", reg(func(g *Register) string { return g.BeneficiaryEIK })},
	{"register_status", "string", "register.status", "The contract's status in the register", reg(func(g *Register) string { return g.Status })},
	{"register_start", "date", "register.start", "Start date in the register", reg(func(g *Register) string { return g.Start })},
	{"register_end", "date", "register.end", "End date in the register", reg(func(g *Register) string { return g.End })},
	{"register_total_eur", "number", "register.total_eur", "Total value in the register, euro", num(func(r *Record) *float64 {
		if r.Register == nil {
			return nil
		}
		return r.Register.TotalEUR
	})},
	{"register_paid_eur", "number", "register.paid_eur", "Amount actually paid according to the register, euro", num(func(r *Record) *float64 {
		if r.Register == nil {
			return nil
		}
		return r.Register.PaidEUR
	})},
	{"register_places", "list", "register.places", "Places of execution in the register", lst(func(r *Record) []string {
		if r.Register == nil {
			return nil
		}
		return r.Register.Places
	})},
	{"register_programme", "string", "register.programme", "The register's programme", reg(func(g *Register) string { return g.Programme })},
	{"register_file_date", "date", "register.file_date", "Date of the register file the values come from", reg(func(g *Register) string { return g.FileDate })},
	{"register_disagreements", "list", "register.disagreements[].field", "Fields where the page and the register differ (total_value, grant, title, beneficiary, start, end); both values are in warnings", lst(func(r *Record) []string {
		if r.Register == nil {
			return nil
		}
		out := make([]string, len(r.Register.Disagreements))
		for i, d := range r.Register.Disagreements {
			out[i] = d.Field
		}
		return out
	})},
	{"register_unmatched", "list", "register_unmatched", "Contract numbers in a register programme's format that the register does not have", lst(func(r *Record) []string { return r.RegisterUnmatched })},
}

func reg(get func(g *Register) string) func(*Record) (string, bool) {
	return func(r *Record) (string, bool) {
		if r.Register == nil {
			return "", true
		}
		return get(r.Register), true
	}
}

// CSVVersion changes whenever the way a CSV cell is written changes, so that
// stores that keep ready-made rows (CSVRow) know to rewrite them.
const CSVVersion = 1

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
	for i, c := range Columns {
		s, text := c.value(r)
		if text {
			s = SafeCell(s)
		}
		rw.cells[i] = s
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
