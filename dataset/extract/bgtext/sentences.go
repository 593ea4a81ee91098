package bgtext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ClauseWindow is how far back, in letters, a reader looks for the start
// of the sentence around a value: a sentence is a line of text, and the
// bound keeps a page of one endless paragraph linear.
const ClauseWindow = 200

// abbreviations are the short words written with a dot inside a sentence
// ("гр. Бяла", "ул. Гурко", "с. Конуш", "чл. 5", "млн. лв."). The year
// mark "г." is not one: "… през 2017 г. Общината …" ends a sentence.
var abbreviations = map[string]bool{"гр": true, "с": true, "ул": true, "кв": true, "ж.к": true, "бул": true, "пл": true,
	"бл": true, "ет": true, "ап": true, "р": true, "т": true, "ал": true, "чл": true, "им": true, "вх": true, "м": true,
	"св": true, "ч": true, "д-р": true, "инж": true, "арх": true, "проф": true, "доц": true, "хил": true, "млн": true,
	"no": true, "n": true, "nr": true}

// abbrevBefore reports whether the word that ends at s[i] (a dot follows)
// is an abbreviation.
func abbrevBefore(s string, i int) bool {
	j := 0
	if k := strings.LastIndexAny(s[:i], " („\"(\u00a0"); k >= 0 {
		_, n := utf8.DecodeRuneInString(s[k:])
		j = k + n // after the separator, which may be a letter of several bytes („)
	}
	w := s[j:i]
	if len(w) > 8 {
		return false
	}
	return abbreviations[Lower(w)]
}

// SentenceEnd reports whether the punctuation at s[i] ('.', ';', '!', '?')
// ends a sentence, and where the next one starts. A sentence ends at the
// mark followed by a space and a capital (not after an abbreviation), at
// "; ", and at a full stop glued to the next sentence's first word by
// pasted text ("…„Региони в растеж“.Общата стойност …", "…2017 г.Проектът …")
// but not inside "гр.Пещера" or a code ("BG16RFOP001-2.001").
func SentenceEnd(s string, i int) (next int, ok bool) {
	c := s[i]
	if c != '.' && c != ';' && c != '!' && c != '?' {
		return 0, false
	}
	j := i + 1
	if j >= len(s) {
		return j, true
	}
	if s[j] == ' ' {
		k := j + 1
		if c == ';' {
			return k, true
		}
		r, _ := utf8.DecodeRuneInString(s[k:])
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune("„\"«(", r) {
			return 0, false
		}
		if c == '.' && abbrevBefore(s, i) {
			return 0, false
		}
		return k, true
	}
	if c != '.' {
		return 0, false
	}
	// glued: a capitalized word right after the dot, a real word or a
	// closing quote before it
	r, n := utf8.DecodeRuneInString(s[j:])
	r2, _ := utf8.DecodeRuneInString(s[j+n:])
	if !unicode.Is(unicode.Cyrillic, r) || !unicode.IsUpper(r) || !unicode.IsLower(r2) {
		return 0, false
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i])
	switch {
	case IsCloseQuote(p) || p == '"' || p == ')':
		return j, true
	case unicode.IsDigit(p) || p >= 'A' && p <= 'Z':
		// the end of a number or a code: "… № BG…-C01.Стойността"
		return j, true
	case unicode.IsLower(p):
		if abbrevBefore(s, i) {
			return 0, false
		}
		k := i
		for k > 0 {
			q, m := utf8.DecodeLastRuneInString(s[:k])
			if !unicode.IsLetter(q) {
				break
			}
			k -= m
		}
		word := s[k:i]
		return j, utf8.RuneCountInString(word) >= 3 || word == "г" || word == "лв"
	}
	return 0, false
}

// SentenceStart returns the start of the sentence that holds s[i],
// looking back at most ClauseWindow letters.
func SentenceStart(s string, i int) int {
	from := backRunes(s, i, ClauseWindow)
	start := from
	for k := from; k < i; k++ {
		switch s[k] {
		case '.', ';', '!', '?':
			if next, ok := SentenceEnd(s, k); ok && next <= i {
				start = next
			}
		}
	}
	return start
}

// backRunes returns the offset n letters (runes) before s[i], or 0.
func backRunes(s string, i, n int) int {
	for ; n > 0 && i > 0; n-- {
		_, m := utf8.DecodeLastRuneInString(s[:i])
		i -= m
	}
	return i
}

// ClauseBefore returns the text of s before i back to the start of its sentence.
func ClauseBefore(s string, i int) string {
	return s[SentenceStart(s, i):i]
}

// Sentences splits a text into its sentences, each trimmed, the final mark kept.
func Sentences(s string) []string {
	var out []string
	start := 0
	for k := 0; k < len(s); k++ {
		switch s[k] {
		case '.', '!', '?', ';':
			if s[k] == ';' {
				continue // a list inside a sentence
			}
			if next, ok := SentenceEnd(s, k); ok && next < len(s) {
				out = append(out, strings.TrimSpace(s[start:k+1]))
				start = next
			}
		}
	}
	if t := strings.TrimSpace(s[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// FirstSentence cuts an inline value at the end of its sentence:
// "Община Гюргево (Румъния). Партньор: Община Русе" → "Община Гюргево (Румъния)".
func FirstSentence(v string) string {
	for k := 0; k < len(v); k++ {
		switch v[k] {
		case '.', ';':
			if next, ok := SentenceEnd(v, k); ok && next < len(v) {
				return v[:k]
			}
		}
	}
	return v
}
