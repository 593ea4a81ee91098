package index

import (
	"context"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/highlight/highlighter/simple"
	"github.com/blevesearch/bleve/v2/search/query"
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

// shownField reports whether hits in a field are highlighted: the stored
// fields above and their Latin twins.
func shownField(f string) bool {
	for _, hf := range highlighted {
		if f == hf.field || f == hf.latin {
			return true
		}
	}
	return false
}

// shownOnly returns the part of a query (a disjunction of term and phrase
// queries) that searches the highlighted fields, nil when none does: the
// terms of the other fields (names, documents, codes) cost a posting list
// each and give no highlight.
func shownOnly(q query.Query) query.Query {
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		var keep []query.Query
		for _, d := range q.Disjuncts {
			if k := shownOnly(d); k != nil {
				keep = append(keep, k)
			}
		}
		switch len(keep) {
		case 0:
			return nil
		case 1:
			return keep[0]
		}
		return query.NewDisjunctionQuery(keep)
	case *query.TermQuery:
		if !shownField(q.FieldVal) {
			return nil
		}
	case *query.MultiPhraseQuery:
		if !shownField(q.FieldVal) {
			return nil
		}
	case *query.PhraseQuery:
		if !shownField(q.FieldVal) {
			return nil
		}
	}
	return q
}

// highlighters make fragments of HTML-escaped text with the hits in
// <mark>, as bleve's simple highlighter with its html formatter does (the
// text around and inside marks escaped), by field.
var highlighters = func() map[string]highlight.Highlighter {
	m := map[string]highlight.Highlighter{}
	for _, h := range highlighted {
		m[h.field] = simple.NewHighlighter(newRuneFragmenter(h.size), markFormatter{}, "…")
	}
	return m
}()

// pageHighlights returns the highlights of the page's documents (their
// numbers in snap, -1 for none), in the page's order. The searcher of hq
// (see shownOnly) is advanced to each document in turn, which gathers the
// term locations of that document only, and the fragments are drawn from
// the stored fields read by document number (no lookup of the record id).
// The caller holds x.mu.
func (x *Index) pageHighlights(ctx context.Context, snap *scorch.IndexSnapshot, hq query.Query, docs []int64) ([]map[string][]string, error) {
	out := make([]map[string][]string, len(docs))
	order := make([]int, 0, len(docs))
	for i, d := range docs {
		if d >= 0 {
			order = append(order, i)
		}
	}
	if len(order) == 0 || hq == nil {
		return out, nil
	}
	slices.SortFunc(order, func(a, b int) int { return int(docs[a] - docs[b]) })
	searcher, err := hq.Searcher(bm25Context(ctx), snap, x.idx.Mapping(), search.SearcherOptions{Score: "none", IncludeTermVectors: true})
	if err != nil {
		return out, err
	}
	defer searcher.Close()
	sctx := &search.SearchContext{
		DocumentMatchPool: search.NewDocumentMatchPool(searcher.DocumentMatchPoolSize(), 0),
		IndexReader:       snap,
	}
	stored := newSnapshotDocs(snap)
	var locs []search.Location // each document's locations, one after another in one array
	var cur *search.DocumentMatch
	var at int64 = -1 // cur's document number
	for _, i := range order {
		num := docs[i]
		if at < num {
			if cur != nil {
				sctx.DocumentMatchPool.Put(cur)
			}
			id := make([]byte, 8)
			binary.BigEndian.PutUint64(id, uint64(num))
			if cur, err = searcher.Advance(sctx, id); err != nil || cur == nil {
				return out, err
			}
			at = int64(binary.BigEndian.Uint64(cur.IndexInternalID))
		}
		if at != num {
			continue // the document has no hit in the shown fields
		}
		locs = cur.Complete(locs)
		if out[i], err = highlightDoc(stored, cur); err != nil {
			return out, err
		}
	}
	return out, nil
}

// highlightDoc returns the best fragments of a matched document's title
// and text, with hits in either the Bulgarian or the Latin copy marked.
func highlightDoc(stored *snapshotDocs, dm *search.DocumentMatch) (map[string][]string, error) {
	locs := dm.Locations
	if len(locs) == 0 {
		return nil, nil
	}
	var out map[string][]string
	var doc *document.Document
	for _, hf := range highlighted {
		tl := mergeLocations(locs[hf.field], locs[hf.latin])
		if len(tl) == 0 {
			continue
		}
		if doc == nil {
			var err error
			if doc, err = stored.stored(dm.IndexInternalID); err != nil {
				return out, err
			}
		}
		dm := &search.DocumentMatch{Locations: search.FieldTermLocationMap{hf.field: tl}}
		if frags := highlighters[hf.field].BestFragmentsInField(dm, doc, hf.field, hf.count); len(frags) > 0 {
			if out == nil {
				out = map[string][]string{}
			}
			out[hf.field] = frags
		}
	}
	return out, nil
}

// snapshotDocs reads the stored fields of a snapshot's documents by
// number, without looking their ids up.
type snapshotDocs struct {
	segs    []*scorch.SegmentSnapshot
	offsets []uint64 // the first document number of each segment
	text    []byte   // the last document's values, one after another
}

func newSnapshotDocs(snap *scorch.IndexSnapshot) *snapshotDocs {
	d := &snapshotDocs{segs: snap.Segments()}
	d.offsets = make([]uint64, len(d.segs))
	for i := 1; i < len(d.segs); i++ {
		d.offsets[i] = d.offsets[i-1] + uint64(d.segs[i-1].FullSize())
	}
	return d
}

// stored reads the highlighted stored fields (the title and the text) of
// a document. Their values are valid until the next call.
func (d *snapshotDocs) stored(id []byte) (*document.Document, error) {
	if len(id) != 8 || len(d.segs) == 0 {
		return nil, fmt.Errorf("no document %x", id)
	}
	num := binary.BigEndian.Uint64(id)
	s, _ := slices.BinarySearch(d.offsets, num+1) // the first segment after num's
	seg := d.segs[s-1]
	doc := document.NewDocument("")
	d.text = d.text[:0] // the previous document's values are no longer read
	err := seg.VisitDocument(num-d.offsets[s-1], func(name string, typ byte, val []byte, pos []uint64) bool {
		if typ == 't' && shownField(name) {
			// A value keeps its place in text even when text grows into a
			// new array: the old one stays as it was.
			at := len(d.text)
			d.text = append(d.text, val...)
			doc.AddField(document.NewTextField(name, append([]uint64(nil), pos...), d.text[at:len(d.text):len(d.text)]))
		}
		return true
	})
	return doc, err
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
