package bgtext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isCodeRune reports whether r may be part of a code's alphanumeric piece.
func isCodeRune(r rune) bool {
	switch {
	case r < 0x80:
		return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z'
	case r >= 0x400 && r <= 0x481:
		return true // Cyrillic letters
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isCodeSep reports a separator inside a code.
func isCodeSep(r rune) bool {
	return r == '-' || r == '/' || r == '.' || r == '\u2010' || r == '\u2011'
}

// scanCode reads a code-like token at s[i] and returns its end and whether it
// holds a digit. After "-" or "/" a line break or spaces may split the code
// when the next piece starts with a digit or "C" and a digit.
func scanCode(s string, i int) (end int, hasDigit bool) {
	j := i
	for j < len(s) {
		r, n := utf8.DecodeRuneInString(s[j:])
		if isCodeRune(r) {
			if r >= '0' && r <= '9' {
				hasDigit = true
			}
			j += n
			continue
		}
		if r == '\u00ad' {
			j += n
			continue
		}
		if isSpaceRune(r) && hasDigit && j > i && s[j-1] >= '0' && s[j-1] <= '9' {
			// "13 - 13 - 24": spaces around a dash or slash between digits.
			if k := spacedSepEnd(s, j); k > j {
				j = k
				continue
			}
			break
		}
		if !isCodeSep(r) {
			break
		}
		k := j + n
		r2, n2 := utf8.DecodeRuneInString(s[k:])
		if isCodeRune(r2) {
			j = k
			continue
		}
		if r == '.' || !isSpaceRune(r2) {
			break
		}
		// "BG16RFOP001-1.001-\n0039-C01"
		m := k
		for sp := 0; m < len(s) && sp < 4; sp++ {
			r3, n3 := utf8.DecodeRuneInString(s[m:])
			if !isSpaceRune(r3) {
				break
			}
			m += n3
		}
		if m < len(s) && (s[m] >= '0' && s[m] <= '9' || s[m] == 'C' && m+1 < len(s) && s[m+1] >= '0' && s[m+1] <= '9') && hasDigit {
			j = m
			_ = n2
			continue
		}
		break
	}
	return j, hasDigit
}

// spacedSepEnd returns the index after " - " or " / " at s[j] (spaces,
// no-break spaces) when a digit or "C" and a digit follow, else j.
func spacedSepEnd(s string, j int) int {
	k := j
	for n := 0; n < 4; n++ {
		l := spaceLen(s, k)
		if l == 0 {
			break
		}
		k += l
	}
	if k == j || k >= len(s) || (s[k] != '-' && s[k] != '/') {
		return j
	}
	k++
	for n := 0; n < 4; n++ {
		l := spaceLen(s, k)
		if l == 0 {
			break
		}
		k += l
	}
	if k < len(s) && (s[k] >= '0' && s[k] <= '9' || s[k] == 'C' && k+1 < len(s) && s[k+1] >= '0' && s[k+1] <= '9') {
		return k
	}
	return j
}

// FindCodeMatches returns every code-like token in text that is a contract
// number, a procedure code, a registration number, or any number printed
// after "№"/"No", with its offsets and the label before it, in order. The
// caller decides from Lead and the surrounding words which contract is the
// grant contract.
func FindCodeMatches(text string) []CodeMatch {
	var out []CodeMatch
	prev := rune(-1)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if !isCodeRune(r) || isCodeRune(prev) || (isCodeSep(prev) && i > 0 && codeRuneBefore(text, i)) {
			prev = r
			i += n
			continue
		}
		end, hasDigit := scanCode(text, i)
		if hasDigit && end-i <= 80 {
			if m, ok := codeMatch(text, i, end); ok {
				out = append(out, m)
			}
		}
		if end <= i {
			end = i + n
		}
		prev, _ = utf8.DecodeLastRuneInString(text[:end])
		i = end
	}
	return out
}

// codeRuneBefore reports whether the separator before s[i] follows a code rune.
func codeRuneBefore(s string, i int) bool {
	_, n := utf8.DecodeLastRuneInString(s[:i])
	p, _ := utf8.DecodeLastRuneInString(s[:i-n])
	return isCodeRune(p)
}

// codeMatch classifies the token text[start:end].
func codeMatch(text string, start, end int) (CodeMatch, bool) {
	numbered := numberSignBefore(text, start)
	raw := text[start:end]
	if !numbered && !strings.ContainsFunc(raw, unicode.IsLetter) && strings.Count(raw, "/") < 2 {
		return CodeMatch{}, false // a bare number, date or amount
	}
	// A trailing full date is not part of the printed code.
	if strings.IndexByte(raw, '/') >= 0 {
		if loc := codeTrailingDateRe.FindStringIndex(raw); loc != nil && loc[0] > 0 {
			end = start + loc[0]
			raw = text[start:end]
		}
	}
	// "12-11-35/25.06.2012г": the year's "г" glued to a trailing date.
	if n := len(raw); n > 3 && strings.HasSuffix(raw, "г") && raw[n-3] >= '0' && raw[n-3] <= '9' {
		if loc := codeTrailingDateRe.FindStringIndex(raw[:n-2]); loc != nil && loc[0] > 0 {
			end = start + loc[0]
			raw = text[start:end]
		}
	}
	code := NormalizeCode(raw)
	if code == "" {
		return CodeMatch{}, false
	}
	m := CodeMatch{Code: code, Start: start, End: end, Raw: raw, Kind: CodeKindByShape(code), Numbered: numbered}
	if m.Kind == KindOther && (!numbered || !plausibleNumber(code)) {
		return CodeMatch{}, false
	}
	m.Lead = leadBefore(text, start)
	if m.Lead == "contract" && worksAfter(text, end) {
		m.Lead = "works"
	}
	return m, true
}

// plausibleNumber reports whether a token printed after "№" could be a
// document number: it holds a digit and is not a date, an amount or a time.
func plausibleNumber(code string) bool {
	if len(code) > 40 {
		return false
	}
	if strings.Count(code, ".") == 2 || strings.Count(code, "-") == 2 || strings.Count(code, "/") == 2 {
		if _, ok := ParseDate(code); ok {
			return false
		}
	}
	return true
}

// numberSignBefore reports whether "№", "No", "N:" or "Nr" stands right before s[i].
func numberSignBefore(s string, i int) bool {
	j := i
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if !isSpaceRune(r) && r != ':' && r != '.' {
			break
		}
		j -= n
	}
	if strings.HasSuffix(s[:j], "№") || strings.HasSuffix(s[:j], "N°") || strings.HasSuffix(s[:j], "Nº") || strings.HasSuffix(s[:j], "#") {
		return true
	}
	for _, sign := range []string{"No", "NO", "no", "Nr", "N"} {
		if strings.HasSuffix(s[:j], sign) {
			st := j - len(sign)
			if st == 0 || !wordEndBefore(s, st) {
				return j < i // "N" must be followed by ":", "." or a space
			}
		}
	}
	return false
}

