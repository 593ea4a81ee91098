package api

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/gorilla/mux"

	"github.com/opendata-bg/opendata/dataset"
)

// registerRegisterRoutes registers what the register (ИСУН 2020) adds: a
// municipality's disclosure and the download of its register contracts it
// never announced.
func (s *Server) registerRegisterRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	r.HandleFunc("/api/v1/municipalities/{name}/disclosure", s.handleDisclosure).Methods(get...)
	for _, f := range []dataset.Format{dataset.CSVFormat, dataset.JSONFormat, dataset.NDJSONFormat} {
		r.HandleFunc("/api/v1/municipalities/{name}/unannounced."+f.Name, s.limited(downloadCost, s.handleUnannounced(f))).
			Methods(get...)
	}
}

// disclosure reads the municipality of the path and the role and status
// of the query, and returns its disclosure, with its records counted by
// register facet.
func (s *Server) disclosure(ctx context.Context, r *http.Request, q *dataset.DisclosureQuery) (dataset.Disclosure, error) {
	name, err := pathVar(r, "name")
	if err != nil {
		return dataset.Disclosure{}, err
	}
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return dataset.Disclosure{}, dataset.Errorf(dataset.EINVALID, "the query string is malformed (%s)", queryErr(err))
	}
	if q == nil {
		dq, err := dataset.ParseDisclosureQuery(vals)
		if err != nil {
			return dataset.Disclosure{}, err
		}
		q = &dq
	}
	d, err := s.cfg.Store.Disclosure(name, *q)
	if err != nil {
		return d, err
	}
	d.Records = map[string]int{}
	munis, err := s.cfg.Store.Municipalities()
	if err != nil {
		return d, err
	}
	var sel dataset.Query
	if d.MunicipalityCode != "" {
		sel.MunicipalityCode = []string{d.MunicipalityCode}
	}
	for _, m := range munis {
		if dataset.MunicipalityKey(m.Municipality) == dataset.MunicipalityKey(d.Municipality) && !slices.Contains(sel.Municipality, m.Municipality) {
			d.Municipality = m.Municipality // as its records name it
			if d.MunicipalityCode == "" {
				sel.Municipality = append(sel.Municipality, m.Municipality)
			}
		}
	}
	if len(sel.Municipality) == 0 && len(sel.MunicipalityCode) == 0 {
		return d, nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.SearchTimeout)
	defer cancel()
	sel.Facets, sel.Page, sel.PerPage = []string{"register"}, 1, 1
	res, err := s.cfg.Index.Search(ctx, sel)
	if err != nil {
		return d, err
	}
	for _, f := range res.Facets["register"] {
		d.Records[f.Value] = f.Count
	}
	return d, nil
}

// handleDisclosure answers GET /api/v1/municipalities/{name}/disclosure.
func (s *Server) handleDisclosure(w http.ResponseWriter, r *http.Request) {
	etag, err := s.dataETag("disclosure", r.URL.EscapedPath(), r.URL.RawQuery)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if notModified(w, r, etag, cacheData) {
		return
	}
	d, err := s.disclosure(r.Context(), r, nil)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, d)
}

// handleUnannounced streams the municipality's register contracts that no
// record of its site announces (role= narrows them), in format.
func (s *Server) handleUnannounced(f dataset.Format) http.HandlerFunc {
	format := f.Name
	return func(w http.ResponseWriter, r *http.Request) {
		vals, err := url.ParseQuery(r.URL.RawQuery)
		if err != nil {
			s.problem(w, r, dataset.Errorf(dataset.EINVALID, "the query string is malformed (%s)", queryErr(err)))
			return
		}
		q, err := dataset.ParseDisclosureQuery(vals)
		if err != nil {
			s.problem(w, r, err)
			return
		}
		q.Status = dataset.DisclosureNotAnnounced
		etag, err := s.dataETag("unannounced", format, r.URL.EscapedPath(), q.Role)
		if err != nil {
			s.problem(w, r, err)
			return
		}
		if notModified(w, r, etag, cacheData) {
			return
		}
		d, err := s.disclosure(r.Context(), r, &q)
		if err != nil {
			s.problem(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", f.MediaType)
		h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="opendata-unannounced-%s.%s"; filename*=UTF-8''%s`,
			time.Now().UTC().Format("2006-01-02"), format, url.PathEscape(fmt.Sprintf("opendata-unannounced-%s-%s.%s", d.Municipality, time.Now().UTC().Format("2006-01-02"), format))))
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodHead {
			return
		}
		bw := bufio.NewWriterSize(w, 64<<10)
		enc, err := dataset.NewContractEncoder(format, bw)
		if err == nil {
			for _, row := range d.Contracts {
				if err = enc.Encode(row); err != nil {
					break
				}
			}
		}
		if err == nil {
			err = enc.Close()
		}
		if err == nil {
			err = bw.Flush()
		}
		if err != nil {
			s.log.LogAttrs(r.Context(), slog.LevelWarn, "unannounced download cut short", slog.String("error", err.Error()))
			panic(http.ErrAbortHandler)
		}
	}
}
