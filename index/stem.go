package index

// A light stemmer for Bulgarian, after Savoy's (the one Lucene's
// BulgarianStemmer and Elasticsearch's "bulgarian" analyzer use): it strips
// definite articles, plural endings and a final vowel. It departs from Savoy
// where his rules split one word's forms apart:
//
//   - "-та" is the feminine article only after a vowel (градина-та) or after
//     the consonants of feminine nouns (дейност-та, помощ-та); after any other
//     consonant the "-а" is the masculine short article (проект-а, ремонт-а),
//     so проекта and проект meet. "-ата" is truly ambiguous (градина-та,
//     резултат-а): both readings are emitted, at the same position.
//   - "-ища" is the plural of "-ище" (училище, училища), except for the few
//     masculine nouns whose plural it is (път → пътища, край → краища).
//   - "-ия", "-ии", "-ие", "-ий" form one class (стратегия, стратегии,
//     обучение, обучения, критерий), and "-ици" can be the plural of "-ица" or
//     of "-ик" (улици, участници): both readings are emitted.
//   - Savoy's "-си"→"-х", "-ци"→"-к" and "-е…и"→"-я" rules are dropped: they
//     turn ресурси, процеси, учители and граници into words of another family.
//   - A fleeting vowel is dropped before the last consonant (център → центр,
//     образец → образц, основен → основн), so that all forms meet.
//
// The stemmer works on lower-case text with stress marks removed. It leaves
// words that are not entirely Cyrillic (codes, Latin words) alone.

// minStem is the fewest letters a rule may leave.
const minStem = 3

// irregular maps plurals that no suffix rule can bring home.
var irregular = map[string]string{
	"пътища": "път",
	"краища": "кра",
	"сънища": "сън",
}

// stemWord returns the stem of a lower-case word and, when the form is
// ambiguous, a second stem for the other reading ("" when there is none).
// The stem is never empty for a non-empty word.
func stemWord(word string) (string, string) {
	w := []rune(word)
	if len(w) < 4 || !allCyrillic(w) {
		return word, ""
	}
	p, alt := stemRunes(w, true)
	ps := string(p)
	if alt == nil {
		return ps, ""
	}
	if as := string(alt); as != ps {
		return ps, as
	}
	return ps, ""
}

// stemRunes stems w; withAlt allows a second reading (one level deep).
func stemRunes(w []rune, withAlt bool) (stem, alt []rune) {
	if s, ok := irregular[string(w)]; ok {
		return []rune(s), nil
	}
	w, alt = stripArticle(w, withAlt)
	w, alt2 := stripInflection(w)
	if alt2 != nil {
		alt = dropFleetingVowel(alt2)
	}
	return dropFleetingVowel(w), alt
}

// stripArticle removes a definite article. For "-ата" it returns the
// masculine reading (…ат + а) as alt.
func stripArticle(w []rune, withAlt bool) (rest, alt []rune) {
	n := len(w)
	switch {
	case hasSuffix(w, "ият") && n-3 >= minStem:
		return w[:n-3], nil
	case hasSuffix(w, "ят") && n-2 >= minStem && isVowel(w[n-3]):
		return join(w[:n-2], "й"), nil // музе-ят is музей with its article
	case (hasSuffix(w, "ът") || hasSuffix(w, "ят")) && n-2 >= minStem:
		return w[:n-2], nil
	case hasSuffix(w, "та") && n-2 >= minStem:
		return stripTa(w, withAlt)
	case (hasSuffix(w, "то") || hasSuffix(w, "те")) && n-2 >= minStem && isOneOf(w[n-3], "оеиую"):
		if w[n-1] == 'е' && !isOneOf(w[n-3], "ие") {
			return w, nil // the plural article follows -и or -е only
		}
		return w[:n-2], nil
	}
	return w, nil
}

// stripTa decides between the feminine (or plural) article "-та" and the
// masculine short article "-а" after a root ending in "т".
func stripTa(w []rune, withAlt bool) (rest, alt []rune) {
	n := len(w)
	c := w[n-3]
	switch {
	case c == 'а':
		// градина-та or резултат-а: both.
		if withAlt {
			alt, _ = stemRunes(w[:n-1], false)
		}
		return w[:n-2], alt
	case c == 'я':
		return w[:n-2], nil // кухня-та, енергия-та, обучения-та
	case isVowel(c):
		return w[:n-1], nil // бюджет-а, живот-а, кредит-а, институт-а
	case isOneOf(c, "тщжвч"):
		return w[:n-2], nil // дейност-та, помощ-та, младеж-та, кръв-та, реч-та
	default:
		return w[:n-1], nil // проект-а, ремонт-а, текст-а
	}
}

// stripInflection removes a plural or case ending, or a final vowel; alt is
// the second reading of an ambiguous plural.
func stripInflection(w []rune) (rest, alt []rune) {
	if s, ok := irregular[string(w)]; ok {
		return []rune(s), nil
	}
	n := len(w)
	switch {
	case hasSuffix(w, "ове") && n-3 >= minStem:
		return w[:n-3], nil
	case (hasSuffix(w, "ия") || hasSuffix(w, "ии") || hasSuffix(w, "ие") || hasSuffix(w, "ий")) && n-2 >= minStem:
		return w[:n-2], nil
	case hasSuffix(w, "ци") && n-2 >= minStem:
		// улица → улици, образец → образци, but участник → участници,
		// знак → знаци, отпадък → отпадъци: both readings.
		base := w[:n-2]
		return join(base, "ц"), join(base, "к")
	case hasSuffix(w, "зи") && n-2 >= minStem:
		// база → бази, but диалог → диалози: both readings.
		base := w[:n-2]
		return join(base, "з"), join(base, "г")
	case isOneOf(w[n-1], "иаоея") && n-1 >= minStem:
		return w[:n-1], nil
	case w[n-1] == 'й' && isVowel(w[n-2]) && n-1 >= minStem:
		return w[:n-1], nil // музей, случай, край
	}
	return w, nil
}

// dropFleetingVowel drops the vowel that some forms lose before the last
// consonant: основен/основна, образец/образци, център/центрове.
func dropFleetingVowel(w []rune) []rune {
	n := len(w)
	if n < 5 {
		return w
	}
	switch {
	case hasSuffix(w, "ен"), hasSuffix(w, "ец"):
		return append(w[:n-2:n-2], w[n-1])
	case w[n-2] == 'ъ' && !isVowel(w[n-1]):
		return append(w[:n-2:n-2], w[n-1])
	}
	return w
}

func join(base []rune, suffix string) []rune {
	out := make([]rune, 0, len(base)+len(suffix))
	out = append(out, base...)
	return append(out, []rune(suffix)...)
}

func hasSuffix(w []rune, suffix string) bool {
	s := []rune(suffix)
	if len(s) > len(w) {
		return false
	}
	for i := range s {
		if w[len(w)-len(s)+i] != s[i] {
			return false
		}
	}
	return true
}

func isOneOf(r rune, set string) bool {
	for _, c := range set {
		if r == c {
			return true
		}
	}
	return false
}

func isVowel(r rune) bool { return isOneOf(r, "аъоуеиюя") }

// allCyrillic reports whether every rune is a lower-case Bulgarian letter.
func allCyrillic(w []rune) bool {
	for _, r := range w {
		if r < 'а' || r > 'я' {
			if r != 'ѝ' && r != 'ѐ' {
				return false
			}
		}
	}
	return true
}
