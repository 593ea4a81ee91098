package extract

import (
	"math"
	"regexp"
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

// spaceLen returns the byte length of a thousands-separating space at s[i]
// (space, nbsp, narrow nbsp, thin or figure space), or 0.
func spaceLen(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	if s[i] == ' ' {
		return 1
	}
	if s[i] < 0x80 {
		return 0
	}
	r, n := utf8.DecodeRuneInString(s[i:])
	switch r {
	case '\u00a0', '\u202f', '\u2009', '\u2007', '\u2008', '\u200a':
		return n
	}
	return 0
}

// digitsAt returns how many ASCII digits start at s[i].
func digitsAt(s string, i int) int {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return j - i
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
	fracLen3   bool   // trailing separator + 3 digits, read as thousands
	lastGroupS int    // start of the last thousands group separator (for decimal re-reading)
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
		} else if j < len(s) && (s[j] == '.' || s[j] == ',') {
			sl, kind = 1, s[j]
		} else {
			break
		}
		if nb.sepKind != 0 && kind != nb.sepKind {
			break
		}
		if first > 3 && nb.sepKind == 0 && kind == ' ' {
			break
		}
		if digitsAt(s, j+sl) != 3 || first > 3 {
			break
		}
		nb.lastGroupS = j
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
	switch r {
	case '.', ',', '-', '/', ':', '‐', '–':
		if i-n > 0 {
			p, _ := utf8.DecodeLastRuneInString(s[:i-n])
			if unicode.IsLetter(p) || unicode.IsDigit(p) {
				return false
			}
		}
	}
	return true
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

// classifyAmount decides whether the numeral nb in text is money, and builds the
// Amount.
// minStart is the end of the previous amount: a prefix currency cannot reach
// back into it.
func classifyAmount(text string, nb numeral, lenient bool, minStart int) (Amount, bool) {
	a := Amount{Start: nb.start, End: nb.end}
	j := nb.end
	// A percentage is never money.
	if k := skipSpaces(text, j); k < len(text) && (text[k] == '%' || hasPrefixFold(text[k:], "процент")) {
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

// skipSpaces returns the index of the first non-space byte at or after i.
func skipSpaces(s string, i int) int {
	for i < len(s) {
		if n := spaceLen(s, i); n > 0 {
			i += n
			continue
		}
		if s[i] == '\t' || s[i] == '\n' || s[i] == '\r' {
			i++
			continue
		}
		break
	}
	return i
}

// hasPrefixFold reports whether s starts with prefix, ignoring case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		// Cyrillic case pairs have equal byte lengths, so this is exact.
		return false
	}
	return strings.EqualFold(s[:len(prefix)], prefix)
}

// wordEnd reports whether s[i:] does not continue a word.
func wordEnd(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// multipliers are the words that scale a number; a number with one is rounded.
var multipliers = []struct {
	word string
	mult float64
}{
	{"милиарда", 1e9}, {"милиард", 1e9}, {"млрд.", 1e9}, {"млрд", 1e9},
	{"милиона", 1e6}, {"милион", 1e6}, {"млн.", 1e6}, {"млн", 1e6},
	{"хиляди", 1e3}, {"хил.", 1e3}, {"хил", 1e3},
}

// multiplierAt returns the multiplier word after s[i] and the index after it.
func multiplierAt(s string, i int) (float64, int) {
	k := skipSpaces(s, i)
	for _, m := range multipliers {
		if hasPrefixFold(s[k:], m.word) {
			e := k + len(m.word)
			if strings.HasSuffix(m.word, ".") || wordEnd(s, e) {
				return m.mult, e
			}
		}
	}
	return 1, i
}

// currencies maps currency words and signs, longest first, to ISO codes.
var currencies = []struct{ word, code string }{
	{"лева", "BGN"}, {"лев", "BGN"}, {"лв.", "BGN"}, {"лв", "BGN"}, {"bgn", "BGN"},
	{"евро", "EUR"}, {"eur", "EUR"}, {"euro", "EUR"}, {"€", "EUR"},
}

// currencyAfter returns the currency attached after s[i] and the index after it.
func currencyAfter(s string, i int) (string, int) {
	k := skipSpaces(s, i)
	for _, c := range currencies {
		if hasPrefixFold(s[k:], c.word) {
			e := k + len(c.word)
			if c.word == "€" || strings.HasSuffix(c.word, ".") || wordEnd(s, e) {
				return c.code, e
			}
		}
	}
	return "", i
}

// prefixCurrencies are the currency words that may stand before a number.
var prefixCurrencies = []struct{ word, code string }{{"BGN", "BGN"}, {"EUR", "EUR"}, {"€", "EUR"}}

// currencyBefore returns the currency printed right before s[i] ("BGN 4,815,360",
// "€ 1 234") and the index where it starts.
func currencyBefore(s string, i int) (string, int) {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\u2009' {
			j -= n
			continue
		}
		break
	}
	for _, c := range prefixCurrencies {
		if j >= len(c.word) && strings.EqualFold(s[j-len(c.word):j], c.word) {
			st := j - len(c.word)
			if c.word != "€" && st > 0 && wordEndBefore(s, st) {
				continue
			}
			return c.code, st
		}
	}
	return "", i
}

