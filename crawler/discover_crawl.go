package crawler

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"time"

	"github.com/opendata-bg/opendata/dataset"
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

// rank places a new link (visited key key) in the queue: by the site's
// mind, which knows the page that links it, under a Discovery; else by the
// run's Policy.
func (sc *siteCrawl) rank(key string, l Link, it *item) int {
	if sc.mind == nil {
		return sc.cfg.Policy.Rank(sc.site, l)
	}
	r := sc.mind.place(l, sc.cur, it)
	sc.mind.queued(key, queuedAt{rank: r, sitemap: sc.cur == nil && l.Sitemap})
	return r
}

// promote queues again, at a better rank, a link met before in a poorer
// place and not fetched yet (a sitemap's entry, a banner on the home page,
// later met in the project section's listing). The copy fetched second is
// passed over. The site's chrome (its menu, its footer) is never
// promoted: every page repeats it, and none lends it anything.
func (sc *siteCrawl) promote(key string, l Link, base item) {
	if sc.mind == nil || sc.cur == nil {
		return
	}
	if !sc.cur.home && (sc.mind.chrome[key] || sc.mind.chrome == nil && slices.Contains(sc.mind.homeSeq, key)) {
		return
	}
	old, ok := sc.mind.ranks[key]
	if !ok || sc.mind.done[key] {
		return
	}
	l.URL = base.URL
	it := base
	// A sitemap's entry, queued knowing nothing of it, takes its place
	// from the first page that links it; another link needs a better one.
	if r := sc.mind.place(l, sc.cur, &it); old.sitemap || r <= old.rank-promoteBy {
		sc.front.enqueue(it, r)
		sc.mind.ranks[key] = queuedAt{rank: r}
	}
}

// promoteBy is how much better a link's new rank must be for it to be
// queued again: a band up.
const promoteBy = 30

// passOver reports whether a queued page is not to be fetched: fetched
// already under a better rank, or (counted skipped) in a branch the
// site's mind gave up.
func (sc *siteCrawl) passOver(it item) bool {
	if sc.mind == nil {
		return false
	}
	key := ""
	if u, err := url.Parse(it.URL); err == nil {
		key = visitKey(u)
	}
	if sc.mind.done[key] {
		return true
	}
	if sc.mind.drop(it) {
		sc.logger.Debug("abandoned", "url", it.URL, "score", it.Score)
		sc.skip("abandoned", 1)
		return true
	}
	sc.mind.done[key] = true
	return false
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
	if m := sc.mind; m != nil {
		m.visited(v)
		switch {
		case v.home:
			m.homeSeq = linkKeys(final, pl)
		case m.chrome == nil && len(m.homeSeq) > 0:
			m.chrome = chromeOf(m.homeSeq, linkKeys(final, pl))
		}
	}
	sc.cur = v
	defer func() { sc.cur = nil }()
	return sc.follow(final, pl, it.Depth)
}

// linkKeys are the visited keys of a page's links, in their order.
func linkKeys(final *url.URL, pl pageLinks) []string {
	base := final
	if pl.Base != "" {
		if b, err := final.Parse(pl.Base); err == nil {
			base = b
		}
	}
	keys := make([]string, 0, len(pl.Links))
	for _, l := range pl.Links {
		if u, err := RequestURL(base, l.Href); err == nil {
			keys = append(keys, visitKey(u))
		}
	}
	return keys
}

// chromeRun is how many links in a row two pages must share, in the same
// order, to be the site's template (a menu, a footer) rather than content
// that both happen to link (a banner's project on the home page and in
// the project listing).
const chromeRun = 2

// chromeOf is the site's chrome: the runs of links that the home page and
// another page share.
func chromeOf(home, page []string) map[string]bool {
	at := map[string][]int{}
	for i, k := range home {
		at[k] = append(at[k], i)
	}
	chrome := map[string]bool{}
	for i := range page {
		for _, j := range at[page[i]] {
			n := 0
			for i+n < len(page) && j+n < len(home) && page[i+n] == home[j+n] {
				n++
			}
			if n >= chromeRun {
				for _, k := range page[i : i+n] {
					chrome[k] = true
				}
			}
		}
	}
	return chrome
}

// settle keeps the site's status and what it taught, at the end of its
// part of a run (interrupted: what it taught is not kept), in one of the
// grouped commits.
func (sc *siteCrawl) settle(interrupted bool) {
	if sc.watch == nil { // the site never started
		return
	}
	var ops []dataset.StateOp
	if sc.mind != nil {
		if op, ok := sc.mind.end(!interrupted && sc.snapshot().Error == ""); ok {
			ops = append(ops, op)
		}
	}
	st := sc.status(time.Now().UTC().Truncate(time.Second))
	b, err := json.Marshal(st)
	if err == nil {
		ops = append(ops, dataset.StateOp{Bucket: statusBucket, Key: sc.site.Key(), Value: b})
		err = sc.commit.commit(&dataset.PageWrite{State: ops})
	}
	if err != nil {
		sc.logger.Warn("site status not saved", "err", err)
	}
}
