package dataset

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
)

// RegisterIndex is what the join asks of the register (the store keeps it).
type RegisterIndex interface {
	// Contracts returns the register contracts of the project whose
	// registration number (RegisterKey's base) is base: its -C01, -C02 …
	Contracts(base string) ([]RegisterContract, error)
	// HasCode reports whether a synced programme numbers its contracts with
	// the programme code (BG16RFOP001, BG-RRP).
	HasCode(code string) bool
}

// FieldSources names the page each compared field of a record comes from
// (the best-ranked source that states it), for the disagreement warnings.
type FieldSources struct {
	Title, Beneficiary, Total, Grant, Start, End string
}

// JoinRegister matches the record to the register by its contract numbers
// and sets Register, RegisterMatch and RegisterUnmatched; each disagreement
// is also added to Warnings, naming both values and both sources. The
// record's own fields are never changed.
//
// A number matches when, normalized (ContractKey: case, look-alike letters,
// spaces), it names the same project as a register contract: the same
// number ("exact"), the registration number of which the contract number
// is the -Cnn form ("registration_number": …-0027 vs …-0027-C01), or
// another contract of the same project ("annex": -C01 vs -C02). Of the
// project's contracts the exact one is taken, else the latest. A number in
// a synced programme's format that the register does not have is listed
// in RegisterUnmatched.
func JoinRegister(r *Record, reg RegisterIndex, src FieldSources) error {
	r.Register, r.RegisterMatch, r.RegisterUnmatched = nil, "", nil
	var chosenBase string
	var others []string
	for _, n := range r.ContractNumbers {
		key, base, code, ok := RegisterKey(n)
		if !ok {
			continue
		}
		if r.Register != nil {
			if base != chosenBase && !contains(others, n) {
				others = append(others, n)
			}
			continue
		}
		cs, err := reg.Contracts(base)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			if reg.HasCode(code) && !contains(r.RegisterUnmatched, n) {
				r.RegisterUnmatched = append(r.RegisterUnmatched, n)
			}
			continue
		}
		r.Register, chosenBase = pickContract(n, key, base, cs), base
	}
	// A later number of another project may still be missing from the register.
	for _, n := range others {
		_, base, code, _ := RegisterKey(n)
		cs, err := reg.Contracts(base)
		if err != nil {
			return err
		}
		if len(cs) == 0 && reg.HasCode(code) && !contains(r.RegisterUnmatched, n) {
			r.RegisterUnmatched = append(r.RegisterUnmatched, n)
		}
	}
	switch {
	case r.Register != nil:
		r.RegisterMatch = RegisterMatched
	case len(r.RegisterUnmatched) > 0:
		r.RegisterMatch = RegisterUnmatched
		for _, n := range r.RegisterUnmatched {
			r.Warnings = append(r.Warnings, fmt.Sprintf("register: contract number %s has the form of a register contract, but the register (ИСУН 2020) has no such contract", n))
		}
		return nil
	default:
		return nil
	}
	reg0 := r.Register
	reg0.Disagreements = CompareRegister(r, &reg0.RegisterContract, src)
	for _, d := range reg0.Disagreements {
		r.Warnings = append(r.Warnings, d.Warning(&reg0.RegisterContract))
	}
	for _, n := range others {
		if !contains(r.RegisterUnmatched, n) {
			r.Warnings = append(r.Warnings, fmt.Sprintf("register: contract number %s is another register project than %s, to which the record is joined", n, reg0.Number))
		}
	}
	return nil
}

// pickContract chooses among the contracts of one project the one the
// page's number names, else the latest, and says how it matched.
func pickContract(number, key, base string, cs []RegisterContract) *Register {
	best := -1
	for i := range cs {
		if CodeKey(cs[i].Number) == key {
			best = i
			break
		}
	}
	match := "exact"
	if best < 0 {
		match = "annex"
		if key == base {
			match = "registration_number"
		}
		for i := range cs {
			if best < 0 || annexNumber(CodeKey(cs[i].Number)) > annexNumber(CodeKey(cs[best].Number)) {
				best = i
			}
		}
	}
	out := &Register{RegisterContract: cs[best], MatchedNumber: number, Match: match}
	for i := range cs {
		if i != best {
			out.OtherContracts = append(out.OtherContracts, cs[i].Number)
		}
	}
	return out
}

