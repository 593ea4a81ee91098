package index

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// rankRecords are small records whose words the ranking tests control.
func rankRecords() []dataset.Record {
	rec := func(id, muni, title string, budget float64) dataset.Record {
		r := dataset.Record{ID: id, Title: title, Municipality: muni}
		r.Budget.Total, r.Budget.Currency = &budget, "BGN"
		r.Budget.FillEUR()
		return r
	}
	return []dataset.Record{
		rec("A", "Бреница", "Ремонт на читалище и библиотека в село Бреница", 100),
		rec("B", "Горник", "Ремонт на читалище в село Горник", 900),
		rec("C", "Лепица", "Библиотека в село Лепица", 500),
		rec("D", "Горник", "Ремонт на път в село Горник", 700),
		rec("E", "Бреница", "Спортна площадка в село Бреница", 300),
		rec("F", "Лепица", "Ремонт на мост над реката в село Лепица", 200),
	}
}

func TestRankAllWordsFirst(t *testing.T) {
	x := openTest(t, rankRecords())
	tests := []struct {
		q        string
		want     []string // in order
		match    string
		allWords uint64
	}{
		// Three words: all three first, then two of them; one is not enough.
		{"ремонт читалище библиотека", []string{"A", "B"}, dataset.MatchSome, 1},
		// Two words: both, when a record has both.
		{"читалище библиотека", []string{"A"}, dataset.MatchAll, 1},
		// No record has both: one is enough.
		{"читалище стадион", []string{"B", "A"}, dataset.MatchSome, 0},
		// Phrases must match; then words as before.
		{`"село Лепица" мост`, []string{"F"}, dataset.MatchAll, 1},
		{`"село Лепица" ремонт библиотека`, []string{"C", "F"}, dataset.MatchSome, 0},
		// Exclusions keep their meaning.
		{"ремонт читалище библиотека -Бреница", []string{"B"}, dataset.MatchSome, 0},
		{"ремонт -село", nil, dataset.MatchAll, 0},
	}
	for _, tt := range tests {
		res := find(t, x, "per_page=100&q="+urlEscape(tt.q))
		got := ids(res)
		if tt.q == "читалище стадион" || tt.q == `"село Лепица" ремонт библиотека` {
			got = sorted(got) // equal words, equal ranks: either order
			tt.want = sorted(tt.want)
		}
		if !slices.Equal(got, tt.want) || res.Total != uint64(len(tt.want)) {
			t.Errorf("q=%s: %v (total %d); want %v", tt.q, got, res.Total, tt.want)
		}
		if res.Match != tt.match || (len(tt.want) > 0 && res.AllWords != tt.allWords) {
			t.Errorf("q=%s: match %q, all_words %d; want %q, %d", tt.q, res.Match, res.AllWords, tt.match, tt.allWords)
		}
	}
	// In any order, the records with all the words come first.
	for _, sort := range dataset.Sorts {
		res := find(t, x, "per_page=100&sort="+sort+"&q=ремонт+читалище+библиотека")
		if got := ids(res); len(got) != 2 || got[0] != "A" {
			t.Errorf("sort=%s: %v; want A first", sort, got)
		}
	}
}

func TestRankDegrades(t *testing.T) {
	x := openTest(t, rankRecords())
	// Five words: four would be needed, the best record has three.
	res := find(t, x, "per_page=100&q=ремонт+читалище+библиотека+стадион+басейн")
	if got := ids(res); !slices.Equal(got, []string{"A"}) || res.Match != dataset.MatchSome || res.AllWords != 0 {
		t.Errorf("five words: %v, match %s, all_words %d; want [A], some, 0", got, res.Match, res.AllWords)
	}
	for n, want := range map[int]int{1: 1, 2: 2, 3: 2, 4: 3, 5: 4, 6: 5, 8: 6, 20: 15} {
		if got := minShould(n); got != want {
			t.Errorf("minShould(%d) = %d; want %d", n, got, want)
		}
	}
}

