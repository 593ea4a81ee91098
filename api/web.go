package api

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"
)

// The page for people: a server-rendered search page, a page per project
// and an "about the data" page. html/template escapes every crawled string;
// the assets are embedded; nothing needs JavaScript.

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// web renders the pages for people. It holds only what is built once from
// the embedded files; the data comes from the Server.
type web struct {
	s        *Server
	pages    map[string]*template.Template
	cats     catalogs
	assetVer string // a hash of the static files, to cache them for a year
}

// registerWebRoutes adds the pages for people to r: /, /about,
// /projects/{id} (the id may contain "/"), /municipalities and
// /municipalities/{name}, /static/, and for search engines /robots.txt,
// /sitemap.xml and /sitemaps/.
func (s *Server) registerWebRoutes(r *mux.Router) {
	wb := newWeb(s)
	get := []string{http.MethodGet, http.MethodHead}
	r.HandleFunc("/", wb.limited(wb.searchPage)).Methods(get...)
	r.HandleFunc("/about", wb.aboutPage).Methods(get...)
	r.HandleFunc("/municipalities", wb.municipalitiesPage).Methods(get...)
	r.HandleFunc("/municipalities/{name}/disclosure", wb.disclosurePage).Methods(get...)
	r.PathPrefix("/municipalities/").HandlerFunc(wb.municipalityPage).Methods(get...)
	r.PathPrefix("/projects/").HandlerFunc(wb.projectPage).Methods(get...)
	r.PathPrefix("/static/").Handler(wb.static()).Methods(get...)
	r.HandleFunc("/robots.txt", wb.robots).Methods(get...)
	r.HandleFunc("/sitemap.xml", wb.sitemapIndex).Methods(get...)
	r.PathPrefix("/sitemaps/").HandlerFunc(wb.sitemap).Methods(get...)
	wb.registerArchiveRoutes(r)
	wb.setNotFound(r)
}

// newWeb parses the embedded templates; a broken template is a programming
// error that the tests catch, so it panics.
func newWeb(s *Server) *web {
	wb := &web{s: s, cats: newCatalogs(), pages: map[string]*template.Template{}}
	wb.assetVer = assetVersion()
	funcs := wb.funcs()
	for _, name := range []string{"search", "project", "about", "error", "municipality", "municipalities", "disclosure",
		"archive", "archive_text", "archive_versions", "archive_diff"} {
		t := template.New(name).Funcs(funcs)
		files := []string{"templates/layout.html", "templates/parts.html", "templates/register.html", "templates/" + name + ".html"}
		if strings.HasPrefix(name, "archive") {
			files = append(files, "templates/archive_banner.html")
		}
		wb.pages[name] = template.Must(t.ParseFS(templateFS, files...))
	}
	return wb
}

// assetVersion hashes every static file, so that a changed asset gets a new URL.
func assetVersion() string {
	h := sha256.New()
	_ = fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// static serves the embedded assets; a request that names the current
// version may be cached for a year.
func (wb *web) static() http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err)
	}
	files := http.StripPrefix("/static/", http.FileServerFS(sub))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			wb.renderError(w, r, http.StatusNotFound, "")
			return
		}
		if r.URL.Query().Get("v") == wb.assetVer {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=300")
		}
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}

// page is what every template gets: the language, the chrome of the layout
// (title, description, canonical and alternate addresses, Open Graph) and
// the page's own data in Data.
type page struct {
	L           *catalog
	Title       string
	Description string
	Path        string // the request path, for the active navigation link
	LangURL     string // this page in the other language
	Canonical   string // the absolute address of this page in this language
	AltBG       string // … in Bulgarian
	AltEN       string // … in English
	OGType      string // website, article
	JSONLD      template.JS
	Feed        string // the Atom feed of what the page lists, for <link rel=alternate>
	AssetVer    string
	Status      int
	Data        any
	Frames      bool // the page shows a frame of this site (an archived page)
}

// newPage fills the layout's part of a page. The canonical address is the
// request's path and parameters (without lang, then with lang=en for
// English); a handler with a better one calls setCanonical.
func (wb *web) newPage(r *http.Request, c *catalog, title string, data any) *page {
	other := langEN
	if c.lang == langEN {
		other = langBG
	}
	v := r.URL.Query()
	v.Set("lang", other)
	p := &page{L: c, Title: title, Description: c.T("site.description"), Path: r.URL.Path,
		LangURL: r.URL.EscapedPath() + "?" + v.Encode(), OGType: "website",
		AssetVer: wb.assetVer, Status: http.StatusOK, Data: data}
	v.Del("lang")
	p.setCanonical(wb.s.baseURL(r), r.URL.EscapedPath(), v)
	return p
}

