package index

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Typo tolerance: a word of q that no record has, of fuzzyMinLetters
// letters or more, is looked up among the index's own terms (the stems of
// the records' words, Cyrillic or Latin) within one edit (two from
// fuzzyTwoEdits letters on), an edit being a letter added, dropped,
// changed, or two neighbours swapped (bleve's Levenshtein automaton with
// transpositions). The closest terms found stand for the word, weighing at
// most fuzzyWeight of an exact match, so that they rank below exact and
// stemmed matches of other words.
const (
	fuzzyMinLetters = 5
	fuzzyTwoEdits   = 9
	fuzzyMaxTerms   = 8   // close terms kept for one word, the most frequent first
	fuzzyWeight     = 0.4 // of an exact match's score
	storedSamples   = 10  // records whose words a correction is read from
)

// fix is a word's correction: the close terms' query, what it matches (in
// row order), and the word it reads the typed word as.
type fix struct {
	q    query.Query
	hits []hitRow
	to   string
}

// correct finds the close terms of a word that matched nothing; nil when
// the word is not one to correct or nothing is close. The caller holds x.mu
// and c.mu (read).
func (x *Index) correct(ctx context.Context, c *columns, w textPart) (*fix, error) {
	t := w.term
	if t.phrase || t.negate || codeLike(t.text) || countLetters(t.text) < fuzzyMinLetters {
		return nil, nil
	}
	if f, ok := c.matches.getFix(w.key); ok {
		return f, nil
	}
	edits := 1
	if countLetters(t.text) >= fuzzyTwoEdits {
		edits = 2
	}
	bg, latin := queryAnalyzers()
	analyzer, fields := bg, bgFields
	if hasLatin(t.text) {
		analyzer, fields = latin, latinFields
	}
	stems := toPhrase(analyzer.Analyze([]byte(t.text)))
	if len(stems) != 1 {
		return nil, nil // a stop word, or several words in one (a-b)
	}
	terms, err := x.closeTerms(fields, stems[0], edits)
	if err != nil || len(terms) == 0 {
		if err == nil {
			c.matches.putFix(w.key, nil)
		}
		return nil, err
	}
	// Built as an exact word's query is (every term in every field: bleve
	// scales a disjunction by its share of matching clauses, and
	// normalizes the boosts of one query), then scaled by fuzzyWeight.
	var alts []query.Query
	for _, ct := range terms {
		for _, f := range fields {
			tq := query.NewTermQuery(ct.term)
			tq.SetField(f.field)
			tq.SetBoost(f.boost)
			alts = append(alts, tq)
		}
	}
	q := query.NewDisjunctionQuery(alts)
	hits, err := x.indexMatches(ctx, c, q, nil, true)
	if err != nil {
		return nil, err
	}
	for i := range hits {
		hits[i].score *= fuzzyWeight
	}
	slices.SortFunc(hits, func(a, b hitRow) int { return cmp.Compare(a.row, b.row) })
	f := &fix{q: q, hits: compact(hits), to: x.surface(ctx, terms[0], t.text, stems[0])}
	c.matches.putFix(w.key, f)
	return f, nil
}

// closeTerm is an index term close to a typed word: in which fields, how
// many edits away, in how many records.
type closeTerm struct {
	term   string
	fields []fieldBoost
	edits  uint8
	count  uint64
}

// closeTerms lists the terms of the fields within edits of any of stems:
// the closest only, the most frequent first, at most fuzzyMaxTerms.
func (x *Index) closeTerms(fields []fieldBoost, stems []string, edits int) ([]closeTerm, error) {
	reader, err := x.reader()
	if err != nil {
		return nil, err
	}
	defer reader.Close()
	fr, ok := reader.(bindex.IndexReaderFuzzy)
	if !ok {
		return nil, fmt.Errorf("index reader %T has no fuzzy dictionary", reader)
	}
	byTerm := map[string]*closeTerm{}
	for _, f := range fields {
		for _, stem := range stems {
			if utf8.RuneCountInString(stem) < 3 {
				continue
			}
			dict, err := fr.FieldDictFuzzy(f.field, stem, edits, "")
			if err != nil {
				return nil, err
			}
			for {
				e, err := dict.Next()
				if err != nil {
					dict.Close()
					return nil, err
				}
				if e == nil {
					break
				}
				if slices.Contains(stems, e.Term) {
					continue
				}
				ct := byTerm[e.Term]
				if ct == nil {
					ct = &closeTerm{term: e.Term, edits: e.EditDistance}
					byTerm[e.Term] = ct
				}
				ct.edits = min(ct.edits, e.EditDistance)
				ct.count += e.Count
				ct.fields = append(ct.fields, f)
			}
			dict.Close()
		}
	}
	out := make([]closeTerm, 0, len(byTerm))
	for _, ct := range byTerm {
		out = append(out, *ct)
	}
	slices.SortFunc(out, func(a, b closeTerm) int {
		return cmp.Or(cmp.Compare(a.edits, b.edits), cmp.Compare(b.count, a.count), strings.Compare(a.term, b.term))
	})
	for i := range out {
		if out[i].edits > out[0].edits {
			out = out[:i]
			break
		}
	}
	return out[:min(len(out), fuzzyMaxTerms)], nil
}

