// Package dataset is the domain of opendata: the project record, the query
// that selects records, crawl runs, history versions, error codes and the
// download encoders. It imports the standard library only (plus x/text where
// text needs it); the packages that own a library (crawler, index, api, the
// store and the extractor) speak these types.
package dataset

import (
	"encoding/json"
	"math"
)

// EURRate is the fixed conversion rate: 1 EUR = 1.95583 BGN (Bulgaria joined
// the euro on 1 January 2026).
const EURRate = 1.95583

// Record is one project, as ../spec/record.md fixes it. Empty strings and nil
// pointers are written as JSON null; nil slices as [].
type Record struct {
	ID              string   `json:"id"`
	Title           string   `json:"title"`
	ContractNumbers []string `json:"contract_numbers"`
	ProcedureCodes  []string `json:"procedure_codes"`
	Programme       string   `json:"programme"`
	ProgrammeName   string   `json:"programme_name"`
	Funds           []string `json:"funds"`
	Beneficiary     string   `json:"beneficiary"`
	Municipality    string   `json:"municipality"`
	// MunicipalityCode is the municipality's ЕКАТТЕ code (RSE04), as the
	// sites file gives it: the code of the site whose page gave the record
	// when the record names the site's municipality, else the code of the
	// municipality it names when only one entry of the sites file has that
	// name; "" otherwise. It tells apart municipalities of the same name
	// (the two Бяла).
	MunicipalityCode string     `json:"municipality_code"`
	Partners         []string   `json:"partners"`
	Contractors      []string   `json:"contractors"`
	Budget           Budget     `json:"budget"`
	Period           Period     `json:"period"`
	Objectives       []string   `json:"objectives"`
	Activities       []string   `json:"activities"`
	Results          []string   `json:"results"`
	TargetGroups     []string   `json:"target_groups"`
	Published        string     `json:"published"` // ISO date, "" when not stated
	Sources          []Source   `json:"sources"`
	Documents        []Document `json:"documents"`
	Warnings         []string   `json:"warnings"`
	// WarningDetails are the warnings as codes and parameters, one for each
	// of Warnings, in the same order (see Details). Compile sets them; nil
	// (left out of the JSON) for the extractor's records, whose sentences
	// Details parses.
	WarningDetails []Warning `json:"warning_details"`
	// Evidence says, per field path ("title", "budget.total",
	// "contract_numbers.0" …), where the value was read: the archived page
	// and the text around the value. A field without evidence has no key.
	Evidence map[string]Evidence `json:"evidence"`

	// Withdrawn is the date (ISO) the record disappeared from its site; "" while it is live.
	Withdrawn string `json:"withdrawn"`

	// Register is the register (ИСУН 2020) contract the record matched,
	// nil when none; RegisterMatch is "matched", "unmatched" (a number in a
	// register programme's format the register does not have, listed in
	// RegisterUnmatched) or "" (no such number, or no register synced).
	// The store sets them (the join); the extractor's records have none,
	// and their JSON leaves them out.
	Register          *Register `json:"register"`
	RegisterMatch     string    `json:"register_match"`
	RegisterUnmatched []string  `json:"register_unmatched"`

	// FirstSeen and Updated are RFC 3339 times kept by the store.
	FirstSeen string `json:"first_seen"`
	Updated   string `json:"updated"`
}

// Budget holds the project's money as the page states it, plus EUR figures.
type Budget struct {
	Total *float64 `json:"total"`
	Grant *float64 `json:"grant"`
	// OwnContribution is the beneficiary's own share; the JSON also writes
	// it as "own", the name it had before, for one release.
	OwnContribution *float64 `json:"own_contribution"`
	CofinancingRate *float64 `json:"cofinancing_rate"`
	Currency        string   `json:"currency"` // "BGN" or "EUR"; "" when no amount is stated
	TotalEUR        *float64 `json:"total_eur"`
	GrantEUR        *float64 `json:"grant_eur"`
	// EU and National are the shares when the page splits the financing.
	EU       *float64 `json:"eu"`
	National *float64 `json:"national"`
	// Own is the old second copy of OwnContribution; the JSON's "own" is
	// written from OwnAmount and never read back into it.
	//
	// Deprecated: read and set OwnContribution. Own counts only when
	// OwnContribution is nil (OwnAmount); the store's records leave it nil.
	Own *float64 `json:"-"`
}