// wordEndBefore reports whether the rune before s[i] is a word character.
func wordEndBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// hedges are the words that, right before an amount, make it approximate.
var hedges = []string{
	"над", "близо", "около", "до", "приблизително", "почти", "ок.", "ок",
	"ориентировъчно", "под", "максимум", "максимално", "минимум", "към",
	"порядъка на", "повече от", "по-малко от", "по-малко", "не повече от",
	"не по-малко от", "над", "~", "≈", "±", "approximately", "about", "over", "nearly",
}

// hedgedBefore reports whether a hedge word stands right before s[i].
func hedgedBefore(s string, i int) bool {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.IsSpace(r) && r != '\u00a0' && r != '\u202f' && r != '\u2009' {
			break
		}
		j -= n
	}
	for _, h := range hedges {
		if j < len(h) || !strings.EqualFold(s[j-len(h):j], h) {
			continue
		}
		st := j - len(h)
		r, _ := utf8.DecodeRuneInString(h)
		if unicode.IsLetter(r) && st > 0 && wordEndBefore(s, st) {
			continue
		}
		return true
	}
	return false
}

// noiseWords are the words ParseAmount tolerates around an amount: the
// words of the hedges and a few fillers.
var noiseWords = func() map[string]bool {
	m := map[string]bool{"от": true, "на": true, "е": true, "общо": true, "сума": true, "~": true, "≈": true, "-": true}
	for _, h := range hedges {
		for _, w := range strings.Fields(h) {
			m[strings.TrimSuffix(w, ".")] = true
		}
	}
	return m
}()

// onlyNoise reports whether s holds nothing but spaces, punctuation, hedge
// words and VAT phrases, which ParseAmount tolerates around the amount.
func onlyNoise(s string) bool {
	s = vatPhraseRe.ReplaceAllString(s, " ")
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u202f' || r == '\u2009' ||
			(unicode.IsPunct(r) && r != '-' && r != '~') || r == '\u00ad'
	}) {
		if !noiseWords[strings.ToLower(f)] {
			return false
		}
	}
	return true
}

// vatPhraseRe matches a VAT phrase: "с ДДС", "с включен ДДС", "без ДДС", …
var vatPhraseRe = regexp.MustCompile(wideSpace(`(?i)(?:(без)|с|със|вкл\.|включително)\s*(?:включен[оа]?\s+|вкл\.\s*)?ДДС`))

// vatAfter returns "with" or "without" when a VAT phrase follows s[i]
// (after spaces, a comma or an opening parenthesis), and the index after it.
func vatAfter(s string, i int) (string, int) {
	k := skipSpaces(s, i)
	if k < len(s) && (s[k] == '(' || s[k] == ',') {
		k = skipSpaces(s, k+1)
	}
	end := k + 48
	if end > len(s) {
		end = len(s)
	}
	if !strings.Contains(s[k:end], "ДДС") && !strings.Contains(s[k:end], "ддс") {
		return "", i
	}
	m := vatPhraseRe.FindStringSubmatchIndex(s[k:end])
	if m == nil || m[0] != 0 {
		return "", i
	}
	if m[2] >= 0 {
		return "without", k + m[1]
	}
	return "with", k + m[1]
}

