package bgtext

import (
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

// cleanRunes maps the invisible and look-alike characters of web text to
// plain ones: no-break and odd spaces to a space, soft hyphens and zero-width
// marks to nothing. Quotes are kept as printed (titles keep their „…“).
func cleanRune(r rune) rune {
	switch r {
	case '\u00a0', '\u2000', '\u2001', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006',
		'\u2007', '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\u3000', '\t', '\r', '\n', '\f', '\v':
		return ' '
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return -1
	case '\u2010', '\u2011':
		return '-'
	// C1 controls left by windows-1252 punctuation read as Latin-1
	case '\u0084':
		return '„'
	case '\u0093':
		return '“'
	case '\u0094':
		return '”'
	case '\u0091':
		return '‘'
	case '\u0092':
		return '’'
	case '\u0096':
		return '–'
	case '\u0097':
		return '—'
	}
	return r
}

// typedQuotes turns the quotes typed on a Bulgarian keyboard without
// typographic marks (,,Тракия” and ,,Тракия“) into „Тракия“.
var typedQuotes = strings.NewReplacer(",,", "„", "''", "“")

// Fold cleans s and folds runs of white space to single spaces, trimmed.
func Fold(s string) string {
	if s == "" {
		return ""
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v' {
				space = len(b) > 0
				continue
			}
			if space {
				b = append(b, ' ')
				space = false
			}
			b = append(b, c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		cr := cleanRune(r)
		switch {
		case cr < 0:
		case cr == ' ':
			space = len(b) > 0
		default:
			if space {
				b = append(b, ' ')
				space = false
			}
			if cr == r && r != utf8.RuneError {
				b = append(b, s[i:i+n]...)
			} else {
				b = utf8.AppendRune(b, cr)
			}
		}
		i += n
	}
	out := unsafe.String(unsafe.SliceData(b), len(b)) // b is not written again
	if strings.Contains(out, ",,") || strings.Contains(out, "''") {
		out = typedQuotes.Replace(out)
	}
	return out
}

// ToNFC composes the page once (a "й" typed as и + breve becomes one
// letter); pages without combining marks, nearly all, pass untouched.
func ToNFC(text []byte) []byte {
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRune(text[i:])
		if r >= 0x300 && r <= 0x36F || r >= 0x1AB0 && r <= 0x1AFF || r >= 0x1DC0 && r <= 0x1DFF || r >= 0x20D0 && r <= 0x20FF || r >= 0xFE20 && r <= 0xFE2F {
			return norm.NFC.Bytes(text)
		}
		i += n
	}
	return text
}

// Key is the comparison Key of a text: lower case, letters and digits only.
func Key(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'а' && r <= 'я':
		case r >= 'A' && r <= 'Z' || r >= 'А' && r <= 'Я':
			r = unicode.ToLower(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			r = unicode.ToLower(r)
		default:
			continue
		}
		b = utf8.AppendRune(b, r)
	}
	return string(b)
}

// Lower Lower-cases ASCII and Cyrillic letters and keeps every other rune,
// so that byte offsets into s stay valid in Lower(s).
func Lower(s string) string {
	i := 0
	for i < len(s) {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c == 0xD0 && i+1 < len(s) && s[i+1] >= 0x80 && s[i+1] <= 0xAF {
			break
		}
		i++
	}
	if i == len(s) {
		return s
	}
	b := []byte(s)
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c + 32
		case c == 0xD0 && i+1 < len(b):
			n := b[i+1]
			switch {
			case n >= 0x80 && n <= 0x8F: // Ѐ-Џ → ѐ-џ (D1 90-9F)
				b[i], b[i+1] = 0xD1, n+0x10
			case n >= 0x90 && n <= 0x9F: // А-П → а-п (D0 B0-BF)
				b[i+1] = n + 0x20
			case n >= 0xA0 && n <= 0xAF: // Р-Я → р-я (D1 80-8F)
				b[i], b[i+1] = 0xD1, n-0x20
			}
			i++
		}
	}
	// b is not written again: the string shares it (one copy, not two)
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// ContainsAny reports whether s contains any of the words.
func ContainsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

// IsOpenQuote and isCloseQuote classify the quote marks of Bulgarian text.
func IsOpenQuote(r rune) bool { return r == '„' || r == '«' || r == '‚' }

func IsCloseQuote(r rune) bool {
	return r == '“' || r == '”' || r == '»' || r == '‘' || r == '’'
}

func IsAnyQuote(r rune) bool { return IsOpenQuote(r) || IsCloseQuote(r) || r == '"' }

