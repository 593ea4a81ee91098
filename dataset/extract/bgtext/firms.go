package bgtext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// legalForms are the Bulgarian legal forms of firms, and Latin spellings.
var legalForms = map[string]bool{
	"ЕООД": true, "ООД": true, "ЕАД": true, "АД": true, "ЕТ": true, "ДЗЗД": true,
	"КД": true, "СД": true, "КДА": true, "АДСИЦ": true,
	"EOOD": true, "OOD": true, "EAD": true, "AD": true, "Ltd": true, "LTD": true, "Ltd.": true,
}

// shortForms need a quoted name: as bare words they are too often something else.
var shortForms = map[string]bool{"ЕТ": true, "КД": true, "СД": true, "AD": true}

// formFirst are the forms usually printed before the name: ДЗЗД „Име“, ЕТ „Име“.
var formFirst = map[string]bool{"ДЗЗД": true, "ЕТ": true}

// IsLegalForm reports whether w is a legal form, with Latin look-alikes in a
// Cyrillic form ("EООД" with a Latin E) accepted.
func IsLegalForm(w string) bool {
	if legalForms[w] {
		return true
	}
	if len(w) > len("АДСИЦ") || !strings.ContainsFunc(w, func(r rune) bool { return r < 0x80 }) {
		return false
	}
	return legalForms[canonicalForm(w)]
}

// canonicalForm writes a legal form in Cyrillic when it mixes scripts.
func canonicalForm(w string) string {
	if legalForms[w] {
		return w
	}
	return strings.Map(func(r rune) rune {
		if c, ok := latToCyr[r]; ok {
			return c
		}
		return r
	}, w)
}

// labelWords are capitalized words that label a firm rather than name it.
var labelWords = map[string]bool{
	"изпълнител": true, "изпълнителят": true, "изпълнителя": true, "фирма": true, "фирмата": true,
	"дружество": true, "дружеството": true, "възложител": true, "консултант": true, "строител": true,
	"от": true, "на": true, "и": true, "с": true, "със": true, "е": true, "за": true, "по": true,
	"смр": true, "договор": true, "община": true, "обединение": true, "обединението": true,
}

// FindFirms returns the firms named with a legal form in text, normalized
// (NormalizeFirm), de-duplicated, in order: „НИКО 96” ЕООД гр. Стара Загора →
// "НИКО 96 ЕООД"; ДЗЗД „Чист въздух Бургас“ → "ДЗЗД Чист въздух Бургас".
// The legal form stays where it is printed; quotes and the town are dropped.
// Forms: ЕООД, ООД, ЕАД, АД, ЕТ, ДЗЗД, КД, СД (and EOOD, OOD, EAD, Ltd).
func FindFirms(text string) []string {
	var out []string
	for _, f := range findFirmMatches(text) {
		out = appendUnique(out, f)
	}
	return out
}

// findFirmMatches returns every firm in text, in order, duplicates kept.
func findFirmMatches(text string) []string {
	var out []string
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !unicode.IsUpper(r) || (i > 0 && wordEndBefore(text, i)) {
			i += n
			continue
		}
		j := i
		for j < len(text) {
			r2, n2 := utf8.DecodeRuneInString(text[j:])
			if !unicode.IsLetter(r2) {
				break
			}
			j += n2
		}
		if j < len(text) && text[j] == '.' && text[i:j] == "Ltd" {
			j++
		}
		form := text[i:j]
		if j > i && IsLegalForm(form) && (j >= len(text) || !wordCharAt(text, j)) {
			if name, ok := firmAround(text, i, j, canonicalForm(form)); ok {
				out = append(out, name)
			}
		} else if k := capsEnd(text, i, j); k < j && IsLegalForm(text[i:k]) {
			// text pasted from Word glues the form to the next word:
			// "„С.И.Т.“ ООДза реализация": only after a quoted name
			if name, ok := quotedBefore(text, i); ok {
				out = append(out, name+" "+canonicalForm(text[i:k]))
			}
		}
		if j == i {
			j = i + n
		}
		i = j
	}
	return out
}

// capsEnd returns the end of the capital letters that start the word
// text[i:j] when lower-case letters follow them ("ООДза" → after "ООД"), else j.
func capsEnd(text string, i, j int) int {
	k := i
	for k < j {
		r, n := utf8.DecodeRuneInString(text[k:])
		if !unicode.IsUpper(r) {
			break
		}
		k += n
	}
	if k-i < 2 || k == j {
		return j
	}
	if r, _ := utf8.DecodeRuneInString(text[k:]); !unicode.IsLower(r) {
		return j
	}
	return k
}

