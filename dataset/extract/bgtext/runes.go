package bgtext

// The parsers of outside text (money.go, moneywords.go, dates.go,
// duration.go, codes.go, codescan.go, programme.go, funds.go, firms.go) work
// on decoded plain text; this file holds the small scanning helpers they
// share. They use only the standard library and precompiled package-level
// patterns, and every scan is linear in the text.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

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

// wordEndBefore reports whether the rune before s[i] is a word character.
func wordEndBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// atoi reads a short run of ASCII digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// wideSpace makes \s in a pattern also match no-break and thin spaces, which
// RE2's \s (ASCII white space) does not.
func wideSpace(pattern string) string {
	return strings.ReplaceAll(pattern, `\s`, `[\s\x{00A0}\x{202F}\x{2009}\x{2007}]`)
}

// isSpaceAt reports whether a space-like rune starts at s[i].
func isSpaceAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return isSpaceRune(r) || r == '\u2007'
}

// isASCIILetter reports whether c is an ASCII letter.
func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// runeWindow clamps [st, en) to text and moves the ends onto rune starts.
func runeWindow(text string, st, en int) (int, int) {
	st = max(st, 0)
	en = min(en, len(text))
	for st < en && st > 0 && st < len(text) && !isRuneStart(text[st]) {
		st++
	}
	for en < len(text) && en > st && !isRuneStart(text[en]) {
		en--
	}
	return st, en
}

// isRuneStart reports whether b starts a UTF-8 sequence.
func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// forEachWord calls fn with the bounds of each run of letters in text.
func forEachWord(text string, fn func(ws, we int)) {
	ws := -1
	for i := 0; i < len(text); {
		c := text[i]
		var isLetter bool
		n := 1
		switch {
		case c < 0x80:
			isLetter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		case (c == 0xD0 || c == 0xD1) && i+1 < len(text) && text[i+1]&0xC0 == 0x80:
			// Cyrillic U+0400–U+047F: all letters.
			n = 2
			isLetter = true
		default:
			r, sz := utf8.DecodeRuneInString(text[i:])
			n = sz
			isLetter = unicode.IsLetter(r)
		}
		if isLetter && ws < 0 {
			ws = i
		} else if !isLetter && ws >= 0 {
			fn(ws, i)
			ws = -1
		}
		i += n
	}
	if ws >= 0 {
		fn(ws, len(text))
	}
}

// lowerInto writes w in lower case into *buf and returns it (no allocation
// once the buffer has grown).
func lowerInto(buf *[]byte, w string) []byte {
	b := (*buf)[:0]
	for _, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 'А' && r <= 'Я':
			r += 'а' - 'А'
		case r < 0x80 || r >= 'а' && r <= 'я':
		default:
			r = unicode.ToLower(r)
		}
		b = utf8.AppendRune(b, r)
	}
	*buf = b
	return b
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

// isSpaceRune reports white space that may split a code after a separator.
func isSpaceRune(r rune) bool {
	return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u00a0' || r == '\u202f' || r == '\u2009'
}

// skipInline returns the index of the first byte at or after i that is not
// a space within the line (space, tab, no-break or thin space): what is
// attached to a number never crosses a line break.
func skipInline(s string, i int) int {
	for i < len(s) {
		if n := spaceLen(s, i); n > 0 {
			i += n
			continue
		}
		if s[i] == '\t' {
			i++
			continue
		}
		break
	}
	return i
}