// Which amount AmountEUR is (budget.amount_basis).
const (
	BasisTotal = "total" // the project's total value
	BasisGrant = "grant" // the grant: the page states no total
)

// AmountEUR returns the best-known amount of the project in euro and which
// it is: the total when stated (BasisTotal), else the grant (BasisGrant);
// nil and "" when neither is. Cards, budget filters, sorting, statistics and
// totals all use it, so that a project stating only its grant still counts.
func (b *Budget) AmountEUR() (*float64, string) {
	if b.TotalEUR != nil {
		return b.TotalEUR, BasisTotal
	}
	if e := ToEUR(b.Total, b.Currency); e != nil {
		return e, BasisTotal
	}
	if b.GrantEUR != nil {
		return b.GrantEUR, BasisGrant
	}
	if e := ToEUR(b.Grant, b.Currency); e != nil {
		return e, BasisGrant
	}
	return nil, ""
}

// amount is the record's budget.amount_eur and budget.amount_basis as the
// downloads write them: derived for the records the store keeps (FirstSeen
// set), absent from the extractor's per-page records.
func (r *Record) amount() (*float64, string) {
	if r.FirstSeen == "" {
		return nil, ""
	}
	return r.Budget.AmountEUR()
}

// Amount returns the best-known amount as the page states it (in Currency)
// and which it is, like AmountEUR.
func (b *Budget) Amount() (*float64, string) {
	if b.Total != nil {
		return b.Total, BasisTotal
	}
	if b.Grant != nil {
		return b.Grant, BasisGrant
	}
	return nil, ""
}

// OwnAmount returns the beneficiary's own contribution: OwnContribution, or the
// deprecated Own when only that is set.
func (b *Budget) OwnAmount() *float64 {
	if b.OwnContribution != nil {
		return b.OwnContribution
	}
	return b.Own
}

// Period is the project's implementation period.
type Period struct {
	Start          string `json:"start"` // ISO date or ""
	End            string `json:"end"`
	DurationMonths *int   `json:"duration_months"`
}

// Source is one page that speaks of the record.
type Source struct {
	URL       string `json:"url"`
	FetchedAt string `json:"fetched_at"` // RFC 3339
	SHA256    string `json:"sha256"`
	Title     string `json:"title"`
	Published string `json:"published,omitempty"`
}

// Evidence is where one value of a record was read: the archived page (by
// the SHA-256 of its body as fetched) and the sentence or line around the
// value, with the value's offsets into the page's visible text (the text
// extract.VisibleText gives), counted in characters (runes), End exclusive.
type Evidence struct {
	Source  string `json:"source"`  // sha256 of the archived body the value was read from
	Snippet string `json:"snippet"` // the sentence/line around the value, as visible text
	Start   int    `json:"start"`   // offsets of the value, in characters (runes), into the page's visible text
	End     int    `json:"end"`
}

// Document is an attachment (PDF, DOC, XLS …) linked from a source page.
type Document struct {
	URL  string `json:"url"`
	Text string `json:"text"`
}

// LatinLookAlike maps upper-case Cyrillic letters that look like Latin ones
// to those Latin letters. Codes such as BG16RFOP001 are often typed with a
// Cyrillic В, Р or О; the store's merge keys and the index's code keys fold
// them the same way, so both spellings meet.
var LatinLookAlike = map[rune]rune{
	'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O',
	'Р': 'P', 'С': 'C', 'Т': 'T', 'У': 'Y', 'Х': 'X', 'І': 'I', 'Ј': 'J',
}

