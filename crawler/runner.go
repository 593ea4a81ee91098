package crawler

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// Runner runs crawls of the sites file, one at a time: on demand (Run,
// StartCrawl for the API) or on a schedule (Every). It implements
// api.Crawler.
type Runner struct {
	cfg Config

	mu      sync.Mutex
	running bool

	bg       sync.WaitGroup
	bgCtx    context.Context
	bgCancel context.CancelFunc
}

// New returns a Runner for cfg.
func New(cfg Config) (*Runner, error) {
	if err := cfg.setDefaults(); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	return &Runner{cfg: cfg, bgCtx: ctx, bgCancel: cancel}, nil
}

// Close interrupts a crawl started by StartCrawl or Every and waits for it
// to save its state.
func (r *Runner) Close() error {
	r.bgCancel()
	r.bg.Wait()
	return nil
}

// Run crawls every site and returns the finished run. Cancelling ctx
// interrupts the crawl: the run is saved as "interrupted" and the next run
// resumes its queues. An error means the run could not start or be saved;
// sites that fail are reported in the run, not as an error.
func (r *Runner) Run(ctx context.Context, trigger string) (dataset.CrawlRun, error) {
	rs, err := r.prepare(trigger)
	if err != nil {
		return dataset.CrawlRun{}, err
	}
	return rs.execute(ctx)
}

// StartCrawl starts a run in the background and returns it at once
// (status "running"); an ECONFLICT error when one is already running. ctx
// bounds the run (pass the server's context, not a request's): cancelling
// it, or Close, interrupts the run, which Wait then waits for.
func (r *Runner) StartCrawl(ctx context.Context, trigger string) (dataset.CrawlRun, error) {
	rs, err := r.prepare(trigger)
	if err != nil {
		return dataset.CrawlRun{}, err
	}
	first := rs.snapshot()
	runCtx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(r.bgCtx, cancel)
	r.bg.Add(1)
	go func() {
		defer r.bg.Done()
		defer cancel()
		defer stop()
		if _, err := rs.execute(runCtx); err != nil {
			r.cfg.Logger.Error("crawl failed", "run", rs.run.ID, "err", err)
		}
	}()
	return first, nil
}

// Wait waits for the runs started by StartCrawl to end.
func (r *Runner) Wait() { r.bg.Wait() }

// Every runs a crawl every d until ctx is done (the first one after d). A
// run still going when the next is due delays it. It returns ctx's error.
func (r *Runner) Every(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return dataset.Errorf(dataset.EINVALID, "crawl interval %v must be positive", d)
	}
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		if ctx.Err() != nil { // both were ready: the select may pick the tick
			return ctx.Err()
		}
		_, err := r.Run(ctx, "schedule")
		if dataset.ErrorCode(err) == dataset.ECONFLICT {
			r.cfg.Logger.Info("scheduled crawl skipped: a crawl is running")
			continue
		}
		if err != nil {
			r.cfg.Logger.Error("scheduled crawl failed", "err", err)
		}
	}
}

// passState is the crawl pass on disk: a pass is one complete walk of the
// sites file, possibly spread over several runs when one is interrupted.
type passState struct {
	ID       string `json:"id"`       // the run that started the pass
	LastRun  string `json:"last_run"` // the latest run that worked on it
	Complete bool   `json:"complete"`
}

// metaBucket holds the pass and each site's progress in it.
const metaBucket = "crawl/meta"

// siteState is one site's progress in the current pass.
type siteState struct {
	Pass   string `json:"pass"`
	Seeded bool   `json:"seeded,omitempty"` // its sitemaps are read into the queue
	Done   bool   `json:"done"`
}

// runState is one run in progress.
type runState struct {
	r      *Runner
	cfg    *Config
	meta   Bucket
	pass   passState
	sh     *shared
	index  *indexer
	commit *committer
	sites  []*siteCrawl
	mu     sync.Mutex // guards run, closed
	run    dataset.CrawlRun
	closed bool
}

// prepare claims the runner, records the run as started and works out
// whether it resumes an interrupted pass.
func (r *Runner) prepare(trigger string) (*runState, error) {
	r.mu.Lock()
	if r.running {
		r.mu.Unlock()
		return nil, dataset.Errorf(dataset.ECONFLICT, "a crawl is already running")
	}
	r.running = true
	r.mu.Unlock()
	rs, err := r.newRunState(trigger)
	if err != nil {
		r.release()
		return nil, err
	}
	return rs, nil
}

func (r *Runner) release() {
	r.mu.Lock()
	r.running = false
	r.mu.Unlock()
}

