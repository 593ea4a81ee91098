package index

import (
	"bytes"
	"html"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/highlight"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
)

// runeFragmenter cuts the same fragments as bleve's simple fragmenter (a
// fragment of size characters around each hit, moved back to centre the
// hits it holds), counting characters by their places in the text instead
// of decoding them one by one: bleve's walks up to 2×size characters for
// every hit, and a text with many hits costs as much as a text many times
// longer. A text that is not valid UTF-8, or holds U+FFFD (where bleve's
// stops), is cut by bleve's own fragmenter.
type runeFragmenter struct {
	size int
	slow highlight.Fragmenter
}

func newRuneFragmenter(size int) *runeFragmenter {
	return &runeFragmenter{size: size, slow: simplefrag.NewFragmenter(size)}
}

// Fragment implements highlight.Fragmenter; its result is bleve's.
func (f *runeFragmenter) Fragment(orig []byte, ot highlight.TermLocations) []*highlight.Fragment {
	if len(ot) == 0 {
		return f.slow.Fragment(orig, ot) // the text's first size characters: no table needed
	}
	buf := startsPool.Get().(*[]int32)
	defer startsPool.Put(buf)
	starts, ok := runeStarts(orig, (*buf)[:0])
	if !ok {
		return f.slow.Fragment(orig, ot)
	}
	*buf = starts
	n := len(starts) - 1 // characters
	// at returns the place of the character that starts at byte b, and
	// whether one does.
	at := func(b int) (int, bool) {
		if b < 0 || b > len(orig) {
			return 0, false
		}
		return slices.BinarySearch(starts, int32(b))
	}
	// count is utf8.RuneCount(orig[from:to]).
	count := func(from, to int) int {
		i, ok1 := at(from)
		j, ok2 := at(to)
		if ok1 && ok2 {
			return j - i
		}
		return utf8.RuneCount(orig[from:to])
	}
	var rv []*highlight.Fragment
	maxbegin := 0
	for cur, tl := range ot {
		start := tl.Start
		if start > len(orig) {
			continue // bleve bails out of range
		}
		si, ok := at(start)
		if !ok {
			continue // inside a character: bleve's decoding fails
		}
		// Forward as far as size characters, then back towards maxbegin
		// with what is left.
		used := min(f.size, n-si)
		ei := si + used
		if back := f.size - used; back > 0 && si > 0 {
			lb, _ := slices.BinarySearch(starts[:si], int32(min(maxbegin, len(orig))))
			k := min(back, si-lb)
			si -= k
		}
		start, end := int(starts[si]), int(starts[ei])
		// Centre the hits: move back by half the room left on the
		// narrower side.
		minend := end
		for _, inner := range ot[cur:] {
			if inner.End > end {
				break
			}
			minend = inner.End
		}
		room := count(minend, end)
		roomStart := 0
		if start >= maxbegin {
			roomStart = count(maxbegin, start)
		}
		offset := min(room, roomStart) / 2
		if offset > si {
			continue // bleve's decoding fails at the text's start
		}
		rv = append(rv, &highlight.Fragment{Orig: orig, Start: int(starts[si-offset]), End: int(starts[ei-offset])})
		maxbegin = tl.End
	}
	return rv
}

// startsPool keeps runeStarts' tables for the next text.
var startsPool = sync.Pool{New: func() any { s := make([]int32, 0, 4096); return &s }}

// runeStarts appends to buf the byte offset of each character of a valid
// UTF-8 text without U+FFFD, and len(text) last; false for any other text.
func runeStarts(text []byte, buf []int32) ([]int32, bool) {
	if len(text) >= math.MaxInt32 || !utf8.Valid(text) || bytes.Contains(text, []byte("\uFFFD")) {
		return nil, false
	}
	for i, c := range text {
		if c&0xC0 != 0x80 { // not a continuation byte
			buf = append(buf, int32(i))
		}
	}
	return append(buf, int32(len(text))), true
}

// markFormatter writes a fragment as bleve's html formatter does (the text
// escaped, the hits in <mark>), into one builder instead of adding strings.
type markFormatter struct{}

// Format implements highlight.FragmentFormatter; its result is bleve's.
func (markFormatter) Format(f *highlight.Fragment, ordered highlight.TermLocations) string {
	var b strings.Builder
	b.Grow(f.End - f.Start + 32)
	escape := func(s []byte) { b.WriteString(html.EscapeString(string(s))) }
	curr := f.Start
	for _, tl := range ordered {
		if tl == nil || !tl.ArrayPositions.Equals(f.ArrayPositions) || tl.Start < curr {
			continue
		}
		if tl.End > f.End {
			break
		}
		escape(f.Orig[curr:tl.Start])
		b.WriteString("<mark>")
		escape(f.Orig[tl.Start:tl.End])
		b.WriteString("</mark>")
		curr = tl.End
	}
	escape(f.Orig[curr:f.End])
	return b.String()
}