// ToEUR converts an amount in currency to euro, rounded to cents. It returns
// nil when v is nil or the currency is unknown.
func ToEUR(v *float64, currency string) *float64 {
	if v == nil {
		return nil
	}
	var e float64
	switch currency {
	case "EUR":
		e = *v
	case "BGN":
		e = *v / EURRate
	default:
		return nil
	}
	e = math.Round(e*100) / 100
	return &e
}

// FillEUR sets the EUR figures from the stated amounts.
func (b *Budget) FillEUR() {
	b.TotalEUR = ToEUR(b.Total, b.Currency)
	b.GrantEUR = ToEUR(b.Grant, b.Currency)
}

// Year returns the first year of the period (or of publication), 0 when unknown.
func (r *Record) Year() int {
	for _, d := range []string{r.Period.Start, r.Period.End, r.Published} {
		if y := YearOf(d); y > 0 {
			return y
		}
	}
	return 0
}

// YearOf returns the year of an ISO date (or of a bare year), 0 when it has
// none from 1900 to 2100.
func YearOf(iso string) int {
	if len(iso) < 4 {
		return 0
	}
	y := 0
	for _, c := range iso[:4] {
		if c < '0' || c > '9' {
			return 0
		}
		y = y*10 + int(c-'0')
	}
	if y < 1900 || y > 2100 {
		return 0
	}
	return y
}

// MarshalJSON writes the fields in the order of record.md, empty strings of
// nullable fields as null and nil lists as []. The fields the store derives
// (first_seen, updated, budget.amount_eur and budget.amount_basis) are
// written for records it keeps (FirstSeen set), not for the extractor's
// per-page records; so are the register's (register, register_match,
// register_unmatched). municipality_code is written for the records the
// store keeps and for any record that has one.
func (r Record) MarshalJSON() ([]byte, error) {
	budget, err := r.Budget.marshal(r.FirstSeen != "")
	if err != nil {
		return nil, err
	}
	var regMatch, reg, regUnmatched json.RawMessage
	if r.FirstSeen != "" || r.Register != nil || r.RegisterMatch != "" {
		if regMatch, err = json.Marshal(null(r.RegisterMatch)); err != nil {
			return nil, err
		}
		if reg, err = json.Marshal(r.Register); err != nil {
			return nil, err
		}
		if regUnmatched, err = json.Marshal(list(r.RegisterUnmatched)); err != nil {
			return nil, err
		}
	}
	var muniCode json.RawMessage
	if r.FirstSeen != "" || r.MunicipalityCode != "" {
		if muniCode, err = json.Marshal(null(r.MunicipalityCode)); err != nil {
			return nil, err
		}
	}
	return json.Marshal(struct {
		ID              string              `json:"id"`
		Title           *string             `json:"title"`
		ContractNumbers []string            `json:"contract_numbers"`
		ProcedureCodes  []string            `json:"procedure_codes"`
		Programme       *string             `json:"programme"`
		ProgrammeName   *string             `json:"programme_name"`
		Funds           []string            `json:"funds"`
		Beneficiary     *string             `json:"beneficiary"`
		Municipality    *string             `json:"municipality"`
		MuniCode        json.RawMessage     `json:"municipality_code,omitempty"`
		Partners        []string            `json:"partners"`
		Contractors     []string            `json:"contractors"`
		Budget          json.RawMessage     `json:"budget"`
		Period          Period              `json:"period"`
		Objectives      []string            `json:"objectives"`
		Activities      []string            `json:"activities"`
		Results         []string            `json:"results"`
		TargetGroups    []string            `json:"target_groups"`
		Published       *string             `json:"published"`
		Sources         []Source            `json:"sources"`
		Evidence        map[string]Evidence `json:"evidence"`
		Warnings        []string            `json:"warnings"`
		WarningDetails  *[]Warning          `json:"warning_details,omitempty"`
		Documents       []Document          `json:"documents"`
		Withdrawn       *string             `json:"withdrawn"`
		RegisterMatch   json.RawMessage     `json:"register_match,omitempty"`
		Register        json.RawMessage     `json:"register,omitempty"`
		RegUnmatched    json.RawMessage     `json:"register_unmatched,omitempty"`
		FirstSeen       *string             `json:"first_seen,omitempty"`
		Updated         *string             `json:"updated,omitempty"`
	}{
		ID:              r.ID,
		Title:           null(r.Title),
		ContractNumbers: list(r.ContractNumbers),
		ProcedureCodes:  list(r.ProcedureCodes),
		Programme:       null(r.Programme),
		ProgrammeName:   null(r.ProgrammeName),
		Funds:           list(r.Funds),
		Beneficiary:     null(r.Beneficiary),
		Municipality:    null(r.Municipality),
		MuniCode:        muniCode,
		Partners:        list(r.Partners),
		Contractors:     list(r.Contractors),
		Budget:          budget,
		Period:          r.Period,
		Objectives:      list(r.Objectives),
		Activities:      list(r.Activities),
		Results:         list(r.Results),
		TargetGroups:    list(r.TargetGroups),
		Published:       null(r.Published),
		Sources:         list(r.Sources),
		Evidence:        evidence(r.Evidence),
		Warnings:        list(r.Warnings),
		WarningDetails:  r.details(),
		Documents:       list(r.Documents),
		Withdrawn:       null(r.Withdrawn),
		RegisterMatch:   regMatch,
		Register:        reg,
		RegUnmatched:    regUnmatched,
		FirstSeen:       null(r.FirstSeen),
		Updated:         null(r.Updated),
	})
}

