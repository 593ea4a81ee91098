package demoweb

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
)

// A Town is a generated municipal website of the shape real ones have: a
// home page with a menu, a project section at a path and under a label of
// its own (in the menu, or one level down under "Общината"), news of which
// some announce projects, and a few hundred pages a project crawl does not
// need — council decisions, tenders, notices, budget, regulations, events
// with an endless calendar, pages about the municipality — every listing
// paginated, every page in the site's chrome, in one of five URL styles
// (slugs, Joomla, numeric pages, WordPress, the acstre CMS). It knows the
// kind of each of its pages, so that a crawl can be measured against the
// truth.

// The kinds of a Town's pages.
const (
	KindHome         = "home"
	KindMenu         = "menu"          // a page of the menu listing sub-sections
	KindListing      = "listing"       // a page of the project section's listing
	KindProject      = "project"       // a project's page
	KindNewsListing  = "news-listing"  // a page of the news listing
	KindNewsProject  = "news-project"  // a news item announcing a project
	KindNews         = "news"          // any other news item
	KindNoiseListing = "noise-listing" // a page of a listing the crawl does not need
	KindNoise        = "noise"         // a page the crawl does not need
	KindCalendar     = "calendar"      // a month of the events calendar (endless)
)

// IsProject reports whether pages of kind k hold project records.
func IsProject(k string) bool { return k == KindProject || k == KindNewsProject }

// IsNoise reports whether pages of kind k are ones a project crawl does not need.
func IsNoise(k string) bool {
	return k == KindNews || k == KindNoiseListing || k == KindNoise || k == KindCalendar
}

// TownOptions shape a Town.
type TownOptions struct {
	Municipality string
	Seed         uint64
	Projects     int     // generated project pages in the project section
	News         int     // news items; about a quarter announce projects
	Noise        float64 // share of each noise section's usual size (1: about 300 pages)
	// Pages are pages served as they are (the bundled corpus pages of the
	// demo), at their own paths: put in the project section, or in the
	// news when their path says news.
	Pages []RawPage
	// External is a page on another host that every page links.
	External string
	// Sitemap lists every page in /sitemap.xml, named by robots.txt.
	Sitemap bool
	// Lenient answers a path the site does not have (one the sample pages
	// link, from the site they were taken from) with a short page in the
	// site's chrome instead of a 404.
	Lenient bool
}

// RawPage is a page served as it is.
type RawPage struct {
	Path        string // path and query, as linked
	Title       string // the link's text
	Body        []byte
	ContentType string
}

// Town is a generated site; it is an http.Handler.
type Town struct {
	Municipality string
	Label        string // the project section's label
	Section      string // the project section's first page (path and query)
	Style        string // slugs, joomla, numeric, wordpress, acstre

	opts  TownOptions
	style int
	ids   int // the next numeric id
	pages map[string]*townPage
	menu  []link
	order []string // paths in the order built

	events []link // the events, which the calendar lists

	mu   sync.Mutex
	hits map[string]int // requests per path, for tests
}

type townPage struct {
	kind    string
	title   string
	content string // inner HTML
	raw     *RawPage
}

type link struct{ href, text string }

var styleNames = []string{"slugs", "joomla", "numeric", "wordpress", "acstre"}

