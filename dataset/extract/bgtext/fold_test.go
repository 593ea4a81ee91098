package bgtext

import (
	"strings"
	"testing"
)

// foldRef is Fold written plainly, rune by rune: the fast Fold must agree
// with it on any text.
func foldRef(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		r = cleanRune(r)
		if r < 0 {
			continue
		}
		if r == ' ' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	out := b.String()
	if strings.Contains(out, ",,") || strings.Contains(out, "''") {
		out = typedQuotes.Replace(out)
	}
	return out
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "  a \t b\n", "Община\u00a0Пещера\u00ad ", ",,Тракия”", "\xff\xfe a", "\u0084Х\u0093 \u2011 \u200b", "й"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Fold(s), foldRef(s); got != want {
			t.Fatalf("Fold(%q) = %q, want %q", s, got, want)
		}
	})
}
