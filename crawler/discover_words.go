package crawler

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// What a link's words say of where it leads. A municipal site's menu and
// listings name their sections plainly: "Проекти", "Европейски проекти",
// "Оперативни програми", "ОПРР", "ПРСР", "НПВУ", and news titles announce
// projects ("подписа договор за безвъзмездна финансова помощ по …"); the
// sections a project crawl does not need are named as plainly: council
// decisions, tenders, notices, budget, regulations, events. The weights
// are points of a link's score (see Discovery): a strong word of either
// kind outweighs a weak one of the other.

// cue is a word stem (lower case, matched at the start of a word) and its weight.
type cue struct {
	stem string
	w    int
}

// textCues are read in a link's text and in its decoded URL (Cyrillic slugs).
var textCues = []cue{
	// projects and programmes
	{"проект", 6}, {"европроект", 6}, {"оперативн", 6}, {"интеррег", 6}, {"interreg", 6},
	{"project", 6}, {"operational", 6},
	{"безвъзмездн", 5}, {"трансгранич", 5}, {"еврофонд", 5},
	{"европейск", 4}, {"евросъюз", 4}, {"european", 4},
	{"програм", 2}, {"финансиран", 3}, {"съфинансиран", 3}, {"фондов", 2}, {"инвестиц", 2},
	{"сътрудничество", 2}, {"programme", 2},
	{"развитие на регионите", 6}, {"региони в растеж", 6}, {"развитие на селските райони", 6},
	{"възстановяване и устойчивост", 6}, {"финансов механизъм", 5}, {"красива българия", 4},
	{"реализиран", 1}, {"изпълнен", 1}, {"приключ", 1}, {"текущ", 1}, {"завършен", 1},
	{"договор", 1}, {"стартира", 1}, {"реконструкц", 1}, {"рехабилитац", 1}, {"благоустр", 1},
	{"изграждане", 1}, {"саниран", 1}, {"енергийна", 1}, {"модернизац", 1}, {"обновяване", 1},
	// the sections a project crawl does not need
	{"решени", -4}, {"заседани", -4}, {"протокол", -4}, {"поръчк", -4}, {"купувача", -4},
	{"търг", -4}, {"бюджет", -4}, {"проектобюджет", -4}, {"наредб", -4}, {"правилник", -4},
	{"обяв", -3}, {"събити", -3}, {"календар", -3}, {"галери", -3}, {"снимки", -3}, {"видео", -3},
	{"контакт", -3}, {"данъ", -3}, {"такси", -3}, {"заповед", -3}, {"декларац", -3},
	{"вакантн", -3}, {"кариер", -3}, {"избор", -3}, {"избират", -3}, {"english", -3}, {"печат", -3},
	{"rss", -3}, {"вход", -3}, {"регистрац", -3},
	{"съобщени", -2}, {"култур", -2}, {"спорт", -2}, {"туриз", -2}, {"забележителност", -2},
	{"структура", -2}, {"услуги", -2}, {"регистр", -2}, {"граждан", -2}, {"обществено обсъждане", -1},
	{"консултац", -1}, {"отчет", -1}, {"карта на сайта", -1}, {"история", -2},
}

// textAcronyms are programme acronyms, matched as whole words.
var textAcronyms = map[string]int{
	"опрр": 6, "прср": 6, "нпву": 6, "пву": 6, "опос": 6, "опрчр": 6, "опик": 6, "опнои": 6, "опдуо": 6,
	"прр": 6, "пос": 3, "пкип": 6, "пмдр": 6, "оп": 3, "бфп": 5, "ес": 2, "миг": 2, "ос": -3, "обс": -4,
}

// draftCues are the drafts a council publishes ("проект на решение",
// "проект на наредба"): the word "проект" there means a draft, not a project.
var draftCues = []string{"проект на решение", "проект на наредба", "проект на правилник", "проект на бюджет",
	"проект за изменение", "проект на дневен ред", "проект на програма за управление", "проекти на решения",
	"проекти на наредби"}

