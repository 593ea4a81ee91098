package index

import (
	"strings"
	"unicode/utf8"
)

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
// It joins the forms Lucene's stemmer tests join, each by a rule that
// keeps apart what it must (the table test lists both for every rule):
//
//   - Neuter plurals in "-ета" (дърво → дървета, море → морета, поле →
//     полета) are also read as their base, beside the masculine "-ет" + "-а"
//     reading (бюджет-а). Not after к, м, н, т, д, the ends of the many
//     nouns in -кет, -мет, -нет, -тет, -дет (пакет, предмет, планета,
//     комитет): планета stays apart from план, кабинета from кабина.
//   - "-та" after н is also read as the feminine article (песен-та, есен-та)
//     beside ремонт-а. Not after р or л, where the masculine -рт, -лт nouns
//     outnumber the feminine ones: спорта stays apart from спор.
//   - "-еве" after a vowel is the plural of a noun in "-й" (строй → строеве,
//     бой → боеве); after a consonant it is dropped (крал → кралеве).
//   - "-си" after a vowel is also read as the plural of a noun in "-х"
//     (кожух → кожуси, монах → монаси); after a consonant it is not
//     (ресурси is ресурс only).
//   - "-овци" after a base of three letters is also the plural of a
//     masculine noun in "-о" (дядо → дядовци, чичо → чичовци); after a
//     longer base it is the plural of "-овец" only (търговци is not търг).
//   - A stem whose last vowel is "я" after a consonant, in a stem of four
//     letters or more, has "е" instead: the vowel alternates between forms
//     (промяна/промени, бряг/брегове, място/места, голям/големи). Shorter
//     stems keep it: тяло stays apart from тел, дял from дело.
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
//
// It works on the UTF-8 bytes: every Bulgarian letter is two bytes, so a
// word of n letters is 2n bytes long.
func stemWord(w string) (string, string) {
	if len(w) < 8 || !allCyrillic(w) {
		return w, ""
	}
	p, alt := stemString(w, true)
	if alt == p {
		alt = ""
	}
	return p, alt
}

// letters is the length of an all-Cyrillic word in letters.
func letters(w string) int { return len(w) / 2 }

// cut drops the last k letters.
func cut(w string, k int) string { return w[:len(w)-2*k] }

// last returns the k-th letter from the end (1 is the last).
func last(w string, k int) rune {
	r, _ := utf8.DecodeRuneInString(w[len(w)-2*k:])
	return r
}

// stemString stems w; withAlt allows a second reading (one level deep).
func stemString(w string, withAlt bool) (stem, alt string) {
	if s, ok := irregular[w]; ok {
		return s, ""
	}
	w, alt = stripArticle(w, withAlt)
	w, alt2 := stripInflection(w)
	if alt2 != "" {
		alt = alt2
	}
	if alt != "" {
		alt = finishStem(alt)
	}
	return finishStem(w), alt
}

// finishStem applies the rules of a stem's last syllable: the я/е
// alternation, then the fleeting vowel.
func finishStem(w string) string { return dropFleetingVowel(alternateYa(w)) }

// stripArticle removes a definite article. For "-ата" it returns the
// masculine reading (…ат + а) as alt.
func stripArticle(w string, withAlt bool) (rest, alt string) {
	n := letters(w)
	switch {
	case strings.HasSuffix(w, "ият") && n-3 >= minStem:
		return cut(w, 3), ""
	case strings.HasSuffix(w, "ят") && n-2 >= minStem && isVowel(last(w, 3)):
		return cut(w, 2) + "й", "" // музе-ят is музей with its article
	case (strings.HasSuffix(w, "ът") || strings.HasSuffix(w, "ят")) && n-2 >= minStem:
		return cut(w, 2), ""
	case strings.HasSuffix(w, "та") && n-2 >= minStem:
		return stripTa(w, withAlt)
	case strings.HasSuffix(w, "то") && n-2 >= minStem && isOneOf(last(w, 3), "оеиую"):
		return cut(w, 2), "" // the neuter article follows a vowel: село-то, развитие-то
	case strings.HasSuffix(w, "те") && n-2 >= minStem && isOneOf(last(w, 3), "ие"):
		return cut(w, 2), "" // the plural article follows -и or -е: проекти-те, градове-те
	}
	return w, ""
}

// stripTa decides between the feminine (or plural) article "-та" and the
// masculine short article "-а" after a root ending in "т".
func stripTa(w string, withAlt bool) (rest, alt string) {
	c := last(w, 3)
	switch {
	case c == 'а':
		// градина-та or резултат-а: both.
		if withAlt {
			alt, _ = stemString(cut(w, 1), false)
		}
		return cut(w, 2), alt
	case c == 'я':
		return cut(w, 2), "" // кухня-та, енергия-та, обучения-та
	case c == 'е' && withAlt && neuterEta(w):
		return cut(w, 1), cut(w, 3) // бюджет-а, or дърв-ета
	case isVowel(c):
		return cut(w, 1), "" // бюджет-а, живот-а, кредит-а, институт-а
	case isOneOf(c, "тщжвч"):
		return cut(w, 2), "" // дейност-та, помощ-та, младеж-та, кръв-та, реч-та
	case c == 'н' && withAlt:
		return cut(w, 1), cut(w, 2) // ремонт-а, or песен-та
	default:
		return cut(w, 1), "" // проект-а, ремонт-а, текст-а
	}
}

