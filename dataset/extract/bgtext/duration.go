package bgtext

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// FindDuration returns the first duration stated in text, in months:
// "9 месеца" → 9, "18 (осемнадесет) месеца" → 18, "24 мес." → 24,
// "дванадесет месеца" → 12. Years are converted: "2 години" → 24. Only
// explicit statements count; nothing is computed from dates. raw is the
// matched text. The caller decides whether the sentence is about the project
// (not a construction term).
func FindDuration(text string) (months int, raw string, ok bool) {
	var buf []byte
	forEachWord(text, func(ws, we int) {
		if ok || text[ws] < 0x80 || we-ws < len("мес") {
			return
		}
		lw := lowerInto(&buf, text[ws:min(we, ws+40)])
		unit := durationUnit(lw)
		if unit == 0 {
			// "шестмесечен срок", "двугодишен период": the number is in the word.
			if n := compoundDuration(lw); n > 0 && (ws == 0 || !wordEndBefore(text, ws)) {
				months, raw, ok = n, text[ws:we], true
			}
			return
		}
		end := we
		if end < len(text) && text[end] == '.' && (string(lw) == "мес" || string(lw) == "год") {
			end++
		}
		if n, start, good := durationNumberBefore(text, ws); good {
			if unit == 12 {
				// "деца до 12 години", "лица над 65 години" are ages, not terms.
				if n > 10 || ageWordBefore(text, start) {
					return
				}
			}
			n *= unit
			if unit == 12 {
				// "1 година и 6 месеца" is 18 months.
				if m, e := monthsAfterYears(text, end); m > 0 {
					n, end = n+m, e
				}
			}
			if n > 0 && n <= 600 && !extensionBefore(text, start) {
				months, raw, ok = n, text[start:end], true
			}
		}
	})
	return months, raw, ok
}

// compoundDuration reads an adjective with the number inside: "шестмесечен"
// → 6, "дванадесетмесечния" → 12, "двугодишен" → 24; 0 otherwise.
func compoundDuration(lw []byte) int {
	for _, u := range compoundStems {
		k := bytes.Index(lw, u.stem)
		if k <= 0 {
			continue
		}
		n, ok := numberUnits[string(lw[:k])]
		if !ok {
			n, ok = compoundPrefixes[string(lw[:k])]
		}
		if ok && n*u.mult <= 600 && (u.mult == 1 || n <= 10) {
			return n * u.mult
		}
	}
	return 0
}

// compoundStems are the unit stems inside compound adjectives.
var compoundStems = []struct {
	stem []byte
	mult int
}{{[]byte("месеч"), 1}, {[]byte("годишн"), 12}, {[]byte("годишен"), 12}}

// compoundPrefixes are the number forms used inside compound adjectives.
var compoundPrefixes = map[string]int{"едно": 1, "дву": 2, "дву-": 2, "три": 3, "четири": 4, "пет": 5,
	"шест": 6, "седем": 7, "осем": 8, "девет": 9, "десет": 10}

// durationUnit returns 1 for a month word, 12 for a year word, 0 otherwise.
func durationUnit(lw []byte) int {
	switch string(lw) {
	case "месеца", "месец", "мес", "месеци":
		return 1
	case "години", "година", "год":
		return 12
	}
	if bytes.HasPrefix(lw, []byte("месеч")) {
		return 1 // "18-месечен срок"
	}
	return 0
}