// urlCues are transliterated stems read in a link's URL (path and query,
// lower case, percent-decoded).
var urlCues = []cue{
	{"proekt", 3}, {"project", 3}, {"proyekt", 3}, {"programi", 2}, {"program", 1}, {"operativn", 3},
	{"oprr", 3}, {"prsr", 3}, {"npvu", 3}, {"opos", 3}, {"oprchr", 3}, {"opik", 3}, {"interreg", 3},
	{"fondove", 2}, {"funds", 2}, {"eufund", 3}, {"evrop", 2}, {"europ", 2}, {"finansir", 2},
	{"reshen", -3}, {"obshtinski-savet", -3}, {"/obs/", -2}, {"/obs-", -2}, {"zasedan", -3}, {"protokol", -3},
	{"porachk", -3}, {"poruchk", -3}, {"kupuvach", -3}, {"targ", -3}, {"tender", -3},
	{"obyav", -3}, {"obiav", -3}, {"obqv", -3}, {"saobshten", -2}, {"suobshten", -2},
	{"byudzhet", -3}, {"budjet", -3}, {"budget", -3}, {"naredb", -3}, {"pravilnik", -3},
	{"sabiti", -3}, {"subiti", -3}, {"event", -3}, {"kalendar", -3}, {"calendar", -3},
	{"kultur", -2}, {"sport", -2}, {"galer", -3}, {"gallery", -3}, {"foto", -3}, {"video", -3},
	{"kontakt", -3}, {"contact", -3}, {"uslugi", -2}, {"danac", -3}, {"danyc", -3}, {"taksi", -3},
	{"zapoved", -3}, {"deklarac", -3}, {"konkurs", -2}, {"izbori", -3}, {"login", -3},
	{"wp-login", -4}, {"wp-admin", -4}, {"print", -3}, {"tmpl=component", -3}, {"feed", -3},
	{"rss", -3}, {"lang=en", -3}, {"/en/", -3}, {"/tag/", -2}, {"/author/", -3}, {"search", -3},
	{"?s=", -3}, {"replytocom", -4}, {"share", -3},
}

// cap bounds a part of a score.
func capTo(v, lo, hi int) int { return min(max(v, lo), hi) }

// textScore is what a link's text (or a page's title) says: the strongest
// positive cue plus the strongest negative one, each counted once, so that
// a long text does not win by repetition.
func textScore(s string) int {
	s = foldText(s)
	if s == "" {
		return 0
	}
	best, worst := 0, 0
	draft := false
	for _, d := range draftCues {
		if strings.Contains(s, d) {
			draft = true
			break
		}
	}
	note := func(w int) {
		best, worst = max(best, w), min(worst, w)
	}
	words := strings.Fields(s)
	for _, w := range words {
		if v, ok := textAcronyms[w]; ok {
			note(v)
		}
		// The longest stem a word starts with says what it is:
		// "проектобюджет", not "проект".
		var best *cue
		for i, c := range textCues {
			if strings.HasPrefix(w, c.stem) && (best == nil || len(c.stem) > len(best.stem)) {
				best = &textCues[i]
			}
		}
		if best != nil && !(draft && best.w > 0 && strings.HasPrefix(best.stem, "проект")) {
			note(best.w)
		}
	}
	for _, c := range textCues { // cues of several words
		if strings.Contains(c.stem, " ") && strings.Contains(s, c.stem) {
			note(c.w)
		}
	}
	if draft {
		note(-4)
	}
	return capTo(best+worst, -6, 8)
}