// setCanonical sets the page's addresses in both languages from its
// absolute base, escaped path and parameters (lang is set here).
func (p *page) setCanonical(base, path string, params url.Values) {
	v := cloneValues(params)
	v.Del("lang")
	p.AltBG = withQuery(base+path, v)
	v.Set("lang", langEN)
	p.AltEN = withQuery(base+path, v)
	p.Canonical = p.AltBG
	if p.L.lang == langEN {
		p.Canonical = p.AltEN
	}
}

// render executes a page template into a buffer first, so that a template
// error becomes a clean 500 rather than half a page.
func (wb *web) render(w http.ResponseWriter, r *http.Request, name string, p *page) {
	var buf bytes.Buffer
	if err := wb.pages[name].ExecuteTemplate(&buf, "layout", p); err != nil {
		wb.s.log.LogAttrs(r.Context(), slog.LevelError, "render page",
			slog.String("page", name), slog.String("error", err.Error()))
		if name != "error" {
			wb.renderError(w, r, http.StatusInternalServerError, "")
		} else {
			http.Error(w, "internal error", http.StatusInternalServerError)
		}
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	csp := "default-src 'none'; style-src 'self'; script-src 'self'; " +
		"img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	if p.Frames {
		csp += "; frame-src 'self'"
	}
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	varyCookie(h)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(p.Status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// notModified sets the page's ETag (the data's generation, the language,
// the assets and the parts) and answers 304 when the browser has the page
// already. An error computing it only costs the 304.
func (wb *web) notModified(w http.ResponseWriter, r *http.Request, parts ...string) bool {
	c := wb.cats.pick(w, r)
	etag, err := wb.s.dataETag(append([]string{"web", c.lang, wb.assetVer, wb.s.baseURL(r)}, parts...)...)
	if err != nil {
		return false
	}
	varyCookie(w.Header())
	return notModified(w, r, etag, cacheFresh)
}

// varyCookie says that the page depends on the language cookie.
func varyCookie(h http.Header) {
	if !slices.Contains(h.Values("Vary"), "Cookie") {
		h.Add("Vary", "Cookie")
	}
}

// errorView is the data of the error page.
type errorView struct {
	Heading string
	Detail  string
}

// renderError answers a human error page. detail is shown as it is, so
// it must be a message meant for people (never an internal error's text).
func (wb *web) renderError(w http.ResponseWriter, r *http.Request, status int, detail string) {
	c := wb.cats.pick(w, r)
	heading := c.T("error.400")
	switch {
	case status == http.StatusNotFound:
		heading = c.T("error.404")
	case status == http.StatusServiceUnavailable:
		heading = c.T("error.503")
	case status == http.StatusTooManyRequests:
		heading = c.T("error.429")
	case status >= 500:
		heading, detail = c.T("error.500"), c.T("error.500.text")
	}
	p := wb.newPage(r, c, heading, errorView{Heading: heading, Detail: detail})
	p.Status = status
	w.Header().Del("ETag")
	w.Header().Set("Cache-Control", "no-store")
	wb.render(w, r, "error", p)
}

// limited applies the server's per-client rate limit of searches to the
// search page, answering a person with a 429 page and Retry-After.
func (wb *web) limited(h http.HandlerFunc) http.HandlerFunc {
	lim := wb.s.limiter
	if lim == nil {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ok, wait := lim.allow(wb.s.clientIP(r), time.Now())
		if !ok {
			secs := max(int(math.Ceil(wait.Seconds())), 1)
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			c := wb.cats.pick(w, r)
			wb.renderError(w, r, http.StatusTooManyRequests, c.T("error.429.text", secs))
			return
		}
		h(w, r)
	}
}

// fail answers err as a human error page: a client's mistake with its
// message and status, anything else as a logged 500 that shows no detail.
func (wb *web) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the person went away; nobody to answer
	}
	p := problemFor(err)
	if p.Status >= 500 {
		wb.s.log.LogAttrs(r.Context(), slog.LevelError, "page failed",
			slog.String("path", r.URL.Path), slog.Int("status", p.Status), slog.String("error", err.Error()))
	}
	wb.renderError(w, r, p.Status, p.Detail)
}
