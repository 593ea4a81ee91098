package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/opendata-bg/opendata/dataset"
)

// facetSize is how many values each facet returns, at most.
var facetSize = map[string]int{
	"municipality": 300, // Bulgaria has 265 municipalities
	"programme":    50,
	"fund":         20,
	"year":         100,
	"register":     4,
	// municipality codes: 265
	"municipality_code": 300,
}

// facetField maps the API's facet names to index fields.
var facetField = map[string]string{
	"municipality":      fMunicipality,
	"programme":         fProgramme,
	"fund":              fFund,
	"year":              fYear,
	"register":          fRegister,
	"municipality_code": fMuniCode,
}

// Search answers one page of a query, with facets and highlights. A
// malformed q is an EINVALID error; a search that runs out of time is an
// EUNAVAILABLE one. Answers are cached until the index changes.
func (x *Index) Search(ctx context.Context, q dataset.Query) (dataset.SearchResult, error) {
	q = normalizeQuery(q)
	return x.cache.get(cacheKey(q), func() (dataset.SearchResult, error) { return x.search(ctx, q) })
}

// search selects the rows of q (see selectRows), counts the facets and
// orders the page from the columns, and asks the index for the highlights
// of the page's hits only (see pageHighlights).
func (x *Index) search(ctx context.Context, q dataset.Query) (dataset.SearchResult, error) {
	out := dataset.SearchResult{Page: q.Page, PerPage: q.PerPage, Hits: []dataset.Hit{}}
	ctx, cancel := x.withTimeout(ctx)
	defer cancel()
	err := x.withColumns(ctx, func(c *columns) error {
		from := (q.Page - 1) * q.PerPage
		sel, page, err := x.selectPage(ctx, c, q, from+q.PerPage)
		if err != nil {
			return err
		}
		defer sel.release() // page is a copy
		out.Total = uint64(len(sel.hits))
		out.Facets = x.facets(c, q, sel)
		if err := x.describeMatch(ctx, c, q, sel, &out); err != nil {
			return err
		}
		if from >= len(page) {
			return nil
		}
		for _, h := range page[from:] {
			out.Hits = append(out.Hits, dataset.Hit{ID: c.ids[h.row], Score: h.score})
		}
		if sel.text == nil || sel.text.highlight == nil {
			return nil
		}
		reader, err := x.reader()
		if err != nil {
			return err
		}
		defer reader.Close()
		snap, ok := reader.(*scorch.IndexSnapshot)
		if !ok {
			return fmt.Errorf("unexpected index reader %T", reader)
		}
		docs, err := c.rowDocs(snap, page[from:])
		if err != nil {
			return err
		}
		c.mu.RUnlock() // the highlights need only the index
		defer c.mu.RLock()
		hl, err := x.pageHighlights(ctx, snap, sel.text.highlight, docs)
		if err != nil {
			x.logger.Warn("highlight the hits", "err", err)
		}
		for i, m := range hl {
			out.Hits[i].Highlights = m
		}
		return nil
	})
	return out, err
}

