package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/opendata-bg/opendata/dataset"
)

// EachID fetches eachPage ids with its first search, and twice as many
// with each next one up to eachPageMax: every search after another scans
// all the matches again, so few large pages beat many small ones, while the
// first page comes quickly and memory stays bounded.
const (
	eachPage    = 1000
	eachPageMax = 16000
)

// facetSize is how many values each facet returns, at most.
var facetSize = map[string]int{
	"municipality": 300, // Bulgaria has 265 municipalities
	"programme":    50,
	"fund":         20,
	"year":         100,
}

// facetField maps the API's facet names to index fields.
var facetField = map[string]string{
	"municipality": fMunicipality,
	"programme":    fProgramme,
	"fund":         fFund,
	"year":         fYear,
}

// Search answers one page of a query, with facets and highlights. A
// malformed q is an EINVALID error; a search that runs out of time is an
// EUNAVAILABLE one. Answers are cached until the index changes.
func (x *Index) Search(ctx context.Context, q dataset.Query) (dataset.SearchResult, error) {
	q = normalizeQuery(q)
	return x.cache.get(cacheKey(q), func() (dataset.SearchResult, error) { return x.search(ctx, q) })
}

func (x *Index) search(ctx context.Context, q dataset.Query) (dataset.SearchResult, error) {
	out := dataset.SearchResult{Page: q.Page, PerPage: q.PerPage, Hits: []dataset.Hit{}}
	req, text, err := buildRequest(q, false)
	if err != nil {
		return out, err
	}
	req.From, req.Size = (q.Page-1)*q.PerPage, q.PerPage
	gen := x.cache.generation()
	cachedFacets, haveFacets := x.cache.facets(facetKey(q))
	if !haveFacets {
		for _, name := range q.Facets {
			if field, ok := facetField[name]; ok {
				req.AddFacet(name, bleve.NewFacetRequest(field, facetSize[name]))
			}
		}
	}
	res, err := x.searchPage(ctx, req, func(ctx context.Context, res *bleve.SearchResult) {
		var locs map[string]*search.DocumentMatch
		if text != nil && len(res.Hits) > 0 {
			locs = x.locations(ctx, text, res.Hits)
		}
		for _, h := range res.Hits {
			hit := dataset.Hit{ID: h.ID, Score: h.Score}
			if m := locs[h.ID]; m != nil {
				hit.Highlights = x.highlight(m)
			}
			out.Hits = append(out.Hits, hit)
		}
	})
	if err != nil {
		return out, err
	}
	out.Total = res.Total
	out.Facets = cachedFacets
	if !haveFacets && len(q.Facets) > 0 {
		out.Facets = facets(res.Facets)
		x.cache.putFacets(facetKey(q), gen, out.Facets)
	}
	return out, nil
}

// locations finds where the text query matched in the page's hits, for
// their highlights. Asking for locations in the main search would make
// bleve gather them for every match, not just the page's; here a second
// search confined to the page's ids does it. The caller holds x.mu.
func (x *Index) locations(ctx context.Context, text query.Query, hits search.DocumentMatchCollection) map[string]*search.DocumentMatch {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery([]query.Query{query.NewDocIDQuery(ids), text}), len(ids), 0, false)
	req.IncludeLocations = true
	res, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		x.logger.Warn("highlight: locate hits", "err", err)
		return nil
	}
	out := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h
	}
	return out
}

// EachID calls fn with the id of every record the query selects, in its sort
// order, without holding them all in memory (for the downloads): it reads
// pages of ids, each after the last of the one before.
func (x *Index) EachID(ctx context.Context, q dataset.Query, fn func(id string) error) error {
	q = normalizeQuery(q)
	size := x.pageSize
	if size <= 0 {
		size = eachPage
	}
	var after []string
	for {
		req, _, err := buildRequest(q, true)
		if err != nil {
			return err
		}
		req.Size = size
		if after != nil {
			req.SearchAfter = after
		}
		res, err := x.searchPage(ctx, req, nil)
		if err != nil {
			return err
		}
		for _, h := range res.Hits {
			if err := fn(h.ID); err != nil {
				return err
			}
		}
		if len(res.Hits) < req.Size {
			return nil
		}
		after = afterKey(req.Sort, res.Hits[len(res.Hits)-1])
		if x.pageSize <= 0 {
			size = min(size*2, eachPageMax)
		}
	}
}

// searchPage runs one request under its own deadline, holding the index
// only for that long (so that a slow download never holds up a rebuild),
// and calls then (if not nil) with the index still held and the deadline
// still running. At most
// GOMAXPROCS searches run at once, the others wait their turn (within their
// deadline): a search keeps one core busy, and more at once only make all
// of them slower.
func (x *Index) searchPage(ctx context.Context, req *bleve.SearchRequest, then func(context.Context, *bleve.SearchResult)) (*bleve.SearchResult, error) {
	ctx, cancel := x.withTimeout(ctx)
	defer cancel()
	select {
	case x.slots <- struct{}{}:
		defer func() { <-x.slots }()
	case <-ctx.Done():
		return nil, x.searchError(ctx, ctx.Err())
	}
	x.mu.RLock()
	defer x.mu.RUnlock()
	if x.idx == nil {
		return nil, errClosed
	}
	res, err := x.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, x.searchError(ctx, err)
	}
	if then != nil {
		then(ctx, res)
	}
	return res, nil
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

