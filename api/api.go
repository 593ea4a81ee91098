// Package api is the HTTP face of opendata: the JSON API of ../spec/api.md,
// the downloads, the metrics and the server-rendered search page.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/gorilla/mux"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/opendata-bg/opendata/dataset"
)

// Store is what the API reads from the store of record.
type Store interface {
	Record(id string) (dataset.Record, error)
	History(id string) ([]dataset.Version, error)
	EachRecord(fn func(dataset.Record) error) error
	// Export writes every record through enc (from stored encodings when
	// enc is a dataset.RawEncoder) and returns how many; it does not Close enc.
	Export(ctx context.Context, enc dataset.Encoder) (int, error)
	// EncodeRecord writes one record through enc; ENOTFOUND for an unknown id.
	EncodeRecord(enc dataset.Encoder, id string) error
	Count() (int, error)
	Crawls(limit int) ([]dataset.CrawlRun, error)
	Municipalities() ([]dataset.MunicipalityStat, error)
	Stats() (dataset.Stats, error)
	// MunicipalityStats is Stats of the projects of the municipalities
	// called name; ENOTFOUND when they have none.
	MunicipalityStats(name string) (dataset.Stats, error)
	// MunicipalityCodeStats is Stats of the projects whose
	// municipality_code is code; ENOTFOUND when none is.
	MunicipalityCodeStats(code string) (dataset.Stats, error)
	Generation() (uint64, error)
	// DataPackage describes the downloads in formats (see Config.Formats).
	DataPackage(baseURL string, formats dataset.Formats) ([]byte, error)
	// Disclosure sets a municipality's register contracts against its
	// records; ENOTFOUND when neither knows the municipality.
	Disclosure(name string, q dataset.DisclosureQuery) (dataset.Disclosure, error)
}

// Searcher is what the API asks of the search index.
type Searcher interface {
	Search(ctx context.Context, q dataset.Query) (dataset.SearchResult, error)
	EachID(ctx context.Context, q dataset.Query, fn func(id string) error) error
	Count() (uint64, error)
}

// CoverageSource tells how each municipality's website fared at its last
// crawl (the crawler's Coverage).
type CoverageSource interface {
	// Coverage returns one status per sites-file entry.
	Coverage() ([]dataset.SiteStatus, error)
}

// Crawler starts crawl runs on demand (POST /api/v1/crawls).
type Crawler interface {
	// StartCrawl starts a run in the background and returns it at once
	// (status "running"); an ECONFLICT error when one is already running.
	StartCrawl(ctx context.Context, trigger string) (dataset.CrawlRun, error)
}

// Defaults of the optional Config fields.
const (
	DefaultSearchTimeout = 5 * time.Second
	DefaultRateLimit     = 10 // requests per second per client (search and downloads)
	DefaultRateBurst     = 40
	DefaultRateClients   = 10000
)

// Config is what the server needs. Store, Index and Logger are required.
type Config struct {
	Store   Store
	Index   Searcher
	Crawler Crawler // nil: POST /api/v1/crawls answers 404
	// Coverage adds every sites-file entry, with its site's status, to GET
	// /api/v1/municipalities and the about page; nil: only the
	// municipalities the records name.
	Coverage CoverageSource
	Token    string // bearer token for POST /api/v1/crawls; "" turns the route off
	Logger   *slog.Logger
	// Formats are the download formats, in the order the page offers
	// them: /api/v1/projects.NAME serves each. nil means dataset.TextFormats.
	Formats dataset.Formats
	// Pages shows archived pages to people (their text, a safe copy, the
	// difference of two versions); nil: those views answer 404. The
	// archive itself comes from the Store when it is an ArchiveStore.
	Pages PageRenderer

	// BaseContext bounds the crawls started over the API: cancelling it
	// stops them (graceful shutdown). Default: context.Background().
	BaseContext context.Context
	// BaseURL is the public absolute URL of the site (https://host), used in
	// datapackage.json; "" derives it from each request.
	BaseURL string
	// SearchTimeout is the deadline of one search request; 0 means DefaultSearchTimeout.
	SearchTimeout time.Duration
	// RateLimit is the sustained number of search and download requests per
	// second one client may make; 0 means DefaultRateLimit, negative turns
	// rate limiting off.
	RateLimit float64
	// RateBurst is how many requests a client may make at once; 0 means DefaultRateBurst.
	RateBurst int
	// RateClients bounds the number of clients whose limiters are kept (the
	// least recently seen are evicted); 0 means DefaultRateClients.
	RateClients int
	// CacheBytes is the memory budget for rendered answers (search pages,
	// whole-set downloads), keyed by data generation and request; 0 means
	// DefaultCacheBytes, negative turns the cache off.
	CacheBytes int64
	// ClientIPHeader names a header set by a trusted reverse proxy that
	// carries the client's address (X-Real-IP); "" uses the connection's address.
	ClientIPHeader string
}

// Server is the HTTP handler of the whole site.
type Server struct {
	cfg     Config
	log     *slog.Logger
	router  *mux.Router
	handler http.Handler
	limiter *limiter
	cache   *bodyCache // nil when off
	metrics *metrics
	reg     *prometheus.Registry
}

// New returns the server for cfg.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil || cfg.Index == nil || cfg.Logger == nil {
		return nil, errors.New("api: Config needs Store, Index and Logger")
	}
	if cfg.BaseContext == nil {
		cfg.BaseContext = context.Background()
	}
	if cfg.Formats == nil {
		cfg.Formats = dataset.TextFormats
	}
	if cfg.SearchTimeout <= 0 {
		cfg.SearchTimeout = DefaultSearchTimeout
	}
	if cfg.RateLimit == 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = DefaultRateBurst
	}
	if cfg.RateClients <= 0 {
		cfg.RateClients = DefaultRateClients
	}
	s := &Server{cfg: cfg, log: cfg.Logger}
	if cfg.RateLimit > 0 {
		s.limiter = newLimiter(cfg.RateLimit, cfg.RateBurst, cfg.RateClients)
	}
	if cfg.CacheBytes == 0 {
		cfg.CacheBytes = DefaultCacheBytes
	}
	if cfg.CacheBytes > 0 {
		s.cache = newBodyCache(cfg.CacheBytes)
	}
	s.reg = prometheus.NewRegistry()
	m, err := newMetrics(s.reg, cfg.Store, cfg.Index, s.log)
	if err != nil {
		return nil, err
	}
	s.metrics = m
	s.router = s.routes()
	s.handler = s.middleware(s.router)
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}