func TestTypos(t *testing.T) {
	x := openTest(t, rankRecords())
	tests := []struct {
		q, want, to string // want: the first hit, "" for none
	}{
		{"площатка", "E", "площадка"},     // a letter changed (8 letters: one edit)
		{"плоадка", "E", "площадка"},      // a letter dropped
		{"площаддка", "E", "площадка"},    // a letter added
		{"площдака", "E", "площадка"},     // two neighbours swapped
		{"Библеотека", "C", "Библиотека"}, // the case of the first letter is kept
		{"ploshtatka", "E", "ploshtadka"}, // Latin letters
		{"bibleoteka", "C", "biblioteka"},
		{"бибиотеека", "C", "библиотека"}, // ten letters: two edits
		{"плащатка", "", ""},              // eight letters, two edits: too far
		{"мостт", "F", "мост"},            // five letters
		{"мстт", "", ""},                  // four letters are never corrected
	}
	for _, tt := range tests {
		res := find(t, x, "per_page=100&q="+urlEscape(tt.q))
		if tt.want == "" {
			if res.Total != 0 {
				t.Errorf("q=%s: %v; want nothing", tt.q, ids(res))
			}
			continue
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != tt.want {
			t.Errorf("q=%s: %v; want %s first", tt.q, ids(res), tt.want)
			continue
		}
		if res.Match != dataset.MatchCorrected || len(res.Corrections) != 1 || res.Corrections[0] != (dataset.Correction{Word: tt.q, To: tt.to}) {
			t.Errorf("q=%s: match %s, corrections %v; want corrected to %s", tt.q, res.Match, res.Corrections, tt.to)
		}
		if res.DidYouMean == nil || res.DidYouMean.Q != tt.to || res.DidYouMean.Total != res.Total {
			t.Errorf("q=%s: did you mean %+v; want %s", tt.q, res.DidYouMean, tt.to)
		}
		if h := res.Hits[0].Highlights["title"]; len(h) == 0 {
			t.Errorf("q=%s: the corrected word is not highlighted", tt.q)
		}
	}
}

func TestTyposRankBelowExact(t *testing.T) {
	x := openTest(t, rankRecords())
	// A and B have читалище and село; E has площадка for площатка, and
	// село. All have two words of three, and the exact ones weigh more.
	res := find(t, x, "per_page=100&q=читалище+площатка+село")
	if got := ids(res); len(got) != 3 || got[2] != "E" {
		t.Errorf("got %v; want A and B, then E", got)
	}
	// The corrected query finds no record with all its words: no "did you
	// mean", though the word was corrected.
	res = find(t, x, "per_page=100&q=читалище+площатка")
	if res.Match != dataset.MatchCorrected || res.DidYouMean != nil || res.AllWords != 0 {
		t.Errorf("читалище площатка: match %s, did you mean %+v, all_words %d", res.Match, res.DidYouMean, res.AllWords)
	}
	// An exclusion is never corrected, nor is a code.
	if got := sorted(ids(find(t, x, "q=село+-площатка"))); !slices.Contains(got, "E") {
		t.Errorf("село -площатка excluded E: %v", got)
	}
	if res := find(t, x, "q=BG16RFOP001-1.001-0027-C02"); res.Total != 0 || res.Corrections != nil {
		t.Errorf("a code was corrected: %+v", res)
	}
}

// TestSelectionEverywhere: the facets and the ids a download streams are
// those of exactly the results, whether q matched some words or corrected
// ones.
func TestSelectionEverywhere(t *testing.T) {
	recs := append(truthRecords(t), rankRecords()...)
	x := openTest(t, recs)
	for _, q := range []string{"ремонт читалище библиотека стадион", "енергина ефективност", "площатка", `"село Лепица" мост`} {
		var all []string
		var facetSum int
		for page := 1; ; page++ {
			res := find(t, x, "per_page=10&facets=municipality&page="+strconv.Itoa(page)+"&q="+urlEscape(q))
			if page == 1 {
				for _, v := range res.Facets["municipality"] {
					facetSum += v.Count
				}
				if res.Total == 0 {
					t.Fatalf("q=%s finds nothing", q)
				}
			}
			if len(res.Hits) == 0 {
				break
			}
			all = append(all, ids(res)...)
		}
		var streamed []string
		qq, _ := parseParams("q=" + urlEscape(q))
		if err := x.EachID(context.Background(), qq, func(id string) error { streamed = append(streamed, id); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(streamed, all) {
			t.Errorf("q=%s: the download streams %v; the pages show %v", q, streamed, all)
		}
		if facetSum != len(all) {
			t.Errorf("q=%s: municipality counts add up to %d; %d results", q, facetSum, len(all))
		}
	}
}
