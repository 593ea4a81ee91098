package index

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/opendata-bg/opendata/dataset"
)

var fuzzSeeds = []string{
	"", "проект", "проектите", "пътищата", "градината", "участници", "краят", "ия", "ята", "ъ",
	`"енергийна ефективност" -улици`, `„ремонт“ на „път`, "BG16RFOP001-1.001-0039-C01", "№ 13-13-24",
	"peshtera obshtina", "прое\u0301кта", "и\u0306", "ѝ", "\xff\xfe", "- - -", `"""`, "a\u0300\u0301",
	strings.Repeat("дума ", 30), "ЖИВОТ Щастие ия", "ABC-DEF", "--ремонт", "-\"x\"",
}

// FuzzParseQ: the parser of q never panics, and every error it returns is a
// client error with a message.
func FuzzParseQ(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	bg, latin := queryAnalyzers()
	f.Fuzz(func(t *testing.T, q string) {
		terms, err := parseQ(q)
		if err != nil {
			if errCode(err) != dataset.EINVALID || err.Error() == "" {
				t.Fatalf("parseQ(%q): %v is not an EINVALID error", q, err)
			}
			return
		}
		if len(terms) > maxTerms {
			t.Fatalf("parseQ(%q): %d terms", q, len(terms))
		}
		for _, tt := range terms {
			if tt.text == "" {
				t.Fatalf("parseQ(%q): an empty term", q)
			}
		}
		if _, err := textQuery(q, bg, latin); err != nil && errCode(err) != dataset.EINVALID {
			t.Fatalf("textQuery(%q): %v", q, err)
		}
	})
}

// FuzzStem: the stemmer never panics, keeps UTF-8 valid and never returns
// an empty stem for a non-empty word.
func FuzzStem(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		// The raw bytes, and the same bytes read as Bulgarian letters (so
		// that the fuzzer reaches the suffix rules).
		for _, w := range []string{raw, asCyrillic(raw)} {
			p, alt := stemWord(w)
			if w != "" && p == "" {
				t.Fatalf("stemWord(%q) is empty", w)
			}
			if utf8.ValidString(w) && (!utf8.ValidString(p) || !utf8.ValidString(alt)) {
				t.Fatalf("stemWord(%q) = %q, %q: invalid UTF-8", w, p, alt)
			}
			if len(p) > len(w)+2 || len(alt) > len(w)+2 {
				t.Fatalf("stemWord(%q) = %q, %q: longer than the word", w, p, alt)
			}
		}
	})
}

// FuzzAnalyzers: both analyzers take any text; every term is valid UTF-8,
// non-empty, and its offsets lie inside the text (highlights rely on them).
func FuzzAnalyzers(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	bg, latin := queryAnalyzers()
	f.Fuzz(func(t *testing.T, s string) {
		for _, a := range []struct {
			name string
			run  func([]byte) []string
		}{
			{"bg", func(b []byte) []string { return terms(t, bg.Analyze(b), len(b)) }},
			{"latin", func(b []byte) []string { return terms(t, latin.Analyze(b), len(b)) }},
		} {
			for _, term := range a.run([]byte(s)) {
				if term == "" || (utf8.ValidString(s) && !utf8.ValidString(term)) {
					t.Fatalf("%s analyzer on %q: term %q", a.name, s, term)
				}
			}
		}
		if utf8.ValidString(s) {
			if !utf8.ValidString(Translit(s)) || !utf8.ValidString(latinToCyr(strings.ToLower(s))) || !utf8.ValidString(foldWord(s)) {
				t.Fatalf("transliteration of %q is not valid UTF-8", s)
			}
			if !utf8.ValidString(NormCode(s)) {
				t.Fatalf("NormCode(%q) is not valid UTF-8", s)
			}
		}
	})
}

func terms(t *testing.T, ts analysis.TokenStream, n int) []string {
	out := make([]string, 0, len(ts))
	for _, tok := range ts {
		if tok.Start < 0 || tok.End > n || tok.Start > tok.End {
			t.Fatalf("token %q at %d..%d outside the text of %d bytes", tok.Term, tok.Start, tok.End, n)
		}
		out = append(out, string(tok.Term))
	}
	return out
}

// asCyrillic maps each byte to one of the Bulgarian lower-case letters.
func asCyrillic(s string) string {
	const alphabet = "абвгдежзийклмнопрстуфхцчшщъьюя"
	letters := []rune(alphabet)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteRune(letters[int(s[i])%len(letters)])
	}
	return b.String()
}

// FuzzJoinCodes: joining codes never panics, keeps UTF-8 valid, only ever
// removes white space and turns dashes into "-", and is idempotent.
func FuzzJoinCodes(f *testing.F) {
	for _, s := range append(fuzzSeeds, "BG05M9OP001 - 2.019 - 0150 - C02", "рд – 02 – 29 – 210", "ROBG - 512 -x", "2014 - 2020") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if !utf8.ValidString(q) {
			return
		}
		got := joinCodes(q)
		if !utf8.ValidString(got) {
			t.Fatalf("joinCodes(%q) = %q: invalid UTF-8", q, got)
		}
		squeeze := func(s string) string {
			return strings.Map(func(r rune) rune {
				switch {
				case unicode.IsSpace(r):
					return -1
				case isDash(r):
					return '-'
				}
				return r
			}, s)
		}
		if squeeze(got) != squeeze(q) {
			t.Fatalf("joinCodes(%q) = %q changed more than spaces and dashes", q, got)
		}
		if again := joinCodes(got); again != got {
			t.Fatalf("joinCodes is not idempotent on %q: %q, then %q", q, got, again)
		}
	})
}

// FuzzSearchQ: any q searched on a real index (words, corrections,
// phrases, exclusions, codes) answers or fails with a client error, and
// its answer is consistent: all_words ≤ total, a corrected match has its
// corrections.
func FuzzSearchQ(f *testing.F) {
	for _, s := range append(fuzzSeeds, "площатка село", "ploshtatka", "читалище стадион басейн", `"село Лепица" -мост`) {
		f.Add(s)
	}
	x := openTest(f, rankRecords())
	f.Fuzz(func(t *testing.T, q string) {
		res, err := x.Search(context.Background(), dataset.Query{Q: q, PerPage: 5})
		if err != nil {
			if errCode(err) != dataset.EINVALID {
				t.Fatalf("q=%q: %v", q, err)
			}
			return
		}
		if res.AllWords > res.Total || (res.Match == dataset.MatchCorrected) != (len(res.Corrections) > 0) {
			t.Fatalf("q=%q: %+v", q, res)
		}
	})
}
