package bgtext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// QuotedNames reads a quoted name starting at an opening quote. Nested
// quotes are followed. A balanced name gives one candidate; when the outer
// quote is never closed, every cut after an inner closing quote is a
// candidate (titleOf picks the one a heading confirms, else the first).
func QuotedNames(s string) []string {
	if len(s) > 1200 {
		s = s[:1200] // a name is never longer; keeps many quotes on a line linear
	}
	depth := 0
	_, first := utf8.DecodeRuneInString(s)
	var cuts []string
	for i, r := range s {
		switch {
		case i == 0:
			depth = 1
		case IsOpenQuote(r) || r == '"' && straightOpens(s, i):
			depth++
		case IsCloseQuote(r) || r == '"':
			depth--
			if depth <= 0 {
				return []string{s[first:i]}
			}
			if depth == 1 {
				cuts = append(cuts, s[first:i+utf8.RuneLen(r)])
			}
		case (r == '.' || r == ';') && depth <= 1:
			if _, ok := SentenceEnd(s, i); ok && i+1 < len(s) {
				return cuts
			}
		}
	}
	return cuts
}

// straightOpens: a straight quote after a space or bracket and before a
// letter or digit opens a (nested) name: НЧ "Просвета-1929" в с. Конуш".
func straightOpens(s string, i int) bool {
	if i == 0 || i+1 >= len(s) {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i])
	n, _ := utf8.DecodeRuneInString(s[i+1:])
	return (p == ' ' || p == '(') && (unicode.IsLetter(n) || unicode.IsDigit(n))
}

// TitleCase turns "СТАРА" into "Стара".
func TitleCase(s string) string {
	rs := []rune(strings.ToLower(s))
	if len(rs) > 0 {
		rs[0] = []rune(strings.ToUpper(string(rs[0])))[0]
	}
	return string(rs)
}

var translitTable = map[rune]string{'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "sht", 'ъ': "a", 'ь': "y", 'ю': "yu", 'я': "ya"}

// Translit writes a Bulgarian name in Latin letters the way municipal
// hosts do (the official streamlined system, spaces and dashes dropped).
func Translit(name string) string {
	var b strings.Builder
	for _, r := range Lower(name) {
		if t, ok := translitTable[r]; ok {
			b.WriteString(t)
		}
	}
	return b.String()
}
