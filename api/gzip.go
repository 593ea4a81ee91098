package api

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// gzipMinSize is the smallest body worth compressing; smaller answers go out
// as they are.
const gzipMinSize = 1024

var gzipPool = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return w
}}

// gzipHandler compresses answers for clients that accept gzip. It decides at
// the first write: bodies under gzipMinSize, 304s, HEAD answers and bodies
// already encoded pass through. It streams: a Flush compresses and sends
// what was written so far.
func gzipHandler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if r.Method == http.MethodHead || !acceptsGzip(r.Header.Get("Accept-Encoding")) {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		finished := false
		defer func() {
			// A handler that aborts (panics) leaves the stream unfinished,
			// so that the client sees a cut answer, not a complete one.
			if finished {
				gw.close()
			}
		}()
		next.ServeHTTP(gw, r)
		finished = true
	})
}

// compressed are media types whose bodies are compressed already (a zip
// package, Parquet's compressed pages): gzip would cost time for nothing.
var compressed = []string{"application/vnd.openxmlformats-officedocument.", "application/zip", "application/vnd.apache.parquet",
	"application/gzip", "image/png", "image/jpeg", "image/webp"}

// compressible reports whether a body of this Content-Type is worth gzipping.
func compressible(contentType string) bool {
	for _, p := range compressed {
		if strings.HasPrefix(contentType, p) {
			return false
		}
	}
	return true
}

// acceptsGzip reports whether an Accept-Encoding header allows gzip.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		params = strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		if q, ok := strings.CutPrefix(params, "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err == nil && f == 0 {
				return false
			}
		}
		return true
	}
	return false
}

// gzipWriter buffers the first gzipMinSize bytes to decide whether to compress.
type gzipWriter struct {
	http.ResponseWriter
	status  int  // status passed to WriteHeader, sent when the decision is made
	decided bool // headers sent
	plain   bool // decided not to compress
	buf     bytes.Buffer
	gz      *gzip.Writer
}

func (w *gzipWriter) WriteHeader(code int) {
	if w.status != 0 || w.decided {
		return
	}
	if code < 200 {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.status = code
	if code == http.StatusNotModified || code == http.StatusNoContent ||
		w.Header().Get("Content-Encoding") != "" || !compressible(w.Header().Get("Content-Type")) {
		w.decide(false)
	}
}

func (w *gzipWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if !w.decided {
		if w.buf.Len()+len(p) < gzipMinSize {
			return w.buf.Write(p)
		}
		w.decide(w.Header().Get("Content-Encoding") == "" && compressible(w.Header().Get("Content-Type")))
	}
	if w.plain {
		return w.ResponseWriter.Write(p)
	}
	return w.gz.Write(p)
}

// decide sends the headers, compressed or not, and what was buffered.
func (w *gzipWriter) decide(compress bool) {
	w.decided = true
	w.plain = !compress
	h := w.Header()
	if compress {
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		if et := h.Get("ETag"); et != "" && !strings.HasPrefix(et, "W/") {
			h.Set("ETag", "W/"+et)
		}
		w.gz = gzipPool.Get().(*gzip.Writer)
		w.gz.Reset(w.ResponseWriter)
	}
	if w.status == 0 {
		w.status = http.StatusOK
	}
	w.ResponseWriter.WriteHeader(w.status)
	if w.buf.Len() > 0 {
		if compress {
			_, _ = w.gz.Write(w.buf.Bytes())
		} else {
			_, _ = w.ResponseWriter.Write(w.buf.Bytes())
		}
		w.buf.Reset()
	}
}

// Flush sends what was written so far, compressed when compressing.
func (w *gzipWriter) Flush() {
	if !w.decided {
		w.decide(w.buf.Len() > 0 && w.Header().Get("Content-Encoding") == "")
	}
	if w.gz != nil {
		_ = w.gz.Flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// close ends the answer: a small body goes out uncompressed.
func (w *gzipWriter) close() {
	if !w.decided {
		if w.status == 0 && w.buf.Len() == 0 {
			return // the handler wrote nothing: let net/http answer 200 empty
		}
		w.decide(false)
	}
	if w.gz != nil {
		_ = w.gz.Close()
		w.gz.Reset(nil)
		gzipPool.Put(w.gz)
		w.gz = nil
	}
}
