package api

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Cache-Control values of the answers.
const (
	cacheData  = "public, max-age=60"   // records, searches, downloads: revalidated with the ETag
	cacheFresh = "no-cache"             // crawl runs, stats: always revalidated
	cacheFixed = "public, max-age=3600" // the OpenAPI document
	cacheNone  = "no-store"             // metrics, errors
)

// indexGenerationer is an index that counts its changes. The index is
// updated just after the store; with its generation in the ETag no answer
// rendered in between outlives the index's update.
type indexGenerationer interface {
	Generation() uint64
}

// dataETag returns a weak ETag for an answer that depends only on the data
// and on the parts (route, normalized query …): it changes when the store's
// generation, the index's size or (when the index counts them) the index's
// changes change.
func (s *Server) dataETag(parts ...string) (string, error) {
	gen, err := s.cfg.Store.Generation()
	if err != nil {
		return "", fmt.Errorf("store generation: %w", err)
	}
	docs, err := s.cfg.Index.Count()
	if err != nil {
		return "", fmt.Errorf("index count: %w", err)
	}
	var igen uint64
	if g, ok := s.cfg.Index.(indexGenerationer); ok {
		igen = g.Generation()
	}
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00%d\x00%d", gen, docs, igen)
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return `W/"` + hex.EncodeToString(h.Sum(nil)[:12]) + `"`, nil
}

// bodyETag returns a weak ETag for a small answer computed in full.
func bodyETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `W/"` + hex.EncodeToString(sum[:12]) + `"`
}

// notModified sets ETag and Cache-Control and, when the request's
// If-None-Match names the ETag, answers 304 and returns true.
func notModified(w http.ResponseWriter, r *http.Request, etag, cacheControl string) bool {
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", cacheControl)
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return true
	}
	return false
}

// etagMatches applies the weak comparison of RFC 9110 §13.1.2 to an
// If-None-Match header.
func etagMatches(header, etag string) bool {
	if header == "" {
		return false
	}
	want := strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// writeCachedJSON renders v with a body ETag, answering 304 when the client
// has it already.
func (s *Server) writeCachedJSON(w http.ResponseWriter, r *http.Request, v any, cacheControl string) {
	body, err := marshalJSON(v)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if notModified(w, r, bodyETag(body), cacheControl) {
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}
