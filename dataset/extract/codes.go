package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CodeKind says what a code found in text is.
type CodeKind int

// The kinds of code FindCodeMatches reports.
const (
	// KindOther is a number that is not a grant contract or a procedure by
	// its shape; Lead says what it is printed after.
	KindOther CodeKind = iota
	// KindContract is a contract number by its shape or label.
	KindContract
	// KindProcedure is a procedure, scheme or budget-line code ("BG16RFOP001-2.001").
	KindProcedure
	// KindRegistration is a project registration number, a contract number
	// without its "-Cnn" suffix ("BG16RFOP001-1.001-0027").
	KindRegistration
)

// CodeMatch is one code found in text by FindCodeMatches.
type CodeMatch struct {
	Code       string   // normalized (NormalizeCode)
	Kind       CodeKind // by shape and label
	Start, End int      // byte offsets of the printed code (without the trailing date)
	Raw        string   // the code as printed
	Numbered   bool     // printed after "№", "No" or "N:"
	// Lead is the nearest label before the code, within its sentence:
	// "contract" (договор, споразумение), "works" (a contract with a firm:
	// договор за строителство/инженеринг/надзор, or a firm named before
	// "по договор"), "project" (проект №), "code" (код), "procedure"
	// (процедура, схема, бюджетна линия), "decision" (решение), "protocol",
	// "annex", "deed" (АОС, акт), "order" (заповед), "law" (наредба, чл.),
	// "address" (ул., бул., пл.), or "".
	Lead string
}

// IsProcedureCode reports whether code (normalized or not) has the shape of a
// procedure, scheme or budget-line code: "BG051PO002/13/1.3-07",
// "BG16RFOP001-2.001", "BG06RDNP001-19.207", "BGENERGY-2.001",
// "BG-RRP-4.025", "BG161PO001/1.4-06/2010".
func IsProcedureCode(code string) bool {
	return codeKindByShape(NormalizeCode(code)) == KindProcedure
}

// FindCodes returns the contract numbers and procedure codes printed in text,
// normalized, de-duplicated, in order of appearance. Contracts are the codes
// with a contract shape (…-C01, BG…/2012/002, DIR-…-C014, ROBG-512) and the
// numbers printed after "№" with a contract or project label before them
// (not decisions, protocols, deeds, annexes, addresses or contracts with
// firms). A registration number that is a prefix of a printed contract number
// is dropped; one printed alone counts as the contract. Procedure codes are
// never equal to a contract number. FindCodes cannot know which contract is
// the grant's when the text names several; FindCodeMatches gives the caller
// offsets and labels to decide.
func FindCodes(text string) (contracts, procedures []string) {
	ms := FindCodeMatches(text)
	var regs []string
	for _, m := range ms {
		switch m.Kind {
		case KindContract:
			if m.Lead == "works" || m.Lead == "decision" || m.Lead == "protocol" || m.Lead == "annex" ||
				m.Lead == "deed" || m.Lead == "order" || m.Lead == "law" || m.Lead == "address" || m.Lead == "procedure" {
				if !hasProgrammePrefix(m.Code) {
					continue
				}
			}
			contracts = appendUnique(contracts, m.Code)
		case KindRegistration:
			regs = appendUnique(regs, m.Code)
		case KindProcedure:
			procedures = appendUnique(procedures, m.Code)
		case KindOther:
			if m.Numbered && (m.Lead == "contract" || m.Lead == "project") {
				contracts = appendUnique(contracts, m.Code)
			}
		}
	}
	for _, r := range regs {
		covered := false
		for _, c := range contracts {
			if strings.HasPrefix(c, r+"-") {
				covered = true
				break
			}
		}
		if !covered {
			contracts = appendUnique(contracts, r)
		}
	}
	var procs []string
	for _, p := range procedures {
		if !hasString(contracts, p) {
			procs = append(procs, p)
		}
	}
	return contracts, procs
}

// appendUnique appends s unless list holds it.
func appendUnique(list []string, s string) []string {
	if hasString(list, s) {
		return list
	}
	return append(list, s)
}

// hasString reports whether list holds s.
func hasString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Programme code shapes. A prefix is "BG" with digits and letters and a
// three-digit number (BG051PO002, BG16RFOP001, BG05M9OP001), "BG-RRP" or a
// word after BG ("BGENERGY").
const progPrefix = `(?:BG\d{2,3}[A-Z0-9]{2,6}\d{3}|BG-[A-Z]{2,5}|BG[A-Z]{3,10})`

