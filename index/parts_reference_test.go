package index

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/opendata-bg/opendata/dataset"
)

// The plain ways the union of words, the order of scores and the words of
// a correction were worked out before they were made cheaper, and the
// tests that compare the two.

func TestFloatOrder(t *testing.T) {
	fs := []float64{math.Inf(-1), -1e300, -2.5, -1, -1e-300, 0, 1e-300, 0.07, 1, 2.5, 1e300, math.Inf(1)}
	for i := range fs {
		for j := range fs {
			if got, want := cmp.Compare(floatOrder(fs[i]), floatOrder(fs[j])), cmp.Compare(fs[i], fs[j]); got != want {
				t.Errorf("%g vs %g: %d, want %d", fs[i], fs[j], got, want)
			}
		}
	}
	if floatOrder(math.Copysign(0, -1)) != floatOrder(0) {
		t.Error("-0 and 0 differ")
	}
}

// TestRankRowsSameAsPairwise compares the selection of random word,
// phrase and exclusion matches with the pairwise way, score bits and all.
func TestRankRowsSameAsPairwise(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 2026))
	list := func(density int, words uint8) []hitRow {
		var l []hitRow
		for r := range int32(400) {
			if rng.IntN(100) < density {
				l = append(l, hitRow{row: r, words: words, score: rng.Float64() * 3})
			}
		}
		return l
	}
	for n := 0; n < 3000; n++ {
		var words, phrases, excluded [][]hitRow
		for range rng.IntN(7) {
			words = append(words, list([]int{0, 1, 5, 30, 70}[rng.IntN(5)], 1))
		}
		for range rng.IntN(3) {
			phrases = append(phrases, list([]int{2, 40, 90}[rng.IntN(3)], 0))
		}
		for range rng.IntN(3) {
			excluded = append(excluded, list([]int{2, 20}[rng.IntN(2)], 1))
		}
		same := func(how string, got, want []hitRow) {
			t.Helper()
			if len(got) != len(want) {
				t.Fatalf("case %d (%d words, %d phrases, %d exclusions), %s: %d rows, want %d", n, len(words), len(phrases), len(excluded), how, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] || math.Float64bits(got[i].score) != math.Float64bits(want[i].score) {
					t.Fatalf("case %d, %s: row %d is %+v, want %+v", n, how, i, got[i], want[i])
				}
			}
		}
		same("rankRows", rankRows(words, phrases, excluded), refRankRows(words, phrases, excluded))
		if len(words) > 0 {
			// Both ways of mergeWords, whichever it would take.
			need := uint8(minShould(len(words)))
			same("counted", countWords(words, phrases, excluded, need, 400), mergeLists(words, phrases, excluded, need))
		}
	}
}

// refRankRows is the ranking as it was first written (pairwise unions,
// then the filters), to compare mergeWords with. It combines the matches of the words, phrases and exclusions (each
// in row order, read-only) into the selected rows, in row order: every
// phrase, no exclusion, and as many words as the best records have, down
// to minShould of them (see minShould). Scores add up. The result may be
// the one word's matches themselves.
func refRankRows(words, phrases, excluded [][]hitRow) []hitRow {
	var out []hitRow
	switch {
	case len(words) > 0 && len(words) <= 2:
		// All of one or two words: the word's matches (shared: each is one
		// word matched), or the two words' intersection, when it is not
		// empty (the common case, and far smaller than the union).
		out = words[0]
		if len(words) == 2 {
			out = bothWords(words[0], words[1])
		} else if len(phrases)+len(excluded) > 0 {
			out = slices.Clone(out)
		}
		out = subtract(intersect(out, phrases), excluded)
		if len(out) > 0 {
			if len(words) == 1 && len(phrases)+len(excluded) == 0 {
				return out // the word's own matches
			}
			return compact(out)
		}
		fallthrough
	case len(words) > 0:
		out = subtract(intersect(refUnionWords(words), phrases), excluded)
	case len(phrases) > 0:
		return compact(subtract(intersect(slices.Clone(phrases[0]), phrases[1:]), excluded))
	}
	var most uint8
	for _, h := range out {
		most = max(most, h.words)
	}
	need := uint8(min(minShould(len(words)), int(most)))
	n := 0
	for _, h := range out {
		if h.words >= need {
			out[n] = h
			n++
		}
	}
	return compact(out[:n])
}

