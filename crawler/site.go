package crawler

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// siteCrawl is one site's part of a run: its fetcher, its frontier on disk
// and its figures.
type siteCrawl struct {
	cfg      *Config
	site     *Site
	logger   *slog.Logger
	front    *frontier
	fetch    *fetcher
	sh       *shared
	index    *indexer
	commit   *committer
	codes    *dataset.MunicipalityCodes // the run's sites' codes by name
	resuming bool
	seeded   bool   // the pass read the site's sitemaps already
	metaKey  string // the site's key in metaBucket
	pass     string // the pass's ID

	flights []flight // the writes of the previous pages, being committed, oldest first

	watch *watch     // what the site's status is made of
	mind  *mind      // what a Discovery knows of the site; nil under another Policy
	cur   *pageVisit // the page whose links are being queued
	// slot is the request slot of the page in hand: held from its request
	// until its write is handed to the committer, so that the bodies in
	// memory are bounded by the run's slots whatever the number of sites.
	slot *held

	act     atomic.Int32 // an activity, for the progress line
	started time.Time    // when the site's crawl began (zero: not yet)

	mu          sync.Mutex // guards run and robotsCause, read by progress and checkpoints
	run         dataset.SiteRun
	robotsCause string // why a robots.txt could not be read, if it could not
}

// flight is a page's write submitted to the committer.
type flight struct {
	w    *dataset.PageWrite
	done <-chan error
	url  string
}

// maxFlights is how many of a site's page writes may wait for their commit
// while the site goes on with the next pages: enough for the committer to
// gather big groups (a commit costs less per page the more pages it
// holds), few enough to keep the pages' memory bounded.
const maxFlights = 4

// startURLs is how many URLs the start write holds before it is committed
// and another begun (sitemaps may list tens of thousands).
const startChunk = 1000

func (sc *siteCrawl) count(f func(r *dataset.SiteRun)) {
	sc.mu.Lock()
	f(&sc.run)
	sc.mu.Unlock()
}

func (sc *siteCrawl) fail(kind string) {
	sc.count(func(r *dataset.SiteRun) {
		r.PagesFailed++
		r.Errors[kind]++
	})
}

// skip counts n links not requested, and why.
func (sc *siteCrawl) skip(reason string, n int) {
	sc.count(func(r *dataset.SiteRun) {
		r.PagesSkipped += n
		r.Skipped[reason] += n
	})
}

func (sc *siteCrawl) robotsFailed(cause string) {
	sc.mu.Lock()
	sc.robotsCause = cause
	sc.mu.Unlock()
}

func (sc *siteCrawl) event(kind string) {
	sc.count(func(r *dataset.SiteRun) { r.Errors[kind]++ })
}

func (sc *siteCrawl) hooks() fetchHooks {
	return fetchHooks{
		event:        sc.event,
		robotsFailed: sc.robotsFailed,
		request:      func() { sc.count(func(r *dataset.SiteRun) { r.Requests++ }) },
		state:        func(a activity) { sc.act.Store(int32(a)) },
		priority:     sc.priority,
	}
}

// priority is the site's known work left: its queue at its delay (the
// queue alone when it has none).
func (sc *siteCrawl) priority() int64 {
	return max(sc.front.queued.Load(), 0) * (sc.site.Delay.Milliseconds() + 1)
}

// cpu waits for a run-wide CPU slot; the caller releases sc.sh.cpu.
func (sc *siteCrawl) cpu() {
	_ = sc.sh.cpu.acquire(context.Background(), sc.priority())
}

func (sc *siteCrawl) snapshot() dataset.SiteRun {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	r := sc.run
	r.Errors = cloneCounts(sc.run.Errors)
	r.Skipped = cloneCounts(sc.run.Skipped)
	r.PagesQueued = int(max(sc.front.queued.Load(), 0))
	if r.State == "" {
		r.State = activityNames[activity(sc.act.Load())]
	}
	return r
}

var activityNames = map[activity]string{actWaiting: "waiting", actFetching: "fetching", actDone: "done"}

