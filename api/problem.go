package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/opendata-bg/opendata/dataset"
)

// problemType is the type of every problem: "about:blank" (RFC 9457 §4.2.1)
// says it means what its HTTP status means; the detail says what to fix.
const problemType = "about:blank"

// statusOf is the one table from application error codes to HTTP statuses.
var statusOf = map[string]int{
	dataset.EINVALID:     http.StatusBadRequest,
	dataset.ENOTFOUND:    http.StatusNotFound,
	dataset.ECONFLICT:    http.StatusConflict,
	dataset.EUNAVAILABLE: http.StatusServiceUnavailable,
	dataset.EINTERNAL:    http.StatusInternalServerError,
}

// Problem is an RFC 9457 problem detail, the body of every error answer.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail"`
	// Instance is the path of the request that failed.
	Instance string `json:"instance,omitempty"`
}

// httpError is an error with an HTTP status of its own, for the few answers
// that have no application error code (401, 405, 429 …).
type httpError struct {
	status int
	detail string
}

func (e *httpError) Error() string { return e.detail }

// errStatus returns an error that problem renders with status and detail.
func errStatus(status int, detail string) error { return &httpError{status: status, detail: detail} }

// problemFor turns err into the problem a client sees. Internal errors keep
// their text to themselves.
func problemFor(err error) Problem {
	var he *httpError
	if errors.As(err, &he) {
		return newProblem(he.status, he.detail)
	}
	if errors.Is(err, context.DeadlineExceeded) && dataset.ErrorCode(err) == dataset.EINTERNAL {
		return newProblem(http.StatusServiceUnavailable,
			"the request took too long to answer; narrow the query or try again later")
	}
	code := dataset.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	return newProblem(status, dataset.ErrorMessage(err))
}

func newProblem(status int, detail string) Problem {
	if status == http.StatusInternalServerError {
		detail = "internal error; it has been logged"
	}
	return Problem{Type: problemType, Title: http.StatusText(status), Status: status, Detail: detail}
}

// problem renders err as application/problem+json. Errors of status 500
// are logged with their text; the client sees a generic detail. A request
// whose client went away gets no answer.
func (s *Server) problem(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		s.log.LogAttrs(r.Context(), slog.LevelDebug, "client went away", slog.String("path", r.URL.Path))
		return
	}
	p := problemFor(err)
	p.Instance = r.URL.Path
	if p.Status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "5") // a busy or closing server: try again shortly
	}
	if p.Status >= 500 {
		s.log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", p.Status), slog.String("error", err.Error()))
	}
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p Problem) {
	h := w.Header()
	for _, k := range []string{"Content-Disposition", "ETag", "Last-Modified", "Content-Length"} {
		h.Del(k)
	}
	h.Set("Content-Type", "application/problem+json")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
