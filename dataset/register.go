package dataset

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// The register is the official register of EU-funded contracts, ИСУН 2020
// (2020.eufunds.bg): per programme, one file of every contract with its
// number, name, beneficiary (with ЕИК), places, status, dates, total value
// and amount paid. Records that state a contract number are joined to it
// (JoinRegister); each municipality's register contracts are set against
// what its site announces (Disclosure).

// RegisterProgramme is one programme file of the register as synced.
type RegisterProgramme struct {
	ID          int       `json:"id"`           // ProgrammeId
	PeriodID    int       `json:"period_id"`    // ProgrammePeriodId
	Name        string    `json:"name"`         // from the register's criteria
	URL         string    `json:"url"`          // where the file was fetched (or the file it was loaded from)
	GeneratedAt string    `json:"generated_at"` // the file's generatedAt, as stated
	FetchedAt   time.Time `json:"fetched_at"`
	Projects    int       `json:"projects"` // totalProjects, equal to the contracts kept
	Bytes       int64     `json:"bytes"`
	SHA256      string    `json:"sha256"`
	Archive     string    `json:"archive"` // the archived copy, relative to the data directory
	// Codes are the programme codes of its contract numbers (BG16RFOP001,
	// BG-RRP), which say whether an unmatched number is in its format.
	Codes        []string `json:"codes"`
	ETag         string   `json:"etag,omitempty"`
	LastModified string   `json:"last_modified,omitempty"`
}

// Key is the programme's key in the store: "ID/PeriodID".
func (p RegisterProgramme) Key() string {
	return strconv.Itoa(p.ID) + "/" + strconv.Itoa(p.PeriodID)
}

// FileDate is the date of the programme's register file: its generatedAt
// (ISO date), else the day it was fetched.
func (p RegisterProgramme) FileDate() string {
	if d := ISODate(p.GeneratedAt); d != "" {
		return d
	}
	if !p.FetchedAt.IsZero() {
		return p.FetchedAt.UTC().Format(time.DateOnly)
	}
	return ""
}

// RegisterContract is one project (contract) of a programme file, with its
// beneficiary resolved from the file's entities. Amounts are in euro, as
// the register publishes them.
type RegisterContract struct {
	Number         string   `json:"contract_number"` // the register's id, as registered
	Name           string   `json:"name"`
	EntityID       string   `json:"entity_id,omitempty"`
	Beneficiary    string   `json:"beneficiary"`
	BeneficiaryEIK string   `json:"beneficiary_eik"` // "" for a natural person
	NaturalPerson  bool     `json:"natural_person"`  // no ЕИК: a person, named by first name only
	Status         string   `json:"status"`
	Start          string   `json:"start"` // ISO date or ""
	End            string   `json:"end"`
	TotalEUR       *float64 `json:"total_eur"`
	PaidEUR        *float64 `json:"paid_eur"` // the sum of actuallyPaidAmounts
	Places         []string `json:"places"`
	Municipalities []string `json:"municipalities"` // the municipalities of Places
	Funding        string   `json:"source_of_funding"`
	ProgrammeID    int      `json:"programme_id"`
	PeriodID       int      `json:"programme_period_id"`
	Programme      string   `json:"programme"`
	FileDate       string   `json:"file_date"` // the date of the register file
	URL            string   `json:"url"`       // the register file it comes from
}

// Register is the register contract a record matched, with how it matched
// and where the page and the register disagree. It is the record's
// "register" object.
type Register struct {
	RegisterContract
	// MatchedNumber is the record's contract number that matched.
	MatchedNumber string `json:"matched_number"`
	// Match says how: "exact" (the same number once normalized),
	// "registration_number" (the page gives the proposal's registration
	// number, the register the contract: …-0027 and …-0027-C01) or "annex"
	// (another -Cnn contract of the same project).
	Match string `json:"match"`
	// OtherContracts are the other -Cnn contracts of the same project in the register.
	OtherContracts []string       `json:"other_contracts"`
	Disagreements  []Disagreement `json:"disagreements"`
}

// Disagreement is one field where the page and the register differ. The
// record keeps the page's value; the register's stands beside it.
type Disagreement struct {
	Field    string `json:"field"`    // total_value, grant, title, beneficiary, start, end
	Page     string `json:"page"`     // the page's value, as stated
	Register string `json:"register"` // the register's value
	Source   string `json:"source"`   // the page that states the value
}

