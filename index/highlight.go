package index

import (
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	simplefrag "github.com/blevesearch/bleve/v2/search/highlight/fragmenter/simple"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	index "github.com/blevesearch/bleve_index_api"
)

// highlighted lists the stored fields that get highlights, each with its
// Latin twin (same text, same offsets), the fragment length in characters
// and how many fragments at most.
var highlighted = []struct {
	field, latin string
	size, count  int
}{
	{fTitle, fTitleLat, 400, 1},
	{fText, fTextLat, 160, 3},
}

// newHighlighter makes fragments of HTML-escaped text with the hits in
// <mark> (bleve's html formatter escapes the text around and inside marks).
func newHighlighter(size int) highlight.Highlighter {
	return simple.NewHighlighter(simplefrag.NewFragmenter(size),
		html.NewFragmentFormatter("<mark>", "</mark>"), "…")
}

var highlighters = func() map[string]highlight.Highlighter {
	m := map[string]highlight.Highlighter{}
	for _, h := range highlighted {
		m[h.field] = newHighlighter(h.size)
	}
	return m
}()

// highlight returns the best fragments of the hit's title and text, with
// hits in either the Bulgarian or the Latin copy marked. The caller holds
// x.mu.
func (x *Index) highlight(h *search.DocumentMatch) map[string][]string {
	if len(h.Locations) == 0 {
		return nil
	}
	var out map[string][]string
	var doc index.Document
	for _, hf := range highlighted {
		locs := mergeLocations(h.Locations[hf.field], h.Locations[hf.latin])
		if len(locs) == 0 {
			continue
		}
		if doc == nil {
			var err error
			if doc, err = x.idx.Document(h.ID); err != nil || doc == nil {
				x.logger.Warn("highlight: load document", "id", h.ID, "err", err)
				return out
			}
		}
		dm := &search.DocumentMatch{ID: h.ID, Locations: search.FieldTermLocationMap{hf.field: locs}}
		frags := highlighters[hf.field].BestFragmentsInField(dm, doc, hf.field, hf.count)
		if len(frags) > 0 {
			if out == nil {
				out = map[string][]string{}
			}
			out[hf.field] = frags
		}
	}
	return out
}

// mergeLocations joins the term locations of a field and its Latin twin.
func mergeLocations(a, b search.TermLocationMap) search.TermLocationMap {
	if len(b) == 0 {
		return a
	}
	if len(a) == 0 {
		return b
	}
	out := make(search.TermLocationMap, len(a)+len(b))
	for t, l := range a {
		out[t] = l
	}
	for t, l := range b {
		out["\x00lat:"+t] = append(out["\x00lat:"+t], l...)
	}
	return out
}
