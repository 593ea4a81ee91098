package crawler

import (
	"encoding/json"
	"hash/fnv"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// Discovery is the Policy of a crawl that finds each site's project pages
// by itself, from its home page: best first, within a page budget, giving
// up on the parts of the site that yield nothing, and remembering per site
// where the projects were for the next run.
//
//   - Every link gets a score from its text and URL (see textScore and
//     urlScore: "Проекти", "Оперативни програми", "ОПРР", /proekti/ count
//     for it; council decisions, tenders, notices, budget, regulations and
//     events against it), plus what its page says of it: the links of a
//     listing reached by a good link inherit part of its score, a
//     listing's other pages (its pager) inherit the whole of it, and a page
//     that gave project records lends its links a little. The queue is
//     fetched highest score first. The home page comes first, then pinned
//     sections and the entry's start URLs; a follow hint makes a link hot.
//   - A branch is a part of the site (its first path segment, or a
//     script's section parameters) and a band of scores. A branch whose
//     pages keep giving no project record — no page of it, nor any page
//     they link, gave one — is abandoned: its queued pages are dropped
//     unfetched (counted skipped, "abandoned"). A branch that gave records
//     is abandoned after a long dry spell.
//   - A run that explores may fetch MaxPages pages per site. What it
//     learned — the listing pages whose links gave records (the site's
//     project sections) and the pages that gave records — is kept in the
//     store; the next runs start there, with a budget of what they know
//     and a margin, and the home page is explored again only every
//     Rediscover, or when the known pages stop giving what they gave.
type Discovery struct {
	MaxPages   int           // pages per site in a run that explores; default 500
	Rediscover time.Duration // how long what a site taught is trusted; default 14 days
	// State opens the bucket where what each site taught is kept (the
	// store's State); nil: nothing is kept between runs.
	State func(name string) Bucket
	// Now is the clock; nil: time.Now.
	Now func() time.Time

	mu    sync.Mutex
	minds map[string]*mind // by site key, for Budget
}

var _ Policy = (*Discovery)(nil)

// learnedBucket holds what each site taught, by site key.
const learnedBucket = "crawl/learned"

// Default Discovery settings.
const (
	DefaultDiscoveryPages = 500
	DefaultRediscover     = 14 * 24 * time.Hour
)

// NewDiscovery returns a Discovery keeping what sites teach in state's
// bucket (nil: nothing kept), with the default settings.
func NewDiscovery(state func(name string) Bucket) *Discovery {
	return &Discovery{State: state}
}

func (d *Discovery) maxPages() int {
	if d.MaxPages > 0 {
		return d.MaxPages
	}
	return DefaultDiscoveryPages
}

func (d *Discovery) now() time.Time {
	if d.Now != nil {
		return d.Now()
	}
	return time.Now()
}

// Rank implements Policy for a link met without its page (the crawl ranks
// links with their page through the site's mind): its own score.
func (d *Discovery) Rank(s *Site, l Link) int {
	u, err := url.Parse(l.URL)
	if err != nil {
		return maxRank
	}
	return scoreRank(ownScore(s, l, u))
}

// Budget implements Policy: MaxPages for a run that explores; for a run
// that goes straight to what the site taught, those pages and a margin.
func (d *Discovery) Budget(s *Site) int {
	d.mu.Lock()
	m := d.minds[s.Key()]
	d.mu.Unlock()
	if m == nil {
		return d.maxPages()
	}
	return m.budget
}

// learned is what a site taught, kept between runs.
type learned struct {
	// Explored is when a run last explored the site from its home page.
	Explored time.Time `json:"explored"`
	// Sections are the pages whose links gave records, best first, with
	// the score they were reached by.
	Sections []section `json:"sections"`
	// Pages are the pages that gave records.
	Pages []string `json:"pages"`
}

type section struct {
	URL     string `json:"url"`
	Score   int    `json:"score"`
	Credits int    `json:"credits"` // pages with records among its links
}

// Bounds on what a site's mind keeps.
const (
	maxSections    = 50
	maxRecordPages = 5000
	// sectionsShown is how many sections a site's status names.
	sectionsShown = 5
)

// Scores and ranks.
const (
	startScore = 8 // a pinned section or a start URL: a known project section
	homeScore  = 0 // the home page: its links are judged on their own
	hintScore  = 8 // added to a link a follow pattern matches
)

// mind is what a Discovery knows of one site during a run. A site's crawl
// is sequential, so it needs no lock of its own.
type mind struct {
	d        *Discovery
	site     *Site
	home     string // the home page as requested
	explore  bool   // this run explores from the home page
	budget   int
	taught   learned // what earlier runs taught
	branches map[uint64]*branch
	sections map[string]*section // pages whose links gave records, by URL
	pages    []string            // pages that gave records in this run
	pageSet  map[string]bool
	scores   map[string]int // the score of each page visited, by URL
	// ranks holds the rank each link was queued at, by visited key (up to
	// maxRanks), so that one met again in a better place is promoted;
	// done the pages taken from the queue and fetched.
	ranks   map[string]queuedAt
	done    map[string]bool
	homeSeq []string        // the links of the home page, in order
	chrome  map[string]bool // the runs of them the first other page repeats: the menu, the footer
}

// maxRanks bounds the links whose rank a site's mind remembers.
const maxRanks = 50000

// queuedAt is where a link was queued.
type queuedAt struct {
	rank    int
	sitemap bool // from a sitemap, knowing nothing of the link
}

// queued remembers where a link was queued.
func (m *mind) queued(key string, q queuedAt) {
	if len(m.ranks) < maxRanks {
		m.ranks[key] = q
	}
}

// branch is a part of the site and a band of scores.
type branch struct {
	band    int // 0 cold … 3 hot
	fetched int // pages of it fetched
	credits int // pages of it (or linked from it) that gave records
	since   int // pages fetched since its last credit
}

// start returns the site's mind for a run: what earlier runs taught, and
// whether this one explores.
func (d *Discovery) start(s *Site, homeURL string) *mind {
	m := &mind{d: d, site: s, home: homeURL, branches: map[uint64]*branch{},
		sections: map[string]*section{}, pageSet: map[string]bool{}, scores: map[string]int{},
		ranks: map[string]queuedAt{}, done: map[string]bool{}}
	if d.State != nil {
		if b, ok, err := d.State(learnedBucket).Get(s.Key()); err == nil && ok {
			_ = json.Unmarshal(b, &m.taught)
		}
	}
	known := len(m.taught.Sections) + len(m.taught.Pages)
	m.explore = known == 0 || d.now().Sub(m.taught.Explored) >= d.rediscover()
	m.budget = d.maxPages()
	if !m.explore {
		// Straight to what the site taught, and a margin for what is new.
		m.budget = min(m.budget, known+known/4+20)
	}
	d.mu.Lock()
	if d.minds == nil {
		d.minds = map[string]*mind{}
	}
	d.minds[s.Key()] = m
	d.mu.Unlock()
	return m
}

func (d *Discovery) rediscover() time.Duration {
	if d.Rediscover > 0 {
		return d.Rediscover
	}
	return DefaultRediscover
}

// seeds are the pages a run that does not explore starts from: the
// sections and the record pages earlier runs found.
func (m *mind) seeds() []section {
	if m.explore {
		return nil
	}
	out := slices.Clone(m.taught.Sections)
	for _, p := range m.taught.Pages {
		out = append(out, section{URL: p})
	}
	return out
}

// place ranks a new link and marks its item with its score and branch;
// from is the page that links it (nil for start URLs, seeds and sitemap
// entries).
func (m *mind) place(l Link, from *pageVisit, it *item) int {
	u, err := url.Parse(l.URL)
	if err != nil {
		return maxRank
	}
	if from == nil && !l.Sitemap { // a start URL
		if l.URL == m.home {
			it.Score = homeScore
			return 0 // first: the menu is judged from the home page
		}
		it.Score = startScore
		return 1
	}
	it.From = ""
	if from != nil {
		it.From = from.final.String()
		it.Up = from.it.Branch
	}
	own := ownScore(m.site, l, u)
	if from != nil && isPager(l.Text, u, from.final) {
		// Another page of the same listing: as good as it, fetched after
		// its items.
		it.Score = from.it.Score
		it.Branch = m.branchKey(u, from.final, it.Score, true)
		return scoreRank(from.it.Score-2) + 5
	}
	it.Score = own + inherited(from)
	var fu *url.URL
	if from != nil {
		fu = from.final
	}
	it.Branch = m.branchKey(u, fu, it.Score, false)
	return scoreRank(it.Score)
}

// ownScore is what a link says of itself: its text, its URL and the
// site's follow hints.
func ownScore(s *Site, l Link, u *url.URL) int {
	v := textScore(l.Text) + urlScore(u)
	if s.Hinted(l.URL) {
		v += hintScore
	}
	return v
}

// inherited is what a page lends the links it holds: part of the score of
// the link that led to it (all of its negative part: what a noise section
// links is noise), and a little more when it gave records itself.
func inherited(from *pageVisit) int {
	if from == nil || from.home {
		return 0
	}
	v := from.it.Score / 2
	if from.it.Score > 2 {
		v = from.it.Score - 2
	}
	if from.records > 0 {
		v += 2
	}
	return capTo(v, -4, 8)
}

// scoreRank places a score in the queue: higher first.
func scoreRank(score int) int { return capTo(500-10*score, 20, maxRank) }

// band sorts a score into cold (0), flat (1), warm (2) and hot (3).
func band(score int) int {
	switch {
	case score >= 6:
		return 3
	case score >= 2:
		return 2
	case score >= -1:
		return 1
	}
	return 0
}

// patience is how many pages of a branch that never gave a record are
// fetched before it is abandoned, by band; a branch that gave records is
// abandoned after dryFactor times as many without one.
var patience = [4]int{3, 5, 8, 12}

const dryFactor = 4

// branchKey names the branch of a link: its part of the site, the part of
// the page that links it (items of every section may share one address
// scheme: /?p=N), and its band.
func (m *mind) branchKey(u, from *url.URL, score int, pager bool) uint64 {
	h := fnv.New64a()
	h.Write([]byte(dirKey(u)))
	if from != nil {
		h.Write([]byte{'<'})
		h.Write([]byte(dirKey(from)))
	}
	b := band(score)
	h.Write([]byte{'|', byte('0' + b)})
	if pager {
		h.Write([]byte("|more"))
	}
	k := h.Sum64() | 1 // 0 is no branch
	if m.branches[k] == nil {
		m.branches[k] = &branch{band: b}
	}
	return k
}

func (m *mind) branch(k uint64, score int) *branch {
	if k == 0 {
		return nil
	}
	b := m.branches[k]
	if b == nil { // a resumed run: its branches start afresh
		b = &branch{band: band(score)}
		m.branches[k] = b
	}
	return b
}

// drop reports whether a queued page's branch is abandoned. A page of a
// listing whose pages keep giving records is not: a news section's items
// are read while it announces projects.
func (m *mind) drop(it item) bool {
	b := m.branch(it.Branch, it.Score)
	if b == nil || b.alive() {
		return false
	}
	up := m.branches[it.Up]
	return up == nil || up.credits == 0 || !up.alive()
}

// alive reports whether the branch is still worth its pages.
func (b *branch) alive() bool {
	p := patience[b.band]
	if b.credits == 0 {
		return b.fetched < p
	}
	return b.since < dryFactor*p
}

// fetched counts a request for a queued page (whatever came of it).
func (m *mind) fetched(it item) {
	if b := m.branch(it.Branch, it.Score); b != nil {
		b.fetched++
		b.since++
	}
}

// visited learns what a page gave: records credit its branch, the branch
// of the page that linked it, and that page as a section.
func (m *mind) visited(v *pageVisit) {
	if len(m.scores) < 4*maxRecordPages {
		m.scores[v.final.String()] = v.it.Score
	}
	if v.records <= 0 {
		return
	}
	it := v.it
	for _, k := range []uint64{it.Branch, it.Up} {
		if b := m.branch(k, it.Score); b != nil {
			b.credits++
			b.since = 0
		}
	}
	if page := v.final.String(); !m.pageSet[page] && len(m.pages) < maxRecordPages {
		m.pageSet[page] = true
		m.pages = append(m.pages, page)
	}
	if it.From != "" && it.From != v.final.String() {
		s := m.sections[it.From]
		if s == nil {
			s = &section{URL: it.From}
			m.sections[it.From] = s
		}
		s.Credits++
	}
}

// found returns the sections found in this run, best first.
func (m *mind) found() []section {
	out := make([]section, 0, len(m.sections))
	for _, s := range m.sections {
		c := *s
		c.Score = m.scores[s.URL]
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b section) int {
		if a.Credits != b.Credits {
			return b.Credits - a.Credits
		}
		if a.URL < b.URL {
			return -1
		}
		return 1
	})
	return out
}

// end returns the write that keeps what a finished run taught (ok false
// when there is none: an interrupted or failed run teaches nothing). A
// run that went straight to what the site taught and found less than half
// of its record pages has the next run explore again (the site changed).
func (m *mind) end(complete bool) (dataset.StateOp, bool) {
	m.d.mu.Lock()
	delete(m.d.minds, m.site.Key())
	m.d.mu.Unlock()
	if !complete || m.d.State == nil {
		return dataset.StateOp{}, false
	}
	l := learned{Explored: m.taught.Explored, Pages: m.pages}
	if m.explore {
		l.Explored = m.d.now().UTC()
	} else if len(m.pages)*2 < len(m.taught.Pages) {
		l.Explored = time.Time{}
	}
	for _, s := range m.found() {
		if s.URL == m.home {
			continue // the home page is always visited
		}
		if len(l.Sections) == maxSections {
			break
		}
		l.Sections = append(l.Sections, s)
	}
	b, _ := json.Marshal(l)
	return dataset.StateOp{Bucket: learnedBucket, Key: m.site.Key(), Value: b}, true
}