// Register match states of a record (Record.RegisterMatch).
const (
	RegisterMatched   = "matched"   // a contract number is in the register
	RegisterUnmatched = "unmatched" // a number in a register programme's format is not
)

// Register facet values: every record has exactly one.
const (
	RegisterFacetMatched      = "matched"      // matched, no disagreement
	RegisterFacetDisagreement = "disagreement" // matched, with at least one disagreement
	RegisterFacetUnmatched    = "unmatched"
	RegisterFacetNone         = "none" // no number in a register programme's format
)

// RegisterFacets lists the register facet's values.
var RegisterFacets = []string{RegisterFacetMatched, RegisterFacetDisagreement, RegisterFacetUnmatched, RegisterFacetNone}

// RegisterFacet returns the record's value of the register facet.
func (r *Record) RegisterFacet() string {
	switch {
	case r.Register != nil && len(r.Register.Disagreements) > 0:
		return RegisterFacetDisagreement
	case r.Register != nil:
		return RegisterFacetMatched
	case r.RegisterMatch == RegisterUnmatched:
		return RegisterFacetUnmatched
	}
	return RegisterFacetNone
}

// registerNumber is the shape of the register's contract numbers, once
// normalized: a programme code (BG16RFOP001, BG05M9OP001, BG16FFPR003 …, or
// BG-RRP), the procedure (1.001), the proposal (0027) and the contract
// (-C01, -C02 for later contracts of one project).
var registerNumber = regexp.MustCompile(`^(BG\d{2}[A-Z0-9]{2,8}\d{3}|BG-RRP)-(\d{1,2}\.\d{3})-(\d{4})(-C\d{1,3})?$`)

// CodeKey normalizes a contract number or procedure code for looking it up
// (the search index's codes, the register join):
// upper case, without "№", "N°" or white space, dashes unified, Cyrillic
// look-alike letters as Latin, surrounding punctuation trimmed.
// "№ BG16RFOP001-1.001-0039-C01", "bg16rfop001 - 1.001 - 0039 - c01" and
// the same typed with a Cyrillic В all give "BG16RFOP001-1.001-0039-C01".
func CodeKey(s string) string {
	s = strings.ReplaceAll(s, "N°", "")
	s = strings.ReplaceAll(s, "N\u00ba", "")
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '№' || unicode.IsSpace(r) || r == '\u00a0':
			continue
		case r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013' || r == '\u2014' || r == '\u2212':
			r = '-'
		}
		r = unicode.ToUpper(r)
		if l, ok := LatinLookAlike[r]; ok {
			r = l
		}
		b.WriteRune(r)
	}
	return strings.Trim(b.String(), ".,;:()[]\"'„“”«»")
}

// RegisterKey parses a contract number in a register programme's format.
// It returns the normalized number, its project's registration number
// (the number without -Cnn, which every contract of the project shares)
// and the programme code; ok is false for any other number.
func RegisterKey(number string) (key, base, code string, ok bool) {
	key = CodeKey(number)
	m := registerNumber.FindStringSubmatch(key)
	if m == nil {
		return "", "", "", false
	}
	return key, strings.TrimSuffix(key, m[4]), m[1], true
}