func cloneCounts(m map[string]int) map[string]int {
	c := make(map[string]int, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// crawl runs the site to the end of its queue, or until ctx is done. It
// returns ctx's error when interrupted. A resumed site reads its sitemaps
// again when the interrupted run had not read them to the end.
func (sc *siteCrawl) crawl(ctx context.Context) error {
	sc.commit.join()
	defer sc.commit.leave()
	sc.startFocus()
	if !sc.resuming {
		if err := sc.front.reset(); err != nil {
			return err
		}
		w := sc.front.begin()
		// The site is marked begun in this pass with its start URLs.
		w.State = append(w.State, sc.mark(siteState{}))
		for _, raw := range sc.site.StartURLs {
			u, err := RequestURL(nil, raw)
			if err != nil {
				sc.event("bad_url")
				continue
			}
			if _, err := sc.queue(u, "", Link{}, time.Time{}); err != nil {
				return err
			}
		}
		if err := sc.seedLearned(); err != nil {
			return err
		}
		if err := sc.commit.commit(w); err != nil {
			return fmt.Errorf("crawl state: %w", err)
		}
	} else if err := sc.front.resume(); err != nil {
		return err
	}
	if !sc.seeded {
		if err := sc.seedSitemaps(ctx); err != nil {
			return err
		}
	}
	return sc.work(ctx)
}

// finish marks the site done in the pass and empties its crawl state, in
// grouped commits like the pages' (a transaction of its own per site and
// bucket would cost a disk sync each, and hold up every site's commits
// when hundreds of sites end together).
func (sc *siteCrawl) finish() error {
	ops, err := sc.front.clearOps()
	if err != nil {
		return err
	}
	for len(ops) > finishChunk {
		if err := sc.commit.commit(&dataset.PageWrite{State: ops[:finishChunk]}); err != nil {
			return fmt.Errorf("crawl state: %w", err)
		}
		ops = ops[finishChunk:]
	}
	ops = append(ops, sc.mark(siteState{Done: true}))
	if err := sc.commit.commit(&dataset.PageWrite{State: ops}); err != nil {
		return fmt.Errorf("crawl state: %w", err)
	}
	return nil
}

// finishChunk is how many of a finished site's state deletions one write holds.
const finishChunk = 5000

// mark is the state op that records the site's progress in the pass.
func (sc *siteCrawl) mark(st siteState) dataset.StateOp {
	st.Pass = sc.pass
	b, _ := json.Marshal(st)
	return dataset.StateOp{Bucket: metaBucket, Key: sc.metaKey, Value: b}
}

// work fetches the queued pages one at a time.
func (sc *siteCrawl) work(ctx context.Context) error {
	budget := sc.cfg.Policy.Budget(sc.site)
	pages := 0
	defer sc.land() // the last pages' writes, on any way out
	defer func() { sc.slot.release() }()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		it, ok, err := sc.front.next()
		if err != nil {
			return err
		}
		if !ok {
			return sc.land()
		}
		if pages >= budget {
			sc.skip("page_limit", int(max(sc.front.queued.Load(), 1)))
			return sc.land()
		}
		w := sc.front.begin()
		complete, err := true, error(nil)
		if !sc.passOver(it) {
			pages++
			complete, err = sc.visit(ctx, it)
		}
		if err != nil {
			return err
		}
		if !complete {
			// The fetch was cut short: the page stays queued for the next run.
			return ctx.Err()
		}
		sc.front.done(it)
		// Up to maxFlights writes wait for their commit while the next
		// pages are fetched; fewer while the committer holds many bytes.
		for len(sc.flights) >= maxFlights || (len(sc.flights) > 0 && sc.commit.full()) {
			if err := sc.landOne(); err != nil {
				return err
			}
		}
		sc.front.takeOff()
		sc.flights = append(sc.flights, flight{w: w, done: sc.commit.submit(w), url: it.URL})
		sc.slot.release() // the committer bounds the body from now on
		sc.slot = nil
	}
}

// land waits for every page write in flight and takes its results in.
func (sc *siteCrawl) land() error {
	var errs []error
	for len(sc.flights) > 0 {
		errs = append(errs, sc.landOne())
	}
	return errors.Join(errs...)
}

// landOne waits for the oldest page write in flight and takes its results in.
func (sc *siteCrawl) landOne() error {
	f := sc.flights[0]
	sc.flights[0] = flight{}
	sc.flights = sc.flights[1:]
	err := sc.commit.wait(f.done)
	sc.front.landed()
	if err != nil {
		return fmt.Errorf("save page %s: %w", f.url, err)
	}
	sc.committed(f.w)
	return nil
}

// visit fetches one queued page and takes it through the pipeline, whose
// writes collect in the frontier's PageWrite. It reports whether the page
// was handled to the end (false when the run was cancelled during the
// fetch); its error is a store failure that should stop the site, while
// fetch failures are counted, not returned.
func (sc *siteCrawl) visit(ctx context.Context, it item) (bool, error) {
	u, err := url.Parse(it.URL)
	if err != nil {
		sc.fail("bad_url")
		return true, nil
	}
	if skipped, err := sc.unchangedSince(it, u); skipped || err != nil {
		return err == nil, err
	}
	r := sc.fetch.fetch(ctx, u, sc.headers, sc.redirectOK(it.Depth))
	sc.fetched(it, r)
	sc.slot = r.slot // released once the page's write is with the committer
	switch r.kind {
	case "cancelled":
		return false, nil
	case "redirect_seen":
		// A redirect to a page visited in this pass: the same page.
		sc.count(func(r *dataset.SiteRun) { r.PagesDuplicate++ })
		return true, nil
	case "robots":
		sc.skip("robots", 1)
		return true, nil
	case "state_error":
		return false, r.err
	case "":
	default:
		sc.logger.Debug("page failed", "url", it.URL, "kind", r.kind, "err", r.err)
		sc.fail(r.kind)
		return true, nil
	}
	// The page is the URL that answered (after a redirect, the target),
	// under its canonical form.
	cu, err := Canonicalize(nil, r.final.String())
	if err != nil {
		sc.fail("bad_url")
		return true, nil
	}
	prev, known, err := sc.previous(cu)
	if err != nil {
		return false, err
	}
	sc.act.Store(int32(actFetching))
	switch {
	case r.status == http.StatusNotModified:
		sc.count(func(r *dataset.SiteRun) { r.PagesFetched++; r.PagesUnchanged++ })
		return true, sc.fromArchive(it, cu, prev)
	case r.status == http.StatusNotFound || r.status == http.StatusGone:
		sc.fail(fmt.Sprintf("http_%d", r.status))
		return true, sc.gone(cu, known)
	case r.status >= 400 || r.status < 200:
		sc.fail(fmt.Sprintf("http_%d", r.status))
		return true, nil
	}
	return true, sc.page(it, cu, prev, known, r)
}

// unchangedSince handles, without a request, a page whose sitemap says it
// has not changed since it was last fetched in full: its links are
// followed from the archive. It reports whether it did.
func (sc *siteCrawl) unchangedSince(it item, u *url.URL) (bool, error) {
	if it.LastMod.IsZero() {
		return false, nil
	}
	cu, err := Canonicalize(nil, u.String())
	if err != nil {
		return false, nil
	}
	prev, known, err := sc.previous(cu)
	if err != nil || !known || prev.Truncated || prev.Gone != nil || prev.SHA256 == "" || prev.FetchedAt.Before(it.LastMod) {
		return false, err
	}
	sc.count(func(r *dataset.SiteRun) { r.PagesUnchanged++ })
	sc.skip("lastmod", 1)
	return true, sc.fromArchive(it, cu, prev)
}

// headers returns the request headers for u: conditional ones when the
// page was fetched before, completely (a truncated or gone page is fetched
// again in full).
func (sc *siteCrawl) headers(u *url.URL) (http.Header, error) {
	hdr := http.Header{}
	hdr.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	hdr.Set("Accept-Language", "bg,en;q=0.5")
	cu, err := Canonicalize(nil, u.String())
	if err != nil {
		return hdr, nil
	}
	prev, known, err := sc.previous(cu)
	if err != nil {
		return nil, err
	}
	if known && !prev.Truncated && prev.Gone == nil {
		if prev.ETag != "" {
			hdr.Set("If-None-Match", prev.ETag)
		}
		if prev.LastModified != "" {
			hdr.Set("If-Modified-Since", prev.LastModified)
		}
	}
	return hdr, nil
}

// previous returns what the store knows of the page (canonical URL u)
// from an earlier run (under its www. or bare form, too).
func (sc *siteCrawl) previous(u *url.URL) (dataset.Page, bool, error) {
	p, ok, err := sc.cfg.Store.Page(u.String())
	if err != nil {
		return p, false, fmt.Errorf("read page: %w", err)
	}
	if !ok {
		p, ok, err = sc.cfg.Store.Page(wwwVariant(u))
		if err != nil {
			return p, false, fmt.Errorf("read page: %w", err)
		}
	}
	return p, ok, nil
}

// redirectOK lets a redirect go on while it stays on the site and reaches
// a page not yet visited in this pass.
func (sc *siteCrawl) redirectOK(depth int) func(from, to *url.URL) string {
	return func(from, to *url.URL) string {
		sc.hop(from, to)
		if !sc.site.Allowed(to) {
			return "redirect_offsite"
		}
		if isDocumentExt(to) {
			return "not_html"
		}
		tk, fk := visitKey(to), visitKey(from)
		if tk == "" {
			return "redirect_invalid"
		}
		fresh, err := sc.front.markSeen(tk, depth)
		if err != nil {
			return "state_error"
		}
		if !fresh && tk != fk {
			return "redirect_seen"
		}
		return ""
	}
}

// visitKey is the key of u in the visited set: its canonical form without
// scheme and www. ("" when it has none).
func visitKey(u *url.URL) string {
	cu, err := Canonicalize(nil, u.String())
	if err != nil {
		return ""
	}
	return dedupKey(cu)
}

// queue adds u (as it is requested; key its visited key, "" to work it
// out) to the frontier's current write, ranked by the policy, unless it
// was seen in this pass. It reports whether it was new.
func (sc *siteCrawl) queue(u *url.URL, key string, l Link, lastMod time.Time) (bool, error) {
	if key == "" {
		if key = visitKey(u); key == "" {
			return false, nil
		}
	}
	l.URL = u.String()
	it := item{URL: l.URL, Depth: l.Depth, LastMod: lastMod}
	fresh, err := sc.front.add(key, it, func(it *item) int { return sc.rank(key, l, it) })
	if err == nil && !fresh {
		sc.promote(key, l, it)
	}
	if err != nil {
		return false, fmt.Errorf("crawl state: %w", err)
	}
	return fresh, nil
}
