package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// watch saves the running crawl every Checkpoint and reports progress: a
// live line on a terminal, a log line every half minute otherwise. The
// returned function stops it and ends the live line.
func (rs *runState) watch(ctx context.Context, logger *slog.Logger) func() {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		save := time.NewTicker(rs.cfg.Checkpoint)
		defer save.Stop()
		every := 30 * time.Second
		if rs.cfg.Terminal && rs.cfg.Progress != nil {
			every = 250 * time.Millisecond
		}
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-save.C:
				if err := rs.cfg.Store.PutCrawl(rs.snapshot()); err != nil {
					logger.Warn("save crawl progress", "err", err)
				}
			case <-tick.C:
				rs.progress(logger)
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		if rs.cfg.Terminal && rs.cfg.Progress != nil {
			rs.progress(logger)
			fmt.Fprintln(rs.cfg.Progress)
		}
	}
}

// progress writes one progress report.
func (rs *runState) progress(logger *slog.Logger) {
	run := rs.snapshot()
	t := run.Totals
	errs := 0
	for _, n := range t.Errors {
		errs += n
	}
	done, fetching, waiting := 0, 0, 0
	for _, s := range run.Sites {
		switch s.State {
		case "done", "interrupted":
			done++
		case "fetching":
			fetching++
		default:
			waiting++
		}
	}
	eta, known := rs.eta(run, time.Now())
	etaText := "?"
	if known {
		etaText = eta.Round(time.Second).String()
	}
	if rs.cfg.Terminal && rs.cfg.Progress != nil {
		fmt.Fprintf(rs.cfg.Progress, "\r\033[Kcrawl %s: sites %d/%d done, %d fetching, %d waiting · pages %d fetched (%d unchanged), %d skipped, %d queued · %d errors · records +%d ~%d · ETA %s",
			run.ID, done, len(run.Sites), fetching, waiting, t.PagesFetched, t.PagesUnchanged, t.PagesSkipped, t.PagesQueued, errs,
			t.RecordsAdded, t.RecordsChanged, etaText)
		return
	}
	logger.Info("crawl progress", "sites_done", done, "sites_fetching", fetching, "sites_waiting", waiting, "sites", len(run.Sites),
		"pages_fetched", t.PagesFetched, "pages_unchanged", t.PagesUnchanged, "pages_skipped", t.PagesSkipped,
		"pages_queued", t.PagesQueued, "pages_failed", t.PagesFailed, "errors", errs,
		"records_added", t.RecordsAdded, "records_changed", t.RecordsChanged, "eta", etaText)
}

// handled is how many of a site's queued pages are settled.
func handled(s dataset.SiteRun) int {
	return s.PagesFetched + s.PagesFailed + s.PagesSkipped + s.PagesDuplicate
}

// eta estimates the time left: the longest of each unfinished site's queue
// at the pace it has kept (or its delay, before its first page), and of
// all queues at the run's pace. Queues grow as pages are read, so it is
// the time left for the pages known now; known is false before any page.
func (rs *runState) eta(run dataset.CrawlRun, now time.Time) (time.Duration, bool) {
	var longest time.Duration
	total := 0
	for i, s := range run.Sites {
		if s.State == "done" || s.State == "interrupted" || s.PagesQueued == 0 {
			continue
		}
		sc := rs.sites[i]
		sc.mu.Lock()
		started := sc.started
		sc.mu.Unlock()
		pace := sc.site.Delay
		if n := handled(s); n > 0 && !started.IsZero() {
			pace = max(pace, now.Sub(started)/time.Duration(n))
		}
		longest = max(longest, time.Duration(s.PagesQueued)*pace)
		total += s.PagesQueued
	}
	n := handled(run.Totals)
	if n == 0 {
		return 0, false
	}
	overall := time.Duration(float64(now.Sub(run.Started)) / float64(n) * float64(total))
	return max(longest, overall), true
}
