package crawler

import (
	"fmt"
	"net/url"
	"time"
)

// How a site's crawl learns from its pages: the glue between the crawl
// (site.go, page.go) and the site's mind (discover.go) and status
// (coverage.go).

// pageVisit is a processed page as the crawl learns from it.
type pageVisit struct {
	it      item
	final   *url.URL
	records int      // records the page gave; -1 when it was not extracted
	titles  []string // their titles
	home    bool     // the site's home page
}

// startFocus prepares the site's status and, under a Discovery, its mind.
func (sc *siteCrawl) startFocus() {
	home := ""
	if sc.site.Home != "" {
		if u, err := RequestURL(nil, sc.site.Home); err == nil {
			home = u.String()
		}
	}
	sc.watch = &watch{home: home}
	if d, ok := sc.cfg.Policy.(*Discovery); ok {
		sc.mind = d.start(sc.site, home)
	}
}

// seedLearned queues, with the start URLs, the sections and record pages
// earlier runs found, when this run goes straight to them.
func (sc *siteCrawl) seedLearned() error {
	if sc.mind == nil {
		return nil
	}
	for _, s := range sc.mind.seeds() {
		u, err := RequestURL(nil, s.URL)
		if err != nil || !sc.site.Allowed(u) {
			continue
		}
		key := visitKey(u)
		if key == "" {
			continue
		}
		score := s.Score
		rank := 5 // the record pages, after the sections
		if s.Credits > 0 {
			rank = 3
		}
		it := item{URL: u.String()}
		if _, err := sc.front.add(key, it, func(it *item) int { it.Score = score; return rank }); err != nil {
			return fmt.Errorf("crawl state: %w", err)
		}
	}
	return nil
}

// rank places a new link in the queue: by the site's mind, which knows
// the page that links it, under a Discovery; else by the run's Policy.
func (sc *siteCrawl) rank(l Link, it *item) int {
	if sc.mind != nil {
		return sc.mind.place(l, sc.cur, it)
	}
	return sc.cfg.Policy.Rank(sc.site, l)
}

// abandoned reports (and counts) a queued page whose branch the site's
// mind gave up: it is dropped unfetched.
func (sc *siteCrawl) abandoned(it item) bool {
	if sc.mind == nil || !sc.mind.drop(it) {
		return false
	}
	sc.skip("abandoned", 1)
	return true
}

// fetched notes a request's outcome: the home page's for the site's
// status; any page's for its branch.
func (sc *siteCrawl) fetched(it item, r fetchResult) {
	if sc.mind != nil {
		sc.mind.fetched(it)
	}
	if it.URL == sc.watch.home && sc.watch.home != "" {
		sc.watch.homeFetched(r)
	}
}

// hop notes a redirect of the home page's chain.
func (sc *siteCrawl) hop(from, to *url.URL) {
	w := sc.watch
	if w == nil || w.home == "" {
		return
	}
	last := w.home
	if len(w.hops) > 0 {
		last = w.hops[len(w.hops)-1]
	}
	if from.String() == last && len(w.hops) < 10 {
		w.hops = append(w.hops, to.String())
	}
}

// followPage learns what a processed page gave (records -1: not
// extracted) and queues its links, ranked knowing the page.
func (sc *siteCrawl) followPage(it item, final *url.URL, pl pageLinks, records int, titles []string) error {
	v := &pageVisit{it: it, final: final, records: records, titles: titles, home: it.URL == sc.watch.home}
	sc.watch.visited(sc, v)
	if sc.mind != nil {
		sc.mind.visited(v)
	}
	sc.cur = v
	defer func() { sc.cur = nil }()
	return sc.follow(final, pl, it.Depth)
}

// finish keeps the site's status and what it taught, at the end of its
// part of a run (interrupted: what it taught is not kept).
func (sc *siteCrawl) finish(interrupted bool) {
	if sc.watch == nil { // the site never started
		return
	}
	if sc.mind != nil {
		sc.mind.end(!interrupted && sc.snapshot().Error == "")
	}
	st := sc.status(time.Now().UTC().Truncate(time.Second))
	if err := putStatus(sc.cfg.State, sc.site.Key(), st); err != nil {
		sc.logger.Warn("site status not saved", "err", err)
	}
}
