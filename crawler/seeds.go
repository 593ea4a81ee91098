package crawler

import (
	"context"
	"fmt"
	"net/http"
	"net/url"

	"github.com/opendata-bg/opendata/dataset"
)

// sitemapRef is a sitemap file to read for a site.
type sitemapRef struct {
	u      *url.URL
	listed bool // named by robots.txt or an index (else /sitemap.xml, tried)
	child  bool // named by an index
}

// seedSitemaps queues the pages the site's sitemaps list that its follow
// patterns match, at depth 1: the Sitemap: lines of the robots.txt of each
// start URL's host, else its /sitemap.xml; an index's child sitemaps, one
// level down. An entry's <lastmod> goes with the queued page. The queue is
// committed every startChunk URLs, so a big sitemap costs bounded memory.
// Its error is a store failure or the run's end; a sitemap that cannot be
// read is counted (sitemap_error) and the crawl goes on without it.
func (sc *siteCrawl) seedSitemaps(ctx context.Context) error {
	if sc.site.MaxDepth < 1 {
		return nil
	}
	todo, err := sc.sitemapRoots(ctx)
	if err != nil {
		return err
	}
	read := map[string]bool{}
	w := sc.front.begin()
	added := 0
	for len(todo) > 0 && len(read) < maxSitemapFiles {
		ref := todo[0]
		todo = todo[1:]
		if read[ref.u.String()] {
			continue
		}
		read[ref.u.String()] = true
		children, err := sc.readSitemap(ctx, ref, func(e sitemapEntry) error {
			fresh, err := sc.seed(ref.u, e)
			if err != nil || !fresh {
				return err
			}
			if added++; added%startChunk == 0 {
				if err := sc.commit.commit(w); err != nil {
					return fmt.Errorf("crawl state: %w", err)
				}
				w = sc.front.begin()
			}
			return nil
		})
		if err != nil {
			return err
		}
		if !ref.child { // an index's children, not theirs
			for _, c := range children {
				todo = append(todo, sitemapRef{u: c, listed: true, child: true})
			}
		}
	}
	sc.count(func(r *dataset.SiteRun) { r.SitemapURLs += added })
	w.State = append(w.State, sc.mark(siteState{Seeded: true}))
	if err := sc.commit.commit(w); err != nil {
		return fmt.Errorf("crawl state: %w", err)
	}
	return nil
}

// sitemapRoots returns the sitemaps of the start URLs' hosts.
func (sc *siteCrawl) sitemapRoots(ctx context.Context) ([]sitemapRef, error) {
	var roots []sitemapRef
	hosts := map[string]bool{}
	for _, raw := range sc.site.StartURLs {
		u, err := RequestURL(nil, raw)
		if err != nil || hosts[u.Scheme+"://"+u.Host] {
			continue
		}
		hosts[u.Scheme+"://"+u.Host] = true
		rules, err := sc.fetch.robotsFor(ctx, u)
		if err != nil {
			return nil, err
		}
		if rules.problem != "" {
			continue
		}
		listed := false
		for _, s := range rules.sitemaps {
			if su, err := RequestURL(u, s); err == nil && sc.site.Allowed(su) {
				roots = append(roots, sitemapRef{u: su, listed: true})
				listed = true
			}
		}
		if !listed {
			roots = append(roots, sitemapRef{u: &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/sitemap.xml"}})
		}
	}
	return roots, nil
}

// readSitemap reads one sitemap file, passing its URL entries to fn, and
// returns the child sitemaps of an index (on the site's domains).
func (sc *siteCrawl) readSitemap(ctx context.Context, ref sitemapRef, fn func(sitemapEntry) error) ([]*url.URL, error) {
	rules, err := sc.fetch.robotsFor(ctx, ref.u)
	if err != nil {
		return nil, err
	}
	if !rules.allows(ref.u) {
		return nil, nil
	}
	resp, done, err := sc.fetch.get(ctx, ref.u)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		sc.sitemapFailed(ref, err)
		return nil, nil
	}
	defer done()
	if resp.StatusCode != http.StatusOK {
		if ref.listed || resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusGone {
			sc.sitemapFailed(ref, fmt.Errorf("HTTP %d", resp.StatusCode))
		}
		return nil, nil
	}
	var children []*url.URL
	var stop error // a store failure, not the sitemap's
	err = parseSitemap(resp.Body, func(index bool, e sitemapEntry) error {
		if index {
			if c, err := RequestURL(ref.u, e.Loc); err == nil && sc.site.Allowed(c) {
				children = append(children, c)
			}
			return nil
		}
		stop = fn(e)
		return stop
	})
	switch {
	case stop != nil:
		return nil, stop
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil && ref.listed:
		sc.sitemapFailed(ref, err) // what was read before is kept
	case err != nil:
		sc.logger.Debug("no sitemap at its usual place", "url", ref.u, "err", err)
	}
	return children, nil
}

func (sc *siteCrawl) sitemapFailed(ref sitemapRef, err error) {
	sc.logger.Debug("sitemap not read", "url", ref.u, "err", err)
	sc.event("sitemap_error")
}

// seed queues a sitemap's URL entry at depth 1 when the site follows it.
func (sc *siteCrawl) seed(sitemap *url.URL, e sitemapEntry) (bool, error) {
	u, err := RequestURL(sitemap, e.Loc)
	if err != nil {
		return false, nil
	}
	cu, err := Canonicalize(nil, u.String())
	if err != nil || isDocumentExt(cu) || !sc.site.Allowed(cu) || !sc.site.Follows(u.String(), cu.String()) {
		return false, nil
	}
	return sc.queue(u, dedupKey(cu), Link{Depth: 1, Sitemap: true}, e.LastMod)
}
