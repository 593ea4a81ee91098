package api

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/opendata-bg/opendata/dataset"
)

// searchAnswer is one page of search results with their records, the body
// of GET /api/v1/projects and what the search page renders.
type searchAnswer struct {
	Total   uint64                          `json:"total"`
	Page    int                             `json:"page"`
	PerPage int                             `json:"per_page"`
	Results []resultRecord                  `json:"results"`
	Facets  map[string][]dataset.FacetValue `json:"facets"`
	matchInfo
}

// matchInfo says how the results of q were matched (see
// dataset.SearchResult): all words, some, or corrected words.
type matchInfo struct {
	Match       string               `json:"match"`
	AllWords    uint64               `json:"all_words"`
	Corrections []dataset.Correction `json:"corrections"`
	DidYouMean  *dataset.Suggestion  `json:"did_you_mean"`
}

// resultRecord is a record with its search score and highlights. In JSON the
// record's fields come first, then score and highlights, at the same level.
type resultRecord struct {
	dataset.Record
	Score float64
	// Highlights maps a field to fragments of HTML-escaped text with the
	// matches in <mark>; safe to insert as HTML.
	Highlights map[string][]string
}

// MarshalJSON writes the record's fields, then "score" and "highlights".
func (rr resultRecord) MarshalJSON() ([]byte, error) {
	rec, err := json.Marshal(rr.Record)
	if err != nil {
		return nil, err
	}
	hl := rr.Highlights
	if hl == nil {
		hl = map[string][]string{}
	}
	extra, err := json.Marshal(struct {
		Score      float64             `json:"score"`
		Highlights map[string][]string `json:"highlights"`
	}{rr.Score, hl})
	if err != nil {
		return nil, err
	}
	rec = bytes.TrimRight(rec, " \n")
	if len(rec) < 2 || rec[len(rec)-1] != '}' {
		return nil, fmt.Errorf("record %q: unexpected JSON", rr.ID)
	}
	out := make([]byte, 0, len(rec)+len(extra))
	out = append(out, rec[:len(rec)-1]...)
	if len(rec) > 2 {
		out = append(out, ',')
	}
	return append(out, extra[1:]...), nil
}

// render writes the answer as JSON. It appends each result's own JSON
// instead of passing the whole answer through encoding/json, which would
// validate and compact every record's bytes once more.
func (a searchAnswer) render() ([]byte, error) {
	head, err := json.Marshal(struct {
		Total   uint64 `json:"total"`
		Page    int    `json:"page"`
		PerPage int    `json:"per_page"`
		matchInfo
	}{a.Total, a.Page, a.PerPage, a.matchInfo})
	if err != nil {
		return nil, err
	}
	facets := a.Facets
	if facets == nil {
		facets = map[string][]dataset.FacetValue{}
	}
	tail, err := json.Marshal(facets)
	if err != nil {
		return nil, err
	}
	buf := bytes.NewBuffer(make([]byte, 0, 4096*(len(a.Results)+1)))
	buf.Write(head[:len(head)-1])
	buf.WriteString(`,"results":[`)
	for i, rr := range a.Results {
		if i > 0 {
			buf.WriteByte(',')
		}
		b, err := rr.MarshalJSON()
		if err != nil {
			return nil, err
		}
		buf.Write(b)
	}
	buf.WriteString(`],"facets":`)
	buf.Write(tail)
	buf.WriteString("}\n")
	return buf.Bytes(), nil
}

// search runs q on the index and loads each hit's record from the store. A
// hit the store no longer has (the index lags a merge) is left out and
// logged. The context's deadline bounds the search.
func (s *Server) search(ctx context.Context, q dataset.Query) (searchAnswer, error) {
	res, err := s.cfg.Index.Search(ctx, q)
	if err != nil {
		return searchAnswer{}, fmt.Errorf("search: %w", err)
	}
	ans := searchAnswer{
		Total:   res.Total,
		Page:    q.Page,
		PerPage: q.PerPage,
		Results: make([]resultRecord, 0, len(res.Hits)),
		Facets:  res.Facets,
		matchInfo: matchInfo{Match: cmp.Or(res.Match, dataset.MatchAll), AllWords: res.AllWords,
			Corrections: res.Corrections, DidYouMean: res.DidYouMean},
	}
	if ans.Corrections == nil {
		ans.Corrections = []dataset.Correction{}
	}
	if res.Page > 0 {
		ans.Page = res.Page
	}
	if res.PerPage > 0 {
		ans.PerPage = res.PerPage
	}
	if ans.Facets == nil {
		ans.Facets = map[string][]dataset.FacetValue{}
	}
	for _, h := range res.Hits {
		rec, err := s.cfg.Store.Record(h.ID)
		if dataset.ErrorCode(err) == dataset.ENOTFOUND {
			s.log.LogAttrs(ctx, slog.LevelWarn, "indexed record missing from the store", slog.String("id", h.ID))
			continue
		}
		if err != nil {
			return searchAnswer{}, fmt.Errorf("load record %q: %w", h.ID, err)
		}
		ans.Results = append(ans.Results, resultRecord{Record: rec, Score: h.Score, Highlights: h.Highlights})
	}
	for name, vals := range ans.Facets {
		if vals == nil {
			ans.Facets[name] = []dataset.FacetValue{}
		}
	}
	return ans, nil
}