// NewTown builds a site from the options.
func NewTown(o TownOptions) *Town {
	rng := rand.New(rand.NewPCG(o.Seed, 0x70776e))
	t := &Town{Municipality: o.Municipality, opts: o, style: rng.IntN(len(styleNames)), ids: 1000 + rng.IntN(5000),
		pages: map[string]*townPage{}, hits: map[string]int{}}
	t.Style = styleNames[t.style]
	t.Label = projectLabels[rng.IntN(len(projectLabels))]
	slug := projectSlugs[rng.IntN(len(projectSlugs))]

	var projRaw, newsRaw []RawPage
	for _, p := range o.Pages {
		if strings.Contains(p.Path, "novini") || strings.Contains(p.Path, "news") {
			newsRaw = append(newsRaw, p)
		} else {
			projRaw = append(projRaw, p)
		}
	}
	projects := make([]project, o.Projects)
	for i := range projects {
		projects[i] = newProject(rng, int(o.Seed%1000)*100+i)
	}
	proj := t.projectSection(rng, slug, projects, projRaw)
	news := t.newsSection(rng, projects, newsRaw)
	var noise []link
	for _, ns := range noiseSections {
		if n := int(float64(ns.items)*o.Noise + 0.5); n > 0 {
			noise = append(noise, t.noiseSection(rng, ns, n))
		}
	}
	var static []link
	for _, sp := range staticPages {
		u := t.pageURL(sp.slug)
		t.add(u, &townPage{kind: KindNoise, title: sp.label, content: noiseBody(rng, o.Municipality, sp.slug, sp.label, t.ids)})
		static = append(static, link{u, sp.label})
	}
	// The menu: the project section in it, or one level down under a page
	// about the municipality, as some sites have it.
	about := t.pageURL("obshtinata")
	aboutLinks := append([]link{}, static[:3]...)
	t.menu = []link{{"/", "Начало"}, {about, "Общината"}, news}
	if rng.IntN(10) < 7 {
		t.menu = append(t.menu, proj)
	} else {
		aboutLinks = append(aboutLinks, proj)
	}
	t.menu = append(t.menu, noise...)
	t.menu = append(t.menu, static[3])
	t.add(about, &townPage{kind: KindMenu, title: "Общината", content: listHTML("Общината", aboutLinks)})
	t.home(rng, projects)
	return t
}

// add puts a page at path u.
func (t *Town) add(u string, p *townPage) {
	if _, dup := t.pages[u]; !dup {
		t.order = append(t.order, u)
	}
	t.pages[u] = p
}

func (t *Town) nextID() int { t.ids++; return t.ids }

// pageURL is the address of a single page in the site's style.
func (t *Town) pageURL(slug string) string {
	id := t.nextID()
	switch styleNames[t.style] {
	case "joomla":
		return fmt.Sprintf("/index.php?option=com_content&view=article&id=%d&Itemid=%d", id, 100+id%50)
	case "numeric":
		return fmt.Sprintf("/bg/%d", id)
	case "wordpress":
		return fmt.Sprintf("/?page_id=%d", id)
	case "acstre":
		return fmt.Sprintf("/page-%d.html", id)
	}
	return "/" + slug + "/"
}

// listingURL is the address of page n (from 1) of a section's listing.
func (t *Town) listingURL(cat int, slug string, n int) string {
	switch styleNames[t.style] {
	case "joomla":
		u := fmt.Sprintf("/index.php?option=com_content&view=category&id=%d&Itemid=%d", cat, 100+cat%50)
		if n > 1 {
			u += "&limitstart=" + strconv.Itoa((n-1)*10)
		}
		return u
	case "numeric":
		u := fmt.Sprintf("/bg/%d", cat)
		if n > 1 {
			u += "?page=" + strconv.Itoa(n)
		}
		return u
	case "wordpress":
		u := fmt.Sprintf("/?cat=%d", cat)
		if n > 1 {
			u += "&paged=" + strconv.Itoa(n)
		}
		return u
	case "acstre":
		if n > 1 {
			return fmt.Sprintf("/section-%d-%s-%d.html", cat, strings.ReplaceAll(slug, "/", "_"), n)
		}
		return fmt.Sprintf("/section-%d-%s.html", cat, strings.ReplaceAll(slug, "/", "_"))
	}
	if n > 1 {
		return fmt.Sprintf("/%s/page/%d/", slug, n)
	}
	return "/" + slug + "/"
}

// itemURL is the address of an item of a section.
func (t *Town) itemURL(cat int, slug, title string) string {
	id := t.nextID()
	switch styleNames[t.style] {
	case "joomla":
		return fmt.Sprintf("/index.php?option=com_content&view=article&id=%d:%s&catid=%d&Itemid=%d", id, translit(title), cat, 100+cat%50)
	case "numeric":
		return fmt.Sprintf("/bg/%d", id)
	case "wordpress":
		return fmt.Sprintf("/?p=%d", id)
	case "acstre":
		return fmt.Sprintf("/news-%d-%d.html", cat, id)
	}
	return fmt.Sprintf("/%s/%s-%d/", slug, translit(title), id)
}

