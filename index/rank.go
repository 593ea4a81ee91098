package index

import (
	"context"
	"encoding/binary"
	"math/bits"
	"slices"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/opendata-bg/opendata/dataset"
)

// Ranking over matching. A record need not have every word of q: records
// with all the words come first, then those with most of them, as
// Elasticsearch's minimum_should_match does, so that a misspelt or
// superfluous word never empties the answer while another word matches.
// A phrase must match, an exclusion must not. A word no record has, of
// fuzzyMinLetters letters or more, is read as the close words the index
// has (fuzzy.go), weighing less than an exact or stemmed match.
//
// Which records q selects depends on q alone, not on the filters, so the
// selection is worked out once per q (and kept until the next write); the
// filters narrow it. A filter never changes which words are needed.

// minShould is how many of n words a record must have at first: all of one
// or two, one fewer of three or four, three quarters of more. If no record
// has that many, one fewer is enough, down to one.
func minShould(n int) int {
	switch {
	case n <= 2:
		return n
	case n <= 4:
		return n - 1
	}
	return (3*n + 3) / 4
}

// textMatch is what q's text selects, before the filters.
type textMatch struct {
	hits        []hitRow // in row order, with the number of words each has; read-only
	words       int      // words of q (phrases and exclusions aside)
	corrections []dataset.Correction
	highlight   query.Query // finds every matched word and phrase in the highlighted fields; nil for none
	suggest     string      // q with its corrections, "" when there are none
	allWords    int         // hits with every word
}

// textMatches returns what q selects, from the cache or the index. The
// result is shared: callers must not change it. The caller holds x.mu and
// c.mu (read).
func (x *Index) textMatches(ctx context.Context, c *columns, q string) (*textMatch, error) {
	if tm, ok := c.matches.getText(q); ok {
		return tm, nil
	}
	bg, latin := queryAnalyzers()
	parts, err := parseText(q, bg, latin)
	if err != nil {
		return nil, err
	}
	tm := &textMatch{words: len(parts.words)}
	var words, phrases, excluded [][]hitRow
	var found []query.Query
	for _, w := range parts.words {
		hits, err := x.partMatches(ctx, c, w.key, w.q)
		if err != nil {
			return nil, x.searchError(ctx, err)
		}
		wq := w.q
		if len(hits) == 0 {
			fix, err := x.correct(ctx, c, w)
			if err != nil {
				return nil, x.searchError(ctx, err)
			}
			if fix != nil {
				hits, wq = fix.hits, fix.q
				tm.corrections = append(tm.corrections, dataset.Correction{Word: w.term.text, To: fix.to})
			}
		}
		if len(hits) > 0 {
			found = append(found, wq)
		}
		words = append(words, hits)
	}
	for _, ph := range parts.phrases {
		hits, err := x.partMatches(ctx, c, ph.key, ph.q)
		if err != nil {
			return nil, x.searchError(ctx, err)
		}
		phrases = append(phrases, hits)
		found = append(found, ph.q)
	}
	for _, ex := range parts.excluded {
		hits, err := x.partMatches(ctx, c, ex.key, ex.q)
		if err != nil {
			return nil, x.searchError(ctx, err)
		}
		excluded = append(excluded, hits)
	}
	tm.hits = rankRows(words, phrases, excluded)
	for _, h := range tm.hits {
		if int(h.words) == tm.words {
			tm.allWords++
		}
	}
	if len(found) > 0 {
		tm.highlight = shownOnly(query.NewDisjunctionQuery(found))
	}
	if len(tm.corrections) > 0 {
		tm.suggest = correctedQ(q, tm.corrections)
	}
	own := len(tm.hits)
	if len(words) == 1 && len(tm.hits) > 0 && &tm.hits[0] == &words[0][0] {
		own = 0 // the word's own matches, held by the parts
	}
	c.matches.putText(q, tm, own)
	return tm, nil
}

// rankRows combines the matches of the words, phrases and exclusions (each
// in row order, read-only) into the selected rows, in row order: every
// phrase, no exclusion, and as many words as the best records have, down
// to minShould of them (see minShould). Scores add up. The result may be
// the one word's matches themselves.
func rankRows(words, phrases, excluded [][]hitRow) []hitRow {
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
		// No record has both words (and the phrases, and no exclusion):
		// one is enough.
		return compact(mergeWords(words, phrases, excluded, 1))
	case len(words) > 0:
		return compact(mergeWords(words, phrases, excluded, uint8(minShould(len(words)))))
	case len(phrases) > 0:
		return compact(subtract(intersect(slices.Clone(phrases[0]), phrases[1:]), excluded))
	}
	return out
}

