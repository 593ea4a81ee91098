package crawler

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
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
	rs.mu.Lock()
	doneN := rs.doneN
	rs.mu.Unlock()
	t := run.Totals
	errs := 0
	for _, n := range t.Errors {
		errs += n
	}
	if rs.cfg.Terminal && rs.cfg.Progress != nil {
		fmt.Fprintf(rs.cfg.Progress, "\r\033[Kcrawl %s: sites %d/%d · pages %d fetched (%d unchanged), %d queued · %d errors · records +%d ~%d",
			run.ID, doneN, len(rs.sites), t.PagesFetched, t.PagesUnchanged, t.PagesQueued, errs,
			t.RecordsAdded, t.RecordsChanged)
		return
	}
	logger.Info("crawl progress", "sites_done", doneN, "sites", len(rs.sites), "pages_fetched", t.PagesFetched,
		"pages_unchanged", t.PagesUnchanged, "pages_queued", t.PagesQueued, "pages_failed", t.PagesFailed,
		"errors", errs, "records_added", t.RecordsAdded, "records_changed", t.RecordsChanged)
}
