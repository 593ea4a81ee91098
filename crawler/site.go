package crawler

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
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
	index    *indexer
	commit   *committer
	cpu      chan struct{} // slots for CPU-bound work, shared by the sites
	resuming bool

	flights []flight // the writes of the previous pages, being committed, oldest first

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

func (sc *siteCrawl) robotsFailed(cause string) {
	sc.mu.Lock()
	sc.robotsCause = cause
	sc.mu.Unlock()
}

func (sc *siteCrawl) event(kind string) {
	sc.count(func(r *dataset.SiteRun) { r.Errors[kind]++ })
}

func (sc *siteCrawl) snapshot() dataset.SiteRun {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	r := sc.run
	r.Errors = make(map[string]int, len(sc.run.Errors))
	for k, v := range sc.run.Errors {
		r.Errors[k] = v
	}
	r.PagesQueued = int(max(sc.front.queued.Load(), 0))
	return r
}

// crawl runs the site to the end of its queue, or until ctx is done. It
// returns ctx's error when interrupted.
func (sc *siteCrawl) crawl(ctx context.Context) error {
	sc.commit.join()
	defer sc.commit.leave()
	if !sc.resuming {
		if err := sc.front.reset(); err != nil {
			return err
		}
		w := sc.front.begin()
		for _, raw := range sc.site.StartURLs {
			u, err := Canonicalize(nil, raw)
			if err != nil {
				sc.event("bad_url")
				continue
			}
			if _, err := sc.front.add(dedupKey(u), u.String(), 0); err != nil {
				return err
			}
		}
		if err := sc.commit.commit(w); err != nil {
			return fmt.Errorf("crawl state: %w", err)
		}
	} else if err := sc.front.resume(); err != nil {
		return err
	}
	pages := 0
	defer sc.land() // the last pages' writes, on any way out
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
		if pages >= sc.cfg.MaxPages {
			sc.event("page_limit")
			return sc.land()
		}
		pages++
		w := sc.front.begin()
		complete, err := sc.visit(ctx, it)
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
	r := sc.fetch.fetch(ctx, u, sc.headers, sc.redirectOK(it.Depth))
	switch r.kind {
	case "cancelled":
		return false, nil
	case "redirect_seen":
		return true, nil
	case "state_error":
		return false, r.err
	case "":
	default:
		sc.logger.Debug("page failed", "url", it.URL, "kind", r.kind, "err", r.err)
		sc.fail(r.kind)
		return true, nil
	}
	// The page is the URL that answered: after a redirect, the target.
	prev, known, err := sc.previous(r.final)
	if err != nil {
		return false, err
	}
	switch {
	case r.status == http.StatusNotModified:
		return true, sc.unchanged(it, r.final, prev)
	case r.status == http.StatusNotFound || r.status == http.StatusGone:
		sc.fail(fmt.Sprintf("http_%d", r.status))
		return true, sc.gone(r.final, known)
	case r.status >= 400 || r.status < 200:
		sc.fail(fmt.Sprintf("http_%d", r.status))
		return true, nil
	}
	return true, sc.page(it, r.final, prev, known, r)
}

// headers returns the request headers for u: conditional ones when the
// page was fetched before, completely (a truncated or gone page is fetched
// again in full).
func (sc *siteCrawl) headers(u *url.URL) (http.Header, error) {
	hdr := http.Header{}
	hdr.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	hdr.Set("Accept-Language", "bg,en;q=0.5")
	prev, known, err := sc.previous(u)
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

// previous returns what the store knows of the page from an earlier run
// (under its www. or bare form, too).
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
		if !sc.site.Allowed(to) {
			return "redirect_offsite"
		}
		if isDocumentExt(to) {
			return "not_html"
		}
		fresh, err := sc.front.markSeen(dedupKey(to), depth)
		if err != nil {
			return "state_error"
		}
		if !fresh && dedupKey(to) != dedupKey(from) {
			return "redirect_seen"
		}
		return ""
	}
}

// gone withdraws the records of a page that now answers 404 or 410.
func (sc *siteCrawl) gone(u *url.URL, known bool) error {
	g, ok := sc.cfg.Store.(pageGoner)
	if !known || !ok {
		return nil
	}
	mr, err := g.PageGone(u.String(), time.Now().UTC())
	if err != nil {
		return fmt.Errorf("mark page gone: %w", err)
	}
	sc.index.add(mr.Changed, mr.Removed)
	sc.count(func(r *dataset.SiteRun) { r.RecordsChanged += len(mr.Changed) })
	return nil
}

// unchanged handles a page that did not change since the last run: nothing
// is extracted, but its links are followed again (from the archived body
// on a 304) since the pages below it may have changed.
func (sc *siteCrawl) unchanged(it item, u *url.URL, prev dataset.Page) error {
	sc.count(func(r *dataset.SiteRun) { r.PagesFetched++; r.PagesUnchanged++ })
	// Its body counts as met in this pass: a copy elsewhere is a duplicate.
	if _, err := sc.front.seenBody(prev.SHA256, prev.URL); err != nil {
		return fmt.Errorf("crawl state: %w", err)
	}
	body, err := sc.cfg.Store.Body(prev.URL)
	if err != nil {
		sc.logger.Debug("no archived body for an unchanged page", "url", u, "err", err)
		return nil
	}
	sc.cpu <- struct{}{}
	defer func() { <-sc.cpu }()
	ct := ""
	if prev.Header != nil {
		ct = http.Header(prev.Header).Get("Content-Type")
	}
	text, _, err := sc.cfg.Extractor.Decode(body, ct)
	if err != nil {
		text = body
	}
	final, _ := url.Parse(prev.FinalURL)
	if final == nil || final.Host == "" {
		final = u
	}
	return sc.follow(final, parseLinks(text), it.Depth)
}