// listing builds a paginated listing of items (10 a page) and returns its
// first page's address.
func (t *Town) listing(kind, label, slug string, cat int, items []link, side []link) string {
	pages := max((len(items)+9)/10, 1)
	for n := 1; n <= pages; n++ {
		var b strings.Builder
		b.WriteString(listHTML(label, items[(n-1)*10:min(n*10, len(items))]))
		b.WriteString(`<nav class="pager">`)
		for k := max(n-2, 1); k <= min(n+2, pages); k++ {
			if k == n {
				fmt.Fprintf(&b, " <span>%d</span>", k)
			} else {
				fmt.Fprintf(&b, ` <a href="%s">%d</a>`, esc(t.listingURL(cat, slug, k)), k)
			}
		}
		if n < pages {
			fmt.Fprintf(&b, ` <a href="%s">Следваща »</a> <a href="%s">Последна</a>`, esc(t.listingURL(cat, slug, n+1)), esc(t.listingURL(cat, slug, pages)))
		}
		b.WriteString("</nav>")
		if len(side) > 0 {
			b.WriteString(listHTML("Вижте още", side))
		}
		t.add(t.listingURL(cat, slug, n), &townPage{kind: kind, title: label, content: b.String()})
	}
	return t.listingURL(cat, slug, 1)
}

// projectSection builds the project section: its listing (and, on some
// sites, a second one of completed projects) and the project pages.
func (t *Town) projectSection(rng *rand.Rand, slug string, projects []project, raw []RawPage) link {
	var items []link
	cat := t.nextID()
	for i, p := range projects {
		u := t.itemURL(cat, slug, p.title)
		t.add(u, &townPage{kind: KindProject, title: p.title, content: p.body(t.Municipality, i)})
		items = append(items, link{u, p.title})
	}
	for i := range raw {
		r := &raw[i]
		t.add(r.Path, &townPage{kind: KindProject, title: r.Title, raw: r})
		items = append(items, link{r.Path, r.Title})
	}
	var side []link
	if len(items) > 12 && rng.IntN(3) == 0 {
		// Completed projects in a listing of their own, linked beside.
		cut := len(items) * 2 / 3
		done := t.listing(KindListing, "Приключили проекти", slug+"-prikluchili", t.nextID(), items[cut:], nil)
		items = items[:cut]
		side = []link{{done, "Приключили проекти"}}
	}
	first := t.listing(KindListing, t.Label, slug, cat, items, side)
	t.Section = first
	return link{first, t.Label}
}

// newsSection builds the news: about a quarter of the items announce a
// project of the site.
func (t *Town) newsSection(rng *rand.Rand, projects []project, raw []RawPage) link {
	var items []link
	cat := t.nextID()
	for i := range t.opts.News {
		var title, body, kind string
		if len(projects) > 0 && rng.IntN(4) == 0 {
			p := projects[rng.IntN(len(projects))]
			short := strings.TrimSuffix(strings.TrimPrefix(p.title, "Проект „"), "“")
			short = strings.Split(short, " в ")[0]
			title = fmt.Sprintf(newsProject[rng.IntN(len(newsProject))], t.Municipality, shortProgramme(p.programme), short, places[rng.IntN(len(places))])
			body, kind = p.newsBody(t.Municipality, title), KindNewsProject
		} else {
			title = newsPlain[rng.IntN(len(newsPlain))]
			if strings.Contains(title, "%s") {
				title = fmt.Sprintf(title, places[rng.IntN(len(places))])
			}
			body, kind = noiseBody(rng, t.Municipality, "novini", title, i), KindNews
		}
		u := t.itemURL(cat, "novini", title)
		t.add(u, &townPage{kind: kind, title: title, content: body})
		items = append(items, link{u, title})
	}
	for i := range raw {
		r := &raw[i]
		t.add(r.Path, &townPage{kind: KindNewsProject, title: r.Title, raw: r})
		items = append([]link{{r.Path, r.Title}}, items...)
	}
	return link{t.listing(KindNewsListing, "Новини", "novini", cat, items, nil), "Новини"}
}

