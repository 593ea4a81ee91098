package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/opendata-bg/opendata/api"
	"github.com/opendata-bg/opendata/crawler"
	"github.com/opendata-bg/opendata/crawler/demoweb"
)

// runDemo is `opendata demo`: serve the bundled sample municipal sites on
// loopback, crawl them with the real crawler into a temporary data
// directory, then serve the API and the search page over the result.
func runDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "the address to serve the API on")
	crawlOnly := fs.Bool("crawl-only", false, "crawl the sample sites, print the summary and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("demo: unexpected argument %q", fs.Arg(0))
	}
	logger := common.logger(stderr)
	dir, err := os.MkdirTemp("", "opendata-demo-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(dir)

	web, err := demoweb.Start(20 * time.Millisecond)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer web.Close()
	sites, err := crawler.ParseSites(web.SitesYAML())
	if err != nil {
		return fmt.Errorf("demo: sample sites file: %w", err)
	}
	fmt.Fprintf(stdout, "opendata demo: %d sample municipal sites on loopback, data in %s\n", len(sites), dir)

	a, err := openApp(dir, logger)
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer a.Close()
	r, err := newCrawlRunner(a, sites, stderr, func(c *crawler.Config) {
		c.Timeout, c.Backoff = 10*time.Second, 200*time.Millisecond
	})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer r.Close()
	run, err := r.Run(ctx, "demo")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	printCrawlSummary(stdout, run)
	if *crawlOnly || ctx.Err() != nil {
		return nil
	}
	return serveApp(ctx, a, *addr, r, "", stdout, func(c *api.Config) {
		c.Coverage = coverage(a, func() ([]crawler.Site, error) { return sites, nil })
	})
}