// page takes a fetched 2xx page through archive → extract → merge → index.
func (sc *siteCrawl) page(it item, u *url.URL, prev dataset.Page, known bool, r fetchResult) error {
	// Decoding and extracting are CPU work: as many pages at a time as
	// there are cores, so that the serial commit is not starved by them.
	sc.cpu <- struct{}{}
	defer func() { <-sc.cpu }()
	ct := r.header.Get("Content-Type")
	if !isHTML(ct, r.body) {
		sc.fail("not_html")
		return nil
	}
	sum := sha256.Sum256(r.body)
	sha := hex.EncodeToString(sum[:])
	header := r.header.Clone()
	header.Del("Set-Cookie") // a session is nothing to archive
	p := dataset.Page{
		URL: u.String(), FinalURL: r.final.String(), Municipality: sc.site.Municipality,
		FetchedAt: time.Now().UTC().Truncate(time.Second), Status: r.status,
		Header: header, SHA256: sha, Size: int64(len(r.body)),
		ETag: r.header.Get("ETag"), LastModified: r.header.Get("Last-Modified"),
		Truncated: r.truncated,
	}
	text, _, err := sc.cfg.Extractor.Decode(r.body, ct)
	if err != nil {
		text = r.body
	}
	links := parseLinks(text)
	if err := sc.follow(r.final, links, it.Depth); err != nil {
		return err
	}
	if r.truncated {
		// Never extract from half a page; keep it for the record.
		sc.fail("truncated")
		return sc.archive(p, r.body)
	}
	if known && prev.SHA256 == sha && !prev.Truncated && prev.Gone == nil {
		sc.count(func(r *dataset.SiteRun) { r.PagesFetched++; r.PagesUnchanged++ })
		if _, err := sc.front.seenBody(sha, p.URL); err != nil {
			return fmt.Errorf("crawl state: %w", err)
		}
		if prev.ETag != p.ETag || prev.LastModified != p.LastModified {
			p.RecordIDs = prev.RecordIDs
			return sc.archive(p, r.body)
		}
		return nil
	}
	if kind := links.errorPage(sc.cfg.MinText); kind != "" {
		sc.fail(kind)
		return nil
	}
	if dup, err := sc.duplicate(u, r.final, links, sha); err != nil || dup {
		return err
	}
	sc.count(func(r *dataset.SiteRun) { r.PagesFetched++ })
	if err := sc.archive(p, r.body); err != nil {
		return err
	}
	sc.extract(p, r.body, ct)
	return nil
}

// duplicate reports whether the page is one already processed in this pass
// under another URL: the same body, or a <link rel=canonical> naming a
// page of the site that was visited.
func (sc *siteCrawl) duplicate(u, final *url.URL, links pageLinks, sha string) (bool, error) {
	first, err := sc.front.seenBody(sha, u.String())
	if err != nil {
		return false, fmt.Errorf("crawl state: %w", err)
	}
	if first != "" && first != u.String() {
		sc.count(func(r *dataset.SiteRun) { r.PagesDuplicate++ })
		return true, nil
	}
	if links.Canonical == "" {
		return false, nil
	}
	cu, err := Canonicalize(final, links.Canonical)
	if err != nil || !sc.site.Allowed(cu) || dedupKey(cu) == dedupKey(u) {
		return false, nil
	}
	fresh, err := sc.front.markSeen(dedupKey(cu), 0)
	if err != nil {
		return false, fmt.Errorf("crawl state: %w", err)
	}
	if !fresh {
		// The canonical page is fetched already, or queued: it stands for
		// this copy.
		sc.count(func(r *dataset.SiteRun) { r.PagesDuplicate++ })
		return true, nil
	}
	return false, nil
}

// archive has the page and its raw body stored with the page's commit.
func (sc *siteCrawl) archive(p dataset.Page, body []byte) error {
	w := sc.front.w
	w.Page, w.Body, w.Archive = &p, body, true
	return nil
}

// follow queues the page's links that the site follows.
func (sc *siteCrawl) follow(final *url.URL, pl pageLinks, depth int) error {
	if depth >= sc.site.MaxDepth {
		return nil
	}
	base := final
	if pl.Base != "" {
		if b, err := final.Parse(pl.Base); err == nil && (b.Scheme == "http" || b.Scheme == "https") {
			base = b
		}
	}
	hrefs := pl.Links
	if pl.Refresh != "" {
		hrefs = append(hrefs, rawLink{Href: pl.Refresh})
	}
	for _, l := range hrefs {
		abs, err := base.Parse(escapeUnsafe(l.Href))
		if err != nil || (abs.Scheme != "http" && abs.Scheme != "https") {
			continue
		}
		abs.Fragment, abs.RawFragment = "", ""
		cu, err := Canonicalize(nil, abs.String())
		if err != nil || isDocumentExt(cu) || !sc.site.Allowed(cu) {
			continue
		}
		if !sc.site.Follows(abs.String(), cu.String()) {
			continue
		}
		if _, err := sc.front.add(dedupKey(cu), cu.String(), depth+1); err != nil {
			return fmt.Errorf("crawl state: %w", err)
		}
	}
	return nil
}
