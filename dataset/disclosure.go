package dataset

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"
)

// Disclosure sets one municipality's register contracts against what its
// site announces: GET /api/v1/municipalities/{name}/disclosure.
type Disclosure struct {
	Municipality string `json:"municipality"`
	// MunicipalityCode is the ЕКАТТЕ code the disclosure was asked by
	// (only that municipality's, when others share its name); "" when by name.
	MunicipalityCode string `json:"municipality_code,omitempty"`
	// Programmes are the register files the contracts come from.
	Programmes []RegisterProgramme `json:"programmes"`
	// Beneficiary counts the contracts whose beneficiary is the
	// municipality (by ЕИК or name), Place those executed in it (whoever
	// the beneficiary), Total every contract of either kind once.
	Beneficiary DisclosureCounts `json:"as_beneficiary"`
	Place       DisclosureCounts `json:"executed_in"`
	Total       DisclosureCounts `json:"total"`
	// Records counts the municipality's live records by register facet.
	Records   map[string]int  `json:"records"`
	Contracts []DisclosureRow `json:"contracts"`
}

// DisclosureCounts counts contracts by disclosure status.
type DisclosureCounts struct {
	Contracts       int     `json:"contracts"`
	Announced       int     `json:"announced"`         // announced, agreeing with the register
	Disagreement    int     `json:"disagreement"`      // announced, with disagreements
	NotAnnounced    int     `json:"not_announced"`     // no live record of the municipality names it
	TotalEUR        float64 `json:"total_eur"`         // their total value in the register
	NotAnnouncedEUR float64 `json:"not_announced_eur"` // that of the ones never announced
}

// DisclosureQuery selects the rows of a disclosure; empty fields select all.
type DisclosureQuery struct {
	Role   string // beneficiary, place
	Status string // announced, disagreement, not_announced
}

// ParseDisclosureQuery reads role and status, as the API names them; a
// value it does not know is an EINVALID error.
func ParseDisclosureQuery(v url.Values) (DisclosureQuery, error) {
	q := DisclosureQuery{Role: strings.TrimSpace(v.Get("role")), Status: strings.TrimSpace(v.Get("status"))}
	if q.Role != "" && q.Role != RoleBeneficiary && q.Role != RolePlace {
		return q, Errorf(EINVALID, "role must be %s or %s, not %q", RoleBeneficiary, RolePlace, q.Role)
	}
	switch q.Status {
	case "", DisclosureAnnounced, DisclosureDisagreement, DisclosureNotAnnounced:
	default:
		return q, Errorf(EINVALID, "status must be %s, %s or %s, not %q", DisclosureAnnounced, DisclosureDisagreement, DisclosureNotAnnounced, q.Status)
	}
	return q, nil
}

// Disclosure statuses of a register contract.
const (
	DisclosureAnnounced    = "announced"
	DisclosureDisagreement = "disagreement"
	DisclosureNotAnnounced = "not_announced"
)

// Disclosure roles: how the contract belongs to the municipality.
const (
	RoleBeneficiary = "beneficiary"
	RolePlace       = "place"
)

// DisclosureRow is one register contract of a municipality.
type DisclosureRow struct {
	Contract RegisterContract `json:"contract"`
	Roles    []string         `json:"roles"`  // beneficiary, place
	Status   string           `json:"status"` // announced, disagreement, not_announced
	// Records are the municipality's live records joined to the contract's
	// project: records that name the municipality or come from its site.
	Records       []string       `json:"records"`
	Disagreements []Disagreement `json:"disagreements"`
}

// Add counts one row.
func (c *DisclosureCounts) Add(r *DisclosureRow) {
	c.Contracts++
	v := 0.0
	if r.Contract.TotalEUR != nil {
		v = *r.Contract.TotalEUR
	}
	c.TotalEUR = roundCents(c.TotalEUR + v)
	switch r.Status {
	case DisclosureAnnounced:
		c.Announced++
	case DisclosureDisagreement:
		c.Disagreement++
	default:
		c.NotAnnounced++
		c.NotAnnouncedEUR = roundCents(c.NotAnnouncedEUR + v)
	}
}

func roundCents(v float64) float64 { return math.Round(v*100) / 100 }

// ContractColumns are the columns of the CSV download of register
// contracts (the never-announced ones of a municipality).
var ContractColumns = []string{"contract_number", "name", "roles", "beneficiary", "beneficiary_eik", "status",
	"start", "end", "total_eur", "paid_eur", "places", "programme", "file_date", "register_url"}

func contractCells(r *DisclosureRow) []string {
	c := &r.Contract
	num := func(v *float64) string {
		if v == nil {
			return ""
		}
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return []string{SafeCell(c.Number), SafeCell(c.Name), joinList(r.Roles), SafeCell(c.Beneficiary), SafeCell(c.BeneficiaryEIK),
		SafeCell(c.Status), c.Start, c.End, num(c.TotalEUR), num(c.PaidEUR), SafeCell(joinList(c.Places)),
		SafeCell(c.Programme), c.FileDate, SafeCell(c.URL)}
}

// ContractEncoder writes register contracts as a download: CSV (UTF-8 with
// a byte-order mark, like the projects' CSV), a JSON array, or NDJSON.
type ContractEncoder struct {
	format string
	bw     *bufio.Writer
	rows   rowWriter
	n      int
}

// NewContractEncoder returns the encoder for a format, or an EINVALID error.
func NewContractEncoder(format string, w io.Writer) (*ContractEncoder, error) {
	switch format {
	case FormatCSV, FormatJSON, FormatNDJSON:
	default:
		return nil, Errorf(EINVALID, "format %q is not one of csv, json, ndjson", format)
	}
	return &ContractEncoder{format: format, bw: bufio.NewWriterSize(w, 64<<10)}, nil
}

// Encode writes one row.
func (e *ContractEncoder) Encode(r DisclosureRow) error {
	defer func() { e.n++ }()
	switch e.format {
	case FormatCSV:
		if e.n == 0 {
			e.bw.WriteString("\uFEFF")
			e.bw.Write(e.rows.write(ContractColumns))
		}
		_, err := e.bw.Write(e.rows.write(contractCells(&r)))
		return err
	}
	b, err := json.Marshal(r)
	if err != nil {
		return err
	}
	if e.format == FormatJSON {
		if e.n == 0 {
			e.bw.WriteString("[\n")
		} else {
			e.bw.WriteString(",\n")
		}
		_, err = e.bw.Write(b)
		return err
	}
	e.bw.Write(b)
	return e.bw.WriteByte('\n')
}

// Close ends the file and flushes.
func (e *ContractEncoder) Close() error {
	switch {
	case e.format == FormatCSV && e.n == 0:
		e.bw.WriteString("\uFEFF")
		e.bw.Write(e.rows.write(ContractColumns))
	case e.format == FormatJSON && e.n == 0:
		e.bw.WriteString("[]\n")
	case e.format == FormatJSON:
		e.bw.WriteString("\n]\n")
	}
	return e.bw.Flush()
}

// MarshalJSON writes nil lists as [].
func (r DisclosureRow) MarshalJSON() ([]byte, error) {
	type plain DisclosureRow
	p := plain(r)
	p.Roles, p.Records, p.Disagreements = list(p.Roles), list(p.Records), list(p.Disagreements)
	return json.Marshal(p)
}
