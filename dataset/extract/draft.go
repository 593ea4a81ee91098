package extract

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// pageFacts are what the page says once for all its items: the site's
// municipality, the page's title, and the holder its introduction names
// for a list of projects ("Община Сливен е бенефициент по следните
// проекти: …").
type pageFacts struct {
	muni, title, holder string
}

// draft is a record with the facts needed to merge and check it.
type draft struct {
	text        string // the item's text, lower case
	pos         int    // index of the item on the page
	rec         dataset.Record
	money       moneyFound
	period      periodFound
	evidence    bool
	folded      bool    // merged into another draft
	lines       []block // the item's lines (of every item merged into it)
	publishedAt span
	publicity   bool // the item holds a programme's publicity statement about the project
	listing     bool // the item is a row or block of a listing
	quoted      bool // the title is the quoted name after "проект"
	named       bool // the title is a project's name (a label, a quoted name, a list's row), not a headline
	published   string
}

// buildDraft extracts every field of one item.
func buildDraft(it []block, pg pageFacts, listing bool) draft {
	muni, pageTitle := pg.muni, pg.title
	if !listing {
		it = dropMentions(it)
	}
	var d draft
	d.lines = it
	r := &d.rec
	r.ContractNumbers, r.ProcedureCodes = codes(it)
	switch {
	case listing && len(it) > 0 && numberedRe.MatchString(it[0].text):
		r.Title = cleanTitle(it[0].text)
	case listing && len(it) > 0 && it[0].row != 0:
		// a listing row: its name column, else its longest text cell —
		// never the page's heading, which every row would share
		if r.Title = labelTitle(it); r.Title == "" {
			r.Title = rowTitle(it)
		}
	case listing:
		r.Title = blockTitle(it)
	default:
		r.Title, d.named, d.quoted = titleOf(it, pageTitle)
	}
	if listing {
		d.named = true // a row or block of a list of projects names one
	}
	d.listing = listing
	for _, l := range it {
		if publicityLine(l.lc()) {
			d.publicity = true
			break
		}
	}
	var sb, lb strings.Builder
	n := 0
	for _, l := range it {
		n += len(l.text) + 1
	}
	sb.Grow(n)
	lb.Grow(n)
	for _, l := range it {
		sb.WriteString(l.text)
		sb.WriteByte('\n')
		lb.WriteString(l.lc())
		lb.WriteByte('\n')
		if l.value == "" {
			continue
		}
		if lbl := bgtext.Lower(l.label); strings.Contains(lbl, "програма") && !strings.Contains(bgtext.Lower(l.value), "програма") {
			// "Оперативна програма: Региони в растеж" names the programme too
			extra := l.label + " „" + l.value + "“\n"
			sb.WriteString(extra)
			lb.WriteString(bgtext.Lower(extra))
		}
	}
	text := sb.String()
	d.text = lb.String()
	d.setProgramme(bgtext.DetectProgramme(text, append(append([]string{}, r.ContractNumbers...), r.ProcedureCodes...)), text)
	if r.Programme == "" {
		// a row under its table's group heading ("Програма за развитие
		// на селските райони 2014 – 2020 г." across the table)
		for _, l := range it {
			if l.section != "" {
				if p := bgtext.DetectProgramme(l.section, nil); p != "" {
					d.setProgramme(p, l.section)
				}
				break
			}
		}
	}
	if !listing {
		d.published = publishedOf(it)
		d.publishedAt = locateDate(it, d.published)
	} else {
		// a block of a list may carry its own date line; a table cell
		// ("Дата: …" of a contract) is not a publication date
		var free []block
		for _, l := range it {
			if l.label == "" && l.row == 0 {
				free = append(free, l)
			}
		}
		d.published = publishedOf(free)
		d.publishedAt = locateDate(free, d.published)
	}
	r.Published = d.published
	d.money = money(it, r.ContractNumbers)
	d.period = periodOf(it)
	ls := collectLists(it)
	r.Objectives, r.Activities, r.Results, r.TargetGroups = dedup(ls.objectives), dedup(ls.activities), dedup(ls.results), dedup(ls.targets)
	r.Partners = partnersOf(it)
	r.Contractors = notPartners(firmsOf(it), r.Partners)
	r.Beneficiary = beneficiaryOf(it, muni)
	if r.Beneficiary == "" && listing {
		r.Beneficiary = pg.holder // "Община Сливен е бенефициент по следните проекти:"
	}
	if r.Beneficiary != "" {
		// a company that runs the project is its holder, not its contractor
		k := bgtext.Key(r.Beneficiary)
		r.Contractors = slices.DeleteFunc(r.Contractors, func(c string) bool { return bgtext.Key(c) == k })
	}
	r.Municipality = muni
	d.setEvidence()
	return d
}