// buildRequest turns a Query into a bleve request (query, filters, sort)
// and returns the text query alone too (nil when q has no words). total
// asks for an order with the id last, total, so that SearchAfter can page
// through it (it costs the id of every hit, so pages of Search do without).
//
// The filters are conjuncts of the query, not a bleve Filter: a conjunction
// leaps through the postings of the rarest clause, where a filter looks at
// every text match. Their boost is zero, so they leave the scores alone.
func buildRequest(q dataset.Query, total bool) (*bleve.SearchRequest, query.Query, error) {
	var text query.Query
	if q.Q != "" {
		bg, latin := queryAnalyzers()
		var err error
		if text, err = textQuery(q.Q, bg, latin); err != nil {
			return nil, nil, err
		}
	}
	filters := filterQueries(q)
	var qq query.Query
	switch {
	case text != nil && len(filters) > 0:
		qq = query.NewConjunctionQuery(append([]query.Query{text}, filters...))
	case text != nil:
		qq = text
	case len(filters) > 0:
		qq = query.NewConjunctionQuery(filters)
	default:
		qq = query.NewMatchAllQuery()
	}
	req := bleve.NewSearchRequest(qq)
	req.Sort = sortOrder(q.Sort, text != nil)
	if !total {
		req.Sort = req.Sort[:1]
	}
	if !slices.ContainsFunc(req.Sort, func(s search.SearchSort) bool { return s.RequiresScoring() }) {
		req.Score = "none"
	}
	return req, text, nil
}

// filterQueries are the query's filters: OR within a name, AND across.
func filterQueries(q dataset.Query) []query.Query {
	var out []query.Query
	anyOf := func(field string, values []string) {
		var alts []query.Query
		for _, v := range values {
			tq := query.NewTermQuery(v)
			tq.SetField(field)
			tq.SetBoost(0)
			alts = append(alts, tq)
		}
		switch len(alts) {
		case 0:
		case 1:
			out = append(out, alts[0])
		default:
			out = append(out, query.NewDisjunctionQuery(alts))
		}
	}
	anyOf(fMunicipality, q.Municipality)
	anyOf(fProgramme, q.Programme)
	anyOf(fFund, q.Fund)
	if q.Contract != "" {
		anyOf(fContract, []string{NormCode(q.Contract)})
	}
	if q.YearFrom != 0 || q.YearTo != 0 {
		from, to := "1900", "2100"
		if q.YearFrom != 0 {
			from = strconv.Itoa(q.YearFrom)
		}
		if q.YearTo != 0 {
			to = strconv.Itoa(q.YearTo)
		}
		incl := true
		rq := query.NewTermRangeInclusiveQuery(from, to, &incl, &incl)
		rq.SetField(fYear)
		rq.SetBoost(0)
		out = append(out, rq)
	}
	if q.BudgetMin != nil || q.BudgetMax != nil {
		incl := true
		nq := query.NewNumericRangeInclusiveQuery(q.BudgetMin, q.BudgetMax, &incl, &incl)
		nq.SetField(fBudget)
		nq.SetBoost(0)
		out = append(out, nq)
	}
	return out
}

// sortOrder maps the API's sort to index sort keys, ending with the id so
// that the order is total (and EachID can page after any hit). Records
// without the sort value come last either way.
func sortOrder(s string, hasText bool) search.SortOrder {
	if s == "" || s == "relevance" && !hasText {
		s = "-published"
		if hasText {
			s = "relevance"
		}
	}
	field := func(name string, desc bool) search.SearchSort {
		return &search.SortField{Field: name, Desc: desc, Type: search.SortFieldAsString, Missing: search.SortFieldMissingLast}
	}
	var first search.SearchSort
	switch s {
	case "relevance":
		first = &search.SortScore{Desc: true}
	case "-budget", "budget":
		first = field(sBudget, s[0] == '-')
	case "-start", "start":
		first = field(sStart, s[0] == '-')
	case "published", "-published":
		first = field(sPublished, s[0] == '-')
	case "title":
		first = field(sTitle, false)
	default:
		first = field(sPublished, true)
	}
	return search.SortOrder{first, &search.SortDocID{}}
}

// afterKey is the SearchAfter key of a hit: its sort values.
func afterKey(order search.SortOrder, h *search.DocumentMatch) []string {
	key := make([]string, len(order))
	for i, s := range order {
		switch s.(type) {
		case *search.SortScore:
			key[i] = strconv.FormatFloat(h.Score, 'g', -1, 64)
		case *search.SortDocID:
			key[i] = h.ID
		default:
			key[i] = h.Sort[i]
		}
	}
	return key
}

// facets converts bleve's facet results; years come in order of the year,
// the others by count.
func facets(in search.FacetResults) map[string][]dataset.FacetValue {
	if len(in) == 0 {
		return nil
	}
	out := make(map[string][]dataset.FacetValue, len(in))
	for name, fr := range in {
		vals := []dataset.FacetValue{}
		if fr.Terms != nil {
			for _, t := range fr.Terms.Terms() {
				vals = append(vals, dataset.FacetValue{Value: t.Term, Count: t.Count})
			}
		}
		if name == "year" {
			slices.SortFunc(vals, func(a, b dataset.FacetValue) int { return strings.Compare(a.Value, b.Value) })
		}
		out[name] = vals
	}
	return out
}