// linkDualVAT sets VAT on each amount from the phrase that follows it, else
// from a label right before it ("Стойност без ДДС: 1 000 лв."). In a dual
// display "2 147 385,60 лв. (1 097 940,82 €) с ДДС" the phrase after the
// parenthesis holds for both amounts. A phrase serves one amount only.
func linkDualVAT(text string, as []Amount) {
	used := 0 // the end of the last VAT phrase given to an amount
	for i := range as {
		if as[i].VAT != "" {
			continue
		}
		vat, end := vatAfter(text, as[i].End)
		if vat == "" && i+1 < len(as) && isDual(text, as[i], as[i+1]) {
			k := skipSpaces(text, as[i+1].End)
			if k < len(text) && text[k] == ')' {
				if v, e := vatAfter(text, k+1); v != "" {
					vat, end = v, e
					as[i+1].VAT = v
				}
			}
		}
		if vat == "" {
			from := used
			if i > 0 {
				from = max(from, as[i-1].End)
			}
			vat = vatBefore(text, as[i].Start, from)
		}
		if vat != "" && end > used {
			used = end
		}
		as[i].VAT = vat
	}
}

// vatBefore returns "with" or "without" when a VAT phrase ends a label right
// before s[i] ("Стойност с ДДС: ", "Цена (без ДДС) – "), looking no further
// back than from.
func vatBefore(s string, i, from int) string {
	st, _ := runeWindow(s, max(from, i-60), i)
	w := strings.TrimRight(s[st:i], " \t\n\u00a0\u202f\u2009:–—-()")
	if len(w) < len("ДДС") || !strings.EqualFold(w[len(w)-len("ДДС"):], "ДДС") {
		return ""
	}
	ms := vatPhraseRe.FindAllStringSubmatchIndex(w, -1)
	if len(ms) == 0 {
		return ""
	}
	m := ms[len(ms)-1]
	if m[1] != len(w) {
		return ""
	}
	if m[2] >= 0 {
		return "without"
	}
	return "with"
}

// isDual reports whether b is printed in parentheses right after a with the
// other currency: "1 955,83 лв. (1 000,00 евро)".
func isDual(text string, a, b Amount) bool {
	if a.Currency == "" || b.Currency == "" || a.Currency == b.Currency {
		return false
	}
	k := skipSpaces(text, a.End)
	if k >= len(text) || text[k] != '(' {
		return false
	}
	return skipSpaces(text, k+1) == b.Start
}

// unitStems are the starts (lower case) of words for units and counted
// things; a number followed by one is a measure, not money.
var unitStems = []string{"кв", "м", "км", "кг", "т", "л", "ч", "бр", "души", "чов", "лиц", "дка", "ха", "куб",
	"мм", "см", "kw", "mw", "kv", "gw", "m", "kg", "t", "l", "h", "ha", "дни", "ден", "год", "мес", "сед", "тон", "литр",
	"точ", "глас", "деца", "учен", "домак", "сгр", "обект", "жител", "семейств", "места", "пъти",
	"гр", "°", "‰"}

// unitAfter reports whether a unit word follows s[i] ("кв. м", "kWh", "броя").
func unitAfter(s string, i int) bool {
	k := skipSpaces(s, i)
	if k >= len(s) {
		return false
	}
	end := k
	for end < len(s) && end-k < 24 {
		r, n := utf8.DecodeRuneInString(s[end:])
		if !unicode.IsLetter(r) && r != '°' && r != '‰' {
			break
		}
		end += n
	}
	if end == k {
		return false
	}
	w := strings.ToLower(s[k:end])
	for _, u := range unitStems {
		if strings.HasPrefix(w, u) {
			// A one-letter stem must be the whole word: "м", "т", "л", "h".
			if utf8.RuneCountInString(u) == 1 && utf8.RuneCountInString(w) > 3 {
				continue
			}
			return true
		}
	}
	return false
}
