package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/opendata-bg/opendata/dataset"
)

// registerProjectRoutes registers the search, one record and its history.
// An id may contain "/" (21/321/01329), sent as is or as %2F; the history
// route is registered first so that ".../history" is not read as an id.
func (s *Server) registerProjectRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	r.HandleFunc("/api/v1/projects", s.limited(1, s.handleSearch)).Methods(get...)
	r.HandleFunc("/api/v1/projects/{id:.+}/history", s.handleHistory).Methods(get...)
	r.HandleFunc("/api/v1/projects/{id:.+}", s.handleRecord).Methods(get...)
}

// normalizedQuery is the canonical text of q for ETags: the selection plus
// the page, the page size and the facets.
func normalizedQuery(q dataset.Query) string {
	v := q.Values()
	v.Set("page", strconv.Itoa(q.Page))
	v.Set("per_page", strconv.Itoa(q.PerPage))
	if len(q.Facets) > 0 {
		v.Set("facets", strings.Join(q.Facets, ","))
	}
	return v.Encode()
}

// handleSearch answers GET /api/v1/projects.
func (s *Server) handleSearch(w http.ResponseWriter, r *http.Request) {
	q, err := parseQuery(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	etag, err := s.dataETag("search", normalizedQuery(q))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if notModified(w, r, etag, cacheData) {
		return
	}
	body, ok := s.cache.get(etag)
	link, _ := s.cache.get(etag + "\x00link")
	if s.cache != nil {
		s.metrics.cacheLookup("search", ok)
	}
	if !ok || link == nil {
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.SearchTimeout)
		defer cancel()
		ans, err := s.search(ctx, q)
		if err != nil {
			s.problem(w, r, err)
			return
		}
		if body, err = ans.render(); err != nil {
			s.problem(w, r, err)
			return
		}
		link = []byte(searchLinkHeader(q, ans.Total))
		s.cache.put(etag, body)
		s.cache.put(etag+"\x00link", link)
	}
	w.Header().Set("Link", string(link))
	writeBody(w, "application/json; charset=utf-8", body)
}

// searchLinkHeader is the Link header (RFC 8288) of a search page: first, prev,
// next and last, with the same parameters.
func searchLinkHeader(q dataset.Query, total uint64) string {
	last := int((total + uint64(q.PerPage) - 1) / uint64(q.PerPage))
	last = min(max(last, 1), dataset.MaxPage)
	link := func(page int, rel string) string {
		v := q.Values()
		v.Set("page", strconv.Itoa(page))
		v.Set("per_page", strconv.Itoa(q.PerPage))
		if len(q.Facets) > 0 {
			v.Set("facets", strings.Join(q.Facets, ","))
		}
		return "</api/v1/projects?" + v.Encode() + `>; rel="` + rel + `"`
	}
	parts := []string{link(1, "first")}
	if q.Page > 1 {
		parts = append(parts, link(min(q.Page-1, last), "prev"))
	}
	if q.Page < last {
		parts = append(parts, link(q.Page+1, "next"))
	}
	return strings.Join(append(parts, link(last, "last")), ", ")
}

// handleRecord answers GET /api/v1/projects/{id}.
func (s *Server) handleRecord(w http.ResponseWriter, r *http.Request) {
	id, err := pathVar(r, "id")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	now := time.Now()
	switch format {
	case "", "json", "csl", "bibtex":
	default:
		s.problem(w, r, dataset.Errorf(dataset.EINVALID, "format %q is not one of json, csl, bibtex", shorten(format, 40)))
		return
	}
	etag, err := s.dataETag("record", id, format, now.UTC().Format(time.DateOnly))
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if notModified(w, r, etag, cacheData) {
		return
	}
	rec, err := s.cfg.Store.Record(id)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	switch format {
	case "csl":
		body, err := marshalJSON([]any{dataset.Cite(rec, s.baseURL(r), now).CSL()})
		if err != nil {
			s.problem(w, r, err)
			return
		}
		writeBody(w, "application/vnd.citationstyles.csl+json; charset=utf-8", body)
	case "bibtex":
		writeBody(w, "application/x-bibtex; charset=utf-8", []byte(dataset.Cite(rec, s.baseURL(r), now).BibTeX()))
	default:
		s.writeJSON(w, r, http.StatusOK, rec)
	}
}

// historyAnswer is the body of GET /api/v1/projects/{id}/history.
type historyAnswer struct {
	ID       string            `json:"id"`
	Versions []dataset.Version `json:"versions"`
}

// handleHistory answers GET /api/v1/projects/{id}/history: every version,
// oldest first.
func (s *Server) handleHistory(w http.ResponseWriter, r *http.Request) {
	id, err := pathVar(r, "id")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	etag, err := s.dataETag("history", id)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if notModified(w, r, etag, cacheData) {
		return
	}
	versions, err := s.cfg.Store.History(id)
	if err == nil && len(versions) == 0 {
		// A store may answer an unknown id with no versions: ask the record.
		_, err = s.cfg.Store.Record(id)
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if versions == nil {
		versions = []dataset.Version{}
	}
	s.writeJSON(w, r, http.StatusOK, historyAnswer{ID: id, Versions: versions})
}