// durationNumberBefore reads the number stated before the unit at text[ws]:
// digits ("9 месеца", "18-месечен") or a spelled number ("дванадесет
// месеца"), past "календарни" and a parenthesis ("18 (осемнадесет) месеца").
func durationNumberBefore(text string, ws int) (n, start int, ok bool) {
	j := skipBack(text, ws)
	if j > 0 && text[j-1] == '-' {
		j = skipBack(text, j-1)
	}
	if j > 0 && text[j-1] == ')' {
		open := strings.LastIndexByte(text[max(0, j-120):j-1], '(')
		if open < 0 {
			return 0, 0, false
		}
		open += max(0, j-120)
		if strings.ContainsAny(text[open:j], "0123456789") {
			return 0, 0, false
		}
		j = skipBack(text, open)
	}
	if ps, pe := prevLetters(text, j); pe == j && strings.EqualFold(text[ps:pe], "календарни") {
		j = skipBack(text, ps)
	}
	// Digits.
	d := j
	for d > 0 && text[d-1] >= '0' && text[d-1] <= '9' {
		d--
	}
	if d < j {
		if j-d > 3 {
			return 0, 0, false
		}
		if d > 0 {
			if r, _ := utf8.DecodeLastRuneInString(text[:d]); unicode.IsLetter(r) || r == '.' || r == ',' {
				return 0, 0, false
			}
		}
		v, _ := strconv.Atoi(text[d:j])
		return v, d, v > 0
	}
	// A spelled number: "двадесет и четири".
	total, start := 0, j
	for k := 0; k < 3; k++ {
		ps, pe := prevLetters(text, j)
		if pe != j || ps == pe {
			break
		}
		w := strings.ToLower(text[ps:pe])
		if w == "и" && total > 0 && total < 10 {
			j = skipBack(text, ps)
			continue
		}
		v, isNum := numberUnits[w]
		if !isNum || (total > 0 && (v < 20 || total >= 10)) {
			break
		}
		total += v
		start = ps
		j = skipBack(text, ps)
	}
	return total, start, total > 0
}

// skipBack returns the index before the spaces that end text[:j].
func skipBack(text string, j int) int {
	for j > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:j])
		if !isSpaceRune(r) && r != '\u2007' {
			break
		}
		j -= n
	}
	return j
}

// prevLetters returns the bounds of the run of letters that ends at text[j].
func prevLetters(text string, j int) (int, int) {
	k := j
	for k > 0 {
		r, n := utf8.DecodeLastRuneInString(text[:k])
		if !unicode.IsLetter(r) {
			break
		}
		k -= n
	}
	return k, j
}

// ageWords before "N години" make it an age or a span of the past, not a term.
var ageWords = map[string]bool{"до": true, "над": true, "от": true, "на": true, "под": true,
	"последните": true, "преди": true, "след": true, "през": true, "възраст": true, "близо": true, "около": true}

// ageWordBefore reports whether the word before text[i] is an age word.
func ageWordBefore(text string, i int) bool {
	f := strings.Fields(text[max(0, i-40):i])
	return len(f) > 0 && ageWords[strings.ToLower(f[len(f)-1])]
}

// numberUnits are the values of spelled Bulgarian numbers.
var numberUnits = map[string]int{"един": 1, "една": 1, "два": 2, "две": 2, "три": 3, "четири": 4,
	"пет": 5, "шест": 6, "седем": 7, "осем": 8, "девет": 9, "десет": 10,
	"единадесет": 11, "дванадесет": 12, "тринадесет": 13, "четиринадесет": 14,
	"петнадесет": 15, "шестнадесет": 16, "седемнадесет": 17, "осемнадесет": 18,
	"деветнадесет": 19, "двадесет": 20, "тридесет": 30, "четиридесет": 40,
	"петдесет": 50, "шестдесет": 60}

// monthsAfterYears reads " и 6 месеца" after a number of years at text[i],
// returning the months and the end of the phrase, or 0.
func monthsAfterYears(text string, i int) (int, int) {
	k := skipSpaces(text, i)
	if !strings.HasPrefix(text[k:], "и") {
		return 0, i
	}
	k = skipSpaces(text, k+len("и"))
	d := digitsAt(text, k)
	if d < 1 || d > 2 {
		return 0, i
	}
	n := atoi(text[k : k+d])
	u := skipSpaces(text, k+d)
	ue := u
	for ue < len(text) {
		r, sz := utf8.DecodeRuneInString(text[ue:])
		if !unicode.IsLetter(r) {
			break
		}
		ue += sz
	}
	var buf []byte
	if u == k+d || durationUnit(lowerInto(&buf, text[u:ue])) != 1 || n > 11 {
		return 0, i
	}
	return n, ue
}

// extensionBefore: the number at text[i] is by how much a term changes
// ("срокът се удължава с 4 месеца", "с още 6 месеца"), not a term.
func extensionBefore(text string, i int) bool {
	b := Lower(strings.TrimRight(text[max(0, i-40):i], " "))
	return strings.HasSuffix(b, "удължава с") || strings.HasSuffix(b, "удължен с") || strings.HasSuffix(b, "удължено с") ||
		strings.HasSuffix(b, "удължаване с") || strings.HasSuffix(b, "с още") || strings.HasSuffix(b, "намалява с") || strings.HasSuffix(b, "скъсява с")
}