func (r *Runner) newRunState(trigger string) (*runState, error) {
	sites := r.cfg.Sites
	if r.cfg.ReloadSites != nil {
		fresh, err := r.cfg.ReloadSites()
		if err != nil {
			return nil, dataset.Errorf(dataset.EINVALID, "the sites file: %v", err)
		}
		sites = fresh
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	rs := &runState{r: r, cfg: &r.cfg, meta: r.cfg.State(metaBucket), sh: newShared(&r.cfg),
		index: newIndexer(&r.cfg), commit: newCommitter(r.cfg.Store)}
	rs.run = dataset.CrawlRun{ID: runID(now), Started: now, Trigger: trigger, Status: "running"}
	started := false
	defer func() {
		if !started {
			rs.index.close() // stop its goroutine
		}
	}()
	if err := rs.closeStaleRuns(now); err != nil {
		return nil, err
	}
	if b, ok, err := rs.meta.Get("pass"); err != nil {
		return nil, fmt.Errorf("read crawl state: %w", err)
	} else if ok && json.Unmarshal(b, &rs.pass) == nil && !rs.pass.Complete {
		rs.run.Resumes = rs.pass.LastRun
	} else {
		rs.pass = passState{ID: rs.run.ID}
	}
	rs.pass.LastRun = rs.run.ID
	if err := rs.putMeta("pass", rs.pass); err != nil {
		return nil, err
	}
	codes := NewDirectory(sites).Codes()
	for i := range sites {
		s := &sites[i]
		sc := &siteCrawl{cfg: &r.cfg, site: s, index: rs.index, commit: rs.commit, sh: rs.sh, codes: codes,
			logger: r.cfg.Logger.With("site", s.Municipality),
			front:  newFrontier(r.cfg.State, s.Key()),
			run:    dataset.SiteRun{Municipality: s.Municipality, Ekatte: s.Ekatte, Errors: map[string]int{}, Skipped: map[string]int{}}}
		rs.sites = append(rs.sites, sc)
	}
	rs.run.Sites = make([]dataset.SiteRun, len(rs.sites))
	for i, sc := range rs.sites {
		rs.run.Sites[i] = sc.snapshot()
	}
	if err := r.cfg.Store.PutCrawl(rs.run); err != nil {
		return nil, fmt.Errorf("save crawl run: %w", err)
	}
	started = true
	return rs, nil
}

// closeStaleRuns marks runs left "running" by a killed process as interrupted.
func (rs *runState) closeStaleRuns(now time.Time) error {
	runs, err := rs.cfg.Store.Crawls(20)
	if err != nil {
		return fmt.Errorf("read crawl runs: %w", err)
	}
	for _, old := range runs {
		if old.Status != "running" {
			continue
		}
		old.Status = "interrupted"
		if err := rs.cfg.Store.PutCrawl(old); err != nil {
			return fmt.Errorf("save crawl run: %w", err)
		}
	}
	return nil
}

func (rs *runState) putMeta(key string, v any) error {
	b, _ := json.Marshal(v)
	if err := rs.meta.Put(key, b); err != nil {
		return fmt.Errorf("save crawl state: %w", err)
	}
	return nil
}

// execute crawls every site at once, each in its own goroutine (a site
// waiting for its host costs the others nothing; the run-wide bounds are
// in rs.sh), and saves the run as it goes and at the end.
func (rs *runState) execute(ctx context.Context) (dataset.CrawlRun, error) {
	defer rs.r.release()
	logger := rs.cfg.Logger.With("run", rs.run.ID)
	logger.Info("crawl started", "sites", len(rs.sites), "trigger", rs.run.Trigger, "resumes", rs.run.Resumes)
	stopWatch := rs.watch(ctx, logger)
	var wg sync.WaitGroup
	for _, sc := range rs.sites {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rs.crawlSite(ctx, sc)
		}()
	}
	wg.Wait()
	rs.sh.close()
	rs.index.close()
	stopWatch()

	run := rs.snapshot()
	end := time.Now().UTC()
	run.Finished = &end
	run.Status = "done"
	if ctx.Err() != nil {
		run.Status = "interrupted"
	} else {
		rs.pass.Complete = true
	}
	if n := rs.index.errors(); n > 0 {
		run.Totals.Errors["index"] += n
	}
	rs.mu.Lock()
	rs.run, rs.closed = run, true
	rs.mu.Unlock()
	err := errors.Join(rs.putMeta("pass", rs.pass), rs.cfg.Store.PutCrawl(run))
	logger.Info("crawl finished", "status", run.Status, "pages_fetched", run.Totals.PagesFetched,
		"pages_unchanged", run.Totals.PagesUnchanged, "pages_failed", run.Totals.PagesFailed,
		"records_added", run.Totals.RecordsAdded, "records_changed", run.Totals.RecordsChanged)
	if err != nil {
		return run, fmt.Errorf("save crawl run: %w", err)
	}
	return run, nil
}