// MarshalJSON writes the amounts in the order of record.md, empty currency
// as null, the own contribution also under its old name "own", and the
// best-known amount in euro with its basis.
func (b Budget) MarshalJSON() ([]byte, error) { return b.marshal(true) }

// budgetJSON is the budget as record.md orders it.
type budgetJSON struct {
	Total           *float64 `json:"total"`
	Grant           *float64 `json:"grant"`
	OwnContribution *float64 `json:"own_contribution"`
	CofinancingRate *float64 `json:"cofinancing_rate"`
	Currency        *string  `json:"currency"`
	TotalEUR        *float64 `json:"total_eur"`
	GrantEUR        *float64 `json:"grant_eur"`
	EU              *float64 `json:"eu"`
	National        *float64 `json:"national"`
	Own             *float64 `json:"own"` // the old name of own_contribution, kept for one release
}

// budgetAmountJSON adds the best-known amount.
type budgetAmountJSON struct {
	budgetJSON
	AmountEUR   *float64 `json:"amount_eur"`
	AmountBasis *string  `json:"amount_basis"`
}

// marshal writes the budget; derived adds amount_eur and amount_basis.
func (b Budget) marshal(derived bool) ([]byte, error) {
	own := b.OwnAmount()
	out := budgetJSON{b.Total, b.Grant, own, b.CofinancingRate, null(b.Currency), b.TotalEUR, b.GrantEUR, b.EU, b.National, own}
	if !derived {
		return json.Marshal(out)
	}
	eur, basis := b.AmountEUR()
	return json.Marshal(budgetAmountJSON{out, eur, null(basis)})
}

// MarshalJSON writes empty dates as null.
func (p Period) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Start          *string `json:"start"`
		End            *string `json:"end"`
		DurationMonths *int    `json:"duration_months"`
	}{null(p.Start), null(p.End), p.DurationMonths})
}

// details is the JSON of WarningDetails: left out when nil (the
// extractor's records), else one for each warning (see Details).
func (r *Record) details() *[]Warning {
	if r.WarningDetails == nil {
		return nil
	}
	d := r.Details()
	return &d
}

func null(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func evidence(m map[string]Evidence) map[string]Evidence {
	if m == nil {
		return map[string]Evidence{}
	}
	return m
}

func list[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
