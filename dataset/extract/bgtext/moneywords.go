package bgtext

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
	k := skipInline(s, i)
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
	k := skipInline(s, i)
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

// currencyAfterWords reads the currency after the amount spelled out in
// brackets: "1 234 567,89 (един милион … лева и 89 стотинки) лева".
func currencyAfterWords(s string, i int) (string, int) {
	k := skipInline(s, i)
	if k >= len(s) || s[k] != '(' {
		return "", i
	}
	end := strings.IndexByte(s[k:min(len(s), k+300)], ')')
	if end < 0 {
		return "", i
	}
	inner := s[k+1 : k+end]
	if !HasLetter(inner) || strings.ContainsAny(inner, "()%") {
		return "", i
	}
	for _, r := range inner {
		if r >= '0' && r <= '9' {
			return "", i // "(1 097 940,82 €)" is a conversion, not words
		}
	}
	return currencyAfter(s, k+end+1)
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

// hedges are the words that, right before an amount, make it approximate.
var hedges = []string{
	"над", "близо", "около", "до", "приблизително", "почти", "ок.", "ок",
	"ориентировъчно", "под", "максимум", "максимално", "минимум", "към",
	"порядъка на", "повече от", "по-малко от", "по-малко", "не повече от",
	"не по-малко от", "~", "≈", "±", "approximately", "about", "over", "nearly",
}

// hedgedBefore reports whether a hedge word stands right before s[i].
func hedgedBefore(s string, i int) bool {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if r != ' ' && r != '\t' && r != '\u00a0' && r != '\u202f' && r != '\u2009' {
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
	k := skipInline(s, i)
	if k < len(s) && (s[k] == '(' || s[k] == ',') {
		k = skipInline(s, k+1)
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
			k := skipInline(text, as[i+1].End)
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
	k := skipInline(text, a.End)
	if k >= len(text) || text[k] != '(' {
		return false
	}
	return skipInline(text, k+1) == b.Start
}

// unitStems are the starts (lower case) of words for units and counted
// things; a number followed by one is a measure, not money.
var unitStems = []string{"кв", "м", "км", "кг", "т", "л", "ч", "бр", "души", "чов", "лиц", "дка", "ха", "куб",
	"мм", "см", "kw", "mw", "kv", "gw", "m", "kg", "t", "l", "h", "ha", "час", "дни", "ден", "год", "мес", "сед", "тон", "литр",
	"точ", "глас", "деца", "учен", "домак", "сгр", "обект", "жител", "семейств", "места", "пъти",
	"гр", "°", "‰"}

// unitAfter reports whether a unit word follows s[i] ("кв. м", "kWh", "броя").
func unitAfter(s string, i int) bool {
	k := skipInline(s, i)
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