// describeMatch says in out how the selection was matched: all words,
// some, or corrected words, with a "did you mean" when q with its
// corrections finds more records with all its words. The caller holds x.mu
// and c.mu (read).
func (x *Index) describeMatch(ctx context.Context, c *columns, q dataset.Query, sel selection, out *dataset.SearchResult) error {
	out.Match, out.AllWords = dataset.MatchAll, out.Total
	tm := sel.text
	if tm == nil {
		return nil
	}
	out.AllWords = 0
	for _, h := range sel.hits {
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
	if tm.suggest == "" || tm.suggest == q.Q {
		return nil
	}
	sq := q
	sq.Q = tm.suggest
	alt, err := x.selectRows(ctx, c, sq)
	if dataset.ErrorCode(err) == dataset.EINVALID {
		return nil
	}
	if err != nil {
		return err
	}
	defer alt.release()
	// As typed, no record has every word (a corrected word matched
	// nothing): the corrected q finds more when some record has all its.
	if alt.text.allWords > 0 {
		out.DidYouMean = &dataset.Suggestion{Q: tm.suggest, Total: uint64(len(alt.hits))}
	}
	return nil
}

// selectPage returns q's selection and its first k hits in order. The
// selection of every record (no q, no filter) comes sorted from the
// columns' cache, shared: neither result may be changed. The caller holds
// x.mu and c.mu (read).
func (x *Index) selectPage(ctx context.Context, c *columns, q dataset.Query, k int) (selection, []hitRow, error) {
	if q.Empty() {
		all := c.sortedAll(orderOf(q.Sort, false))
		return selection{hits: all, all: true}, all[:min(k, len(all))], nil
	}
	sel, err := x.selectRows(ctx, c, q)
	if err != nil {
		return sel, nil, err
	}
	return sel, c.top(orderOf(q.Sort, sel.text != nil), sel.hits, k), nil
}

// facets counts the facets q asks for over the hits, or takes them from
// the cache: every sort and page of one selection has the same counts. The
// caller holds c.mu (read).
func (x *Index) facets(c *columns, q dataset.Query, sel selection) map[string][]dataset.FacetValue {
	if len(q.Facets) == 0 {
		return nil
	}
	gen := x.cache.generation()
	key := facetKey(q)
	if f, ok := x.cache.facets(key); ok {
		return f
	}
	f := c.countFacets(q.Facets, sel.hits, sel.all)
	x.cache.putFacets(key, gen, f)
	return f
}

// withColumns calls fn with the columns read-locked and the index held,
// once a search slot is free (at most GOMAXPROCS searches run at once, the
// others wait their turn within their deadline: a search keeps one core
// busy, and more at once only make all of them slower).
func (x *Index) withColumns(ctx context.Context, fn func(c *columns) error) error {
	select {
	case x.slots <- struct{}{}:
		defer func() { <-x.slots }()
	case <-ctx.Done():
		return x.searchError(ctx, ctx.Err())
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil || x.cols == nil {
		return errClosed
	}
	if err := ctx.Err(); err != nil {
		return x.searchError(ctx, err)
	}
	c := x.cols
	c.mu.RLock()
	defer c.mu.RUnlock()
	return fn(c)
}

// EachID calls fn with the id of every record the query selects, in its
// sort order (records of equal sort value in id order), for the downloads.
// It selects and orders the ids at once, as one search does, and calls fn
// with nothing held, so that a slow download never holds up a write.
func (x *Index) EachID(ctx context.Context, q dataset.Query, fn func(id string) error) error {
	q = normalizeQuery(q)
	var ids []string
	sctx, cancel := x.withTimeout(ctx)
	err := x.withColumns(sctx, func(c *columns) error {
		sel, hits, err := x.selectPage(sctx, c, q, math.MaxInt)
		if err != nil {
			return err
		}
		defer sel.release() // hits is a copy
		ids = make([]string, len(hits))
		for i, h := range hits {
			ids[i] = c.ids[h.row]
		}
		return nil
	})
	cancel()
	if err != nil {
		return err
	}
	for i, id := range ids {
		if i%1024 == 0 && ctx.Err() != nil {
			return fmt.Errorf("search: %w", ctx.Err())
		}
		if err := fn(id); err != nil {
			return err
		}
	}
	return nil
}

func (x *Index) withTimeout(ctx context.Context) (context.Context, context.CancelFunc) {
	t := x.Timeout
	if t <= 0 {
		t = DefaultTimeout
	}
	if d, ok := ctx.Deadline(); ok && t > 0 && d.Before(time.Now().Add(t)) {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, t)
}

// searchError turns what bleve returned into an application error.
func (x *Index) searchError(ctx context.Context, err error) error {
	switch {
	case errors.Is(err, context.Canceled) || ctx.Err() == context.Canceled:
		return fmt.Errorf("search: %w", context.Canceled)
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded:
		x.logger.Warn("search ran out of time", "err", err)
		return dataset.Errorf(dataset.EUNAVAILABLE, "the search took too long; try a more specific query")
	case strings.Contains(err.Error(), "TooManyClauses"):
		return dataset.Errorf(dataset.EINVALID, "the query matches too many codes or words at once; type more of the code or word")
	}
	var de *dataset.Error
	if errors.As(err, &de) {
		return err
	}
	return fmt.Errorf("search: %w", err)
}

// normalizeQuery applies the defaults and limits ParseQuery applies, for
// callers that build a Query themselves.
func normalizeQuery(q dataset.Query) dataset.Query {
	if q.Page < 1 {
		q.Page = 1
	}
	q.Page = min(q.Page, dataset.MaxPage)
	if q.PerPage < 1 {
		q.PerPage = dataset.DefaultPerPage
	}
	q.PerPage = min(q.PerPage, dataset.MaxPerPage)
	q.Q = strings.TrimSpace(q.Q)
	return q
}

// queryAnalyzers returns the two analyzers the query side needs (bleve's
// analyzers are safe for concurrent use). It runs after init has
// registered them.
var queryAnalyzers = sync.OnceValues(func() (bg, latin analysis.Analyzer) {
	c := registry.NewCache()
	bg, err := c.AnalyzerNamed(AnalyzerBG)
	must(err)
	latin, err = c.AnalyzerNamed(AnalyzerLatin)
	must(err)
	return bg, latin
})
