package index

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
)

// fragmentCase makes a text of words (Cyrillic, Latin, digits, HTML's
// special characters, now and then a broken byte or U+FFFD) and hits on it:
// mostly whole words, some anywhere, some past the end, in order or not.
func fragmentCase(rng *rand.Rand) ([]byte, highlight.TermLocations) {
	words := []string{"ремонт", "на", "улица", "„Васил Левски“", "<b>", "R&D", "obshtina", "2014–2020", "€", "—", "ъ", "a"}
	var b strings.Builder
	var spans [][2]int
	for range rng.IntN(120) {
		if b.Len() > 0 {
			b.WriteByte(" \n,."[rng.IntN(4)])
		}
		w := words[rng.IntN(len(words))]
		if rng.IntN(400) == 0 {
			w += []string{"\xff", "\uFFFD", "\xd0"}[rng.IntN(3)]
		}
		spans = append(spans, [2]int{b.Len(), b.Len() + len(w)})
		b.WriteString(w)
	}
	text := []byte(b.String())
	var ot highlight.TermLocations
	for range rng.IntN(12) {
		var s, e int
		switch {
		case len(spans) > 0 && rng.IntN(4) > 0:
			sp := spans[rng.IntN(len(spans))]
			s, e = sp[0], sp[1]
		case rng.IntN(3) == 0:
			s = len(text) + rng.IntN(5)
			e = s + 1 + rng.IntN(5)
		default:
			s = rng.IntN(len(text) + 1)
			e = s + rng.IntN(8)
		}
		ot = append(ot, &highlight.TermLocation{Term: "t", Start: s, End: e, Pos: len(ot) + 1})
	}
	if rng.IntN(3) > 0 {
		highlightSort(ot)
	}
	return text, ot
}

func highlightSort(ot highlight.TermLocations) {
	for i := 1; i < len(ot); i++ {
		for j := i; j > 0 && ot.Less(j, j-1); j-- {
			ot.Swap(j, j-1)
		}
	}
}

// sameFragments compares runeFragmenter with bleve's simple fragmenter,
// and markFormatter with bleve's html formatter on each fragment.
func sameFragments(t *testing.T, text []byte, ot highlight.TermLocations, size int) {
	t.Helper()
	got := newRuneFragmenter(size).Fragment(text, ot)
	want := simplefrag.NewFragmenter(size).Fragment(text, ot)
	if len(got) != len(want) {
		t.Fatalf("size %d, %q, %d hits: %d fragments, bleve %d", size, text, len(ot), len(got), len(want))
	}
	bf := html.NewFragmentFormatter("<mark>", "</mark>")
	for i := range got {
		if got[i].Start != want[i].Start || got[i].End != want[i].End {
			t.Fatalf("size %d, %q: fragment %d is [%d,%d), bleve [%d,%d)", size, text, i, got[i].Start, got[i].End, want[i].Start, want[i].End)
		}
		if g, w := (markFormatter{}).Format(got[i], ot), bf.Format(want[i], ot); g != w {
			t.Fatalf("size %d, %q: fragment %d formats as %q, bleve %q", size, text, i, g, w)
		}
	}
}

// TestRuneFragmenterSameAsBleve compares the fragments and their HTML on
// many random texts and hits, at the sizes the highlights use and small
// ones (where the fragments' edges meet the text's).
func TestRuneFragmenterSameAsBleve(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 13))
	clean := 0
	for range 20000 {
		text, ot := fragmentCase(rng)
		if _, ok := runeStarts(text, nil); ok {
			clean++
		}
		sameFragments(t, text, ot, []int{1, 3, 10, 40, 160, 400}[rng.IntN(6)])
	}
	if clean < 10000 || clean > 19000 {
		t.Errorf("%d of 20000 texts were valid UTF-8 without U+FFFD: a poor mix", clean)
	}
}

// FuzzRuneFragmenter compares them on any text, with hits from the seed.
func FuzzRuneFragmenter(f *testing.F) {
	f.Add([]byte("Ремонт на улица „Васил Левски“ в град Пещера"), uint64(1), 10)
	f.Add([]byte("a\xffb ремонт \uFFFD c"), uint64(2), 3)
	f.Fuzz(func(t *testing.T, text []byte, seed uint64, size int) {
		if size < 1 || size > 1000 {
			return
		}
		rng := rand.New(rand.NewPCG(seed, 1))
		var ot highlight.TermLocations
		for range rng.IntN(8) {
			s := rng.IntN(len(text) + 3)
			ot = append(ot, &highlight.TermLocation{Start: s, End: s + rng.IntN(10), ArrayPositions: search.ArrayPositions{}})
		}
		if seed%2 == 0 {
			highlightSort(ot)
		}
		sameFragments(t, text, ot, size)
	})
}
