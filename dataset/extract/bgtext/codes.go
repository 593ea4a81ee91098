package bgtext

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
	return CodeKindByShape(NormalizeCode(code)) == KindProcedure
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
				if !HasProgrammePrefix(m.Code) {
					continue
				}
			}
			contracts = appendUnique(contracts, m.Code)
		case KindRegistration:
			regs = appendUnique(regs, m.Code)
		case KindProcedure:
			procedures = appendUnique(procedures, m.Code)
		case KindOther:
			// "Договор № 13-13-24", "проект №13-13-107"; not an item number ("Проект № 2").
			if m.Numbered && (m.Lead == "contract" || m.Lead == "project") && len(m.Code) >= 3 {
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

// Programme code shapes. A prefix is "BG" with digits and letters and a
// three-digit number (BG051PO002, BG16RFOP001, BG05M9OP001), "BG-RRP" or a
// word after BG ("BGENERGY").
const progPrefix = `(?:BG\d{2,3}[A-Z0-9]{2,6}\d{3}|BG-[A-Z]{2,5}|BG[A-Z]{2,14})`

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

// CodeKindByShape classifies a normalized code by its shape alone.
func CodeKindByShape(code string) CodeKind {
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

// HasProgrammePrefix reports whether code starts like a programme code.
func HasProgrammePrefix(code string) bool {
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
	s = strings.Trim(strings.Map(cleanCodeRune, s), codeWrapping)
	s = stripNumberSign(s)
	s = cutGluedWord(s)
	if strings.ContainsAny(s, " \t\n\r") {
		s = joinSeparators(s)
	}
	s = strings.TrimRight(s, ".,;:"+codeWrapping)
	if n := len(s); n > 0 && s[n-1] >= '0' && s[n-1] <= '9' && strings.IndexByte(s, '/') >= 0 {
		s = codeTrailingDateRe.ReplaceAllString(s, "")
	}
	return fixScript(s)
}

// cutGluedWord cuts a word glued to the end of a code by text pasted from
// Word ("…-C01-S-15за осъществяване" → "…-C01-S-15", "…-C01.Стойността" →
// "…-C01"): a digit followed by two or more lower-case Cyrillic letters, or
// a dot followed by a capitalized Cyrillic word, ends the code. A code's
// own letters are capitals, or a single letter ("B2.6c.21").
func cutGluedWord(s string) string {
	prevDigit := false
	for i, r := range s {
		if prevDigit && r >= 'а' && r <= 'я' {
			n, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if n >= 'а' && n <= 'я' {
				return s[:i]
			}
		}
		if r == '.' && i > 0 {
			// "…-C01.Стойността на договора": the next sentence glued on
			k := i + 1
			c, n := utf8.DecodeRuneInString(s[k:])
			c2, _ := utf8.DecodeRuneInString(s[k+n:])
			if c >= 'А' && c <= 'Я' && c2 >= 'а' && c2 <= 'я' {
				return s[:i]
			}
		}
		prevDigit = r >= '0' && r <= '9'
	}
	return s
}

// codeWrapping are the spaces, brackets and quotes stripped around a code.
const codeWrapping = " \t\n\r()[]{}„“”\"'«»"

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

// ProcedureOf returns the procedure a new-style code belongs to: the code
// itself for a procedure ("BG05SFPR002-2.012"), its procedure part for a
// registration or contract number ("BG05SFPR002-2.012-0157-C01" →
// "BG05SFPR002-2.012"); "" for other shapes.
func ProcedureOf(code string) string {
	c := NormalizeCode(code)
	m := newStyleRe.FindStringSubmatchIndex(c)
	if m == nil {
		return ""
	}
	return c[:m[3]]
}
