package index

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/opendata-bg/opendata/dataset"
)

// TestSearchSameAsReference guards the fast paths of a search (filters
// over the compact columns, facets counted at once, the page's highlights
// found by advancing the index's own searchers and read from the stored
// fields by document number) against the plain way of doing each: every
// row tested whole, every facet counted value by value, the page sorted
// whole, the highlights asked of bleve's search API by record id and drawn
// by bleve's own highlighter from the document bleve loads by id. The
// index is written in several batches, with records replaced and deleted,
// so that it has several segments and deleted documents.
func TestSearchSameAsReference(t *testing.T) {
	g := newGenerator(truthRecords(t))
	x := openTest(t, nil)
	x.cache = newResultCache(0)
	const n = 2400
	for i := 0; i < n; i += 400 {
		var recs []dataset.Record
		for j := i; j < i+400; j++ {
			recs = append(recs, g.record(j))
		}
		if err := x.Put(recs); err != nil {
			t.Fatal(err)
		}
	}
	var again []dataset.Record // replaced: their old documents are deleted
	var gone []string
	for j := 0; j < n; j += 37 {
		r := g.record(j)
		r.Title += " – втори етап на ремонт"
		again = append(again, r)
		gone = append(gone, g.record(j+11).ID)
	}
	if err := x.Put(again); err != nil {
		t.Fatal(err)
	}
	if err := x.Delete(gone); err != nil {
		t.Fatal(err)
	}
	queries := append(benchWorkload(300),
		"q=ремонт&per_page=100", "q=ремонт&per_page=100&page=3", "q=улици ремонт&facets=municipality,programme,fund,year,register",
		`q="енергийна ефективност"&per_page=50`, `q="детска градина" ремонт`, "q=remont ulitsi&per_page=40",
		"q=рехабилитацья&per_page=60", "q=obshtna peshtrea", "q=енергина ефективност&facets=year",
		"q=BG16RFOP001-1.001&per_page=100", "q=училище -ремонт&sort=-budget", "q=парк&sort=title&per_page=100",
		"facets=municipality,programme,fund,year,register&per_page=100&page=7",
		"municipality=Пещера&municipality=Варна&year_from=2014&year_to=2016&facets=year,fund",
		"programme=&budget_min=100000&sort=budget", "q=ремонт&municipality=Пловдив&year_from=2019&per_page=100",
		"q=космодрум", "q=пазар космодрум&facets=municipality", "q=ремонт&updated_since=2026-11-03",
		"q=училище&sort=-updated&per_page=100", "q=парк&sort=start", "q=улици&sort=published&per_page=100&page=2",
		"q=ремонт училище&sort=-budget&per_page=100&page=2", "q=obnovyavane&sort=updated&per_page=100")
	ctx := context.Background()
	var marked, faceted, deep int // what the comparisons covered
	for _, params := range queries {
		v, err := url.ParseQuery(escapeParams(params))
		if err != nil {
			t.Fatal(err)
		}
		q, err := dataset.ParseQuery(v)
		if err != nil {
			t.Fatalf("%s: %v", params, err)
		}
		got, gotErr := x.Search(ctx, q)
		want, wantErr := refSearch(ctx, x, q)
		if (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("%s: error %v, the reference's %v", params, gotErr, wantErr)
		}
		for _, h := range want.Hits {
			if len(h.Highlights) > 0 {
				marked++
			}
		}
		if len(want.Facets) > 0 {
			faceted++
		}
		if len(want.Hits) > 0 && want.Page > 1 {
			deep++
		}
		if got.Page == 1 {
			var all []string
			if err := x.EachID(ctx, q, func(id string) error { all = append(all, id); return nil }); err != nil {
				t.Fatal(err)
			}
			if want := refOrder(x, q); !slices.Equal(all, want) {
				t.Errorf("%s: the download's %d ids are not the %d of the answer, in its order", params, len(all), len(want))
			}
		}
		gj, _ := json.Marshal(got)
		wj, _ := json.Marshal(want)
		if string(gj) != string(wj) {
			t.Errorf("%s:\n got  %s\n want %s", params, gj, wj)
		}
	}
	t.Logf("compared %d highlighted hits, %d answers with facets, %d later pages", marked, faceted, deep)
	if marked < 1000 || faceted < 50 || deep < 10 {
		t.Errorf("the comparisons covered %d highlighted hits, %d answers with facets, %d later pages", marked, faceted, deep)
	}
}

