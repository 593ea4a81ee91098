package api

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"

	"github.com/opendata-bg/opendata/dataset"
)

// Limits of GET /api/v1/crawls.
const (
	defaultCrawlLimit = 20
	maxCrawlLimit     = 100
)

// registerCrawlRoutes registers the crawl log and the start of a crawl.
func (s *Server) registerCrawlRoutes(r *mux.Router) {
	r.HandleFunc("/api/v1/crawls", s.handleCrawls).Methods(http.MethodGet, http.MethodHead)
	r.HandleFunc("/api/v1/crawls", s.handleStartCrawl).Methods(http.MethodPost)
}

// crawlsAnswer is the body of GET /api/v1/crawls.
type crawlsAnswer struct {
	Crawls []dataset.CrawlRun `json:"crawls"`
}

// handleCrawls answers GET /api/v1/crawls?limit=N: the latest runs, newest first.
func (s *Server) handleCrawls(w http.ResponseWriter, r *http.Request) {
	limit := defaultCrawlLimit
	if v := r.URL.Query().Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			s.problem(w, r, dataset.Errorf(dataset.EINVALID, "limit must be a whole number from 1 to %d", maxCrawlLimit))
			return
		}
		limit = min(n, maxCrawlLimit)
	}
	runs, err := s.cfg.Store.Crawls(limit)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if runs == nil {
		runs = []dataset.CrawlRun{}
	}
	for i := range runs {
		if runs[i].Sites == nil {
			runs[i].Sites = []dataset.SiteRun{}
		}
	}
	s.writeCachedJSON(w, r, crawlsAnswer{Crawls: runs}, cacheFresh)
}

// handleStartCrawl answers POST /api/v1/crawls: 202 with the new run. The
// route is off (404) without a token or a crawler; a missing or wrong token
// is 401; a crawl already running is 409.
func (s *Server) handleStartCrawl(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Token == "" || s.cfg.Crawler == nil {
		s.problem(w, r, errStatus(http.StatusNotFound,
			"starting crawls over the API is off on this server (no token configured)"))
		return
	}
	auth := r.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(auth, " ")
	if auth == "" || !strings.EqualFold(scheme, "Bearer") {
		w.Header().Set("WWW-Authenticate", `Bearer realm="opendata"`)
		s.problem(w, r, errStatus(http.StatusUnauthorized,
			"starting a crawl needs the header Authorization: Bearer <token>"))
		return
	}
	if subtle.ConstantTimeCompare([]byte(strings.TrimSpace(token)), []byte(s.cfg.Token)) != 1 {
		w.Header().Set("WWW-Authenticate", `Bearer realm="opendata", error="invalid_token"`)
		s.problem(w, r, errStatus(http.StatusUnauthorized, "the bearer token is not valid"))
		return
	}
	run, err := s.cfg.Crawler.StartCrawl(s.cfg.BaseContext, "api")
	if err != nil {
		s.problem(w, r, fmt.Errorf("start crawl: %w", err))
		return
	}
	w.Header().Set("Location", "/api/v1/crawls")
	w.Header().Set("Cache-Control", cacheNone)
	s.writeJSON(w, r, http.StatusAccepted, run)
}
