package bgtext

import (
	"strings"
	"unicode/utf8"
)

// AbbrevAt: "гр. Пещера", "ул. Гурко", "с. Конуш", "г. Община" are not sentence ends
// unless the abbreviation is the year mark "г." followed by a capital.
func AbbrevAt(rs []rune, i int) bool {
	j := i
	for j > 0 && rs[j-1] != ' ' && rs[j-1] != '(' {
		j--
	}
	w := string(rs[j:i])
	switch w {
	case "No", "N":
		return true
	}
	switch Lower(w) { // "С. ЛЕВОЧЕВО" in an upper-case heading too
	case "гр", "ул", "с", "кв", "ж.к", "бул", "пл", "бл", "ет", "ап", "р", "т", "ал", "чл", "д-р", "инж", "арх", "проф", "доц", "св", "ч", "им", "вх", "м":
		return true
	}
	return false
}

// ClauseBefore returns the text of s before i back to the start of its sentence.
// It looks back at most maxClause bytes: a clause is a line of text, and
// the bound keeps a page of one endless paragraph linear.
func ClauseBefore(s string, i int) string {
	from := 0
	if i > maxClause {
		from = i - maxClause
		for from < i && !utf8.RuneStart(s[from]) {
			from++
		}
	}
	start := from
	for _, sep := range []string{". ", "; ", "! ", "? "} {
		seg := s[from:i]
		for {
			j := strings.LastIndex(seg, sep)
			if j < 0 {
				break
			}
			if sep == ". " && AbbrevEnd(seg[:j]) {
				seg = seg[:j] // "гр. Бяла", "ул. Гурко": not a sentence end
				continue
			}
			if from+j+2 > start {
				start = from + j + 2
			}
			break
		}
	}
	return s[start:i]
}

// abbrevs are the short words that end with a dot inside a sentence.
var abbrevs = map[string]bool{"гр": true, "с": true, "ул": true, "кв": true, "бул": true, "пл": true, "бл": true, "ет": true,
	"ап": true, "р": true, "т": true, "ал": true, "чл": true, "ж.к": true, "им": true, "вх": true, "м": true, "св": true,
	"д-р": true, "инж": true, "арх": true, "проф": true, "доц": true, "No": true, "Nr": true, "хил": true, "млн": true, "лв": false}

// AbbrevEnd reports whether s ends with an abbreviation (the dot after it follows).
func AbbrevEnd(s string) bool {
	j := strings.LastIndexAny(s, " („\"")
	return abbrevs[s[j+1:]]
}

const maxClause = 400

// FirstSentence cuts an inline value at the end of its sentence:
// "Община Гюргево (Румъния). Партньор: Община Русе" → "Община Гюргево (Румъния)".
func FirstSentence(v string) string {
	rs := []rune(v)
	for i := 0; i+2 < len(rs); i++ {
		if (rs[i] == '.' || rs[i] == ';') && rs[i+1] == ' ' && IsUpper(rs[i+2]) && !AbbrevAt(rs, i) {
			return string(rs[:i])
		}
	}
	return v
}
