package api

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/gorilla/mux"

	"github.com/opendata-bg/opendata/dataset"
)

// registerDownloadRoutes registers /api/v1/projects.NAME for every format
// of the table (csv, xlsx, json, ndjson, parquet, sqlite).
func (s *Server) registerDownloadRoutes(r *mux.Router) {
	for _, f := range s.cfg.Formats {
		r.HandleFunc("/api/v1/projects."+f.Name, s.limited(downloadCost, s.handleDownload(f))).
			Methods(http.MethodGet, http.MethodHead)
	}
}

// downloadPath returns the path of the download of q's selection in the
// format named format, for the web page's buttons.
func downloadPath(format string, q dataset.Query) string {
	p := "/api/v1/projects." + format
	if enc := q.Values().Encode(); enc != "" {
		p += "?" + enc
	}
	return p
}

// commitWriter tracks whether anything reached the client, so that an
// error before the first byte can still be answered with a problem. With
// copy set it keeps a copy of the body for the cache, up to max bytes.
type commitWriter struct {
	w        http.ResponseWriter
	written  bool
	copy     *bytes.Buffer
	max      int64
	overflow bool
}

func (c *commitWriter) Write(p []byte) (int, error) {
	c.written = true
	if c.copy != nil && !c.overflow {
		if int64(c.copy.Len()+len(p)) > c.max {
			c.overflow = true
			c.copy = nil
		} else {
			c.copy.Write(p)
		}
	}
	return c.w.Write(p)
}

// handleDownload streams every record q selects through the format's encoder.
// Page and per_page are ignored. An error after the first byte cuts the
// connection, so that a client never takes a truncated file for a whole one.
func (s *Server) handleDownload(f dataset.Format) http.HandlerFunc {
	format := f.Name
	return func(w http.ResponseWriter, r *http.Request) {
		q, err := parseQuery(r)
		if err != nil {
			s.problem(w, r, err)
			return
		}
		parts := []string{"download", format, q.Values().Encode()}
		if f.Binary {
			parts = append(parts, s.baseURL(r)) // the file names its source address
		}
		etag, err := s.dataETag(parts...)
		if err != nil {
			s.problem(w, r, err)
			return
		}
		if notModified(w, r, etag, cacheData) {
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.MediaType)
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="opendata-projects-%s.%s"`,
			time.Now().UTC().Format("2006-01-02"), f.Extension))
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodHead {
			return
		}
		whole := q.Empty() && q.Sort == ""
		if whole && s.serveCachedDownload(w, r, etag) {
			return
		}
		cw := &commitWriter{w: w}
		if whole && s.cache.claim(etag) {
			defer s.cache.release(etag)
			cw.copy = &bytes.Buffer{}
			cw.max = s.cache.max / 4
		}
		n, err := s.stream(r.Context(), q, f, s.fileMeta(r, q), cw)
		if err == nil {
			if cw.copy != nil && !cw.overflow {
				s.cacheDownload(etag, cw.copy.Bytes(), compressible(f.MediaType))
			}
			return
		}
		if !cw.written {
			s.problem(w, r, err)
			return
		}
		level := slog.LevelWarn
		if r.Context().Err() != nil {
			level = slog.LevelDebug // the client went away: nothing went wrong here
		}
		s.log.LogAttrs(r.Context(), level, "download cut short",
			slog.String("format", format), slog.Int("records", n), slog.String("error", err.Error()))
		panic(http.ErrAbortHandler)
	}
}

// gzipKey is the cache key of the compressed copy of a download.
func gzipKey(etag string) string { return etag + "\x00gzip" }

// serveCachedDownload answers from the cache of whole-set downloads, with
// the compressed copy when the client accepts gzip, and reports whether it did.
func (s *Server) serveCachedDownload(w http.ResponseWriter, r *http.Request, etag string) bool {
	if s.cache == nil {
		return false
	}
	h := w.Header()
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		if gz, ok := s.cache.get(gzipKey(etag)); ok {
			s.metrics.cacheLookup("download", true)
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", strconv.Itoa(len(gz)))
			_, _ = w.Write(gz)
			return true
		}
	}
	body, ok := s.cache.get(etag)
	s.metrics.cacheLookup("download", ok)
	if ok {
		h.Set("Content-Length", strconv.Itoa(len(body)))
		_, _ = w.Write(body)
	}
	return ok
}

// cacheDownload keeps a whole-set download and, compressed in the
// background, its gzip copy when it is worth compressing.
func (s *Server) cacheDownload(etag string, body []byte, compress bool) {
	s.cache.put(etag, body)
	if !compress {
		return
	}
	go func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
		_, _ = zw.Write(body)
		if zw.Close() == nil {
			s.cache.put(gzipKey(etag), buf.Bytes())
		}
	}()
}

// fileMeta is what a download says about itself: its URL and selection,
// when it was made, and the last change of the data.
func (s *Server) fileMeta(r *http.Request, q dataset.Query) dataset.FileMeta {
	m := dataset.FileMeta{URL: s.baseURL(r) + r.URL.RequestURI(), Query: q.Values().Encode(), Made: time.Now()}
	if st, err := s.cfg.Store.Stats(); err == nil && st.Updated != nil {
		m.Updated = *st.Updated
	}
	return m
}

// stream encodes the selection of q to w in format f and returns the
// number of records. With an empty selection and no sort it walks the
// store in id order; otherwise the index gives the ids in the query's
// order. An encoder that does not finish releases what it holds.
func (s *Server) stream(ctx context.Context, q dataset.Query, f dataset.Format, m dataset.FileMeta, w *commitWriter) (int, error) {
	format := f.Name
	bw := bufio.NewWriterSize(w, 64<<10)
	enc, err := f.New(bw, m)
	if err != nil {
		return 0, fmt.Errorf("new %s encoder: %w", format, err)
	}
	closed := false
	defer func() {
		if !closed {
			dataset.Discard(enc)
		}
	}()
	n := 0
	if q.Empty() && q.Sort == "" {
		n, err = s.cfg.Store.Export(ctx, enc)
	} else {
		err = s.cfg.Index.EachID(ctx, q, func(id string) error {
			if n%256 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			err := s.cfg.Store.EncodeRecord(enc, id)
			if dataset.ErrorCode(err) == dataset.ENOTFOUND {
				return nil // the index lags a merge: the store is the truth
			}
			if err != nil {
				return fmt.Errorf("encode record %q: %w", id, err)
			}
			n++
			return nil
		})
	}
	if err != nil {
		return n, fmt.Errorf("stream %s: %w", format, err)
	}
	closed = true
	if err := enc.Close(); err != nil {
		return n, fmt.Errorf("close %s encoder: %w", format, err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("write %s: %w", format, err)
	}
	return n, nil
}