// refSearch answers q the plain way (see TestSearchSameAsReference).
func refSearch(ctx context.Context, x *Index, q dataset.Query) (dataset.SearchResult, error) {
	q = normalizeQuery(q)
	out := dataset.SearchResult{Page: q.Page, PerPage: q.PerPage, Hits: []dataset.Hit{}}
	x.mu.RLock()
	defer x.mu.RUnlock()
	c := x.cols
	c.mu.RLock()
	defer c.mu.RUnlock()
	tm, hits, err := refSelect(ctx, x, c, q)
	if err != nil {
		return out, err
	}
	out.Total = uint64(len(hits))
	if len(q.Facets) > 0 {
		out.Facets = refFacets(c, q.Facets, hits)
	}
	out.Match, out.AllWords = dataset.MatchAll, out.Total
	if tm != nil {
		out.AllWords = 0
		for _, h := range hits {
			if int(h.words) == tm.words {
				out.AllWords++
			}
		}
		switch {
		case len(tm.corrections) > 0:
			out.Match = dataset.MatchCorrected
			out.Corrections = slices.Clone(tm.corrections)
		case out.AllWords < out.Total:
			out.Match = dataset.MatchSome
		}
		if tm.suggest != "" && tm.suggest != q.Q {
			sq := q
			sq.Q = tm.suggest
			if alt, altHits, err := refSelect(ctx, x, c, sq); err == nil && alt.allWords > 0 {
				out.DidYouMean = &dataset.Suggestion{Q: tm.suggest, Total: uint64(len(altHits))}
			}
		}
	}
	sorted := refSort(c, orderOf(q.Sort, tm != nil), hits)
	from := (q.Page - 1) * q.PerPage
	if from >= len(sorted) {
		return out, nil
	}
	page := sorted[from:min(len(sorted), from+q.PerPage)]
	var ids []string
	for _, h := range page {
		ids = append(ids, c.ids[h.row])
		out.Hits = append(out.Hits, dataset.Hit{ID: c.ids[h.row], Score: h.score})
	}
	if tm == nil {
		return out, nil
	}
	hq, err := refHighlightQuery(ctx, x, c, q.Q)
	if err != nil || hq == nil {
		return out, err
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), hq}), len(ids), 0, false)
	req.IncludeLocations = true
	req.Score = "none"
	res, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		return out, err
	}
	for _, m := range res.Hits {
		for i := range out.Hits {
			if out.Hits[i].ID == m.ID {
				out.Hits[i].Highlights = refHighlight(x, m)
			}
		}
	}
	return out, nil
}

// refOrder returns the ids of every record q selects, in its order.
func refOrder(x *Index, q dataset.Query) []string {
	q = normalizeQuery(q)
	x.mu.RLock()
	defer x.mu.RUnlock()
	c := x.cols
	c.mu.RLock()
	defer c.mu.RUnlock()
	tm, hits, err := refSelect(context.Background(), x, c, q)
	if err != nil {
		return nil
	}
	var out []string
	for _, h := range refSort(c, orderOf(q.Sort, tm != nil), hits) {
		out = append(out, c.ids[h.row])
	}
	return out
}

// refSort sorts a copy of hits, comparing their rows.
func refSort(c *columns, o rowOrder, hits []hitRow) []hitRow {
	rank, trank := c.idRanks(), c.titleRanks()
	sorted := slices.Clone(hits)
	slices.SortFunc(sorted, func(a, b hitRow) int { return refCompare(c, o, rank, trank, a, b) })
	return sorted
}

// refSelect is q's text match (nil without q) and its hits, every row
// tested whole.
func refSelect(ctx context.Context, x *Index, c *columns, q dataset.Query) (*textMatch, []hitRow, error) {
	var tm *textMatch
	var hits []hitRow
	if q.Q != "" {
		var err error
		if tm, err = x.textMatches(ctx, c, q.Q); err != nil {
			return nil, nil, err
		}
		hits = slices.Clone(tm.hits)
	} else {
		for i := range c.rows {
			hits = append(hits, hitRow{row: int32(i)})
		}
	}
	if q.Contract != "" {
		code := NormCode(q.Contract)
		tq := query.NewTermQuery(code)
		tq.SetField(fContract)
		tq.SetBoost(0)
		byContract, err := x.partMatches(ctx, c, "c:"+code, tq)
		if err != nil {
			return nil, nil, err
		}
		if tm == nil {
			hits = slices.Clone(byContract)
		} else {
			hits = intersect(hits, [][]hitRow{byContract})
		}
	}
	f := c.compileFilter(q)
	var out []hitRow
	for _, h := range hits {
		if r := &c.rows[h.row]; r.alive && f.match(r) {
			out = append(out, h)
		}
	}
	return tm, out, nil
}

// refFacets counts each facet value by value from the rows.
func refFacets(c *columns, names []string, hits []hitRow) map[string][]dataset.FacetValue {
	var out map[string][]dataset.FacetValue
	for _, name := range names {
		if _, ok := facetField[name]; !ok {
			continue
		}
		counts := map[string]int{}
		for _, h := range hits {
			r := &c.rows[h.row]
			switch name {
			case "municipality":
				if r.muni >= 0 {
					counts[c.munis.values[r.muni]]++
				}
			case "programme":
				if r.prog >= 0 {
					counts[c.progs.values[r.prog]]++
				}
			case "fund":
				for _, f := range r.funds {
					counts[c.funds.values[f]]++
				}
			case "year":
				for y := int(r.yFrom); y != 0 && y <= int(r.yTo); y++ {
					counts[strconv.Itoa(y)]++
				}
			case "register":
				if r.register >= 0 {
					counts[dataset.RegisterFacets[r.register]]++
				}
			}
		}
		vals := []dataset.FacetValue{}
		for v, n := range counts {
			vals = append(vals, dataset.FacetValue{Value: v, Count: n})
		}
		slices.SortFunc(vals, func(a, b dataset.FacetValue) int {
			return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Value, b.Value))
		})
		vals = vals[:min(len(vals), facetSize[name])]
		if name == "year" {
			slices.SortFunc(vals, func(a, b dataset.FacetValue) int { return cmp.Compare(a.Value, b.Value) })
		}
		if out == nil {
			out = map[string][]dataset.FacetValue{}
		}
		out[name] = vals
	}
	return out
}