var (
	// newStyleRe: prefix-axis.measure[-registration[-Cnn]].
	newStyleRe = regexp.MustCompile(`^` + progPrefix + `-(\d{1,2}\.\d{1,3}(?:\.\d{1,3})?)(-\d{3,5})?(-C\d{1,5})?$`)
	// slashStyleRe: the 2007–2013 slash codes; a contract ends in /year/serial.
	slashStyleRe    = regexp.MustCompile(`^BG\d{3}PO\d{3}/[0-9A-Z./-]+$`)
	slashContractRe = regexp.MustCompile(`/(?:19|20)\d\d/\d{2,4}$`)
	// otherContractRe: contract numbers with a recognizable shape.
	otherContractRe = regexp.MustCompile(`^(?:DIR-\d{5,}-C\d{1,4}|(?:ROBG|BGMK|BGTR|GRBG|RSBG|BGRS|BGRO|BGGR|MKBG|TRBG)-?\d{1,5}|` +
		`\d{2}/\d{3}/\d{4,6}|\d{2}/\d{1,2}/\d{1,2}/\d/\d{4,6}|CB\d{3}\.\d\.\d{1,2}\.\d{2,3}|\d{4}CB16IPO\d{3}-[0-9.-]+|` + progPrefix + `-\d{1,2}\.\d{1,3}(?:\.\d{1,3})?-\d{3,5}-C\d{1,5})$`)
	// codeTrailingDateRe: a full date glued after a slash: "ИПК-1-0104/08.08.2019".
	codeTrailingDateRe = regexp.MustCompile(`/\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})$`)
)

// codeKindByShape classifies a normalized code by its shape alone.
func codeKindByShape(code string) CodeKind {
	if m := newStyleRe.FindStringSubmatch(code); m != nil {
		switch {
		case m[3] != "":
			return KindContract
		case m[2] != "":
			return KindRegistration
		default:
			return KindProcedure
		}
	}
	if slashStyleRe.MatchString(code) {
		if slashContractRe.MatchString(code) {
			return KindContract
		}
		return KindProcedure
	}
	if otherContractRe.MatchString(code) {
		return KindContract
	}
	return KindOther
}

// hasProgrammePrefix reports whether code starts like a programme code.
func hasProgrammePrefix(code string) bool {
	return strings.HasPrefix(code, "BG") || strings.HasPrefix(code, "DIR-") || interregPrefixRe.MatchString(code)
}

var interregPrefixRe = regexp.MustCompile(`^(?:ROBG|BGMK|BGTR|GRBG|RSBG|BGRS|BGRO|BGGR|MKBG|TRBG)`)

// NormalizeCode returns a code as record.md prints it: without "№", "No",
// "N:", "Договор", without spaces or line breaks around dashes and slashes,
// without a full date glued after a slash ("ИПК-1-0104/08.08.2019" →
// "ИПК-1-0104"; a year alone is kept: "РД-11-208/2022"), and with Cyrillic
// look-alike letters in a Latin code made Latin ("BG161РО001" with Cyrillic
// Р and О → "BG161PO001"). A code written in Cyrillic ("РД-02-29-117",
// "Д-34-33") stays Cyrillic; Latin look-alikes in it are made Cyrillic.
func NormalizeCode(s string) string {
	s = strings.TrimSpace(strings.Map(cleanCodeRune, s))
	s = stripNumberSign(s)
	if strings.ContainsAny(s, " \t\n\r") {
		s = joinSeparators(s)
	}
	s = strings.TrimRight(s, ".,;:")
	s = codeTrailingDateRe.ReplaceAllString(s, "")
	return fixScript(s)
}

// cleanCodeRune maps dash variants to "-", spaces to " " and drops soft
// hyphens and zero-width characters.
func cleanCodeRune(r rune) rune {
	switch r {
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\ufeff':
		return -1
	case '\u2010', '\u2011', '\u2012', '\u2212':
		return '-'
	case '\u00a0', '\u202f', '\u2009', '\u2007', '\u2008', '\u200a':
		return ' '
	}
	return r
}

