package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/opendata-bg/opendata/dataset"
)

// ArchiveStore is what the archive's routes read from the store: every
// fetch of a page whose body changed, and bodies by their SHA-256. A store
// without it serves no archive (the routes answer 404).
type ArchiveStore interface {
	PageVersions(url string) ([]dataset.Page, error)
	PageByHash(sha string) (dataset.Page, error)
	BodyByHash(sha string) ([]byte, error)
}

// PageRenderer shows archived pages to people (dataset/archive's Viewer):
// the visible text that evidence offsets index, an inert copy of the page
// for a sandboxed frame, and the difference of two versions' texts.
type PageRenderer interface {
	VisibleText(body []byte, pageURL, contentType string) (string, error)
	SafeHTML(body []byte, pageURL, contentType string) ([]byte, error)
	// FrameCSP is the Content-Security-Policy SafeHTML is served with.
	FrameCSP() string
	DiffLines(a, b string) []dataset.DiffLine
}

// registerPageRoutes registers the archived pages: their versions by URL,
// a body exactly as fetched, and its visible text.
func (s *Server) registerPageRoutes(r *mux.Router) {
	get := []string{http.MethodGet, http.MethodHead}
	r.HandleFunc("/api/v1/pages", s.handlePageVersions).Methods(get...)
	// The text is the extractor's reading of the page: as costly as a search.
	r.HandleFunc("/api/v1/pages/{sha}/text", s.limited(1, s.handlePageText)).Methods(get...)
	r.HandleFunc("/api/v1/pages/{sha}", s.handleArchivedPage).Methods(get...)
}

// archive returns the store's archive, or a 404 error when it keeps none.
func (s *Server) archive() (ArchiveStore, error) {
	a, ok := s.cfg.Store.(ArchiveStore)
	if !ok {
		return nil, errStatus(http.StatusNotFound, "this server keeps no archive of pages")
	}
	return a, nil
}

// archivedPage reads the fetch and the body with the SHA-256 in the path.
func (s *Server) archivedPage(r *http.Request) (dataset.Page, []byte, error) {
	a, err := s.archive()
	if err != nil {
		return dataset.Page{}, nil, err
	}
	sha, err := shaVar(r)
	if err != nil {
		return dataset.Page{}, nil, err
	}
	p, err := a.PageByHash(sha)
	if err != nil {
		return dataset.Page{}, nil, err
	}
	body, err := a.BodyByHash(sha)
	return p, body, err
}