// leadStems are label stems (lower case) matched as word prefixes, and the
// Lead they give a code printed after them.
var leadStems = []struct{ stem, lead string }{
	{"договор", "contract"}, {"споразумени", "contract"}, {"contract", "contract"},
	{"проект", "project"}, {"project", "project"},
	{"процедур", "procedure"}, {"решени", "decision"}, {"протокол", "protocol"},
	{"анекс", "annex"}, {"приложени", "annex"}, {"допълнително", "annex"},
	{"нотариал", "deed"}, {"заповед", "order"}, {"наредб", "law"}, {"закон", "law"},
}

// leadWords are short label words matched whole.
var leadWords = map[string]string{
	"код": "code", "кода": "code", "кодът": "code", "дбфп": "contract", "адбфп": "contract",
	"схема": "procedure", "схемата": "procedure", "линия": "procedure", "мярка": "procedure",
	"мярката": "procedure", "покана": "procedure", "поканата": "procedure",
	"аос": "deed", "акт": "deed", "акта": "deed", "чл": "law", "ал": "law", "бр": "law", "дв": "law",
	"ул": "address", "бул": "address", "пл": "address", "бл": "address", "кв": "address",
	"ет": "address", "ап": "address", "тел": "address", "факс": "address", "стая": "address",
	"кабинет": "address", "зала": "address", "вх": "address",
}

// worksStems mark a contract with a firm (construction, supply, services).
var worksStems = []string{"строител", "инженеринг", "надзор", "доставк", "смр", "поръчк",
	"услуг", "консулт", "изпълнител", "проектиран"}

