package index

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// latinOf is the official Bulgarian transliteration (Transliteration Act,
// 2009) of each lower-case letter.
var latinOf = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch",
	'ш': "sh", 'щ': "sht", 'ъ': "a", 'ь': "y", 'ю': "yu", 'я': "ya",
	'ѝ': "i", 'ѐ': "e",
}

// Translit writes Bulgarian Cyrillic text in Latin letters by the official
// system (ж→zh, ц→ts, щ→sht, ъ→a, ю→yu, я→ya, and -ия at the end of a word
// → -ia). Other characters pass through. Case is kept: Ж→Zh, or ZH inside an
// upper-case word.
func Translit(s string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/4)
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		lr := unicode.ToLower(r)
		lat, ok := latinOf[lr]
		if !ok {
			b.WriteRune(r)
			continue
		}
		// -ия at the end of a word is -ia.
		if lr == 'и' && i+1 < len(rs) && unicode.ToLower(rs[i+1]) == 'я' && (i+2 == len(rs) || !unicode.IsLetter(rs[i+2])) {
			writeCased(&b, "ia", r != lr, i+1 < len(rs) && unicode.IsUpper(rs[i+1]))
			i++
			continue
		}
		nextUpper := i+1 < len(rs) && unicode.IsUpper(rs[i+1]) ||
			i > 0 && unicode.IsUpper(rs[i-1]) && (i+1 == len(rs) || !unicode.IsLetter(rs[i+1]))
		writeCased(&b, lat, r != lr, nextUpper)
	}
	return b.String()
}

func writeCased(b *strings.Builder, lat string, upper, allUpper bool) {
	switch {
	case !upper:
		b.WriteString(lat)
	case allUpper:
		b.WriteString(strings.ToUpper(lat))
	default:
		b.WriteString(strings.ToUpper(lat[:1]) + lat[1:])
	}
}

// cyrOf reads Latin back into Cyrillic, longest sequence first. It is not
// the inverse of Translit (ъ and а both became a), but applied the same way
// to a document's words and to a query's, it lets both meet.
var cyrOf = []struct{ lat, cyr string }{
	{"sht", "щ"}, {"zh", "ж"}, {"ts", "ц"}, {"ch", "ч"}, {"sh", "ш"}, {"yu", "ю"}, {"ya", "я"},
	{"a", "а"}, {"b", "б"}, {"v", "в"}, {"g", "г"}, {"d", "д"}, {"e", "е"}, {"z", "з"},
	{"i", "и"}, {"y", "й"}, {"k", "к"}, {"l", "л"}, {"m", "м"}, {"n", "н"}, {"o", "о"},
	{"p", "п"}, {"r", "р"}, {"s", "с"}, {"t", "т"}, {"u", "у"}, {"f", "ф"}, {"h", "х"},
}

// latinToCyr reads a lower-case word in Latin letters as Bulgarian: "ia" at
// the end is -ия. Letters with no Bulgarian reading (c, q, w, x) and digits
// pass through.
func latinToCyr(w string) string {
	var b strings.Builder
	b.Grow(len(w) * 2)
	for i := 0; i < len(w); {
		if w[i] >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(w[i:])
			b.WriteRune(r)
			i += size
			continue
		}
		if w[i:] == "ia" {
			b.WriteString("ия")
			break
		}
		matched := false
		for _, m := range cyrOf {
			if strings.HasPrefix(w[i:], m.lat) {
				b.WriteString(m.cyr)
				i += len(m.lat)
				matched = true
				break
			}
		}
		if !matched {
			b.WriteByte(w[i])
			i++
		}
	}
	return b.String()
}

// hasLatin reports whether s has an ASCII letter.
func hasLatin(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c >= 'a' && c <= 'z' {
			return true
		}
	}
	return false
}

// foldable are the characters foldWord changes.
const foldable = "\u0300\u0301\u0306ѝѐЍЀ"

// foldWord drops stress marks (U+0300, U+0301) and the precomposed stressed
// ѝ and ѐ, and composes и + U+0306 into й, so that й stays й. It returns s
// itself when there is nothing to change.
func foldWord(s string) string {
	if !strings.ContainsAny(s, foldable) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\u0300' || r == '\u0301':
			continue
		case r == 'ѝ':
			r = 'и'
		case r == 'Ѝ':
			r = 'И'
		case r == 'ѐ':
			r = 'е'
		case r == 'Ѐ':
			r = 'Е'
		case (r == 'и' || r == 'И') && i+1 < len(rs) && rs[i+1] == '\u0306':
			if r == 'и' {
				r = 'й'
			} else {
				r = 'Й'
			}
			i++
		}
		b.WriteRune(r)
	}
	return b.String()
}

// cyrLookAlike maps lower-case Latin letters that look like Cyrillic ones.
var cyrLookAlike = map[byte]string{
	'a': "а", 'b': "в", 'c': "с", 'e': "е", 'h': "н", 'k': "к", 'm': "м",
	'o': "о", 'p': "р", 't': "т", 'x': "х", 'y': "у",
}

// mixedScript reads a lower-case word that mixes Cyrillic letters with
// Latin look-alikes (pages often have "Oбщина" with a Latin O) as all
// Cyrillic. A word with a Latin letter that has no Cyrillic twin, or with
// no Cyrillic letter at all, is returned as it is.
func mixedScript(w string) string {
	hasCyr, hasLat := false, false
	for i := 0; i < len(w); i++ {
		c := w[i]
		switch {
		case c == 0xD0 || c == 0xD1:
			hasCyr = true
		case c >= 'a' && c <= 'z':
			if _, ok := cyrLookAlike[c]; !ok {
				return w
			}
			hasLat = true
		}
	}
	if !hasCyr || !hasLat {
		return w
	}
	var b strings.Builder
	b.Grow(len(w) + 4)
	for i := 0; i < len(w); i++ {
		if r, ok := cyrLookAlike[w[i]]; ok {
			b.WriteString(r)
		} else {
			b.WriteByte(w[i])
		}
	}
	return b.String()
}
