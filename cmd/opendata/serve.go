package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/opendata-bg/opendata/api"
	"github.com/opendata-bg/opendata/crawler"
	"github.com/opendata-bg/opendata/dataset/archive"
)

// Timeouts of the HTTP server. WriteTimeout bounds a whole answer, so it is
// generous: a full CSV download over a slow link must fit in it.
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 30 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 30 * time.Second
)

// runServe is `opendata serve`: the HTTP API and the search page over the
// data directory, optionally crawling on a schedule in the same process.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on")
	every := fs.Duration("crawl-every", 0, "crawl the sites file this often (e.g. 24h); 0: never")
	now := fs.Bool("crawl-now", false, "start a crawl as soon as the server is up")
	sitesFile := fs.String("sites", "", "the sites file to crawl (default: the shipped crawler/sites.yaml)")
	baseURL := fs.String("base-url", "", "the public URL of the site (https://host), for datapackage.json; default: from each request")
	ipHeader := fs.String("client-ip-header", "", "a header set by a trusted reverse proxy with the client's address (X-Real-IP), for rate limiting")
	rateLimit := fs.Float64("rate-limit", api.DefaultRateLimit, "search and download requests per second per client; negative: no limit")
	registerEveryFlag := fs.Duration("register-every", 0, "sync the register of EU-funded contracts (ИСУН 2020) this often (e.g. 168h); 0: never")
	var rf registerFlags
	rf.add(fs, "register-")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	if *every < 0 {
		return errors.New("serve: --crawl-every must not be negative")
	}
	logger := common.logger(stderr)
	a, err := openApp(common.data, logger)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer func() {
		if err := a.Close(); err != nil {
			logger.Error("close data directory", "error", err)
		}
	}()
	// A missing, damaged or stale index is rebuilt from the store in the
	// background; the old one (or an empty one) answers meanwhile.
	var rebuild sync.WaitGroup
	defer rebuild.Wait()
	rebuild.Add(1)
	go func() {
		defer rebuild.Done()
		if err := a.ensureIndex(ctx); err != nil && ctx.Err() == nil {
			logger.Error("rebuild the search index", "error", err)
		}
	}()
	sites, err := loadSites(*sitesFile)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	// Each scheduled run re-reads the sites file, so an operator's edit takes
	// effect at the next run without a restart.
	runner, err := newCrawlRunner(a, sites, nil, func(c *crawler.Config) {
		c.ReloadSites = func() ([]crawler.Site, error) { return loadSites(*sitesFile) }
	})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	defer runner.Close() // after the schedule below has stopped, before the store closes
	schedCtx, stopSchedule := context.WithCancel(ctx)
	var schedule sync.WaitGroup
	defer func() {
		stopSchedule()
		schedule.Wait()
	}()
	if *registerEveryFlag < 0 {
		return errors.New("serve: --register-every must not be negative")
	}
	if *registerEveryFlag > 0 {
		schedule.Add(1)
		go func() {
			defer schedule.Done()
			registerEvery(schedCtx, a, rf, *registerEveryFlag)
		}()
	}
	if *every > 0 {
		schedule.Add(1)
		go func() {
			defer schedule.Done()
			_ = runner.Every(schedCtx, *every) // returns when stopped, after the run in progress stops
		}()
	}
	if *now {
		run, err := runner.StartCrawl(ctx, "schedule")
		if err != nil {
			return fmt.Errorf("serve: start crawl: %w", err)
		}
		logger.Info("crawl started", "run", run.ID)
	}
	if *rateLimit == 0 {
		*rateLimit = -1 // 0 means the default in api.Config; here it means none
	}
	return serveApp(ctx, a, *addr, runner, os.Getenv("OPENDATA_TOKEN"), stdout, func(c *api.Config) {
		c.BaseURL, c.ClientIPHeader, c.RateLimit = *baseURL, *ipHeader, *rateLimit
		c.Coverage = coverage(a, func() ([]crawler.Site, error) { return loadSites(*sitesFile) })
	})
}

// serveApp serves the API over a's store and index on addr until ctx is
// done, then shuts down gracefully: requests in flight finish, a running
// crawl (its context is ctx) stops after its current page and is waited
// for, so that the caller can close the store and the index cleanly.
// cr may be nil (POST /api/v1/crawls is then off), as may token. opts
// adjust the API's configuration.
func serveApp(ctx context.Context, a *app, addr string, cr api.Crawler, token string, stdout io.Writer, opts ...func(*api.Config)) error {
	cfg := api.Config{
		Store:       a.store,
		Index:       a.index,
		Crawler:     cr,
		Token:       token,
		Logger:      a.logger.With("component", "api"),
		BaseContext: ctx,
		Formats:     downloadFormats(),
		Pages:       archive.Viewer{},
	}
	for _, o := range opts {
		o(&cfg)
	}
	srv, err := api.New(cfg)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: listen: %w", err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(a.logger.With("component", "http").Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "opendata: serving http://%s/ (API at http://%s/api/v1/projects)\n", ln.Addr(), ln.Addr())
	a.logger.Info("serving", "addr", ln.Addr().String(), "crawl_api", cr != nil && token != "")
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		waitCrawler(cr)
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.logger.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	err = hs.Shutdown(sctx)
	if err != nil {
		a.logger.Warn("shutdown timed out; closing connections", "error", err)
		err = hs.Close()
	}
	waitCrawler(cr)
	a.logger.Info("server stopped")
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// waitCrawler waits for a crawler that can say when its runs are over (its
// context is cancelled by then, so a run stops after its current page).
func waitCrawler(c api.Crawler) {
	if w, ok := c.(interface{ Wait() }); ok {
		w.Wait()
	}
}