// refUnionWords merges word matches (each in row order, each hit one word)
// into one new list in row order: each row with the number of lists it is
// in and the sum of its scores. Lists are merged two at a time, each merge
// one pass.
func refUnionWords(lists [][]hitRow) []hitRow {
	out := slices.Clone(lists[0])
	for _, l := range lists[1:] {
		merged := make([]hitRow, 0, len(out)+len(l))
		i, j := 0, 0
		for i < len(out) || j < len(l) {
			switch {
			case j == len(l) || i < len(out) && out[i].row < l[j].row:
				merged = append(merged, out[i])
				i++
			case i == len(out) || l[j].row < out[i].row:
				merged = append(merged, l[j])
				j++
			default:
				h := out[i]
				h.words++
				h.score += l[j].score
				merged = append(merged, h)
				i, j = i+1, j+1
			}
		}
		out = merged
	}
	return out
}

// TestStoredWordsSameAsSearch compares the words a correction is read
// from with those of the records bleve's search API returns first for the
// close term, each document loaded by id.
func TestStoredWordsSameAsSearch(t *testing.T) {
	g := newGenerator(truthRecords(t))
	x := openTest(t, nil)
	for i := 0; i < 1200; i += 300 {
		var recs []dataset.Record
		for j := i; j < i+300; j++ {
			recs = append(recs, g.record(j))
		}
		if err := x.Put(recs); err != nil {
			t.Fatal(err)
		}
	}
	if err := x.Delete([]string{g.record(3).ID, g.record(700).ID}); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	compared := 0
	for _, typo := range []string{"рехабилитацья", "канализацея", "читалеще", "енергина", "площатка", "мерижа", "реконструкцийя", "obshtna", "uchilishe", "peshtrea", "ремонтт", "училишще"} {
		bg, latin := queryAnalyzers()
		analyzer, fields := bg, bgFields
		if hasLatin(typo) {
			analyzer, fields = latin, latinFields
		}
		stems := toPhrase(analyzer.Analyze([]byte(typo)))
		edits := 1
		if countLetters(typo) >= fuzzyTwoEdits {
			edits = 2
		}
		x.mu.RLock()
		terms, err := x.closeTerms(fields, stems[0], edits)
		if err != nil {
			x.mu.RUnlock()
			t.Fatal(err)
		}
		for _, ct := range terms {
			got := x.storedWords(ctx, ct)
			want := refStoredWords(t, x, ct)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("%s → %s: words %q, bleve's search %q", typo, ct.term, got, want)
			}
			if len(want) > 0 {
				compared++
			}
		}
		x.mu.RUnlock()
	}
	if compared < 10 {
		t.Errorf("only %d close terms had stored words", compared)
	}
}

// refStoredWords is storedWords the plain way: a search of the term (no
// score, the first storedSamples records), each record loaded by id.
func refStoredWords(t *testing.T, x *Index, ct closeTerm) []string {
	tq := storedTermQuery(ct)
	if tq == nil {
		return nil
	}
	req := bleve.NewSearchRequestOptions(tq, storedSamples, 0, false)
	req.IncludeLocations = true
	req.Score = "none"
	res, err := x.idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		doc, err := x.idx.Document(h.ID)
		if err != nil || doc == nil {
			t.Fatalf("load %s: %v", h.ID, err)
		}
		for field, terms := range h.Locations {
			for _, l := range terms[ct.term] {
				out = append(out, wordAt(doc, storedTwin[field], l)...)
			}
		}
	}
	return out
}