// annexNumber returns the n of a -Cnn suffix, 0 when there is none.
func annexNumber(key string) int {
	i := strings.LastIndex(key, "-C")
	if i < 0 {
		return 0
	}
	n := 0
	for _, c := range key[i+2:] {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// ISODate returns the date of s as YYYY-MM-DD: an ISO date or date-time
// ("2017-03-01T00:00:00"), or a Bulgarian "01.03.2017"; "" otherwise.
func ISODate(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 10 {
		if t, err := time.Parse(time.DateOnly, s[:10]); err == nil {
			return t.Format(time.DateOnly)
		}
		if t, err := time.Parse("02.01.2006", s[:10]); err == nil {
			return t.Format(time.DateOnly)
		}
	}
	return ""
}

// PlaceMunicipality returns the municipality of one of the register's
// places of execution, "" when the place is wider than a municipality:
// "България, Северна и югоизточна България (BG3), Северозападен (BG31),
// Плевен (BG314), Левски, гр.Левски" → "Левски". The municipality is the
// part right after the NUTS 3 region (the last part with a "(BG…)" code).
func PlaceMunicipality(place string) string {
	parts := strings.Split(place, ",")
	last := -1
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if strings.HasSuffix(p, ")") && strings.Contains(p, "(BG") {
			last = i
		}
	}
	if last < 0 || last+1 >= len(parts) {
		return ""
	}
	// Only a NUTS 3 code (BG + 3 characters) is followed by a municipality.
	p := strings.TrimSpace(parts[last])
	code := p[strings.LastIndex(p, "(BG")+1 : len(p)-1]
	if len(code) != 5 {
		return ""
	}
	return MunicipalityName(parts[last+1])
}

// PlaceNUTS3 returns the NUTS 3 code of the province one of the
// register's places of execution names ("… Плевен (BG314), Левски,
// гр.Левски" → BG314), "" when it names none.
func PlaceNUTS3(place string) string {
	parts := strings.Split(place, ",")
	for i := len(parts) - 1; i >= 0; i-- {
		p := strings.TrimSpace(parts[i])
		if j := strings.LastIndex(p, "(BG"); j >= 0 && strings.HasSuffix(p, ")") {
			if code := p[j+1 : len(p)-1]; len(code) == 5 {
				return code
			}
			return ""
		}
	}
	return ""
}

// MunicipalityName strips "Община"/"община" and folds white space:
// "Община  Велико Търново" → "Велико Търново", "Столична община" → "Столична".
func MunicipalityName(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	low := strings.ToLower(s)
	switch {
	case strings.HasPrefix(low, "община "):
		s = s[len("община "):]
	case strings.HasSuffix(low, " община"):
		s = s[:len(s)-len(" община")]
	}
	return strings.TrimSpace(s)
}

// BeneficiaryMunicipality returns the municipality a beneficiary's name
// says it is ("Община Левски", "ОБЩИНА ЛЕВСКИ", "Столична община"), ""
// for any other beneficiary.
func BeneficiaryMunicipality(name string) string {
	f := strings.Fields(strings.ToLower(name))
	switch {
	case len(f) >= 2 && f[0] == "община":
		return MunicipalityName(name)
	case len(f) == 2 && f[0] == "столична" && f[1] == "община":
		return MunicipalityName(name)
	}
	return ""
}

// MunicipalityKey folds a municipality's name for comparing: "Община
// ВЕЛИКО ТЪРНОВО", "Велико  Търново" → "велико търново".
func MunicipalityKey(s string) string {
	return strings.ToLower(MunicipalityName(s))
}

// MarshalJSON writes empty strings of nullable fields as null and nil lists as [].
func (c RegisterContract) MarshalJSON() ([]byte, error) {
	type plain RegisterContract
	p := plain(c)
	p.Places, p.Municipalities = list(p.Places), list(p.Municipalities)
	return json.Marshal(struct {
		plain
		Beneficiary *string `json:"beneficiary"`
		EIK         *string `json:"beneficiary_eik"`
		Status      *string `json:"status"`
		Start       *string `json:"start"`
		End         *string `json:"end"`
		Funding     *string `json:"source_of_funding"`
		FileDate    *string `json:"file_date"`
	}{p, null(c.Beneficiary), null(c.BeneficiaryEIK), null(c.Status), null(c.Start), null(c.End), null(c.Funding), null(c.FileDate)})
}

// MarshalJSON writes the contract's fields, then how it matched and the disagreements.
func (r Register) MarshalJSON() ([]byte, error) {
	head, err := json.Marshal(r.RegisterContract)
	if err != nil {
		return nil, err
	}
	tail, err := json.Marshal(struct {
		MatchedNumber  string         `json:"matched_number"`
		Match          string         `json:"match"`
		OtherContracts []string       `json:"other_contracts"`
		Disagreements  []Disagreement `json:"disagreements"`
	}{r.MatchedNumber, r.Match, list(r.OtherContracts), list(r.Disagreements)})
	if err != nil {
		return nil, err
	}
	out := append(head[:len(head)-1:len(head)-1], ',')
	return append(out, tail[1:]...), nil
}

// RegisterLoader loads one programme file into the store: its contracts as
// they are decoded, then, when the file proved whole, Commit replaces the
// programme's previous contracts in one step; Abort (a truncated or
// refused file) drops what was loaded and keeps the previous ones.
type RegisterLoader interface {
	Add(c RegisterContract) error
	// Commit makes the loaded contracts the programme's; resolve, when not
	// nil, fills in what was decoded before it was known (beneficiaries).
	Commit(p RegisterProgramme, resolve func(c *RegisterContract) bool) error
	Abort() error
}