// refHighlightQuery is every matched word (or its correction) and phrase
// of q in every field it is searched in.
func refHighlightQuery(ctx context.Context, x *Index, c *columns, q string) (query.Query, error) {
	bg, latin := queryAnalyzers()
	parts, err := parseText(q, bg, latin)
	if err != nil {
		return nil, err
	}
	var found []query.Query
	for _, w := range parts.words {
		hits, err := x.partMatches(ctx, c, w.key, w.q)
		if err != nil {
			return nil, err
		}
		if len(hits) > 0 {
			found = append(found, w.q)
			continue
		}
		fix, err := x.correct(ctx, c, w)
		if err != nil {
			return nil, err
		}
		if fix != nil && len(fix.hits) > 0 {
			found = append(found, fix.q)
		}
	}
	for _, ph := range parts.phrases {
		found = append(found, ph.q)
	}
	if len(found) == 0 {
		return nil, nil
	}
	return query.NewDisjunctionQuery(found), nil
}

// refHighlight draws the fragments of a hit with bleve's simple
// highlighter, from the document bleve loads by id.
func refHighlight(x *Index, h *search.DocumentMatch) map[string][]string {
	if len(h.Locations) == 0 {
		return nil
	}
	doc, err := x.idx.Document(h.ID)
	if err != nil || doc == nil {
		panic(fmt.Sprintf("load %s: %v", h.ID, err))
	}
	var out map[string][]string
	for _, hf := range highlighted {
		locs := mergeLocations(h.Locations[hf.field], h.Locations[hf.latin])
		if len(locs) == 0 {
			continue
		}
		dm := &search.DocumentMatch{ID: h.ID, Locations: search.FieldTermLocationMap{hf.field: locs}}
		if frags := refHighlighter(hf.size).BestFragmentsInField(dm, doc, hf.field, hf.count); len(frags) > 0 {
			if out == nil {
				out = map[string][]string{}
			}
			out[hf.field] = frags
		}
	}
	return out
}

// refCompare orders two hits the plain way, reading their rows; rank is
// idRanks', trank titleRanks'.
func refCompare(c *columns, o rowOrder, rank, trank []int32, a, b hitRow) int {
	if a.words != b.words {
		return cmp.Compare(b.words, a.words) // the records with more words of q first, in any order
	}
	ra, rb := &c.rows[a.row], &c.rows[b.row]
	n := 0
	switch o.kind {
	case byScore:
		n = cmp.Compare(b.score, a.score)
	case byBudget:
		n = compareMissingLast(ra.budget, rb.budget, ra.budget < 0, rb.budget < 0, o.desc)
	case byStart:
		n = compareMissingLast(ra.start, rb.start, ra.start == 0, rb.start == 0, o.desc)
	case byPublished:
		n = compareMissingLast(ra.published, rb.published, ra.published == 0, rb.published == 0, o.desc)
	case byUpdated:
		n = compareMissingLast(ra.updated, rb.updated, ra.updated == 0, rb.updated == 0, o.desc)
	case byTitle:
		ta, tb := trank[a.row], trank[b.row]
		n = compareMissingLast(ta, tb, ta < 0, tb < 0, o.desc)
	}
	if n != 0 {
		return n
	}
	return cmp.Compare(rank[a.row], rank[b.row])
}
func compareMissingLast[T cmp.Ordered](a, b T, noA, noB, desc bool) int {
	switch {
	case noA && noB:
		return 0
	case noA:
		return 1
	case noB:
		return -1
	case desc:
		return cmp.Compare(b, a)
	}
	return cmp.Compare(a, b)
}

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

// refHighlighter is bleve's simple highlighter with bleve's simple
// fragmenter and html formatter.
func refHighlighter(size int) highlight.Highlighter {
	return simple.NewHighlighter(simplefrag.NewFragmenter(size), html.NewFragmentFormatter("<mark>", "</mark>"), "…")
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
	var alts []query.Query
	for _, f := range ct.fields {
		if _, ok := storedTwin[f.field]; ok {
			tq := query.NewTermQuery(ct.term)
			tq.SetField(f.field)
			alts = append(alts, tq)
		}
	}
	if len(alts) == 0 {
		return nil
	}
	req := bleve.NewSearchRequestOptions(query.NewDisjunctionQuery(alts), storedSamples, 0, false)
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
