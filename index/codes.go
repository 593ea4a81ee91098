package index

import (
	"slices"
	"strings"
	"unicode"

	"github.com/opendata-bg/opendata/dataset"
)

// NormCode is the key under which a contract number or procedure code is
// indexed and looked up: upper case, without "№", "N°" or white space,
// with dashes unified, Cyrillic look-alike letters as Latin, and
// surrounding punctuation trimmed. "№ BG16RFOP001-1.001-0039-C01",
// "bg16rfop001 - 1.001 - 0039 - c01" and the same typed with a Cyrillic В
// all give "BG16RFOP001-1.001-0039-C01".
func NormCode(s string) string { return dataset.CodeKey(s) }

// codeLike reports whether a query word may be a code: it has a digit and a
// letter or a separator, or is all digits and separators with at least two
// groups (13-13-24).
func codeLike(s string) bool {
	digits, others := 0, 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case unicode.IsLetter(r) || strings.ContainsRune("-./_", r):
			others++
		}
	}
	return digits > 0 && others > 0
}

// isDash reports whether r is a hyphen or a dash.
func isDash(r rune) bool {
	return r == '-' || r == '\u2010' || r == '\u2011' || r == '\u2012' || r == '\u2013' || r == '\u2014' || r == '\u2212'
}

// isCodeRune reports whether r may be inside one dash-separated part of a
// code (BG16RFOP001, 1.001, 29/2012).
func isCodeRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '/' || r == '_'
}

// codePart is one dash-separated part of q: its runes [start, end).
type codePart struct {
	start, end int
	digits     bool // has a digit
	letters    int  // how many letters
	upper      bool // its letters are all upper case
}

// okPart reports whether a part may belong to a code: it has a digit, or
// it is an abbreviation of at most four letters (РД, BG, RRP, ROBG).
func (p codePart) okPart() bool { return p.digits || p.letters > 0 && p.letters <= 4 }

// joinCodes writes every contract number or procedure code in q as one
// word, before q is split at spaces: "BG05M9OP001 - 2.019 - 0150 - C02"
// and "рд – 02 – 29 – 210" become "BG05M9OP001-2.019-0150-C02" and
// "рд-02-29-210". Parts are joined across a dash with spaces around it
// when the whole looks like a code: it has a digit, and three parts or
// more, or a part of letters and digits, or an upper-case abbreviation
// ("ROBG - 512"). "2014 - 2020" and "парк - 2019" stay words.
func joinCodes(q string) string {
	rs := []rune(q)
	parts := codeParts(rs)
	var b strings.Builder
	done := 0 // runes of rs written
	for i := 0; i < len(parts); {
		j := i
		for j+1 < len(parts) && parts[j].okPart() && parts[j+1].okPart() && dashBetween(rs, parts[j].end, parts[j+1].start) {
			j++
		}
		if j > i && spaced(rs, parts[i].start, parts[j].end) && looksLikeCode(parts[i:j+1]) {
			b.WriteString(string(rs[done:parts[i].start]))
			for k := i; k <= j; k++ {
				if k > i {
					b.WriteByte('-')
				}
				b.WriteString(string(rs[parts[k].start:parts[k].end]))
			}
			done = parts[j].end
		}
		i = j + 1
	}
	if done == 0 {
		return q
	}
	b.WriteString(string(rs[done:]))
	return b.String()
}

// codeParts splits rs into runs of code runes.
func codeParts(rs []rune) []codePart {
	var out []codePart
	for i := 0; i < len(rs); {
		if !isCodeRune(rs[i]) {
			i++
			continue
		}
		p := codePart{start: i, upper: true}
		for ; i < len(rs) && isCodeRune(rs[i]); i++ {
			switch r := rs[i]; {
			case unicode.IsDigit(r):
				p.digits = true
			case unicode.IsLetter(r):
				p.letters++
				p.upper = p.upper && unicode.IsUpper(r)
			}
		}
		p.end = i
		out = append(out, p)
	}
	return out
}

// dashBetween reports whether rs[from:to] is one dash, with or without
// white space around it.
func dashBetween(rs []rune, from, to int) bool {
	dashes := 0
	for _, r := range rs[from:to] {
		switch {
		case isDash(r):
			dashes++
		case !unicode.IsSpace(r):
			return false
		}
	}
	return dashes == 1
}

// spaced reports whether rs[from:to] has white space.
func spaced(rs []rune, from, to int) bool {
	return slices.ContainsFunc(rs[from:to], unicode.IsSpace)
}

// looksLikeCode reports whether parts joined by dashes make a code.
func looksLikeCode(parts []codePart) bool {
	digits, mixed, abbrev := false, false, false
	for _, p := range parts {
		digits = digits || p.digits
		mixed = mixed || p.digits && p.letters > 0
		abbrev = abbrev || !p.digits && p.letters > 0 && p.upper
	}
	return digits && (len(parts) >= 3 || mixed || abbrev)
}
