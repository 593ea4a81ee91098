// Package api is the HTTP face of opendata: the JSON API of ../spec/api.md,
// the downloads, the metrics and the server-rendered search page.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"

	"github.com/opendata-bg/opendata/dataset"
)

// Store is what the API reads from the store of record.
type Store interface {
	Record(id string) (dataset.Record, error)
	History(id string) ([]dataset.Version, error)
	EachRecord(fn func(dataset.Record) error) error
	Count() (int, error)
	Crawls(limit int) ([]dataset.CrawlRun, error)
	Municipalities() ([]dataset.MunicipalityStat, error)
	Stats() (dataset.Stats, error)
	Generation() (uint64, error)
	DataPackage(baseURL string) ([]byte, error)
}

// Searcher is what the API asks of the search index.
type Searcher interface {
	Search(ctx context.Context, q dataset.Query) (dataset.SearchResult, error)
	EachID(ctx context.Context, q dataset.Query, fn func(id string) error) error
	Count() (uint64, error)
}

// Crawler starts crawl runs on demand (POST /api/v1/crawls).
type Crawler interface {
	// StartCrawl starts a run in the background and returns it at once
	// (status "running"); an ECONFLICT error when one is already running.
	StartCrawl(ctx context.Context, trigger string) (dataset.CrawlRun, error)
}

// Config is what the server needs. Store, Index and Logger are required.
type Config struct {
	Store   Store
	Index   Searcher
	Crawler Crawler // nil: POST /api/v1/crawls answers 404
	Token   string  // bearer token for POST /api/v1/crawls; "" turns the route off
	Logger  *slog.Logger
}

// Server is the HTTP handler of the whole site.
type Server struct {
	cfg Config
}

// New returns the server for cfg.
func New(cfg Config) (*Server, error) {
	return nil, errors.New("api: not built yet")
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.Error(w, "not built yet", http.StatusNotImplemented)
}
