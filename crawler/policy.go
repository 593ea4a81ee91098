package crawler

// Policy orders each site's frontier and bounds its pages (Config.Policy).
// Every site of a run is crawled at once; within a site, the queue (on
// disk) is fetched lowest rank first, in the order found among equal
// ranks. The default, BreadthFirst, ranks a link by its depth. A
// best-first crawl (a site discovered from its home page, say) gives a
// score instead — 0 for the most promising link — and a page budget per
// site; nothing else in the crawler changes.
type Policy interface {
	// Rank places a link in its site's queue: lower first, 0–999 (values
	// outside are clamped). It is called once per new URL, with the
	// crawl state of the site (no I/O needed).
	Rank(s *Site, l Link) int
	// Budget is how many pages the site may fetch in one run; the links
	// still queued when it is spent are counted skipped (page_limit).
	Budget(s *Site) int
}

// Link is a URL about to be queued.
type Link struct {
	URL     string // as it will be requested
	Text    string // the link's text, at most 300 bytes ("" for start URLs, sitemap entries)
	Depth   int    // hops from a start URL
	From    string // the URL of the page that links it ("" for start URLs, sitemap entries)
	Sitemap bool   // listed by a sitemap
}

// BreadthFirst is the default Policy: depth order, so that a page is
// reached by its shortest path and max_depth cuts the right pages, and the
// same budget for every site.
type BreadthFirst struct {
	MaxPages int // pages per site per run
}

var _ Policy = BreadthFirst{}

// Rank implements Policy: the link's depth.
func (BreadthFirst) Rank(_ *Site, l Link) int { return l.Depth }

// Budget implements Policy.
func (p BreadthFirst) Budget(*Site) int { return p.MaxPages }
