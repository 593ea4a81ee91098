package bgtext

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Amount is one sum of money found in text.
//
// Value is the number as printed, scaled by a printed multiplier ("9,4 млн."
// gives 9400000); Approx then says the page did not print an exact value.
// Start and End are byte offsets of the match in the text passed in; the match
// covers the number, a multiplier and an attached currency word, not the hedge
// or the VAT phrase.
type Amount struct {
	Value    float64
	Currency string // "BGN", "EUR" or "" when no currency word is attached
	Approx   bool   // hedged (над, близо, около, до, …) or rounded with "млн."/"хил."
	VAT      string // "with" (с ДДС), "without" (без ДДС), "" unknown
	Start    int
	End      int
	Raw      string
}

// ParseAmount reads s as exactly one amount, optionally with a currency, a
// hedge word before it and a VAT phrase after it: "65 410,72 лв.",
// "79 829.24", "BGN 4,815,360", "над 9,4 млн. лв.". Unlike FindAmounts it
// accepts bare numbers ("2023", "1.234" → 1234), since the caller says s is an
// amount. Anything else in s (words, a second number) makes it fail.
func ParseAmount(s string) (Amount, bool) {
	orig := s
	// s is one amount, so a line break inside it ("65 410,72<br>лв.") is a
	// space; the replacement keeps byte offsets.
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
	var found Amount
	n := 0
	scanAmounts(s, true, func(a Amount) bool {
		found = a
		n++
		return n < 2
	})
	if n != 1 {
		return Amount{}, false
	}
	if !onlyNoise(s[:found.Start]) || !onlyNoise(s[found.End:]) {
		return Amount{}, false
	}
	found.VAT, _ = vatAfter(s, found.End)
	if found.VAT == "" {
		found.VAT = vatBefore(s, found.Start, 0)
	}
	found.Raw = orig[found.Start:found.End]
	return found, true
}

// FindAmounts returns every amount of money in running text, in order. A
// number counts as money when a currency word or sign is attached ("лв.",
// "лева", "BGN", "евро", "EUR", "€") or when its shape can only be money:
// grouped thousands with a two-digit decimal part ("79 829.24",
// "1,946,812.50"). Years, dates, times, phone numbers, percentages, codes and
// counts with units are not money.
//
// Separators: a group of exactly three digits after a space, a dot or a comma
// is a thousands group, so a lone "1.234" or "1,234" is 1234 (money is not
// printed with three decimals); "9,4" and "12.50" are decimals. A number
// before "млн."/"хил." reads its separator as a decimal ("1,250 млн." is
// 1250000).
func FindAmounts(text string) []Amount {
	var out []Amount
	scanAmounts(text, false, func(a Amount) bool {
		out = append(out, a)
		return true
	})
	linkDualVAT(text, out)
	return out
}

// numeral is a numeral read by readNumber.
type numeral struct {
	start, end int
	intDigits  string // digits of the integer part, separators removed
	frac       string // digits after the decimal separator
	grouped    bool   // had thousands groups
	amb3       bool   // a single "." or "," before exactly 3 digits (read as thousands)
	sepKind    byte   // ' ', '.', ',' of the thousands separator, 0 if none
	decSep     byte   // '.', ',' or 0
}

// readNumber reads a numeral that starts at s[i] (a digit). It returns
// ok=false when the digits are part of something larger that is not a plain
// number (a date, a code, a time, a version).
func readNumber(s string, i int) (numeral, bool) {
	nb := numeral{start: i}
	d := digitsAt(s, i)
	var ib strings.Builder
	ib.WriteString(s[i : i+d])
	j := i + d
	first := d
	for {
		var sl int
		var kind byte
		if sl = spaceLen(s, j); sl > 0 {
			kind = ' '
		} else if sl = apostropheLen(s, j); sl > 0 {
			kind = '\'' // "1'234'567.89", Swiss style
		} else if j < len(s) && (s[j] == '.' || s[j] == ',') {
			sl, kind = 1, s[j]
		} else {
			break
		}
		if nb.sepKind != 0 && kind != nb.sepKind {
			break
		}
		if digitsAt(s, j+sl) != 3 || first > 3 {
			break // a thousands group has exactly 3 digits, after at most 3
		}
		nb.sepKind = kind
		ib.WriteString(s[j+sl : j+sl+3])
		j += sl + 3
		nb.grouped = true
	}
	if nb.grouped && nb.sepKind != ' ' && strings.Count(s[i:j], string(nb.sepKind)) == 1 {
		nb.amb3 = true
	}
	// A decimal part: the other separator, 1–2 digits.
	if j < len(s) && (s[j] == '.' || s[j] == ',') && s[j] != nb.sepKind {
		fd := digitsAt(s, j+1)
		if fd >= 1 && fd <= 2 {
			nb.decSep = s[j]
			nb.frac = s[j+1 : j+1+fd]
			j += 1 + fd
		} else if fd >= 3 {
			nb.end = j + 1 + fd
			return nb, false
		} else if sl := spaceLen(s, j+1); sl > 0 && digitsAt(s, j+1+sl) == 2 {
			// "1 204 518, 72 лв.": a space typed after the decimal comma;
			// only when the currency follows the two digits
			k := j + 1 + sl + 2
			if cur, _ := currencyAfter(s, k); cur != "" {
				nb.decSep = s[j]
				nb.frac = s[k-2 : k]
				j = k
			}
		}
	}
	// Digits glued to what follows (".2013", "-0039", "/2012", ":30").
	if j < len(s) {
		c := s[j]
		if (c == '.' || c == ',' || c == '-' || c == '/' || c == ':') && digitsAt(s, j+1) > 0 {
			nb.end = j
			return nb, false
		}
	}
	nb.end = j
	nb.intDigits = ib.String()
	if len(nb.intDigits) > 15 {
		return nb, false
	}
	return nb, true
}