// leadBefore returns the label of the code at s[i] (see CodeMatch.Lead): the
// nearest label word within the sentence, at most 14 words back.
func leadBefore(s string, i int) string {
	var buf []byte
	works := false
	j := i
	for n := 0; n < 14 && j > 0; n++ {
		we, ws, stop := prevWord(s, j)
		if stop || ws == we {
			return ""
		}
		lw := string(lowerInto(&buf, s[ws:we]))
		if lead := leadOf(lw); lead != "" {
			if lead == "contract" && (works || firmFormBefore(s[max(0, ws-60):ws])) {
				return "works"
			}
			return lead
		}
		for _, st := range worksStems {
			if strings.HasPrefix(lw, st) {
				works = true
			}
		}
		j = ws
	}
	return ""
}

// leadOf returns the Lead a lower-case word gives, or "".
func leadOf(lw string) string {
	if l, ok := leadWords[lw]; ok {
		return l
	}
	for _, l := range leadStems {
		if strings.HasPrefix(lw, l.stem) {
			return l.lead
		}
	}
	return ""
}

// prevWord finds the word (letters) that ends before s[j], skipping spaces,
// digits and light punctuation. stop is true at a sentence end: ";", a blank
// line, or ". " after a word longer than an abbreviation and before a capital.
func prevWord(s string, j int) (we, ws int, stop bool) {
	newlines := 0
	limit := j - 120 // bounds the work per code: long runs of signs end the search
	for j > 0 {
		if j < limit {
			return j, j, true
		}
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if unicode.IsLetter(r) {
			break
		}
		switch {
		case r == ';' || r == '!' || r == '?':
			return j, j, true
		case r == '\n':
			if newlines++; newlines > 1 {
				return j, j, true
			}
		case r == '.':
			if sentenceEndAt(s, j-n) {
				return j, j, true
			}
		}
		j -= n
	}
	we = j
	for j > 0 && we-j < 80 {
		r, n := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.IsLetter(r) {
			break
		}
		j -= n
	}
	return we, j, false
}

// sentenceEndAt reports whether the dot at s[k] ends a sentence: the word
// before it is longer than three letters (not "гр.", "г.", "ул.") and a
// capital letter follows.
func sentenceEndAt(s string, k int) bool {
	rest := strings.TrimLeft(s[k+1:min(len(s), k+8)], " \u00a0")
	if rest == "" || len(rest) == len(s[k+1:min(len(s), k+8)]) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if !unicode.IsUpper(r) {
		return false
	}
	n := 0
	for j := k; j > 0 && n < 4; n++ {
		p, sz := utf8.DecodeLastRuneInString(s[:j])
		if !unicode.IsLetter(p) {
			break
		}
		j -= sz
	}
	return n > 3
}

// firmFormBefore reports whether s ends (within its last words) with a
// firm's legal form: "„Марица Инфраструктура“ ЕООД по".
func firmFormBefore(s string) bool {
	f := strings.Fields(s)
	if len(f) > 4 {
		f = f[len(f)-4:]
	}
	for _, w := range f {
		if IsLegalForm(strings.Trim(w, ",.;:“”„\"'«»()")) {
			return true
		}
	}
	return false
}

// worksPhrases after a contract number mark a contract with a firm.
var worksPhrases = []string{"за строител", "за инженеринг", "за доставк", "за изпълнение на смр",
	"за надзор", "за упражняване на строителен надзор", "за проектиране", "за услуг", "с изпълнител"}

// worksAfter reports whether the words after a contract number at s[i], in
// its sentence, show a contract with a firm: "№ 5 за строителство",
// "№ 5 с „Пътстрой“ ЕООД".
func worksAfter(s string, i int) bool {
	_, en := runeWindow(s, i, i+120)
	w := s[i:en]
	if k := strings.IndexAny(w, ";\n"); k >= 0 {
		w = w[:k]
	}
	for k := 0; ; {
		d := strings.Index(w[k:], ". ")
		if d < 0 {
			break
		}
		if k += d; sentenceEndAt(w, k) {
			w = w[:k]
			break
		}
		k++
	}
	low := strings.ToLower(w)
	for _, p := range worksPhrases {
		if strings.Contains(low, p) {
			return true
		}
	}
	f := strings.Fields(w)
	if len(f) > 8 {
		f = f[:8]
	}
	for k, x := range f {
		// "с „Пътстрой“ ЕООД": a firm named as the other party.
		if IsLegalForm(strings.Trim(x, ",.;:“”„\"'«»()")) && k > 0 {
			for _, y := range f[:k] {
				if y == "с" || y == "със" {
					return true
				}
			}
		}
	}
	return false
}