// numberSigns are the labels stripped before a code, longest first.
var numberSigns = []string{"договор за безвъзмездна финансова помощ", "договор", "№", "n°", "nº", "#", "no.", "no:", "no", "n:", "nr.", "nr", "n."}

// stripNumberSign removes leading labels and number signs.
func stripNumberSign(s string) string {
	for changed := true; changed; {
		changed = false
		for _, p := range numberSigns {
			if hasPrefixFold(s, p) {
				rest := s[len(p):]
				// "No" and "N" only as a sign: followed by space, digit or punctuation.
				if r, _ := utf8.DecodeRuneInString(rest); len(rest) > 0 && unicode.IsLetter(r) {
					continue
				}
				s = strings.TrimLeft(rest, " \t\n\r:.")
				changed = true
				break
			}
		}
	}
	return s
}

// joinSeparators removes white space next to "-" and "/" and drops
// anything after remaining white space (a code has none).
func joinSeparators(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' {
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r') {
				j++
			}
			prevSep := b.Len() > 0 && (s[i-1] == '-' || s[i-1] == '/')
			nextSep := j < len(s) && (s[j] == '-' || s[j] == '/')
			if prevSep || nextSep {
				i = j - 1
				continue
			}
			break
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Look-alike letters: Cyrillic and Latin letters that print the same.
var (
	cyrToLat = map[rune]rune{'А': 'A', 'В': 'B', 'Е': 'E', 'К': 'K', 'М': 'M', 'Н': 'H', 'О': 'O',
		'Р': 'P', 'С': 'C', 'Т': 'T', 'Х': 'X', 'У': 'Y', 'І': 'I', 'а': 'a', 'е': 'e', 'о': 'o',
		'р': 'p', 'с': 'c', 'х': 'x', 'у': 'y', 'і': 'i', 'к': 'k'}
	latToCyr = func() map[rune]rune {
		m := make(map[rune]rune, len(cyrToLat))
		for c, l := range cyrToLat {
			if c != 'І' && c != 'і' && c != 'У' && c != 'у' {
				m[l] = c
			}
		}
		return m
	}()
)

// fixScript makes the letters of a code one script: Latin when the code
// holds a letter only Latin has (G, D, R, …), Cyrillic when it holds a letter
// only Cyrillic has (Д, И, П, …); all look-alikes keep the majority script.
func fixScript(s string) string {
	var latOnly, cyrOnly, lat, cyr int
	for _, r := range s {
		switch {
		case r < 0x80 && unicode.IsLetter(r):
			lat++
			if _, ok := latToCyr[r]; !ok {
				latOnly++
			}
		case unicode.Is(unicode.Cyrillic, r):
			cyr++
			if _, ok := cyrToLat[r]; !ok {
				cyrOnly++
			}
		}
	}
	if lat == 0 || cyr == 0 {
		return s
	}
	toLatin := latOnly > 0 && cyrOnly == 0 || (latOnly == cyrOnly && lat >= cyr)
	if latOnly > 0 && cyrOnly > 0 {
		return s // genuinely mixed: leave as printed
	}
	return strings.Map(func(r rune) rune {
		if toLatin {
			if l, ok := cyrToLat[r]; ok {
				return l
			}
		} else if c, ok := latToCyr[r]; ok {
			return c
		}
		return r
	}, s)
}

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

// isSpaceRune reports white space that may split a code after a separator.
func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
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

// spacedSepEnd returns the index after " - " or " / " at s[j] when a digit
// follows, else j.
func spacedSepEnd(s string, j int) int {
	k := j
	for k < len(s) && k-j < 4 && s[k] == ' ' {
		k++
	}
	if k == j || k >= len(s) || (s[k] != '-' && s[k] != '/') {
		return j
	}
	k++
	m := k
	for m < len(s) && m-k < 4 && s[m] == ' ' {
		m++
	}
	if m == k || m >= len(s) || s[m] < '0' || s[m] > '9' {
		return j
	}
	return m
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
	m := CodeMatch{Code: code, Start: start, End: end, Raw: raw, Kind: codeKindByShape(code), Numbered: numbered}
	if m.Kind == KindOther && (!numbered || !plausibleNumber(code)) {
		return CodeMatch{}, false
	}
	m.Lead = leadBefore(text, start)
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
		if isLegalForm(strings.Trim(w, ",.;:“”„\"'«»()")) {
			return true
		}
	}
	return false
}