// neuterEta reports whether w, ending in "-ета", may be the plural of a
// neuter noun (дърв-ета): a base of three letters or more that does not end
// in к, м, н, т or д.
func neuterEta(w string) bool {
	return strings.HasSuffix(w, "ета") && letters(w) >= 6 && !isOneOf(last(w, 4), "кмнтд")
}

// stripInflection removes a plural or case ending, or a final vowel; alt is
// the second reading of an ambiguous plural.
func stripInflection(w string) (rest, alt string) {
	if s, ok := irregular[w]; ok {
		return s, ""
	}
	n := letters(w)
	if n < 2 {
		return w, ""
	}
	switch {
	case strings.HasSuffix(w, "ове") && n-3 >= minStem:
		return cut(w, 3), ""
	case strings.HasSuffix(w, "еве") && n-3 >= 2:
		if isVowel(last(w, 4)) {
			return stripInflection(cut(w, 3) + "й") // стро-еве is строй
		}
		return cut(w, 3), "" // крал-еве
	case neuterEta(w):
		return cut(w, 1), cut(w, 3) // дървета(та): дърв-ета
	case strings.HasSuffix(w, "овци") && n == 7:
		// дядо → дядовци; or образ-овец → -овци.
		return cut(w, 1), cut(w, 4)
	case (strings.HasSuffix(w, "ия") || strings.HasSuffix(w, "ии") || strings.HasSuffix(w, "ие") || strings.HasSuffix(w, "ий")) && n-2 >= minStem:
		return cut(w, 2), ""
	case strings.HasSuffix(w, "ци") && n-2 >= minStem:
		// улица → улици, образец → образци, but участник → участници,
		// знак → знаци, отпадък → отпадъци: both readings.
		base := cut(w, 2)
		return base + "ц", base + "к"
	case strings.HasSuffix(w, "зи") && n-2 >= minStem:
		// база → бази, but диалог → диалози: both readings.
		base := cut(w, 2)
		return base + "з", base + "г"
	case strings.HasSuffix(w, "си") && n-2 >= minStem && isVowel(last(w, 3)):
		// автобус → автобуси, but кожух → кожуси: both readings.
		return cut(w, 1), cut(w, 2) + "х"
	case isOneOf(last(w, 1), "иаоея") && n-1 >= minStem:
		return cut(w, 1), ""
	case last(w, 1) == 'й' && isVowel(last(w, 2)) && n-1 >= minStem:
		return cut(w, 1), "" // музей, случай, край
	}
	return w, ""
}

// dropFleetingVowel drops the vowel that some forms lose before the last
// consonant: основен/основна, образец/образци, център/центрове.
func dropFleetingVowel(w string) string {
	if letters(w) < 5 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ен"), strings.HasSuffix(w, "ец"),
		last(w, 2) == 'ъ' && !isVowel(last(w, 1)):
		return cut(w, 2) + w[len(w)-2:]
	}
	return w
}

// alternateYa writes the last vowel of a stem of four letters or more as
// "е" when it is "я" after a consonant and only consonants follow it
// (промян → промен, бряг → брег), so that the forms with "е" meet it.
func alternateYa(w string) string {
	n := letters(w)
	if n < 4 {
		return w
	}
	for k := 1; k < n; k++ {
		switch r := last(w, k); {
		case r == 'я':
			if k == 1 || isVowel(last(w, k+1)) || last(w, k+1) == 'ь' {
				return w
			}
			i := len(w) - 2*k
			return w[:i] + "е" + w[i+2:]
		case isVowel(r):
			return w
		}
	}
	return w
}

func isOneOf(r rune, set string) bool { return strings.ContainsRune(set, r) }

func isVowel(r rune) bool { return isOneOf(r, "аъоуеиюя") }

// allCyrillic reports whether w is made of lower-case Bulgarian letters
// only (а to я, each two bytes in UTF-8).
func allCyrillic(w string) bool {
	if len(w)%2 != 0 {
		return false
	}
	for i := 0; i < len(w); i += 2 {
		// а..п are D0 B0..D0 BF, р..я are D1 80..D1 8F.
		switch {
		case w[i] == 0xD0 && w[i+1] >= 0xB0 && w[i+1] <= 0xBF:
		case w[i] == 0xD1 && w[i+1] >= 0x80 && w[i+1] <= 0x8F:
		default:
			return false
		}
	}
	return true
}
