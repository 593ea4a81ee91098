package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// middleware wraps the router, outermost first: instrumentation (metrics and
// the request log), CORS, gzip, panic recovery.
func (s *Server) middleware(h http.Handler) http.Handler {
	h = s.recoverPanics(h)
	h = gzipHandler(h)
	h = cors(h)
	return s.instrument(h)
}

// reqInfo travels in the request's context from instrument to labelRoute,
// which runs inside the router once the route is known.
type reqInfo struct{ route string }

type reqInfoKey struct{}

// routePattern matches a path variable with its pattern ({id:.+}).
var routePattern = regexp.MustCompile(`\{(\w+):[^}]*\}`)

// labelRoute records the matched route's template for the metrics and the log.
func labelRoute(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info, ok := r.Context().Value(reqInfoKey{}).(*reqInfo); ok {
			if cur := mux.CurrentRoute(r); cur != nil {
				if t, err := cur.GetPathTemplate(); err == nil {
					info.route = routePattern.ReplaceAllString(t, "{$1}")
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// statusWriter remembers the status and counts the bytes written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Flush flushes the underlying writer, for streamed downloads.
func (w *statusWriter) Flush() { _ = http.NewResponseController(w.ResponseWriter).Flush() }

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument counts and times every request by route template and status and
// logs it.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		info := &reqInfo{route: "unmatched"}
		r = r.WithContext(context.WithValue(r.Context(), reqInfoKey{}, info))
		sw := &statusWriter{ResponseWriter: w}
		aborted := true
		s.metrics.inFlight.Inc()
		defer func() {
			s.metrics.inFlight.Dec()
			status := sw.status
			if status == 0 {
				status = http.StatusOK
				if r.Context().Err() != nil {
					status = 499 // the client went away before an answer (nginx's code)
				}
			}
			code := strconv.Itoa(status)
			if aborted {
				code = "aborted"
			}
			d := time.Since(start)
			s.metrics.observe(info.route, r.Method, code, d)
			level := slog.LevelInfo
			if info.route == "/healthz" || info.route == "/metrics" {
				level = slog.LevelDebug
			}
			s.log.LogAttrs(r.Context(), level, "request",
				slog.String("method", r.Method), slog.String("route", info.route),
				slog.String("path", r.URL.Path), slog.String("status", code),
				slog.Int64("bytes", sw.bytes), slog.Duration("duration", d),
				slog.String("client", s.clientIP(r)))
		}()
		next.ServeHTTP(sw, r)
		aborted = false
	})
}

// recoverPanics turns a panic in a handler into a logged 500 problem (when
// nothing was sent yet) and keeps the server up. http.ErrAbortHandler passes
// through: it cuts the connection of a download that failed mid-stream.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			s.log.LogAttrs(r.Context(), slog.LevelError, "panic in handler",
				slog.String("method", r.Method), slog.String("path", r.URL.Path),
				slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())))
			if sw.status != 0 {
				panic(http.ErrAbortHandler)
			}
			writeProblem(sw, newProblem(http.StatusInternalServerError, ""))
		}()
		next.ServeHTTP(sw, r)
	})
}

// cors lets any web page read the API with GET (the data is public); a
// preflight for a GET under /api/ is answered here. Other methods get no
// CORS headers, so browsers keep POST /api/v1/crawls to same-origin callers.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		api := strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz"
		if api && r.Method == http.MethodOptions && r.Header.Get("Origin") != "" &&
			r.Header.Get("Access-Control-Request-Method") != "" {
			h.Set("Access-Control-Allow-Origin", "*")
			h.Set("Access-Control-Allow-Methods", "GET, HEAD")
			h.Set("Access-Control-Allow-Headers", "Accept, Accept-Language, If-None-Match, Content-Type")
			h.Set("Access-Control-Max-Age", "86400")
			w.WriteHeader(http.StatusNoContent)
			return
		}
		if api && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
			h.Set("Access-Control-Allow-Origin", "*")
			h.Set("Access-Control-Expose-Headers", "ETag, Content-Disposition, Retry-After, Link")
		}
		next.ServeHTTP(w, r)
	})
}