// TrimQuotes drops outer quotes and surrounding punctuation of a name.
func TrimQuotes(s string) string {
	s = strings.TrimSpace(s)
	for {
		r, n := utf8.DecodeRuneInString(s)
		if n == 0 || !IsAnyQuote(r) {
			break
		}
		// Only drop the opening quote when its closing partner is the last rune,
		// or when there is no other quote at all.
		last, m := utf8.DecodeLastRuneInString(s)
		if IsAnyQuote(last) && balancedInside(s[n:len(s)-m]) {
			s = strings.TrimSpace(s[n : len(s)-m])
			continue
		}
		if strings.IndexFunc(s[n:], IsAnyQuote) < 0 || IsOpenQuote(r) && neverClosed(s) {
			// "„Изграждане … в м. „Бялата вода“": one closing quote
			// printed for two, the outer one is left open
			s = strings.TrimSpace(s[n:])
		}
		break
	}
	return s
}

// neverClosed reports whether the opening quote s starts with is never
// closed: the quotes after it never bring the depth back to zero.
func neverClosed(s string) bool {
	depth := 0
	for i, r := range s {
		switch {
		case IsOpenQuote(r):
			depth++
		case IsCloseQuote(r):
			depth--
		}
		if depth <= 0 && i > 0 {
			return false
		}
	}
	return depth > 0
}

// balancedInside reports whether the quotes inside s pair up, so that the
// outer pair really wraps the whole of s.
func balancedInside(s string) bool {
	depth := 0
	for _, r := range s {
		switch {
		case IsOpenQuote(r):
			depth++
		case IsCloseQuote(r):
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

// TrimItem removes list markers and trailing separators from a list item.
func TrimItem(s string) string {
	s = strings.TrimSpace(s)
	s = StripMarker(s)
	s = strings.TrimRight(s, " ;:,")
	return strings.TrimSpace(s)
}

// StripMarker removes a leading bullet or number ("·", "-", "•", "1.", "2)", "а)").
func StripMarker(s string) string {
	for i := 0; i < 2; i++ {
		t, ok := cutMarker(s)
		if !ok {
			break
		}
		s = t
	}
	return s
}

// cutMarker cuts one list marker from the start of s.
func cutMarker(s string) (string, bool) {
	r, n := utf8.DecodeRuneInString(s)
	switch r {
	case '·', '•', '-', '–', '—', '*', '▪', '●', '○', '■', '►', '✓', '§', '»', '◦', '‣':
		rest := strings.TrimLeft(s[n:], " ")
		if rest == "" || (r == '-' && len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9' && !strings.HasPrefix(s, "- ")) {
			return s, false
		}
		return rest, true
	}
	// "1.", "12)", "1.2." numbering followed by a space.
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || (s[i] == '.' && i > 0)) {
		i++
	}
	if i > 0 && i <= 6 && i < len(s) {
		j := i
		if s[j] == ')' {
			j++
		} else if s[j-1] != '.' {
			return s, false
		}
		if j < len(s) && s[j] == ' ' {
			return strings.TrimLeft(s[j:], " "), true
		}
		return s, false
	}
	// "а)" / "a)" letter numbering
	if n > 0 && unicode.IsLetter(r) && len(s) > n+1 && s[n] == ')' && s[n+1] == ' ' {
		return strings.TrimLeft(s[n+1:], " "), true
	}
	return s, false
}

// HasMarker reports whether s starts with a list marker.
func HasMarker(s string) bool {
	_, ok := cutMarker(s)
	return ok
}

func HasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// Words splits a lower-cased text into letter runs.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'а' && r <= 'я' || r >= 'a' && r <= 'z' || r == 'ѝ')
	})
}

func HasDigit(s string) bool { return strings.IndexAny(s, "0123456789") >= 0 }

func IsUpper(r rune) bool { return r >= 'А' && r <= 'Я' || r >= 'A' && r <= 'Z' }

// OpenQuote reports whether s leaves a quote open: more opening marks („ «)
// than closing ones (“ ” »).
func OpenQuote(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '„', '«':
			depth++
		case '“', '”', '»':
			if depth > 0 {
				depth--
			}
		}
	}
	return depth > 0
}

// MaskQuoted returns s with the text inside quotes („…“, «…», “…”)
// blanked out byte for byte, so that offsets stay valid: the words of a
// quoted name are not read as the words around it.
func MaskQuoted(s string) string {
	if !strings.Contains(s, "„") && !strings.Contains(s, "«") && !strings.Contains(s, "“") {
		return s
	}
	b := []byte(s)
	depth := 0
	for i, r := range s {
		_, n := utf8.DecodeRuneInString(s[i:]) // 1 for a broken byte, not RuneLen's 3
		switch {
		case r == '„' || r == '«':
			depth++
			continue
		case (r == '“' || r == '”' || r == '»') && depth > 0:
			depth--
			continue
		case r == '“' && depth == 0:
			depth++ // “…” English-style
			continue
		}
		if depth > 0 {
			for k := i; k < i+n; k++ {
				b[k] = ' '
			}
		}
	}
	return string(b)
}
