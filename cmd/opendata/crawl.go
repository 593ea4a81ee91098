package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/opendata-bg/opendata/api"
	"github.com/opendata-bg/opendata/crawler"
	"github.com/opendata-bg/opendata/dataset"
)

// version names the build in the crawler's User-Agent.
const version = "0.1"

// runCrawl is `opendata crawl`: crawl every site of the sites file, extract,
// merge into the store, update the index, print a summary. It exits 0 when
// the crawl ran, even if some sites failed (they are in the summary).
func runCrawl(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("crawl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	sitesFile := fs.String("sites", "", "the sites file (default: the shipped sites.yaml)")
	parallel := fs.Int("parallel", 64, "requests in flight at once over all sites (every site is crawled at once, one request at a time per host)")
	timeout := fs.Duration("timeout", 30*time.Second, "timeout of one request")
	pages := fs.Int("pages", crawler.DefaultDiscoveryPages, "pages a site discovered from its home page may fetch in a run that explores it")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *pages < 1 {
		return errors.New("crawl: --pages must be at least 1")
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("crawl: unexpected argument %q", fs.Arg(0))
	}
	sites, err := loadSites(*sitesFile)
	if err != nil {
		return fmt.Errorf("crawl: %w", err)
	}
	logger := common.logger(stderr)
	a, err := openApp(common.data, logger)
	if err != nil {
		return fmt.Errorf("crawl: %w", err)
	}
	defer a.Close()
	if err := a.ensureIndex(ctx); err != nil {
		return fmt.Errorf("crawl: %w", err)
	}
	r, err := newCrawlRunner(a, sites, stderr, func(c *crawler.Config) {
		c.MaxInFlight, c.Timeout = *parallel, *timeout
		c.Policy.(*crawler.Discovery).MaxPages = *pages
	})
	if err != nil {
		return fmt.Errorf("crawl: %w", err)
	}
	defer r.Close()
	run, err := r.Run(ctx, "cli")
	if err != nil {
		return fmt.Errorf("crawl: %w", err)
	}
	printCrawlSummary(stdout, run)
	return nil
}

// loadSites reads the sites file at path, or the shipped one when path is "".
func loadSites(path string) ([]crawler.Site, error) {
	if path == "" {
		return crawler.DefaultSites()
	}
	return crawler.LoadSites(path)
}

// newCrawlRunner wires a crawler over the app's store and index. progress
// gets a live status line when it is a terminal; otherwise progress goes to
// the log. opts adjust the configuration (tests, demo).
func newCrawlRunner(a *app, sites []crawler.Site, progress io.Writer, opts ...func(*crawler.Config)) (*crawler.Runner, error) {
	state := func(name string) crawler.Bucket { return a.store.State(name) }
	cfg := crawler.Config{
		Sites:    sites,
		Store:    a.store,
		State:    state,
		Policy:   crawler.NewDiscovery(state),
		Index:    a.index,
		Logger:   a.logger.With("component", "crawler"),
		Progress: progress,
		Terminal: progress != nil && isTerminal(progress),
		Version:  version,
	}
	for _, o := range opts {
		o(&cfg)
	}
	return crawler.New(cfg)
}

// coverage is how each site of the sites file fared at its last crawl,
// from the app's store; sites reads the sites file.
func coverage(a *app, sites func() ([]crawler.Site, error)) api.CoverageSource {
	return crawler.Coverage{Sites: sites, State: func(name string) crawler.Bucket { return a.store.State(name) }}
}

// printCrawlSummary writes the run as a table, one row per site, failing
// sites last-but-visible with their errors.
func printCrawlSummary(w io.Writer, run dataset.CrawlRun) {
	dur := ""
	if run.Finished != nil {
		dur = run.Finished.Sub(run.Started).Round(time.Second).String()
	}
	fmt.Fprintf(w, "crawl %s: %s in %s (%d sites)\n", run.ID, run.Status, dur, len(run.Sites))
	if run.Resumes != "" {
		fmt.Fprintf(w, "resumed the interrupted run %s\n", run.Resumes)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "municipality\tfetched\tunchanged\tfailed\tskipped\tdup\tqueued\tadded\tchanged\t why\t")
	sites := append([]dataset.SiteRun(nil), run.Sites...)
	sort.SliceStable(sites, func(i, j int) bool { return sites[i].Error == "" && sites[j].Error != "" })
	for _, s := range sites {
		row(tw, s.Municipality, s)
	}
	row(tw, "total", run.Totals)
	tw.Flush()
	for _, s := range sites {
		if s.Error != "" {
			fmt.Fprintf(w, "%s: %s\n", s.Municipality, s.Error)
		}
	}
	if run.Status == "interrupted" {
		fmt.Fprintf(w, "interrupted with %d pages queued: the next crawl resumes where this one stopped\n", run.Totals.PagesQueued)
	}
}

func row(w io.Writer, name string, s dataset.SiteRun) {
	fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t %s\t\n", name, s.PagesFetched, s.PagesUnchanged,
		s.PagesFailed, s.PagesSkipped, s.PagesDuplicate, s.PagesQueued, s.RecordsAdded, s.RecordsChanged, why(s))
}

// why says what failed and what was skipped: "http_404 2, timeout 1; skipped: robots 3".
func why(s dataset.SiteRun) string {
	w := s.ErrorSummary()
	if sk := s.SkippedSummary(); sk != "" {
		if w != "" {
			w += "; "
		}
		w += "skipped: " + sk
	}
	return w
}
