package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/opendata-bg/opendata/crawler"
	"github.com/opendata-bg/opendata/dataset"
)

// runSites is `opendata sites`: the operator's tools for the sites file.
func runSites(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprintln(stderr, "usage: opendata sites check [--site CODE|NAME] [--sites FILE] [--json] [--write]")
		return errors.New("sites: the command is 'check'")
	}
	return runSitesCheck(ctx, args[1:], stdout, stderr)
}

// checkReport is the JSON of `opendata sites check`.
type checkReport struct {
	Checked time.Time            `json:"checked"`
	Sites   []dataset.SiteStatus `json:"sites"`
}

// runSitesCheck is `opendata sites check`: a short crawl of each site (or
// one) from its home page, as the real crawl does it, into a throwaway
// data directory, and for each a verdict: ok, no projects found,
// unreachable, blocked by robots, moved to HOST.
func runSitesCheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sites check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	// The throwaway data directory's store and index have nothing to say
	// to the operator; the crawl's failures are in the report.
	common.registerLog(fs, "error")
	only := fs.String("site", "", "check one site: its ЕКАТТЕ code (PAZ21) or its municipality's name")
	sitesFile := fs.String("sites", "", "the sites file (default: the shipped crawler/sites.yaml)")
	asJSON := fs.Bool("json", false, "write JSON even on a terminal")
	format := fs.String("format", "auto", "table, json, or auto (a table on a terminal, JSON otherwise)")
	write := fs.Bool("write", false, "record each verdict beside its entry in the sites file (needs --sites)")
	pages := fs.Int("pages", 60, "pages each site may fetch")
	parallel := fs.Int("parallel", 64, "requests in flight at once over all sites")
	timeout := fs.Duration("timeout", 20*time.Second, "timeout of one request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("sites check: unexpected argument %q", fs.Arg(0))
	}
	if *asJSON {
		*format = "json"
	}
	if *format != "auto" && *format != "table" && *format != "json" {
		return fmt.Errorf("sites check: --format %q is not table, json or auto", *format)
	}
	if *write && *sitesFile == "" {
		return errors.New("sites check: --write records the verdicts in the sites file: name it with --sites")
	}
	if *pages < 1 {
		return errors.New("sites check: --pages must be at least 1")
	}
	all, err := loadSites(*sitesFile)
	if err != nil {
		return fmt.Errorf("sites check: %w", err)
	}
	picked, err := pickSites(all, *only)
	if err != nil {
		return fmt.Errorf("sites check: %w", err)
	}
	sites := make([]crawler.Site, len(picked))
	for i, n := range picked {
		sites[i] = all[n]
	}
	statuses, err := checkSites(ctx, sites, common.logger(stderr), stderr, func(c *crawler.Config) {
		c.Policy = &crawler.Discovery{MaxPages: *pages}
		c.MaxInFlight, c.Timeout = *parallel, *timeout
	})
	if err != nil {
		return fmt.Errorf("sites check: %w", err)
	}
	now := time.Now().UTC().Truncate(time.Second)
	if *format == "json" || *format == "auto" && !isTerminal(stdout) {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(checkReport{Checked: now, Sites: statuses}); err != nil {
			return err
		}
	} else {
		printChecks(stdout, statuses)
	}
	if !*write || ctx.Err() != nil {
		return nil
	}
	checks, names := map[int]crawler.SiteCheck{}, map[int]string{}
	for i, st := range statuses {
		if !dataset.ValidVerdict(st.Verdict) {
			continue // not reached (interrupted)
		}
		checks[picked[i]] = crawler.SiteCheck{Verdict: st.Verdict, MovedTo: st.MovedTo, Checked: now.Format("2006-01-02"),
			Pages: st.PagesFetched, Records: st.Records, Sections: st.Sections}
		names[picked[i]] = st.Municipality
	}
	if err := crawler.WriteChecks(*sitesFile, checks, names); err != nil {
		return fmt.Errorf("sites check: %w", err)
	}
	fmt.Fprintf(stderr, "verdicts of %d sites written to %s\n", len(checks), *sitesFile)
	return nil
}