// crawlSite crawls one site, resuming its queue when the pass was
// interrupted inside it, skipping it when the pass already finished it.
func (rs *runState) crawlSite(ctx context.Context, sc *siteCrawl) {
	key := "site/" + sc.site.Key()
	var st siteState
	if b, ok, err := rs.meta.Get(key); err == nil && ok && json.Unmarshal(b, &st) == nil && st.Pass == rs.pass.ID {
		if st.Done {
			sc.logger.Info("site skipped: finished in the interrupted run", "resumes", rs.run.Resumes)
			rs.siteDone(sc)
			return
		}
		sc.resuming, sc.seeded = true, st.Seeded
	}
	sc.metaKey, sc.pass = key, rs.pass.ID
	sc.mu.Lock()
	sc.started = time.Now()
	sc.mu.Unlock()
	sc.fetch = newFetcher(ctx, rs.cfg, rs.sh, sc.site, sc.hooks())
	err := sc.crawl(ctx)
	switch {
	case err == nil:
		err = sc.finish()
	case ctx.Err() != nil:
		err = nil // interrupted: the queue stays for the next run
	}
	sc.mu.Lock()
	r := &sc.run
	switch {
	case err != nil:
		r.Error = err.Error()
	case r.PagesFetched > 0 || r.PagesUnchanged > 0 || ctx.Err() != nil:
	case sc.robotsCause != "":
		r.Error = "robots.txt could not be read (" + sc.robotsCause + "), so nothing was fetched: an unreachable robots.txt means no crawling (RFC 9309)"
	case r.PagesFailed > 0:
		r.Error = "no page could be fetched: " + r.ErrorSummary()
	case r.Skipped["robots"] > 0:
		r.Error = "no page was fetched: robots.txt forbids the start URLs"
	}
	if ctx.Err() != nil {
		r.State = "interrupted"
	}
	sc.mu.Unlock()
	sc.settle(ctx.Err() != nil)
	rs.siteDone(sc)
}

func (rs *runState) siteDone(sc *siteCrawl) {
	sc.act.Store(int32(actDone))
	r := sc.snapshot()
	level := slog.LevelInfo
	if rs.cfg.Terminal && rs.cfg.Progress != nil {
		level = slog.LevelDebug // the live line shows it; log lines would break it
	}
	sc.logger.Log(context.Background(), level, "site finished", "pages_fetched", r.PagesFetched, "pages_unchanged", r.PagesUnchanged,
		"pages_failed", r.PagesFailed, "records_added", r.RecordsAdded, "records_changed", r.RecordsChanged,
		"errors", r.ErrorSummary(), "error", r.Error)
}

// snapshot returns the run with the sites' current figures and totals.
func (rs *runState) snapshot() dataset.CrawlRun {
	rs.mu.Lock()
	run := rs.run
	closed := rs.closed
	rs.mu.Unlock()
	if closed {
		return run
	}
	run.Sites = make([]dataset.SiteRun, len(rs.sites))
	run.Totals = dataset.SiteRun{Errors: map[string]int{}, Skipped: map[string]int{}}
	for i, sc := range rs.sites {
		s := sc.snapshot()
		run.Sites[i] = s
		addTotals(&run.Totals, s)
	}
	return run
}

func addTotals(t *dataset.SiteRun, s dataset.SiteRun) {
	t.PagesFetched += s.PagesFetched
	t.PagesUnchanged += s.PagesUnchanged
	t.PagesFailed += s.PagesFailed
	t.PagesSkipped += s.PagesSkipped
	t.Requests += s.Requests
	t.SitemapURLs += s.SitemapURLs
	t.PagesDuplicate += s.PagesDuplicate
	t.PagesQueued += s.PagesQueued
	t.RecordsAdded += s.RecordsAdded
	t.RecordsChanged += s.RecordsChanged
	for k, v := range s.Errors {
		t.Errors[k] += v
	}
	for k, v := range s.Skipped {
		t.Skipped[k] += v
	}
}

// runID names a run by its start time, with a random suffix.
func runID(t time.Time) string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return t.Format("20060102T150405Z") + "-" + hex.EncodeToString(b[:])
}