// mergeWords returns the rows of any of the words (each list in row order,
// each hit one word) that are in every phrase and in no exclusion, with the
// number of words each has and the sum of the scores (the words' in list
// order, then the phrases'), and keeps those with need words or more, or,
// when no row has that many, those with the most any row has.
func mergeWords(words, phrases, excluded [][]hitRow, need uint8) []hitRow {
	rows, hits := 0, 0
	for _, l := range words {
		if len(l) > 0 {
			rows = max(rows, int(l[len(l)-1].row)+1)
		}
		hits += len(l)
	}
	if hits >= rows/32 {
		return countWords(words, phrases, excluded, need, rows)
	}
	return mergeLists(words, phrases, excluded, need)
}

// mergeLists is mergeWords for few matches: the lists are merged at once,
// and only the rows kept are written.
func mergeLists(words, phrases, excluded [][]hitRow, need uint8) []hitRow {
	out, most := mergeNeeding(words, phrases, excluded, need)
	if most < need && most > 0 {
		out, _ = mergeNeeding(words, phrases, excluded, most)
	}
	return out
}

// mergeNeeding is one pass of mergeWords: the rows with need words or
// more, and the most words any row has.
func mergeNeeding(words, phrases, excluded [][]hitRow, need uint8) ([]hitRow, uint8) {
	next := make([]int, len(words)+len(phrases)+len(excluded)) // each list's first row not yet passed
	wn, pn, en := next[:len(words)], next[len(words):len(words)+len(phrases)], next[len(words)+len(phrases):]
	var out []hitRow
	var most uint8
	for {
		row, found := int32(0), false
		for i, l := range words {
			if wn[i] < len(l) && (!found || l[wn[i]].row < row) {
				row, found = l[wn[i]].row, true
			}
		}
		if !found {
			return out, most
		}
		var h hitRow
		first := true
		for i, l := range words {
			if wn[i] < len(l) && l[wn[i]].row == row {
				if first {
					h, first = l[wn[i]], false
				} else {
					h.words++
					h.score += l[wn[i]].score
				}
				wn[i]++
			}
		}
		if !inLists(phrases, pn, row, &h) || inLists(excluded, en, row, nil) {
			continue
		}
		most = max(most, h.words)
		if h.words >= need {
			out = append(out, h)
		}
	}
}

// wordCounts are countWords' arrays by row, kept for the next query.
type wordCounts struct {
	words, phrases []uint8
	score          []float64
}

var wordCountPool = sync.Pool{New: func() any { return new(wordCounts) }}

// countWords is mergeWords for many matches: it counts the words, phrases
// and scores of every row in arrays by row (rows of them, fewer than the
// matches' bytes) and reads the rows kept off them in order, instead of
// merging the lists. Each hit of a word's list is one word.
func countWords(words, phrases, excluded [][]hitRow, need uint8, rows int) []hitRow {
	wc := wordCountPool.Get().(*wordCounts)
	defer wordCountPool.Put(wc)
	if cap(wc.words) < rows {
		wc.words, wc.phrases, wc.score = make([]uint8, rows), make([]uint8, rows), make([]float64, rows)
	}
	nw, np, score := wc.words[:rows], wc.phrases[:rows], wc.score[:rows]
	clear(nw)
	clear(np)
	var reached [256]int // rows that have k words or more, by k
	for _, l := range words {
		for _, h := range l {
			n := nw[h.row]
			if n == 0 {
				score[h.row] = h.score
			} else {
				score[h.row] += h.score
			}
			n++
			nw[h.row] = n
			reached[n]++
		}
	}
	if len(phrases)+len(excluded) == 0 {
		return wordsReached(nw, score, &reached, need)
	}
	for p, l := range phrases {
		for _, h := range l {
			if r := h.row; int(r) < rows && nw[r] > 0 && np[r] == uint8(p) {
				score[r] += h.score
				np[r]++
			}
		}
	}
	for _, l := range excluded {
		for _, h := range l {
			if int(h.row) < rows {
				nw[h.row] = 0
			}
		}
	}
	var byWords [256]int // rows kept with each number of words
	all := uint8(len(phrases))
	for r, n := range nw {
		if n > 0 && np[r] == all {
			byWords[n]++
		}
	}
	most := uint8(0)
	for n := 255; n > 0; n-- {
		if byWords[n] > 0 {
			most = uint8(n)
			break
		}
	}
	need = min(need, most)
	if most == 0 {
		return nil
	}
	kept := 0
	for n := int(need); n < 256; n++ {
		kept += byWords[n]
	}
	out := make([]hitRow, 0, kept)
	for r, n := range nw {
		if n >= need && np[r] == all {
			out = append(out, hitRow{row: int32(r), words: n, score: score[r]})
		}
	}
	return out
}

