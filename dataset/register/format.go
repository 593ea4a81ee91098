// Package register owns the register of EU-funded contracts, ИСУН 2020
// (2020.eufunds.bg): its open-data file format, decoded as a stream, and a
// polite client that fetches the programme files, archives each as
// fetched and loads it into the store (Syncer).
//
// The format, as published:
//
//	GET /api/v1.0/opendata/criteria → {"programmes": [{"id", "programmePeriodId", "name"}, …]}
//	GET /api/v1.0/opendata?ProgrammeId=ID&ProgrammePeriodId=P → one programme:
//	{"totalProjects", "generatedAt",
//	 "entities": [{"entityId", "entityUin" (ЕИК), "entityName"}],
//	 "projects": [{"id" (the contract number), "name", "projectBeneficiary": {"entityId"},
//	   "placeOfExecution": [{"municipality"}], "sourceofFunding", "initialDate", "endDate",
//	   "status", "totalValue" (euro), "actuallyPaidAmounts": [{"value"}]}]}
//
// A programme file can be tens of megabytes: Decode reads it token by
// token and hands over one contract at a time, never the whole file.
package register

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/opendata-bg/opendata/dataset"
)

// Entity is one beneficiary of a programme file.
type Entity struct {
	UIN  string // ЕИК; "" for a natural person
	Name string
}

// Header is what a decoded programme file says of itself.
type Header struct {
	TotalProjects int    // as the file states it; -1 when it does not
	GeneratedAt   string // as stated
	Projects      int    // projects actually in the file
	Entities      map[string]Entity
	Unresolved    int // projects decoded before their beneficiary's entity (see Resolve)
}

// Whole reports whether the file holds every project it announces.
func (h *Header) Whole() bool { return h.TotalProjects >= 0 && h.TotalProjects == h.Projects }

// Resolve fills a contract's beneficiary from the file's entities; it
// reports whether it changed anything.
func (h *Header) Resolve(c *dataset.RegisterContract) bool {
	if c.Beneficiary != "" || c.EntityID == "" {
		return false
	}
	e, ok := h.Entities[c.EntityID]
	if !ok {
		return false
	}
	setBeneficiary(c, e)
	return true
}

func setBeneficiary(c *dataset.RegisterContract, e Entity) {
	c.Beneficiary, c.BeneficiaryEIK = e.Name, e.UIN
	c.NaturalPerson = e.UIN == ""
}

// ErrFormat is the error of a file that is not a programme file.
var ErrFormat = errors.New("not a register programme file")

// Decode reads a programme file from r, token by token, and calls fn for
// each project as a contract, the beneficiary filled in when the entities
// came before the projects (else Header.Resolve does it afterwards). A
// malformed or truncated file is an error wrapping ErrFormat or the read
// error; fn's error stops the decoding and is returned.
func Decode(r io.Reader, fn func(c dataset.RegisterContract) error) (Header, error) {
	h := Header{TotalProjects: -1, Entities: map[string]Entity{}}
	dec := json.NewDecoder(r)
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return h, err
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return h, formatErr(err)
		}
		key, _ := tok.(string)
		switch strings.ToLower(key) {
		case "totalprojects":
			var n flexNumber
			if err := dec.Decode(&n); err != nil {
				return h, formatErr(err)
			}
			if n.ok && n.v >= 0 && n.v < math.MaxInt32 && n.v == math.Trunc(n.v) {
				h.TotalProjects = int(n.v)
			}
		case "generatedat":
			var s flexString
			if err := dec.Decode(&s); err != nil {
				return h, formatErr(err)
			}
			h.GeneratedAt = string(s)
		case "entities":
			err = eachElement(dec, func() error {
				var e rawEntity
				if err := dec.Decode(&e); err != nil {
					return formatErr(err)
				}
				h.Entities[string(e.EntityID)] = Entity{UIN: strings.TrimSpace(string(e.EntityUIN)), Name: strings.TrimSpace(string(e.EntityName))}
				return nil
			})
		case "projects":
			err = eachElement(dec, func() error {
				var p rawProject
				if err := dec.Decode(&p); err != nil {
					return formatErr(err)
				}
				h.Projects++
				c := p.contract()
				if e, ok := h.Entities[c.EntityID]; ok {
					setBeneficiary(&c, e)
				} else if c.EntityID != "" {
					h.Unresolved++
				}
				return fn(c)
			})
		default:
			err = skipValue(dec)
		}
		if err != nil {
			return h, err
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return h, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return h, fmt.Errorf("%w: data after the end of the file", ErrFormat)
	}
	return h, nil
}

