package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gorilla/mux"

	"github.com/opendata-bg/opendata/dataset"
)

// routes builds the router: the API routes, then the web page's. The router
// matches the escaped path, so that an id may contain an encoded slash
// (21%2F321%2F01329); path variables are read with pathVar.
func (s *Server) routes() *mux.Router {
	r := mux.NewRouter().UseEncodedPath()
	r.NotFoundHandler = http.HandlerFunc(s.notFound)
	r.MethodNotAllowedHandler = http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		allowed := allowedMethods(r, req)
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.problem(w, req, errStatus(http.StatusMethodNotAllowed,
			req.Method+" is not allowed on "+req.URL.Path+"; use "+strings.Join(allowed, " or ")))
	})
	r.Use(labelRoute)
	s.registerDownloadRoutes(r)
	s.registerFeedRoutes(r)
	s.registerProjectRoutes(r)
	s.registerPageRoutes(r)
	s.registerMetaRoutes(r)
	s.registerRegisterRoutes(r)
	s.registerCrawlRoutes(r)
	s.registerOpsRoutes(r)
	// The web page registers last; it may replace r.NotFoundHandler with one
	// that answers people with a page (and delegates /api/ paths to s.notFound).
	s.registerWebRoutes(r)
	return r
}

// allowedMethods lists the methods some route accepts for req's path.
func allowedMethods(router *mux.Router, req *http.Request) []string {
	var out []string
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		probe := req.Clone(req.Context())
		probe.Method = m
		var match mux.RouteMatch
		if router.Match(probe, &match) && match.MatchErr == nil {
			out = append(out, m)
		}
	}
	return out
}

// pathVar returns the path variable name, unescaped. A variable that is not
// valid escaped UTF-8 is an EINVALID error.
func pathVar(r *http.Request, name string) (string, error) {
	v, err := url.PathUnescape(mux.Vars(r)[name])
	if err != nil || !utf8.ValidString(v) || v == "" {
		return "", dataset.Errorf(dataset.EINVALID, "the %s in the path is not a valid percent-encoded UTF-8 string", name)
	}
	return v, nil
}

// parseQuery reads the query string of r as a dataset.Query. A malformed
// query string is an EINVALID error.
func parseQuery(r *http.Request) (dataset.Query, error) {
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return dataset.Query{}, dataset.Errorf(dataset.EINVALID,
			"the query string is malformed (%s); encode it as application/x-www-form-urlencoded", queryErr(err))
	}
	return dataset.ParseQuery(vals)
}

func queryErr(err error) string {
	return strings.ToValidUTF8(err.Error(), "?")
}

// notFound answers a path no route serves with a 404 problem.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.problem(w, r, errStatus(http.StatusNotFound,
		"there is nothing at "+r.URL.Path+"; the API is described at /api/v1/openapi.json"))
}

// writeJSON renders v as the JSON body of a 200 (or status) answer. v is
// encoded first, so that an encoding error still becomes a problem.
func (s *Server) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := marshalJSON(v)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeBody sends a 200 answer of a rendered body.
func writeBody(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// marshalJSON encodes v without escaping <, > and & (highlights carry <mark>).
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return buf.Bytes(), nil
}
