package index

import (
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