// shortProgramme is how news name a programme.
func shortProgramme(name string) string {
	switch {
	case strings.Contains(name, "Региони в растеж"):
		return "ОПРР 2014-2020"
	case strings.Contains(name, "селските райони"):
		return "Програмата за развитие на селските райони"
	case strings.Contains(name, "човешките ресурси"):
		return "ОП „Развитие на човешките ресурси“"
	}
	return "Програма „Развитие на регионите“"
}

// noiseSection builds a section the crawl does not need; the events
// section's listing also links an endless calendar.
func (t *Town) noiseSection(rng *rand.Rand, k noiseKind, n int) link {
	var items []link
	cat := t.nextID()
	for i := range n {
		title := noiseItemTitle(rng, k.slug, k.word, i)
		u := t.itemURL(cat, k.slug, k.item+" "+strconv.Itoa(i+1))
		t.add(u, &townPage{kind: KindNoise, title: title, content: noiseBody(rng, t.Municipality, k.slug, title, i)})
		items = append(items, link{u, title})
	}
	var side []link
	if k.slug == "sabitiya" {
		t.events = items[:min(3, len(items))]
		side = []link{{calendarURL(2025, 6), "Календар на събитията"}}
	}
	return link{t.listing(KindNoiseListing, k.label, k.slug, cat, items, side), k.label}
}

func calendarURL(y, m int) string { return fmt.Sprintf("/kalendar/?month=%04d-%02d", y, m) }

// home builds the home page: the menu, the latest news and notices, and an
// EU banner linking a project page by its image alone.
func (t *Town) home(rng *rand.Rand, projects []project) {
	var b strings.Builder
	b.WriteString(`<section class="hero"><h1>Добре дошли на сайта на Община ` + esc(t.Municipality) + `</h1></section>`)
	var latest []link
	for _, u := range t.order {
		if p := t.pages[u]; (p.kind == KindNews || p.kind == KindNewsProject) && len(latest) < 6 {
			latest = append(latest, link{u, p.title})
		}
	}
	b.WriteString(listHTML("Актуално", latest))
	for _, u := range t.order {
		if p := t.pages[u]; p.kind == KindProject && rng.IntN(2) == 0 {
			fmt.Fprintf(&b, `<p class="banner"><a href="%s"><img src="/img/eu-banner.png" alt=""></a></p>`, esc(u))
			break
		}
	}
	t.add("/", &townPage{kind: KindHome, title: "Община " + t.Municipality, content: b.String()})
}

func listHTML(title string, items []link) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<h2>%s</h2><ul>", esc(title))
	for _, l := range items {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, esc(l.href), esc(l.text))
	}
	b.WriteString("</ul>")
	return b.String()
}

// Kind returns the kind of the page at path (path and query as
// requested), "" when the site has none there.
func (t *Town) Kind(path string) string {
	if p := t.pages[path]; p != nil {
		return p.kind
	}
	if strings.HasPrefix(path, "/kalendar/?month=") {
		return KindCalendar
	}
	return ""
}

// Paths returns the paths of the pages of a kind.
func (t *Town) Paths(kind string) []string {
	var out []string
	for _, u := range t.order {
		if t.pages[u].kind == kind {
			out = append(out, u)
		}
	}
	return out
}

// Hits returns how many requests the site answered for path.
func (t *Town) Hits(path string) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.hits[path]
}

// Kinds returns how many pages of each kind the site has (the calendar's
// months not counted: there is no end to them).
func (t *Town) Kinds() map[string]int {
	out := map[string]int{}
	for _, p := range t.pages {
		out[p.kind]++
	}
	return out
}

// Title returns the title of the page at path.
func (t *Town) Title(path string) string {
	if p := t.pages[path]; p != nil {
		return p.title
	}
	return ""
}
