package api

import (
	_ "embed"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/opendata-bg/opendata/dataset"
)

//go:embed openapi.json
var openAPIDoc []byte

// registerMetaRoutes registers the dataset's metadata and summaries.
func (s *Server) registerMetaRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	r.HandleFunc("/api/v1/datapackage.json", s.handleDataPackage).Methods(get...)
	r.HandleFunc("/api/v1/municipalities", s.handleMunicipalities).Methods(get...)
	r.HandleFunc("/api/v1/stats", s.handleStats).Methods(get...)
	r.HandleFunc("/api/v1/openapi.json", s.handleOpenAPI).Methods(get...)
}

// registerOpsRoutes registers what operators need: liveness and metrics.
func (s *Server) registerOpsRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	r.HandleFunc("/healthz", s.handleHealth).Methods(get...)
	r.Handle("/metrics", promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{
		ErrorLog:          slogPromLogger{s},
		ErrorHandling:     promhttp.ContinueOnError,
		EnableOpenMetrics: true,
	})).Methods(get...)
}

// baseURL is the site's public absolute URL, from the config or the request.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.BaseURL != "" {
		return strings.TrimRight(s.cfg.BaseURL, "/")
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// handleDataPackage answers GET /api/v1/datapackage.json.
func (s *Server) handleDataPackage(w http.ResponseWriter, r *http.Request) {
	base := s.baseURL(r)
	etag, err := s.dataETag("datapackage", base)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if notModified(w, r, etag, cacheData) {
		return
	}
	body, err := s.cfg.Store.DataPackage(base, s.cfg.Formats)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// municipalitiesAnswer is the body of GET /api/v1/municipalities.
type municipalitiesAnswer struct {
	Total          int                        `json:"total"`
	Municipalities []dataset.MunicipalityStat `json:"municipalities"`
}

// handleMunicipalities answers GET /api/v1/municipalities: with a
// coverage source, every municipality of the sites file with its site's
// status (which changes without any record changing: the ETag is the
// body's).
func (s *Server) handleMunicipalities(w http.ResponseWriter, r *http.Request) {
	if s.cfg.Coverage != nil {
		list, err := s.municipalities()
		if err != nil {
			s.problem(w, r, err)
			return
		}
		s.writeCachedJSON(w, r, municipalitiesAnswer{Total: len(list), Municipalities: list}, cacheFresh)
		return
	}
	etag, err := s.dataETag("municipalities")
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if notModified(w, r, etag, cacheData) {
		return
	}
	list, err := s.cfg.Store.Municipalities()
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if list == nil {
		list = []dataset.MunicipalityStat{}
	}
	s.writeJSON(w, r, http.StatusOK, municipalitiesAnswer{Total: len(list), Municipalities: list})
}

// municipalities is the store's municipalities joined with the sites'
// coverage, when there is a coverage source.
func (s *Server) municipalities() ([]dataset.MunicipalityStat, error) {
	list, err := s.cfg.Store.Municipalities()
	if err != nil || s.cfg.Coverage == nil {
		return list, err
	}
	cov, err := s.cfg.Coverage.Coverage()
	if err != nil {
		return nil, fmt.Errorf("coverage: %w", err)
	}
	return dataset.WithCoverage(list, cov), nil
}

// handleStats answers GET /api/v1/stats, or with ?municipality=NAME those
// of the municipalities of that name, with ?municipality_code=CODE one
// municipality's (404 when it has no projects). It names the last crawl,
// which can change without any record changing, so its ETag is the body's.
func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	var st dataset.Stats
	var err error
	code := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("municipality_code")))
	if name := r.URL.Query().Get("municipality"); name != "" && code != "" {
		err = dataset.Errorf(dataset.EINVALID, "give municipality or municipality_code, not both")
	} else if name != "" {
		st, err = s.cfg.Store.MunicipalityStats(name)
	} else if code != "" && !dataset.IsMunicipalityCode(code) {
		err = dataset.Errorf(dataset.EINVALID, "municipality_code %q is not an ЕКАТТЕ municipality code such as PAZ21", code)
	} else if code != "" {
		st, err = s.cfg.Store.MunicipalityCodeStats(code)
	} else {
		st, err = s.cfg.Store.Stats()
	}
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if st.ByProgramme == nil {
		st.ByProgramme = []dataset.GroupStat{}
	}
	if st.ByYear == nil {
		st.ByYear = []dataset.GroupStat{}
	}
	s.writeCachedJSON(w, r, st, cacheFresh)
}

// handleOpenAPI answers GET /api/v1/openapi.json.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	if notModified(w, r, bodyETag(openAPIDoc), cacheFixed) {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(openAPIDoc)))
	_, _ = w.Write(openAPIDoc)
}

// handleHealth answers GET /healthz: the process is up and the store and
// the index answer.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", cacheNone)
	n, err := s.cfg.Store.Count()
	if err != nil {
		s.log.Error("health check: count records", "error", err)
		s.problem(w, r, dataset.Errorf(dataset.EUNAVAILABLE, "the store does not answer"))
		return
	}
	docs, err := s.cfg.Index.Count()
	if err != nil {
		s.log.Error("health check: count index documents", "error", err)
		s.problem(w, r, dataset.Errorf(dataset.EUNAVAILABLE, "the search index does not answer"))
		return
	}
	s.writeJSON(w, r, http.StatusOK, map[string]any{"status": "ok", "records": n, "indexed": docs})
}

// slogPromLogger routes promhttp's errors to the server's logger.
type slogPromLogger struct{ s *Server }

// Println implements promhttp.Logger.
func (l slogPromLogger) Println(v ...any) {
	l.s.log.Warn("metrics", "error", strings.TrimSpace(fmt.Sprintln(v...)))
}