func formatErr(err error) error {
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: the file ends before it is complete (truncated)", ErrFormat)
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	if errors.As(err, &se) || errors.As(err, &te) {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return err // a read error of the connection or the file
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return formatErr(err)
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("%w: expected %q, found %v", ErrFormat, want, tok)
	}
	return nil
}

// eachElement calls fn for each element of the array that comes next
// (null counts as empty).
func eachElement(dec *json.Decoder, fn func() error) error {
	tok, err := dec.Token()
	if err != nil {
		return formatErr(err)
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf("%w: expected a list, found %v", ErrFormat, tok)
	}
	for dec.More() {
		if err := fn(); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

// skipValue reads past the next value, token by token.
func skipValue(dec *json.Decoder) error {
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			return formatErr(err)
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
	}
}

type rawEntity struct {
	EntityID   flexString `json:"entityId"`
	EntityUIN  flexString `json:"entityUin"`
	EntityName flexString `json:"entityName"`
}

type rawProject struct {
	ID                 flexString `json:"id"`
	Name               flexString `json:"name"`
	ProjectBeneficiary struct {
		EntityID flexString `json:"entityId"`
	} `json:"projectBeneficiary"`
	PlaceOfExecution []struct {
		Municipality flexString `json:"municipality"`
	} `json:"placeOfExecution"`
	SourceOfFunding     flexString `json:"sourceofFunding"`
	InitialDate         flexString `json:"initialDate"`
	EndDate             flexString `json:"endDate"`
	Status              flexString `json:"status"`
	TotalValue          flexNumber `json:"totalValue"`
	ActuallyPaidAmounts *[]struct {
		Value flexNumber `json:"value"`
	} `json:"actuallyPaidAmounts"`
}

func (p *rawProject) contract() dataset.RegisterContract {
	c := dataset.RegisterContract{
		Number:   strings.TrimSpace(string(p.ID)),
		Name:     strings.Join(strings.Fields(string(p.Name)), " "),
		EntityID: string(p.ProjectBeneficiary.EntityID),
		Status:   strings.TrimSpace(string(p.Status)),
		Start:    dataset.ISODate(string(p.InitialDate)),
		End:      dataset.ISODate(string(p.EndDate)),
		Funding:  strings.TrimSpace(string(p.SourceOfFunding)),
	}
	if p.TotalValue.ok {
		v := cents(p.TotalValue.v)
		c.TotalEUR = &v
	}
	if p.ActuallyPaidAmounts != nil {
		sum := 0.0
		for _, a := range *p.ActuallyPaidAmounts {
			if a.Value.ok {
				sum += a.Value.v
			}
		}
		sum = cents(sum)
		c.PaidEUR = &sum
	}
	for _, pl := range p.PlaceOfExecution {
		place := strings.TrimSpace(string(pl.Municipality))
		if place == "" {
			continue
		}
		c.Places = append(c.Places, place)
		if m := dataset.PlaceMunicipality(place); m != "" && !containsFold(c.Municipalities, m) {
			c.Municipalities = append(c.Municipalities, m)
		}
	}
	return c
}

func cents(v float64) float64 { return math.Round(v*100) / 100 }

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if dataset.MunicipalityKey(x) == dataset.MunicipalityKey(s) {
			return true
		}
	}
	return false
}

// flexString takes a JSON string, number or boolean as text; null, objects
// and lists as "" (an object's "name" or "value" field if it has one).
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = ""
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = flexString(v)
	case b[0] == '{':
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return err
		}
		for _, k := range []string{"name", "value", "text"} {
			if raw, ok := m[k]; ok {
				return s.UnmarshalJSON(raw)
			}
		}
		*s = ""
	case b[0] == '[':
		var items []flexString
		if err := json.Unmarshal(b, &items); err != nil {
			return err
		}
		var parts []string
		for _, it := range items {
			if it != "" {
				parts = append(parts, string(it))
			}
		}
		*s = flexString(strings.Join(parts, "; "))
	default:
		*s = flexString(b) // a number or a boolean, as written
	}
	return nil
}

// flexNumber takes a JSON number or a numeric string ("1234.56",
// "1 234,56"); ok is false for null or anything else.
type flexNumber struct {
	v  float64
	ok bool
}

func (n *flexNumber) UnmarshalJSON(b []byte) error {
	var s flexString
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	t := strings.NewReplacer(" ", "", "\u00a0", "", ",", ".").Replace(strings.TrimSpace(string(s)))
	v, err := strconv.ParseFloat(t, 64)
	n.v, n.ok = v, err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) && math.Abs(v) < 1e15
	return nil
}