// setProgramme sets the programme, its name and its funds (read from text).
func (d *draft) setProgramme(code, text string) {
	r := &d.rec
	r.Programme = code
	if code == "" {
		return
	}
	if p, ok := dataset.ProgrammeByCode(code); ok {
		r.ProgrammeName = p.Name
	}
	r.Funds = bgtext.FundsOf(code, text)
	d.setEvidence()
}

// setEvidence: a record needs a contract number, or a named programme, a
// title and money, or a named programme, a procedure code and the
// project's name, or the project's quoted name and its money (a headline and a call's code are an announcement of the
// call: "Покана за общо събрание … по процедура BG06AFSP001-01.001").
func (d *draft) setEvidence() {
	r := &d.rec
	money := d.money.total != nil || d.money.grant != nil
	d.evidence = len(r.ContractNumbers) > 0 || (r.Programme != "" && r.Title != "" && !totalRow(r.Title) &&
		(money || len(r.ProcedureCodes) > 0 && d.named)) ||
		// "Община Х започна работа по проект „…“. Той е на стойност …": a
		// project named and priced, by no programme the page names
		d.named && d.quoted && money && r.Title != "" ||
		// "… даде старт на … по проект „…“ … финансиран по … ПРСР … Изпълнител
		// е „…“ ЕООД … трябва да приключи до 30.11.2025 г.": a project named
		// by its programme, with its works let and its term, priced or not
		r.Programme != "" && d.named && d.quoted && r.Title != "" && (d.period.end != "" || d.period.start != "" || len(r.Contractors) > 0) ||
		// a project's own section: its name as the heading and the
		// publicity line the programmes require ("Проектът се осъществява
		// с финансовата подкрепа на Програма „Околна среда“ 2021-2027 …")
		r.Programme != "" && r.Title != "" && d.publicity && !d.listing && !totalRow(r.Title)
}

// publicityLine: the line is a programme's publicity statement about the
// project ("Проектът се осъществява с финансовата подкрепа на …",
// "Проект … се реализира с финансовата подкрепа на …").
func publicityLine(lt string) bool {
	i := strings.Index(lt, "с финансовата подкрепа на")
	if i < 0 {
		i = strings.Index(lt, "със финансовата подкрепа на")
	}
	return i > 0 && strings.Contains(lt[:i], "проект")
}

// totalRow: the sum row of a listing ("Общо:", "Всичко", "Total").
func totalRow(title string) bool {
	k := bgtext.Key(title)
	return k == "общо" || k == "всичко" || k == "total" || k == "сума" || k == "общасума" || strings.HasPrefix(k, "общоза")
}

// blockTitle names one block of a listing: its labelled name, the quoted
// name its first line starts with ("„Ремонт на ДГ …“ – договор № …"), the
// quoted name after "проект", the nearest heading above its contract — never
// the page's title, which every block shares.
func blockTitle(it []block) string {
	if t := labelTitle(it); t != "" {
		return t
	}
	if first := strings.TrimSpace(it[0].text); first != "" {
		if r, _ := utf8.DecodeRuneInString(first); bgtext.IsOpenQuote(r) || r == '"' || r == '“' {
			if qs := bgtext.QuotedNames(first); len(qs) > 0 && utf8.RuneCountInString(qs[0]) >= 8 && !programmeName(qs[0]) {
				return cleanTitle(qs[0])
			}
		}
	}
	if t := quotedTitle(it, ""); t != "" {
		return t
	}
	at := -1
	for i, l := range it {
		if cs, _ := codes([]block{l}); len(cs) > 0 {
			at = i
			break
		}
	}
	for i := at - 1; i >= 0; i-- {
		if l := it[i]; l.heading > 0 && l.label == "" && utf8.RuneCountInString(l.text) >= 8 && !strings.HasSuffix(l.text, ":") {
			return cleanTitle(l.text)
		}
	}
	if t := headingTitle(it, ""); t != "" {
		return t
	}
	return plainNameLine(it)
}

// plainNameLine is a block's name when nothing marks it (a card read as
// text): the first plain line before its first fact that reads as a name —
// three words or more, no full stop at the end, not a programme's badge
// ("ОПРР 2014-2020 Приключил") or a date.
func plainNameLine(it []block) string {
	for _, l := range it {
		if l.label != "" || l.value != "" || l.li > 0 {
			break
		}
		t := strings.TrimSpace(l.text)
		n := utf8.RuneCountInString(t)
		if n < 15 || n > 200 || strings.HasSuffix(t, ".") || len(strings.Fields(t)) < 3 || l.meta {
			continue
		}
		if bgtext.DetectProgramme(t, nil) != "" && n < 60 {
			continue // the programme's badge above the name
		}
		if cs, _ := codes([]block{l}); len(cs) > 0 {
			break
		}
		return cleanTitle(t)
	}
	return ""
}

