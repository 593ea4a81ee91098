package crawler

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// statusBucket holds each site's status after its last crawl, by site key.
const statusBucket = "crawl/status"

// watch is what a site's crawl observes for the site's status: how its
// home page answered and what its pages gave.
type watch struct {
	home        string // the home page as requested ("" when the entry has none)
	homeStatus  int
	homeKind    string // the failure kind of the home page's fetch ("" when it answered)
	homeErr     string
	homeFinal   string
	hops        []string // the home page's redirect chain, each hop's target
	recordPages int
	records     int
	samples     []string
}

func (w *watch) homeFetched(r fetchResult) {
	w.homeStatus, w.homeKind = r.status, r.kind
	if r.final != nil && r.status > 0 {
		w.homeFinal = r.final.String()
	}
	if r.err != nil {
		w.homeErr = r.err.Error()
	}
}

// visited counts a page's records and keeps up to three sample titles (an
// unchanged page's from the store).
func (w *watch) visited(sc *siteCrawl, v *pageVisit) {
	if v.records <= 0 {
		return
	}
	w.recordPages++
	w.records += v.records
	titles := v.titles
	if len(titles) == 0 && len(w.samples) < 3 {
		if p, ok, err := sc.previous(v.final); err == nil && ok {
			for _, id := range p.RecordIDs {
				if rec, err := sc.cfg.Store.Record(id); err == nil {
					titles = append(titles, rec.Title)
				}
			}
		}
	}
	for _, t := range titles {
		if t = strings.TrimSpace(t); t != "" && len(w.samples) < 3 && !slices.Contains(w.samples, t) {
			w.samples = append(w.samples, t)
		}
	}
}

// status is the site's status at the end of its part of a run.
func (sc *siteCrawl) status(at time.Time) dataset.SiteStatus {
	run := sc.snapshot()
	w := sc.watch
	st := dataset.SiteStatus{Ekatte: sc.site.Ekatte, Municipality: sc.site.Municipality, Province: sc.site.Province,
		Home: sc.site.Home, LastCrawled: &at, HomeStatus: w.homeStatus, HomeFinal: w.homeFinal,
		HomeRedirects: len(w.hops), Sitemaps: run.SitemapURLs, PagesFetched: run.PagesFetched,
		RecordPages: w.recordPages, Records: w.records, Samples: w.samples}
	if len(w.hops) > 0 {
		st.HomeFinal = w.hops[len(w.hops)-1] // where it leads, fetched or not
	}
	if sc.mind != nil {
		for _, s := range sc.mind.found() {
			if len(st.Sections) == sectionsShown {
				break
			}
			if s.URL != w.home {
				st.Sections = append(st.Sections, s.URL)
			}
		}
	}
	st.Robots = sc.robotsNote()
	st.Verdict, st.MovedTo, st.Detail = sc.verdict(run)
	return st
}

// verdict judges the site by what its crawl saw: ok when a page gave
// records; moved when the home page redirects off the site; no projects
// when pages came but no records; blocked by robots when robots.txt
// forbids where the crawl starts; unreachable otherwise.
func (sc *siteCrawl) verdict(run dataset.SiteRun) (verdict, movedTo, detail string) {
	w := sc.watch
	sc.mu.Lock()
	robotsCause := sc.robotsCause
	sc.mu.Unlock()
	switch {
	case w.records > 0:
		return dataset.SiteOK, "", ""
	case w.homeKind == "redirect_offsite" && len(w.hops) > 0:
		to, err := url.Parse(w.hops[len(w.hops)-1])
		if err == nil {
			return dataset.SiteMoved, to.Host, "the home page redirects to " + to.String()
		}
	case run.PagesFetched+run.PagesUnchanged > 0:
		return dataset.SiteNoProjects, "", fmt.Sprintf("%d pages fetched, none gave a project record", run.PagesFetched+run.PagesUnchanged)
	case robotsCause != "":
		return dataset.SiteUnreachable, "", "robots.txt could not be read (" + robotsCause + ")"
	case w.homeKind == "robots" || run.Skipped["robots"] > 0 && run.PagesFailed == 0:
		return dataset.SiteBlocked, "", "robots.txt forbids the pages the crawl starts from"
	}
	detail = run.Error
	if w.homeErr != "" {
		detail = "home page: " + w.homeErr
	} else if w.homeStatus >= 400 {
		detail = fmt.Sprintf("home page: HTTP %d", w.homeStatus)
	}
	return dataset.SiteUnreachable, "", detail
}

// robotsNote says what the home host's robots.txt said, as read in this run.
func (sc *siteCrawl) robotsNote() string {
	u, err := url.Parse(sc.watch.home)
	if sc.watch.home == "" && len(sc.site.StartURLs) > 0 {
		u, err = url.Parse(sc.site.StartURLs[0])
	}
	if err != nil || u == nil {
		return ""
	}
	rules := sc.sh.robots.peek(u)
	switch {
	case rules == nil:
		return ""
	case rules.problem != "":
		kind, _, _ := strings.Cut(rules.cause, ":")
		return "could not be read (" + kind + ")"
	case rules.group == nil:
		return "no rules: allows all"
	case !rules.allows(u):
		return "forbids the start page"
	}
	return "allows"
}

// peek returns the rules of u's host read in this run, nil when none were.
func (c *robotsCache) peek(u *url.URL) *robotsRules {
	key := u.Scheme + "://" + strings.ToLower(u.Host)
	c.mu.Lock()
	e := c.m[key]
	c.mu.Unlock()
	if e == nil {
		return nil
	}
	select {
	case <-e.ready:
		return e.rules
	default:
		return nil
	}
}

// Coverage is the status of every site of the sites file as its last
// crawl left it: what GET /api/v1/municipalities and the about page show.
type Coverage struct {
	// Sites returns the sites file's entries (read afresh: it may change).
	Sites func() ([]Site, error)
	// State opens the store's state buckets.
	State func(name string) Bucket
}

// Coverage returns one status per site, in the sites file's order: the
// last crawl's, or not_crawled (with the verdict `opendata sites check
// --write` recorded, if any) for a site no crawl has reached. The entry's
// code, name, province and home page are the file's.
func (c Coverage) Coverage() ([]dataset.SiteStatus, error) {
	if c.Sites == nil || c.State == nil {
		return nil, errors.New("coverage: Sites and State are required")
	}
	sites, err := c.Sites()
	if err != nil {
		return nil, fmt.Errorf("read the sites file: %w", err)
	}
	bucket := c.State(statusBucket)
	out := make([]dataset.SiteStatus, 0, len(sites))
	for i := range sites {
		s := &sites[i]
		var st dataset.SiteStatus
		b, ok, err := bucket.Get(s.Key())
		if err != nil {
			return nil, fmt.Errorf("read site status: %w", err)
		}
		if !ok || json.Unmarshal(b, &st) != nil {
			st = dataset.SiteStatus{Verdict: dataset.SiteNotCrawled}
			if s.Check != nil {
				st.Verdict, st.MovedTo = s.Check.Verdict, s.Check.MovedTo
				st.Detail = "by opendata sites check " + s.Check.Checked
				st.Sections = s.Check.Sections
			}
		}
		st.Ekatte, st.Municipality, st.Province, st.Home = s.Ekatte, s.Municipality, s.Province, s.Home
		out = append(out, st)
	}
	return out, nil
}