// wordCharAt reports whether a letter or digit starts at s[i].
func wordCharAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// firmAround finds the name printed with the legal form at text[fs:fe].
func firmAround(text string, fs, fe int, form string) (string, bool) {
	if name, ok := quotedBefore(text, fs); ok {
		return name + " " + form, true
	}
	if name, ok := quotedAfter(text, fe); ok {
		return form + " " + name, true
	}
	if shortForms[form] {
		return "", false
	}
	if formFirst[form] {
		if name, ok := bareAfter(text, fe); ok {
			return form + " " + name, true
		}
	}
	if name, ok := bareBefore(text, fs); ok {
		return name + " " + form, true
	}
	return "", false
}

// Quote characters that open and close a name.
const (
	openQuotes  = "„“\"«‘'‚"
	closeQuotes = "”“\"»’'‘"
)

// quotedBefore reads a quoted name that ends right before text[i]: „НИКО 96” ЕООД.
func quotedBefore(text string, i int) (string, bool) {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:j])
		if !isSpaceRune(r) {
			break
		}
		j -= n
	}
	r, n := utf8.DecodeLastRuneInString(text[:j])
	if !strings.ContainsRune(closeQuotes, r) {
		return "", false
	}
	end := j - n
	for k, steps := end, 0; k > 0 && steps < 80; steps++ {
		q, m := utf8.DecodeLastRuneInString(text[:k])
		k -= m
		if q == '\n' {
			break
		}
		if strings.ContainsRune(openQuotes, q) {
			return cleanName(text[k+m : end])
		}
	}
	return "", false
}

// quotedAfter reads a quoted name that starts right after text[i]: ДЗЗД „Чист въздух Бургас“.
func quotedAfter(text string, i int) (string, bool) {
	j := skipSpaces(text, i)
	r, n := utf8.DecodeRuneInString(text[j:])
	if j >= len(text) || !strings.ContainsRune(openQuotes, r) {
		return "", false
	}
	start := j + n
	for k, steps := start, 0; k < len(text) && steps < 80; steps++ {
		q, m := utf8.DecodeRuneInString(text[k:])
		if q == '\n' {
			break
		}
		if strings.ContainsRune(closeQuotes, q) {
			return cleanName(text[start:k])
		}
		k += m
	}
	return "", false
}

// bareBefore reads up to four capitalized words right before text[i]:
// "Светлина Инженеринг ЕООД".
func bareBefore(text string, i int) (string, bool) {
	var words []string
	j := i
	for len(words) < 4 {
		k := j
		for k > 0 {
			r, n := utf8.DecodeLastRuneInString(text[:k])
			if r != ' ' && r != '\u00a0' {
				break
			}
			k -= n
		}
		if k == j && j != i {
			break
		}
		e := k
		for k > 0 {
			r, n := utf8.DecodeLastRuneInString(text[:k])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '&' {
				break
			}
			k -= n
		}
		w := text[k:e]
		if w == "" || !capitalWord(w) || labelWords[strings.ToLower(w)] || IsLegalForm(w) {
			break
		}
		words = append(words, w)
		j = k
	}
	if len(words) == 0 {
		return "", false
	}
	for l, r := 0, len(words)-1; l < r; l, r = l+1, r-1 {
		words[l], words[r] = words[r], words[l]
	}
	return strings.Join(words, " "), true
}

// bareAfter reads up to four capitalized words right after text[i]: "ДЗЗД Енерджи Поморие".
func bareAfter(text string, i int) (string, bool) {
	var words []string
	j := i
	for len(words) < 4 {
		k := j
		for k < len(text) && (text[k] == ' ' || strings.HasPrefix(text[k:], "\u00a0")) {
			if text[k] == ' ' {
				k++
			} else {
				k += len("\u00a0")
			}
		}
		if k == j {
			break
		}
		e := k
		for e < len(text) {
			r, n := utf8.DecodeRuneInString(text[e:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '&' {
				break
			}
			e += n
		}
		w := text[k:e]
		if w == "" || !capitalWord(w) || labelWords[strings.ToLower(w)] || IsLegalForm(w) {
			break
		}
		words = append(words, w)
		j = e
	}
	if len(words) == 0 {
		return "", false
	}
	return strings.Join(words, " "), true
}

// capitalWord reports whether w starts with a capital letter or a digit.
func capitalWord(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// cleanName folds white space in a quoted name and checks it looks like one.
func cleanName(s string) (string, bool) {
	s = strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00ad", "")), " ")
	if s == "" || len(s) > 120 {
		return "", false
	}
	r, _ := utf8.DecodeRuneInString(s)
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
		return "", false
	}
	return s, true
}

// NormalizeFirm returns a firm's name as the record keeps it: quotes
// stripped, white space folded, the legal form where it is printed, the town
// dropped ("„НИКО 96” ЕООД гр. Стара Загора" → "НИКО 96 ЕООД"). A string
// without a legal form is returned with quotes stripped and spaces folded.
func NormalizeFirm(s string) string {
	if fs := findFirmMatches(s); len(fs) > 0 {
		return fs[0]
	}
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(openQuotes+closeQuotes, r) {
			return ' '
		}
		if r == '\u00ad' {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