// notPartners drops firms named as partners: a partner is not a contractor.
func notPartners(firms, partners []string) []string {
	var out []string
	for _, f := range firms {
		kf, partner := bgtext.Key(f), false
		for _, p := range partners {
			if strings.Contains(bgtext.Key(p), kf) || strings.Contains(kf, bgtext.Key(p)) {
				partner = true
			}
		}
		if !partner {
			out = append(out, f)
		}
	}
	return out
}

// beneficiaryOf reads the "Бенефициент" row, else the municipality the
// text says holds or runs the project ("Проектът се реализира от Община
// Пещера", "Община Пещера кандидатства …"); "" when the page does not say.
func beneficiaryOf(it []block, muni string) string {
	for i, l := range it {
		lbl, val := l.label, l.value
		if val == "" {
			if a, b, ok := inlineLabel(l.text); ok {
				lbl, val = a, b
			} else if i+1 < len(it) && beneficiaryLabel(l.text) && it[i+1].label == "" {
				lbl, val = l.text, it[i+1].text // "Бенефициент" over "Община Благоевград"
			}
		}
		if val != "" && len(val) < 150 && beneficiaryLabel(lbl) {
			// "Община Петрич (България)": the country is not the name
			b := strings.TrimRight(countryRe.ReplaceAllString(bgtext.FirstSentence(val), ""), " .;")
			if noCyrillic(b) && mostlyCyrillic(it) {
				// "Lead partner: Municipality of Tran" in an English box
				// of a Bulgarian page: the holder the Bulgarian text names
				if h := textHolder(it, muni); h != "" && !noCyrillic(h) {
					return h
				}
			}
			return b
		}
	}
	return textHolder(it, muni)
}

// textHolder is the holder the item's running text names (bgtext.HolderIn).
func textHolder(it []block, muni string) string {
	var sb, lb strings.Builder
	prev := false
	for _, l := range it {
		names := strings.Contains(l.lc(), "общин") || strings.Contains(l.text, "„") || strings.Contains(l.text, "\"")
		if !names && !prev {
			continue // names no municipality and no body in quotes, nor follows a line that does
		}
		prev = names
		sb.WriteString(l.text)
		sb.WriteString("\n")
		lb.WriteString(l.lc())
		lb.WriteString("\n")
	}
	if h, ok := bgtext.HolderIn(sb.String(), lb.String(), muni); ok {
		return h
	}
	return ""
}

// countryRe is a country in brackets after a name.
var countryRe = regexp.MustCompile(`\s*\((?:България|Румъния|Гърция|Сърбия|Турция|Северна Македония|Македония|Bulgaria|Romania|Greece|Serbia|Turkey|North Macedonia)\)\s*$`)

// beneficiaryLabel: "Бенефициент", "Бенефициент:", "Водещ партньор".
func beneficiaryLabel(s string) bool {
	if len(s) > 160 {
		return false // a label is short; no need to lower a paragraph
	}
	ls := strings.TrimRight(strings.TrimSpace(bgtext.Lower(s)), ":")
	return len(ls) < 60 && bgtext.ContainsAny(ls, bgtext.BeneficiaryLabels...)
}