// foldText lowers s and keeps letters and digits, other runs becoming one
// space ("„Проекти“ »" → "проекти").
func foldText(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// urlScore is what a link's URL says: its transliterated stems and the
// Cyrillic words of its decoded path (WordPress slugs), capped.
func urlScore(u *url.URL) int {
	pq := u.EscapedPath()
	if u.RawQuery != "" {
		pq += "?" + u.RawQuery
	}
	if d, err := url.PathUnescape(pq); err == nil {
		pq = d
	}
	pq = strings.ToLower(pq)
	best, worst := 0, 0
	for _, c := range urlCues {
		if strings.Contains(pq, c.stem) {
			best, worst = max(best, c.w), min(worst, c.w)
		}
	}
	v := best + worst
	if t := textScore(pq); t != 0 { // a Cyrillic slug reads like text, at half weight
		v += t / 2
	}
	return capTo(v, -4, 4)
}

// pagerTexts are the texts of a listing's links to its other pages.
var pagerTexts = map[string]bool{
	"следваща": true, "следващa": true, "предишна": true, "напред": true, "назад": true, "next": true,
	"prev": true, "previous": true, "по-стари": true, "по-нови": true, "по стари": true, "последна": true,
	"първа": true, "first": true, "last": true, "older": true, "newer": true, "още": true, "виж още": true,
	"следваща страница": true, "предишна страница": true, "по стари публикации": true,
	"»": true, "«": true, "›": true, "‹": true, ">": true, "<": true, ">>": true, "<<": true, "…": true, "...": true,
}

// pagerParams are query parameters that page through a listing.
var pagerParams = []string{"page", "paged", "start", "limitstart", "pg", "str", "pagenum", "offset", "p"}

// isPager reports whether a link goes to another page of the listing it is
// on: its text is a page number or a pager word, or its URL is the page's
// own with another page number.
func isPager(text string, link, page *url.URL) bool {
	t := strings.ToLower(strings.TrimSpace(text))
	if pagerTexts[t] || pagerTexts[strings.Trim(t, " .")] {
		return true
	}
	if n, err := strconv.Atoi(t); err == nil && n > 0 && n < 10000 {
		return true
	}
	if strings.HasPrefix(t, "страница ") || strings.HasPrefix(t, "page ") {
		return true
	}
	if page == nil || link.Host != page.Host {
		return false
	}
	// /novini/page/3/ beside /novini/ or /novini/page/2/
	if base, ok := cutPagePath(link.Path); ok {
		if pb, _ := cutPagePath(page.Path); pb == base {
			return true
		}
	}
	if link.Path != page.Path {
		return false
	}
	lq, pq := link.Query(), page.Query()
	for _, p := range pagerParams {
		if lq.Get(p) == "" || lq.Get(p) == pq.Get(p) {
			continue
		}
		if _, err := strconv.Atoi(lq.Get(p)); err != nil {
			continue
		}
		// The same listing: the other parameters agree.
		same := true
		for k := range lq {
			if k != p && lq.Get(k) != pq.Get(k) {
				same = false
			}
		}
		if same && (p != "p" || pq.Get("p") != "") { // ?p=123 alone is a WordPress post
			return true
		}
	}
	return false
}

// cutPagePath splits "/novini/page/3/" into "/novini/", true.
func cutPagePath(p string) (string, bool) {
	i := strings.LastIndex(strings.TrimSuffix(p, "/"), "/page/")
	if i < 0 {
		return p, false
	}
	n := strings.Trim(p[i+len("/page/"):], "/")
	if _, err := strconv.Atoi(n); err != nil {
		return p, false
	}
	return p[:i+1], true
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// sectionParams are query parameters that name a section rather than an item.
var sectionParams = map[string]bool{"option": true, "view": true, "catid": true, "cat": true, "category": true,
	"section": true, "range": true, "pid": true, "module": true, "type": true, "c": true}

// dirKey names the part of the site a URL belongs to: its first path
// segment (two when the first is a language), or for a script with a
// query the script and the values of its section parameters, so that the
// pages of one section share a key ("novini", "bg/proekti",
// "index.php?catid=20&option=com_content&view=article").
func dirKey(u *url.URL) string {
	segs := strings.Split(strings.Trim(u.Path, "/"), "/")
	key := segs[0]
	if len(segs) > 1 && len(segs[0]) == 2 && !isNumber(segs[1]) { // bg/proekti, not bg/2213
		key += "/" + segs[1]
	}
	if len(segs) == 1 && strings.Contains(key, ".") && !strings.HasSuffix(key, ".php") && !strings.HasSuffix(key, ".asp") &&
		!strings.HasSuffix(key, ".aspx") && !strings.HasSuffix(key, ".jsp") {
		key = "" // a page at the top: /page-123.html
	}
	q := u.Query()
	if len(q) == 0 {
		return key
	}
	var parts []string
	for k := range q {
		lk := strings.ToLower(k)
		if sectionParams[lk] || lk == "id" && q.Get("view") == "category" {
			parts = append(parts, lk+"="+q.Get(k))
		}
	}
	if len(parts) == 0 {
		return key
	}
	slices.Sort(parts)
	return key + "?" + strings.Join(parts, "&")
}