// pickSites returns the positions of the sites to check: every one, or
// the one whose ЕКАТТЕ code or municipality is only (a name two share is
// an error naming their codes).
func pickSites(sites []crawler.Site, only string) ([]int, error) {
	var out []int
	only = strings.TrimSpace(only)
	for i, s := range sites {
		if only == "" || strings.EqualFold(s.Ekatte, only) || strings.EqualFold(s.Municipality, only) {
			out = append(out, i)
		}
	}
	switch {
	case len(out) == 0:
		return nil, fmt.Errorf("no site %q in the sites file", only)
	case only != "" && len(out) > 1:
		var codes []string
		for _, i := range out {
			codes = append(codes, sites[i].Ekatte+" ("+sites[i].Province+")")
		}
		return nil, fmt.Errorf("%d sites are called %q: name one by its code: %s", len(out), only, strings.Join(codes, ", "))
	}
	return out, nil
}

// checkSites crawls the sites into a temporary data directory and returns
// each one's status, in their order.
func checkSites(ctx context.Context, sites []crawler.Site, logger *slog.Logger, progress io.Writer, opts func(*crawler.Config)) ([]dataset.SiteStatus, error) {
	dir, err := os.MkdirTemp("", "opendata-check-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	a, err := openApp(dir, logger)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	r, err := newCrawlRunner(a, sites, progress, opts)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	logger.Info("checking sites", "sites", len(sites))
	if _, err := r.Run(ctx, "check"); err != nil {
		return nil, err
	}
	return coverage(a, func() ([]crawler.Site, error) { return sites, nil }).Coverage()
}

// verdictText says a verdict in words.
func verdictText(st dataset.SiteStatus) string {
	switch st.Verdict {
	case dataset.SiteNoProjects:
		return "no projects found"
	case dataset.SiteBlocked:
		return "blocked by robots"
	case dataset.SiteMoved:
		return "moved to " + st.MovedTo
	case dataset.SiteNotCrawled:
		return "not checked"
	}
	return st.Verdict
}

// homeText says how the home page answered.
func homeText(st dataset.SiteStatus) string {
	s := "no answer"
	if st.HomeStatus > 0 {
		s = fmt.Sprint(st.HomeStatus)
	}
	if st.HomeRedirects > 0 {
		s = fmt.Sprintf("%s after %d redirect(s) to %s", s, st.HomeRedirects, hostOf(st.HomeFinal))
	}
	return s
}

func hostOf(raw string) string {
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		h, _, _ := strings.Cut(rest, "/")
		return h
	}
	return raw
}

// printChecks writes the statuses as a table, then each site's sections,
// sample titles and why it is not ok.
func printChecks(w io.Writer, statuses []dataset.SiteStatus) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "code\tmunicipality\tverdict\thome page\trobots.txt\tsitemaps\tpages\trecords\tsections")
	counts := map[string]int{}
	for _, st := range statuses {
		counts[verdictText(st)]++
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\n", st.Ekatte, st.Municipality, verdictText(st), homeText(st),
			st.Robots, st.Sitemaps, st.PagesFetched, st.Records, len(st.Sections))
	}
	tw.Flush()
	for _, st := range statuses {
		var parts []string
		if st.Detail != "" && st.Verdict != dataset.SiteOK {
			parts = append(parts, st.Detail)
		}
		if len(st.Sections) > 0 {
			parts = append(parts, "sections: "+strings.Join(st.Sections, " "))
		}
		if len(st.Samples) > 0 {
			parts = append(parts, "e.g. „"+strings.Join(st.Samples, "“, „")+"“")
		}
		if len(parts) > 0 {
			fmt.Fprintf(w, "%s %s: %s\n", st.Ekatte, st.Municipality, strings.Join(parts, "; "))
		}
	}
	var sum []string
	for _, v := range []string{"ok", "no projects found", "unreachable", "blocked by robots", "not checked"} {
		if counts[v] > 0 {
			sum = append(sum, fmt.Sprintf("%s %d", v, counts[v]))
		}
	}
	moved := 0
	for k, n := range counts {
		if strings.HasPrefix(k, "moved to ") {
			moved += n
		}
	}
	if moved > 0 {
		sum = append(sum, fmt.Sprintf("moved %d", moved))
	}
	fmt.Fprintf(w, "%d sites: %s\n", len(statuses), strings.Join(sum, ", "))
}