func dedup(items []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range items {
		k := bgtext.Key(s)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	return out
}

// readDrafts reads every item of the cut into a draft (stage 4). The
// items of a listing stand alone; the items of a page of posts are
// merged by contract, applications folded into their contract and
// follow-ups into the page's one project; what a listing page says
// outside its rows joins the rows of the same contracts.
func readDrafts(pg *page, cut pageCut) []draft {
	facts := pageFacts{muni: pg.muni, title: pg.title}
	pageProg := ""
	if cut.listing {
		pageProg = headProgramme(pg.lines, pg.title)
		facts.holder = introHolder(pg.lines, pg.muni)
		if facts.holder == "" && len(cut.items) > 0 && len(cut.items[0]) > 0 {
			// one article holding the list: its introduction is what
			// comes before the first section ("Бенефициент и по двата
			// договора е Община Х." above two contracts' headings)
			first := cut.items[0][0].at
			var sb strings.Builder
			for _, l := range pg.lines {
				if l.at >= first || l.row != 0 || l.group != 0 {
					break
				}
				sb.WriteString(l.text)
				sb.WriteByte('\n')
			}
			facts.holder, _ = bgtext.Holder(sb.String(), pg.muni)
		}
	}
	var drafts []draft
	for i, it := range cut.items {
		d := buildDraft(it, facts, cut.listing)
		if d.rec.Programme == "" && pageProg != "" {
			// "Проекти по Проект „Красива България“" heads every block
			d.setProgramme(pageProg, "")
		}
		d.pos = i
		drafts = append(drafts, d)
	}
	if textCut := !cut.listing || rowless(cut.items); textCut {
		head := pageDate(pg.lines, cut.items)
		if head.iso == "" {
			head = tailDate(cut.items, drafts)
		}
		if head.iso != "" {
			// the page's own date above its sections ("Дата: 22 август
			// 2023" over two projects) dates the sections that have none
			for i := range drafts {
				if drafts[i].published == "" {
					drafts[i].published, drafts[i].publishedAt = head.iso, head.at
					drafts[i].rec.Published = head.iso
				}
			}
		}
	}
	if !cut.listing {
		return foldFollowUps(foldApplications(mergeDrafts(drafts)))
	}
	if facts.holder == "" {
		// the introduction may sit in a block of its own among the
		// list's blocks: the items that are no project
		var intro []block
		for i, d := range drafts {
			if !d.evidence {
				intro = append(intro, cut.items[i]...)
			}
		}
		if h := introHolder(intro, pg.muni); h != "" {
			for i := range drafts {
				if drafts[i].rec.Beneficiary == "" {
					drafts[i].rec.Beneficiary = h
				}
			}
		}
	}
	if more := restItems(cut.rest); len(more) > 0 {
		var ds []draft
		for i, it := range more {
			d := buildDraft(it, facts, false)
			d.pos = len(drafts) + i
			ds = append(ds, d)
		}
		drafts = joinRows(drafts, mergeDrafts(ds))
	}
	return drafts
}

// rowless: the items were cut from the text (numbered or headed
// sections of an article), not from a table's rows or repeated blocks.
func rowless(items [][]block) bool {
	for _, it := range items {
		for _, l := range it {
			if l.row != 0 || l.group != 0 {
				return false
			}
		}
	}
	return true
}

// dated is a date and where it was read.
type dated struct {
	iso string
	at  span
}

// pageDate is the publication date the lines above the page's first item
// give (its byline), when the page was cut into several items.
func pageDate(ls []block, items [][]block) dated {
	if len(items) < 2 || len(items[0]) == 0 {
		return dated{}
	}
	first := items[0][0].at
	var head []block
	for _, l := range ls {
		if l.at >= first {
			break
		}
		head = append(head, l)
	}
	// only a byline: a line marked as one, or labelled "Дата:",
	// "Публикувано …" — not the date of a first teaser
	var bylines []block
	for _, l := range head {
		lead := l.label
		if lead == "" {
			lead, _, _ = inlineLabel(l.text)
		}
		if bgtext.HasYear(l.text) && (l.meta || lead != "" && publishLead(bgtext.Lower(lead))) {
			bylines = append(bylines, l)
		}
	}
	if len(bylines) != 1 {
		return dated{}
	}
	iso := publishedOf(bylines)
	if iso == "" {
		return dated{}
	}
	return dated{iso, locateDate(bylines, iso)}
}

// tailDate is the date of the page's byline printed below its sections
// ("Публикувано от … на 22.01.2025 10:35" under a report on four
// projects): the cut leaves it in the last section, which is then the
// only one dated, by that byline alone.
func tailDate(items [][]block, drafts []draft) dated {
	if len(items) < 2 || len(drafts) != len(items) {
		return dated{}
	}
	last := len(drafts) - 1
	for _, d := range drafts[:last] {
		if d.published != "" {
			return dated{}
		}
	}
	if drafts[last].published == "" {
		return dated{}
	}
	var bylines []block
	for _, l := range items[last] {
		lead := l.label
		if lead == "" {
			lead, _, _ = inlineLabel(l.text)
		}
		if lead == "" {
			lead = l.text
		}
		if bgtext.HasYear(l.text) && (l.meta || publishLead(bgtext.Lower(lead))) {
			bylines = append(bylines, l)
		}
	}
	if len(bylines) != 1 || publishedOf(bylines) != drafts[last].published {
		return dated{}
	}
	return dated{drafts[last].published, drafts[last].publishedAt}
}

// introHolder is the holder the lines before the first item (the page's
// introduction to a list) name.
func introHolder(ls []block, muni string) string {
	var sb strings.Builder
	for _, l := range ls {
		if l.row != 0 || l.group != 0 || l.item != 0 {
			break // the introduction ends where the list starts
		}
		sb.WriteString(l.text)
		sb.WriteByte('\n')
	}
	h, _ := bgtext.Holder(sb.String(), muni)
	return h
}

// headProgramme is the programme the page's title or first heading names
// ("Проекти по ПРСР 2014-2020"), "" when they name none.
func headProgramme(ls []block, pageTitle string) string {
	head := pageTitle
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 {
			head += "\n" + l.text
			break
		}
	}
	return bgtext.DetectProgramme(head, nil)
}