// value returns the numeral's value; mult says a multiplier follows, in which
// case a lone "1,250" is read as a decimal.
func (nb numeral) value(mult bool) (float64, bool) {
	digits := nb.intDigits
	frac := nb.frac
	if mult && nb.amb3 {
		// "1,250 млн." → 1.250
		digits = digits[:len(digits)-3]
		frac = nb.intDigits[len(nb.intDigits)-3:]
	}
	str := digits
	if frac != "" {
		str += "." + frac
	}
	v, err := strconv.ParseFloat(str, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || v < 0 {
		return 0, false
	}
	return v, true
}

// boundaryBefore reports whether a number may start at s[i]: not inside a
// word, a code or a longer numeral.
func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, n := utf8.DecodeLastRuneInString(s[:i])
	if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
		return false
	}
	if i-n == 0 {
		return true
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i-n])
	switch r {
	case '\'', '’':
		// "1'234'567.89": a later group of a numeral, never its start
		return !unicode.IsDigit(p)
	case '.', '-', '/', '‐', '–':
		// "1.08", "C-1", "2014–2020", "ал.1": part of a date, code or reference.
		return !unicode.IsLetter(p) && !unicode.IsDigit(p)
	case ':', ',':
		// "16:27", "1,5" are numerals; "Стойност:1 000 лв." is a label.
		return !unicode.IsDigit(p)
	}
	return true
}

// apostropheLen is the length of an apostrophe used as a thousands
// separator at s[i] ("'" or "’"), 0 otherwise.
func apostropheLen(s string, i int) int {
	switch {
	case i < len(s) && s[i] == '\'':
		return 1
	case strings.HasPrefix(s[i:], "’"):
		return len("’")
	}
	return 0
}

// scanAmounts calls emit for each amount in text until emit returns false.
// lenient accepts numbers without currency or money shape (ParseAmount).
func scanAmounts(text string, lenient bool, emit func(Amount) bool) {
	lastEnd := 0
	for i := 0; i < len(text); {
		c := text[i]
		if c < '0' || c > '9' || !boundaryBefore(text, i) {
			i++
			continue
		}
		nb, ok := readNumber(text, i)
		if !ok || (nb.intDigits[0] == '0' && len(nb.intDigits) > 1) {
			// Skip all that was read, so a long numeral is not re-read from
			// each of its groups (which would be quadratic).
			i = max(skipNumeral(text, i), nb.end, i+1)
			continue
		}
		a, ok := classifyAmount(text, nb, lenient, lastEnd)
		if ok {
			if !emit(a) {
				return
			}
			i, lastEnd = a.End, a.End
			continue
		}
		i = nb.end
	}
}

// skipNumeral returns the index after the run of digits and joiners at s[i].
func skipNumeral(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if (c >= '0' && c <= '9') || c == '.' || c == ',' || c == '-' || c == '/' || c == ':' {
			i++
			continue
		}
		break
	}
	return i
}

// classifyAmount decides whether the numeral nb in text is money, and builds
// the Amount. minStart is the end of the previous amount: a prefix currency
// cannot reach back into it.
func classifyAmount(text string, nb numeral, lenient bool, minStart int) (Amount, bool) {
	a := Amount{Start: nb.start, End: nb.end}
	j := nb.end
	// A percentage is never money.
	if k := skipInline(text, j); k < len(text) && (text[k] == '%' || hasPrefixFold(text[k:], "процент")) {
		return a, false
	}
	mult, k := multiplierAt(text, j)
	if mult > 1 {
		j = k
		a.Approx = true
	}
	if cur, k := currencyAfter(text, j); cur != "" {
		a.Currency = cur
		j = k
	} else if cur, k := currencyAfterWords(text, j); cur != "" {
		a.Currency = cur
		j = k
	}
	if cur, k := currencyBefore(text, nb.start); cur != "" && k >= minStart {
		if a.Currency == "" {
			a.Currency = cur
			a.Start = k
		}
	}
	if a.Currency == "" && mult > 1 && !lenient {
		return a, false // "9 млн. души"
	}
	if a.Currency == "" && !lenient && (!(nb.grouped && len(nb.frac) == 2) || unitAfter(text, nb.end)) {
		return a, false // a count, or a measure: "1 384,50 кв. м"
	}
	v, ok := nb.value(mult > 1)
	if !ok {
		return a, false
	}
	if mult > 1 {
		v *= mult
	}
	a.Value = v
	a.End = j
	a.Raw = text[a.Start:a.End]
	if hedgedBefore(text, a.Start) {
		a.Approx = true
	}
	return a, true
}

// FormatFloat writes an amount with a dot decimal, as the record does.
func FormatFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