// shaVar reads the {sha} path variable: 64 hexadecimal digits.
func shaVar(r *http.Request) (string, error) {
	sha := strings.ToLower(mux.Vars(r)["sha"])
	if !isSHA256(sha) {
		return "", dataset.Errorf(dataset.EINVALID, "%q is not a SHA-256: the archive names a page by the 64 hexadecimal digits of its body's hash (a source's sha256)", shorten(sha, 80))
	}
	return sha, nil
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// pageVersion is one version in GET /api/v1/pages?url=.
type pageVersion struct {
	SHA256      string    `json:"sha256"`
	FetchedAt   time.Time `json:"fetched_at"`
	Status      int       `json:"status"`
	FinalURL    string    `json:"final_url"`
	Size        int64     `json:"size"`
	ContentType string    `json:"content_type"`
	Archived    string    `json:"archived"` // the body as fetched
	Text        string    `json:"text"`     // its visible text
	Page        string    `json:"page"`     // the page for people
}

// pageVersionsAnswer is the body of GET /api/v1/pages?url=.
type pageVersionsAnswer struct {
	URL      string        `json:"url"`
	Versions []pageVersion `json:"versions"`
}

// handlePageVersions answers GET /api/v1/pages?url=U: every fetch of the
// page whose body differed from the one before, oldest first.
func (s *Server) handlePageVersions(w http.ResponseWriter, r *http.Request) {
	u, err := urlParam(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	a, err := s.archive()
	if err != nil {
		s.problem(w, r, err)
		return
	}
	etag, err := s.dataETag("pages", u)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	if notModified(w, r, etag, cacheData) {
		return
	}
	vers, err := a.PageVersions(u)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	ans := pageVersionsAnswer{URL: u, Versions: make([]pageVersion, len(vers))}
	for i, p := range vers {
		ans.Versions[i] = pageVersion{SHA256: p.SHA256, FetchedAt: p.FetchedAt.UTC(), Status: p.Status,
			FinalURL: p.FinalURL, Size: p.Size, ContentType: http.Header(p.Header).Get("Content-Type"),
			Archived: "/api/v1/pages/" + p.SHA256, Text: "/api/v1/pages/" + p.SHA256 + "/text",
			Page: "/archive/" + p.SHA256}
	}
	s.writeJSON(w, r, http.StatusOK, ans)
}

// urlParam reads the url query parameter: an absolute http(s) URL.
func urlParam(r *http.Request) (string, error) {
	vals, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return "", dataset.Errorf(dataset.EINVALID, "the query string is malformed (%s)", queryErr(err))
	}
	u := vals.Get("url")
	if pu, err := url.Parse(u); u == "" || err != nil || (pu.Scheme != "http" && pu.Scheme != "https") || pu.Host == "" {
		return "", dataset.Errorf(dataset.EINVALID, "url must be the absolute http(s) address of a crawled page, as a record's sources name it")
	}
	return u, nil
}

// handleArchivedPage answers GET /api/v1/pages/{sha256}: the body exactly as
// fetched, with the fetch in the headers (RFC 7089 Memento-Datetime and
// Link rel="original"; the status and the stored headers as X-Archive-*).
// Served from this site, crawled HTML must not run: the answer carries a
// sandbox Content-Security-Policy.
func (s *Server) handleArchivedPage(w http.ResponseWriter, r *http.Request) {
	p, body, err := s.archivedPage(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	h := w.Header()
	for name, vals := range p.Header {
		for _, v := range vals {
			h.Add("X-Archive-Orig-"+name, v)
		}
	}
	h.Set("Memento-Datetime", p.FetchedAt.UTC().Format(http.TimeFormat))
	h.Set("Link", mementoLinks(p))
	h.Set("X-Archive-Status", strconv.Itoa(p.Status))
	if p.FinalURL != "" {
		h.Set("X-Archive-Final-URL", p.FinalURL)
	}
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	if notModified(w, r, `"`+p.SHA256+`"`, cacheImmutable) {
		return
	}
	ct := http.Header(p.Header).Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	writeBody(w, ct, body)
}

// cacheImmutable is for answers named by their content's hash.
const cacheImmutable = "public, max-age=31536000, immutable"

// mementoLinks is the Link header of an archived page: the original, the
// list of its versions, and the page for people.
func mementoLinks(p dataset.Page) string {
	return "<" + linkURL(p.URL) + `>; rel="original", ` +
		"</api/v1/pages?url=" + url.QueryEscape(p.URL) + `>; rel="timemap"; type="application/json", ` +
		"</archive/" + p.SHA256 + `>; rel="alternate"; type="text/html"`
}

// linkURL makes a crawled URL safe inside <…> of a Link header.
func linkURL(u string) string {
	return strings.NewReplacer("<", "%3C", ">", "%3E", `"`, "%22", "\r", "", "\n", "").Replace(u)
}

// handlePageText answers GET /api/v1/pages/{sha256}/text: the page's
// visible text, which evidence offsets index.
func (s *Server) handlePageText(w http.ResponseWriter, r *http.Request) {
	text, p, err := s.pageText(r)
	if err != nil {
		s.problem(w, r, err)
		return
	}
	w.Header().Set("Memento-Datetime", p.FetchedAt.UTC().Format(http.TimeFormat))
	w.Header().Set("Link", mementoLinks(p))
	// No ETag: the text is the extractor's reading of the body, which a
	// new program may read differently.
	w.Header().Set("Cache-Control", cacheFixed)
	writeBody(w, "text/plain; charset=utf-8", []byte(text))
}

// pageText is the visible text of the archived page named in the path.
func (s *Server) pageText(r *http.Request) (string, dataset.Page, error) {
	if s.cfg.Pages == nil {
		return "", dataset.Page{}, errStatus(http.StatusNotFound, "this server shows no archived pages")
	}
	p, body, err := s.archivedPage(r)
	if err != nil {
		return "", p, err
	}
	text, err := s.cfg.Pages.VisibleText(body, p.URL, http.Header(p.Header).Get("Content-Type"))
	if err != nil {
		return "", p, errStatus(http.StatusNotFound, "the archived body "+p.SHA256+" is not a page with text")
	}
	return text, p, nil
}