// storedTwin maps a text field to the stored field its offsets point into.
var storedTwin = map[string]string{fTitle: fTitle, fText: fText, fTitleLat: fTitle, fTextLat: fText}

// surface returns the word a correction reads the typed word as: of the
// words of the records' titles and texts that give the term, and the typed
// word with its stem replaced by the term (when that gives the term back),
// the one closest to what was typed, a record's word on a tie; in Latin
// letters when it was typed so.
func (x *Index) surface(ctx context.Context, ct closeTerm, typed string, stems []string) string {
	latin := hasLatin(typed)
	lower := strings.ToLower(typed)
	best, bestDist := "", 0
	consider := func(w string) {
		if d := editDistance(w, lower); best == "" || d < bestDist || d == bestDist && w < best {
			best, bestDist = w, d
		}
	}
	for _, w := range x.storedWords(ctx, ct) {
		w = strings.ToLower(w)
		if latin {
			w = strings.ToLower(Translit(w))
		}
		consider(w)
	}
	for _, s := range stems {
		if !strings.HasPrefix(lower, s) {
			continue
		}
		w := ct.term + lower[len(s):]
		if gives(w, ct.term) && (best == "" || editDistance(w, lower) < bestDist) {
			best, bestDist = w, editDistance(w, lower)
		}
	}
	if best == "" {
		best = ct.term
	}
	if r, _ := utf8.DecodeRuneInString(typed); unicode.IsUpper(r) {
		r0, n := utf8.DecodeRuneInString(best)
		best = string(unicode.ToUpper(r0)) + best[n:]
	}
	return best
}

// gives reports whether a word analyzes to the term (by the analyzer of
// its script).
func gives(word, term string) bool {
	bg, latin := queryAnalyzers()
	a := bg
	if hasLatin(word) {
		a = latin
	}
	for _, t := range a.Analyze([]byte(word)) {
		if string(t.Term) == term {
			return true
		}
	}
	return false
}

// storedWords returns the words of a few records' stored titles and texts
// that the term was indexed from: the first storedSamples records that
// have it (what a search of the term by bleve with no score returns first).
// The caller holds x.mu.
func (x *Index) storedWords(ctx context.Context, ct closeTerm) []string {
	tq := storedTermQuery(ct)
	if tq == nil {
		return nil
	}
	reader, err := x.reader()
	if err != nil {
		x.logger.Warn("correction: find the word", "term", ct.term, "err", err)
		return nil
	}
	defer reader.Close()
	snap, ok := reader.(*scorch.IndexSnapshot)
	if !ok {
		return nil
	}
	searcher, err := tq.Searcher(bm25Context(ctx), snap, x.idx.Mapping(), search.SearcherOptions{Score: "none", IncludeTermVectors: true})
	if err != nil {
		x.logger.Warn("correction: find the word", "term", ct.term, "err", err)
		return nil
	}
	defer searcher.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0), IndexReader: snap}
	docs := newSnapshotDocs(snap)
	var out []string
	for range storedSamples {
		h, err := searcher.Next(sctx)
		if err != nil || h == nil {
			if err != nil {
				x.logger.Warn("correction: find the word", "term", ct.term, "err", err)
			}
			break
		}
		h.Complete(nil)
		doc, err := docs.stored(h.IndexInternalID)
		if err != nil {
			continue
		}
		for field, terms := range h.Locations {
			for _, l := range terms[ct.term] {
				out = append(out, wordAt(doc, storedTwin[field], l)...)
			}
		}
	}
	return out
}

// storedTermQuery finds the term in the fields of ct that have a stored
// twin; nil when none has.
func storedTermQuery(ct closeTerm) query.Query {
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
	return query.NewDisjunctionQuery(alts)
}

// wordAt returns the text of a stored field at a term's location.
func wordAt(doc bindex.Document, field string, l *search.Location) []string {
	var out []string
	doc.VisitFields(func(f bindex.Field) {
		if f.Name() != field || !slices.Equal(f.ArrayPositions(), []uint64(l.ArrayPositions)) {
			return
		}
		v := f.Value()
		if l.Start <= l.End && int(l.End) <= len(v) && utf8.Valid(v[l.Start:l.End]) {
			out = append(out, string(v[l.Start:l.End]))
		}
	})
	return out
}

// countLetters counts the letters of s.
func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// editDistance is the optimal string alignment distance of a and b, in
// letters: added, dropped or changed letters and swapped neighbours.
func editDistance(a, b string) int {
	x, y := []rune(a), []rune(b)
	prev2 := make([]int, len(y)+1)
	prev := make([]int, len(y)+1)
	cur := make([]int, len(y)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(x); i++ {
		cur[0] = i
		for j := 1; j <= len(y); j++ {
			cost := 1
			if x[i-1] == y[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && x[i-1] == y[j-2] && x[i-2] == y[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(y)]
}