// wordsReached reads off countWords' arrays the rows with need words or
// more (or the most any row has, when fewer), when no phrase or exclusion
// takes rows away: reached counts them ahead, and the rows are scanned
// eight at a time, skipping eight with fewer words at once.
func wordsReached(nw []uint8, score []float64, reached *[256]int, need uint8) []hitRow {
	most := 0
	for k := 255; k > 0; k-- {
		if reached[k] > 0 {
			most = k
			break
		}
	}
	if most == 0 {
		return nil
	}
	need = min(need, uint8(most))
	out := make([]hitRow, 0, reached[need])
	emit := func(r int) {
		if nw[r] >= need {
			out = append(out, hitRow{row: int32(r), words: nw[r], score: score[r]})
		}
	}
	// A byte b of the eight (at most maxTerms, under 128) is need or more
	// exactly when b + 128 - need has its top bit set, and no sum carries
	// into the next byte.
	add := uint64(128-need) * 0x0101010101010101
	r := 0
	for ; r+8 <= len(nw); r += 8 {
		m := (binary.LittleEndian.Uint64(nw[r:r+8]) + add) & 0x8080808080808080
		for ; m != 0; m &= m - 1 {
			emit(r + bits.TrailingZeros64(m)/8)
		}
	}
	for ; r < len(nw); r++ {
		emit(r)
	}
	return out
}

// inLists advances the cursors of lists (each in row order) to row; with h, it
// reports whether row is in all of them, adding their scores to h's in
// list order, and without, whether it is in any.
func inLists(lists [][]hitRow, next []int, row int32, h *hitRow) bool {
	for i, l := range lists {
		for next[i] < len(l) && l[next[i]].row < row {
			next[i]++
		}
		has := next[i] < len(l) && l[next[i]].row == row
		switch {
		case h == nil && has:
			return true
		case h != nil && !has:
			return false
		case h != nil:
			h.score += l[next[i]].score
		}
	}
	return h != nil
}

// compact returns hits in an array of their own size when theirs is much
// larger (the match cache counts hits, not the arrays that hold them).
func compact(hits []hitRow) []hitRow {
	if cap(hits)-len(hits) > len(hits)/4 {
		return slices.Clone(hits)
	}
	return hits
}

// bothWords returns the rows in both a and b (each in row order), with
// two words and the sum of their scores, in a new slice of their number
// (counted in a first pass: a merge costs less than growing the slice).
func bothWords(a, b []hitRow) []hitRow {
	both := func(fn func(h, g hitRow)) {
		j := 0
		for _, h := range a {
			for j < len(b) && b[j].row < h.row {
				j++
			}
			if j < len(b) && b[j].row == h.row {
				fn(h, b[j])
			}
		}
	}
	n := 0
	both(func(hitRow, hitRow) { n++ })
	if n == 0 {
		return nil
	}
	out := make([]hitRow, 0, n)
	both(func(h, g hitRow) { out = append(out, hitRow{row: h.row, words: 2, score: h.score + g.score}) })
	return out
}

// intersect keeps the rows of out that are in every list, adding their
// scores; all are in row order. It reuses out.
func intersect(out []hitRow, lists [][]hitRow) []hitRow {
	for _, s := range lists {
		n, j := 0, 0
		for _, h := range out {
			for j < len(s) && s[j].row < h.row {
				j++
			}
			if j < len(s) && s[j].row == h.row {
				h.score += s[j].score
				out[n] = h
				n++
			}
		}
		out = out[:n]
	}
	return out
}

// subtract removes from out the rows in any list; all are in row order.
// It reuses out.
func subtract(out []hitRow, lists [][]hitRow) []hitRow {
	for _, s := range lists {
		n, j := 0, 0
		for _, h := range out {
			for j < len(s) && s[j].row < h.row {
				j++
			}
			if j == len(s) || s[j].row != h.row {
				out[n] = h
				n++
			}
		}
		out = out[:n]
	}
	return out
}

// correctedQ writes q with each corrected word replaced by its correction.
func correctedQ(q string, fixes []dataset.Correction) string {
	to := map[string]string{}
	for _, f := range fixes {
		to[f.Word] = f.To
	}
	terms, err := parseQ(q)
	if err != nil {
		return ""
	}
	out := make([]string, 0, len(terms))
	for _, t := range terms {
		s := t.text
		if t.phrase {
			s = `"` + s + `"`
		} else if r, ok := to[s]; ok && !t.negate {
			s = r
		}
		if t.negate {
			s = "-" + s
		}
		out = append(out, s)
	}
	return strings.Join(out, " ")
}