// Warning is the disagreement as a record's warning: both values and both sources.
func (d Disagreement) Warning(c *RegisterContract) string {
	return fmt.Sprintf("register: %s differs: the page says %s (%s); the register says %s (ИСУН 2020 contract %s, file of %s, %s)",
		strings.ReplaceAll(d.Field, "_", " "), d.Page, orDash(d.Source), d.Register, c.Number, orDash(c.FileDate), orDash(c.URL))
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// CompareRegister lists where the record and the register contract
// disagree:
//
//   - total value: the page's total, in euro at the fixed rate, differs
//     from the register's by more than the page's rounding (a figure
//     printed as 1 200 000 may stand for anything that rounds to it, to two
//     significant digits at most) and the cents of the conversion. A page
//     that states only the grant is compared with the register's grant
//     where known, else it disagrees only when the grant exceeds the
//     register's total value.
//   - title: the titles name different projects (fewer than half of the
//     shorter title's words, by stem, are in the other), not a rewording.
//   - beneficiary: neither name's words contain the other's (case, quotes
//     and legal forms aside).
//   - start, end: the dates differ.
func CompareRegister(r *Record, c *RegisterContract, src FieldSources) []Disagreement {
	var out []Disagreement
	b := &r.Budget
	if c.TotalEUR != nil {
		switch {
		case b.Total != nil:
			if eur, tol, ok := pageEUR(*b.Total, b.Currency); ok && math.Abs(eur-*c.TotalEUR) > tol {
				out = append(out, Disagreement{"total_value", pageMoney(*b.Total, b.Currency), eurMoney(*c.TotalEUR), src.Total})
			}
		case b.Grant != nil:
			if eur, tol, ok := pageEUR(*b.Grant, b.Currency); ok && eur > *c.TotalEUR+tol {
				out = append(out, Disagreement{"grant", pageMoney(*b.Grant, b.Currency) + " (grant)",
					eurMoney(*c.TotalEUR) + " (total value, more than the grant)", src.Grant})
			}
		}
	}
	places := append([]string{r.Municipality}, c.Municipalities...)
	if r.Title != "" && c.Name != "" && !SameProjectTitle(r.Title, c.Name, places...) {
		out = append(out, Disagreement{"title", strconv.Quote(r.Title), strconv.Quote(c.Name), src.Title})
	}
	if r.Beneficiary != "" && c.Beneficiary != "" && !SameName(r.Beneficiary, c.Beneficiary) {
		out = append(out, Disagreement{"beneficiary", strconv.Quote(r.Beneficiary), strconv.Quote(c.Beneficiary), src.Beneficiary})
	}
	if a, b := ISODate(r.Period.Start), c.Start; a != "" && b != "" && a != b {
		out = append(out, Disagreement{"start", a, b, src.Start})
	}
	if a, b := ISODate(r.Period.End), c.End; a != "" && b != "" && a != b {
		out = append(out, Disagreement{"end", a, b, src.End})
	}
	return out
}

// pageEUR converts a page's amount to euro and returns the tolerance of
// the comparison: half the page's rounding unit plus two cents.
func pageEUR(v float64, currency string) (eur, tol float64, ok bool) {
	var rate float64
	switch currency {
	case "EUR":
		rate = 1
	case "BGN", "":
		rate = EURRate
	default:
		return 0, 0, false
	}
	return v / rate, roundingUnit(v)/2/rate + 0.02, true
}

// roundingUnit is the unit the amount seems rounded to: a cent when it has
// cents, else the largest power of ten that divides it while leaving two
// significant digits (1 200 000 → 100 000; 1 234 000 → 1 000).
func roundingUnit(v float64) float64 {
	v = math.Abs(v)
	if math.IsNaN(v) || math.IsInf(v, 0) || v > 1e15 {
		return 0
	}
	if math.Abs(v-math.Round(v)) > 0.004 {
		return 0.01
	}
	n := int64(math.Round(v))
	unit := int64(1)
	for n != 0 && n%(unit*10) == 0 && unit*10 <= n/10 {
		unit *= 10
	}
	return float64(unit)
}

func pageMoney(v float64, currency string) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	switch currency {
	case "EUR":
		return s + " EUR"
	case "", "BGN":
		return s + " BGN (" + strconv.FormatFloat(math.Round(v/EURRate*100)/100, 'f', 2, 64) + " EUR)"
	}
	return s + " " + currency
}

func eurMoney(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) + " EUR" }

// titleStop are words that say nothing of which project a title names.
var titleStop = map[string]bool{
	"на": true, "за": true, "и": true, "в": true, "във": true, "с": true, "със": true, "по": true, "от": true,
	"до": true, "към": true, "при": true, "чрез": true, "през": true, "над": true, "под": true,
	"проект": true, "проекта": true, "община": true, "общината": true, "гр": true, "град": true, "село": true,
	"the": true, "of": true, "and": true, "in": true, "for": true, "project": true,
}

// titleStems returns the title's words that name something, each cut to
// its first five letters (a crude stem that brings a word's forms together).
func titleStems(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		rs := []rune(w)
		if titleStop[w] || len(rs) < 3 && !unicode.IsDigit(rs[0]) {
			continue
		}
		if len(rs) > 5 {
			rs = rs[:5]
		}
		out[string(rs)] = true
	}
	return out
}

// SameProjectTitle reports whether two titles may name the same project:
// at least half of the shorter one's stems are in the other. The words of
// places (the municipality both name) say nothing of which project it is
// and are left out. Titles of fewer than two other words are too short to
// tell, and count as the same.
func SameProjectTitle(a, b string, places ...string) bool {
	sa, sb := titleStems(a), titleStems(b)
	for _, p := range places {
		for w := range titleStems(p) {
			delete(sa, w)
			delete(sb, w)
		}
	}
	if len(sa) < 2 || len(sb) < 2 {
		return true
	}
	if len(sa) > len(sb) {
		sa, sb = sb, sa
	}
	common := 0
	for w := range sa {
		if sb[w] {
			common++
		}
	}
	return 2*common >= len(sa)
}

// legalForms are the company forms left out when comparing names.
var legalForms = map[string]bool{
	"еоод": true, "оод": true, "ад": true, "еад": true, "ет": true, "кд": true, "сд": true, "кда": true,
	"eood": true, "ood": true, "ad": true, "ead": true, "ltd": true,
}

func nameWords(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if !legalForms[w] {
			out[w] = true
		}
	}
	return out
}

// SameName reports whether two names of an organisation may be the same:
// one's words (case, quotes, punctuation and legal forms aside) contain
// the other's.
func SameName(a, b string) bool {
	wa, wb := nameWords(a), nameWords(b)
	if len(wa) == 0 || len(wb) == 0 {
		return true
	}
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	for w := range wa {
		if !wb[w] {
			return false
		}
	}
	return true
}
