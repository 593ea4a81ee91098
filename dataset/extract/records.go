package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
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
	folded      bool   // merged into another draft
	lines       []line // the item's lines (of every item merged into it)
	publishedAt span
	quoted      bool // the title is the quoted name after "проект"
	named       bool // the title is a project's name (a label, a quoted name, a list's row), not a headline
	published   string
}

// buildDraft extracts every field of one item.
func buildDraft(it []line, pg pageFacts, listing bool) draft {
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
	var sb strings.Builder
	for _, l := range it {
		sb.WriteString(l.text)
		sb.WriteByte('\n')
		if lbl := bgtext.Lower(l.label); l.value != "" && strings.Contains(lbl, "програма") && !strings.Contains(bgtext.Lower(l.value), "програма") {
			// "Оперативна програма: Региони в растеж" names the programme too
			sb.WriteString(l.label + " „" + l.value + "“\n")
		}
	}
	text := sb.String()
	d.text = bgtext.Lower(text)
	d.setProgramme(bgtext.DetectProgramme(text, append(append([]string{}, r.ContractNumbers...), r.ProcedureCodes...)), text)
	if !listing {
		d.published = publishedOf(it)
		d.publishedAt = locateDate(it, d.published)
	} else {
		// a block of a list may carry its own date line; a table cell
		// ("Дата: …" of a contract) is not a publication date
		var free []line
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
		d.named && d.quoted && money && r.Title != ""
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
func blockTitle(it []line) string {
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
		if cs, _ := codes([]line{l}); len(cs) > 0 {
			at = i
			break
		}
	}
	for i := at - 1; i >= 0; i-- {
		if l := it[i]; l.heading > 0 && l.label == "" && utf8.RuneCountInString(l.text) >= 8 && !strings.HasSuffix(l.text, ":") {
			return cleanTitle(l.text)
		}
	}
	return headingTitle(it, "")
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
func beneficiaryOf(it []line, muni string) string {
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
			return strings.TrimRight(countryRe.ReplaceAllString(bgtext.FirstSentence(val), ""), " .;")
		}
	}
	var sb strings.Builder
	for _, l := range it {
		sb.WriteString(l.text)
		sb.WriteString("\n")
	}
	if h, ok := bgtext.Holder(sb.String(), muni); ok {
		return h
	}
	return ""
}

// countryRe is a country in brackets after a name.
var countryRe = regexp.MustCompile(`\s*\((?:България|Румъния|Гърция|Сърбия|Турция|Северна Македония|Македония|Bulgaria|Romania|Greece|Serbia|Turkey|North Macedonia)\)\s*$`)

// beneficiaryLabel: "Бенефициент", "Бенефициент:", "Водещ партньор".
func beneficiaryLabel(s string) bool {
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

// groupKey is what makes two items the same project: a contract number, else the title.
func groupKey(d draft) string {
	if len(d.rec.ContractNumbers) > 0 {
		return "c:" + projectOf(d.rec.ContractNumbers[0])
	}
	return "t:" + bgtext.Key(d.rec.Title)
}

// annexRe is the annex suffix of a grant contract: "…-0134-C01" is
// amended as "…-0134-C02"; both are one project's.
var annexRe = regexp.MustCompile(`^(.+-\d{3,5})-C\d{1,5}$`)

// projectOf is what makes contract numbers one project's: the number
// without its annex suffix.
func projectOf(c string) string {
	if m := annexRe.FindStringSubmatch(c); m != nil {
		return m[1]
	}
	return c
}

// nearTitle: two wordings of one name, a few letters apart ("… РПУ гр.
// Пещера" and "… РПУ в гр. Пещера") with the same numbers ("ЛОТ 1" and
// "ЛОТ 2" are two projects).
func nearTitle(a, b string) bool {
	ka, kb := []rune(bgtext.Key(a)), []rune(bgtext.Key(b))
	if len(ka) < 15 || len(kb) < 15 || digitsOf(ka) != digitsOf(kb) {
		return false
	}
	return editDistance(ka, kb, 3) <= 3
}

func digitsOf(rs []rune) string {
	var b strings.Builder
	for _, r := range rs {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// editDistance is the Levenshtein distance of a and b, or limit+1 once it
// is known to exceed limit.
func editDistance(a, b []rune, limit int) int {
	if d := len(a) - len(b); d > limit || -d > limit {
		return limit + 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := cur[0]
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = 1 + min(prev[j-1], prev[j], cur[j-1])
			}
			cur[j] = c
			low = min(low, c)
		}
		if low > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ownProcedure: p is a procedure the record already names, or the one its
// contracts are under.
func ownProcedure(r dataset.Record, p string) bool {
	if slices.Contains(r.ProcedureCodes, p) {
		return true
	}
	for _, c := range r.ContractNumbers {
		if bgtext.ProcedureOf(c) == p {
			return true
		}
	}
	return false
}

// sameProcedure: a contract of a and one of b are under one procedure.
func sameProcedure(a, b []string) bool {
	for _, x := range a {
		p := bgtext.ProcedureOf(x)
		for _, y := range b {
			if p != "" && p == bgtext.ProcedureOf(y) {
				return true
			}
		}
	}
	return false
}

// mergeDrafts folds items about the same contract into one, oldest first.
func mergeDrafts(ds []draft) []draft {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].published < ds[j].published && ds[i].published != "" })
	var out []draft
	idx := map[string]int{}
	for _, d := range ds {
		k := groupKey(d)
		i, ok := idx[k]
		if !ok {
			// a later item that names no contract but the same title
			// or the same title and a contract under the same procedure
			// (a renumbered or misprinted contract of one project)
			for j, o := range out {
				if sameTitle(o.rec.Title, d.rec.Title) && (len(o.rec.ContractNumbers) == 0 || len(d.rec.ContractNumbers) == 0) ||
					o.named && d.named && nearTitle(o.rec.Title, d.rec.Title) && sameProcedure(o.rec.ContractNumbers, d.rec.ContractNumbers) {
					i, ok = j, true
				}
			}
		}
		if !ok {
			idx[k] = len(out)
			out = append(out, d)
			continue
		}
		out[i] = mergeTwo(out[i], d)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	return out
}

// joinRows adds to a listing's rows what the rest of the page says about
// the same contracts (a press release under the table gives a row's total
// and holder). A part about the contracts of several rows gives each of
// them only what it says of all alike — who holds them, when, under which
// call, for how long — never an amount, a name or a list. A part that
// names no contract joins the one row whose name holds the quoted names it
// uses ("ДГ „Пчелица“ и ДГ „Дъга“"). A part about a contract no row names
// is a record of its own, when it has the evidence of one.
func joinRows(rows, more []draft) []draft {
	byCode := map[string]int{}
	for i, d := range rows {
		for _, c := range d.rec.ContractNumbers {
			byCode[projectOf(c)] = i
		}
	}
	for _, d := range more {
		seen := map[int]bool{}
		var which []int
		unknown := 0
		for _, c := range d.rec.ContractNumbers {
			i, ok := byCode[projectOf(c)]
			if !ok {
				unknown++
				continue
			}
			if !seen[i] {
				seen[i] = true
				which = append(which, i)
			}
		}
		switch {
		case len(which) == 1 && unknown == 0:
			rows[which[0]] = mergeTwo(rows[which[0]], d)
		case len(which) > 1 && unknown == 0:
			for _, i := range which {
				rows[i] = mergeShared(rows[i], d)
			}
		case len(which) == 0 && len(d.rec.ContractNumbers) > 0:
			rows = append(rows, d)
		case len(d.rec.ContractNumbers) == 0:
			if i := rowByNames(rows, d); i >= 0 {
				rows[i] = mergeTwo(rows[i], d)
			}
		}
	}
	return rows
}

// mergeShared adds to a what b says of several projects alike: holder,
// date, procedure codes, programme, period.
func mergeShared(a, b draft) draft {
	r, s := &a.rec, b.rec
	a.lines = append(a.lines, b.lines...)
	if r.Beneficiary == "" {
		r.Beneficiary = s.Beneficiary
	}
	r.ProcedureCodes = dedupCodes(append(r.ProcedureCodes, s.ProcedureCodes...))
	if r.Programme == "" {
		r.Programme, r.ProgrammeName, r.Funds = s.Programme, s.ProgrammeName, s.Funds
	}
	if b.published > a.published {
		a.published, a.publishedAt = b.published, b.publishedAt
	}
	p := &a.period
	if p.start == "" {
		p.start, p.startAt = b.period.start, b.period.startAt
	}
	if p.end == "" {
		p.end, p.endAt = b.period.end, b.period.endAt
	}
	if !p.hasMonths {
		p.months, p.hasMonths, p.monthsAt = b.period.months, b.period.hasMonths, b.period.monthsAt
	}
	return a
}

// rowByNames is the one row whose title holds every quoted name of d's
// text that some row's title holds, and at least one; -1 when none or
// several do.
func rowByNames(rows []draft, d draft) int {
	var names []string
	for _, q := range quotedWords(d.text) {
		for _, r := range rows {
			if strings.Contains(bgtext.Lower(r.rec.Title), q) {
				names = append(names, q)
				break
			}
		}
	}
	if len(names) == 0 {
		return -1
	}
	found := -1
	for i, r := range rows {
		lt := bgtext.Lower(r.rec.Title)
		all := true
		for _, q := range names {
			if !strings.Contains(lt, q) {
				all = false
				break
			}
		}
		if all {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// quotedWords returns the short quoted names of a lower-cased text
// („пчелица“, «дъга»), four letters or more: names of places and buildings.
func quotedWords(lt string) []string {
	var out []string
	for i := 0; i < len(lt); {
		j := strings.Index(lt[i:], "„")
		if j < 0 {
			break
		}
		start := i + j + len("„")
		end := strings.IndexAny(lt[start:], "“”\n")
		if end < 0 {
			break
		}
		q := strings.TrimSpace(lt[start : start+end])
		if n := utf8.RuneCountInString(q); n >= 4 && n <= 40 {
			out = append(out, q)
		}
		i = start + end
	}
	return out
}
func mergeTwo(a, b draft) draft {
	// a newer item's statement of the end and the duration wins (an annex
	// extends the project); the earlier end stays as a warning
	newer := b.published > a.published && a.published != ""
	r, s := &a.rec, b.rec
	if r.Beneficiary == "" {
		r.Beneficiary = s.Beneficiary
	}
	r.ContractNumbers = dropPrefixes(dedupCodes(append(r.ContractNumbers, s.ContractNumbers...)))
	r.ProcedureCodes = dedupCodes(append(r.ProcedureCodes, s.ProcedureCodes...))
	if r.Title == "" {
		r.Title = s.Title
	}
	if r.Programme == "" {
		r.Programme, r.ProgrammeName, r.Funds = s.Programme, s.ProgrammeName, s.Funds
	}
	r.Objectives = dedup(append(r.Objectives, s.Objectives...))
	r.Activities = dedup(append(r.Activities, s.Activities...))
	r.Results = dedup(append(r.Results, s.Results...))
	r.TargetGroups = dedup(append(r.TargetGroups, s.TargetGroups...))
	r.Contractors = dedup(append(r.Contractors, s.Contractors...))
	r.Partners = dedup(append(r.Partners, s.Partners...))
	if b.published > a.published {
		a.published, a.publishedAt = b.published, b.publishedAt
	}
	if b.pos < a.pos {
		a.pos = b.pos
	}
	m, bm := &a.money, &b.money
	for _, f := range []struct {
		dst, src     **float64
		dstAt, srcAt *span
	}{{&m.total, &bm.total, &m.totalAt, &bm.totalAt}, {&m.grant, &bm.grant, &m.grantAt, &bm.grantAt}, {&m.eu, &bm.eu, &m.euAt, &bm.euAt},
		{&m.national, &bm.national, &m.nationalAt, &bm.nationalAt}, {&m.own, &bm.own, &m.ownAt, &bm.ownAt}} {
		if *f.dst == nil {
			*f.dst, *f.dstAt = *f.src, *f.srcAt
		}
	}
	if m.currency == "" {
		m.currency = bm.currency
	}
	p := &a.period
	if p.start == "" {
		p.start, p.startAt = b.period.start, b.period.startAt
	}
	switch {
	case b.period.end != "" && newer && p.end != "" && p.end != b.period.end:
		p.otherEnd = p.end
		p.end, p.endAt = b.period.end, b.period.endAt
	case b.period.end != "":
		p.setEnd(b.period.end, b.period.endAt) // another item's other end date is a warning
	}
	if p.otherEnd == "" {
		p.otherEnd = b.period.otherEnd
	}
	if !p.hasMonths || newer && b.period.hasMonths {
		p.months, p.hasMonths, p.monthsAt = b.period.months, b.period.hasMonths, b.period.monthsAt
	}
	a.lines = append(a.lines, b.lines...)
	a.evidence = a.evidence || b.evidence
	return a
}

func dedupCodes(cs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, c := range cs {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// finish sets the budget, period, id, sources and warnings of a draft.
// The id hashes the canonical URL (stable when a site adds tracking
// parameters); the source is the page as fetched, which the store keys on.
func finish(d draft, pos int, pg *page) dataset.Record {
	canonical, pageURL, title := pg.canonical, pg.url, pg.title
	if canonical == "" {
		canonical = pageURL
	}
	r := d.rec
	r.Published = d.published
	r.Budget = d.money.budget(r.Published)
	r.Period = dataset.Period{Start: d.period.start, End: d.period.end}
	if d.period.hasMonths {
		n := d.period.months
		r.Period.DurationMonths = &n
	}
	r.Warnings = warnings(r)
	if e := d.period.otherEnd; e != "" {
		r.Warnings = append(r.Warnings, fmt.Sprintf("period: the page gives two end dates, %s and %s", d.period.end, e))
	}
	if len(r.ContractNumbers) > 0 {
		r.ID = r.ContractNumbers[0]
	} else {
		sum := sha256.Sum256([]byte(canonical + "#" + strconv.Itoa(pos)))
		r.ID = "h-" + hex.EncodeToString(sum[:8])
	}
	src := pageURL
	if src == "" {
		src = canonical
	}
	r.Sources = []dataset.Source{{URL: src, Title: title, Published: r.Published, SHA256: pg.sha}}
	r.Evidence = evidence(d, r, pg)
	return r
}

// warnings notes facts that do not add up; nothing is corrected.
func warnings(r dataset.Record) []string {
	var w []string
	b := r.Budget
	if b.Total != nil && b.Grant != nil && *b.Grant > *b.Total+0.005 {
		w = append(w, fmt.Sprintf("budget: grant %.2f is above the total %.2f", *b.Grant, *b.Total))
	}
	if b.Total != nil && b.OwnContribution != nil && *b.OwnContribution > *b.Total+0.005 {
		w = append(w, fmt.Sprintf("budget: own contribution %.2f is above the total %.2f", *b.OwnContribution, *b.Total))
	}
	if b.Total != nil && b.Grant != nil && b.CofinancingRate != nil && *b.Total > 0 {
		if d := *b.Grant / *b.Total * 100 - *b.CofinancingRate; d > 1 || d < -1 {
			w = append(w, fmt.Sprintf("budget: the grant is %.2f %% of the total, the page says %.2f %%", *b.Grant / *b.Total * 100, *b.CofinancingRate))
		}
	}
	p := r.Period
	if p.Start != "" && p.End != "" && p.End < p.Start {
		w = append(w, fmt.Sprintf("period: ends %s before it starts %s", p.End, p.Start))
	}
	if p.Start != "" && p.End != "" && p.DurationMonths != nil {
		span := monthsBetween(p.Start, p.End)
		if d := span - *p.DurationMonths; d > 1 || d < -1 {
			w = append(w, fmt.Sprintf("period: %d months stated, the dates span %d", *p.DurationMonths, span))
		}
	}
	return w
}

// monthsBetween counts whole months from a to b (ISO dates), rounding a
// period that ends the day before the anniversary up.
func monthsBetween(a, b string) int {
	ya, ma, da := ymd(a)
	yb, mb, db := ymd(b)
	n := (yb-ya)*12 + (mb - ma)
	if db+1 < da {
		n--
	}
	return n
}

func ymd(iso string) (int, int, int) {
	if len(iso) < 10 {
		return 0, 0, 0
	}
	y, _ := strconv.Atoi(iso[0:4])
	m, _ := strconv.Atoi(iso[5:7])
	d, _ := strconv.Atoi(iso[8:10])
	return y, m, d
}

// sameTitle: equal keys, or one name the start of the other ("… в гр.
// Поморие" shortened in a later post) over most of the shorter one.
func sameTitle(a, b string) bool {
	ka, kb := []rune(bgtext.Key(a)), []rune(bgtext.Key(b))
	if len(ka) == 0 || len(kb) == 0 {
		return false
	}
	n := 0
	for n < len(ka) && n < len(kb) && ka[n] == kb[n] {
		n++
	}
	short := min(len(ka), len(kb))
	return n == short && short >= 15 || n >= 30 && n*10 >= short*8
}

// foldApplications merges an item about applying for a project (no
// contract yet, the procedure's code: "Община Пещера кандидатства … по
// процедура BG05SFPR002-2.012") into the one item on the page whose
// contract is under that procedure (BG05SFPR002-2.012-0157): the
// application and the project are one.
func foldApplications(ds []draft) []draft {
	var out []draft
	for i, d := range ds {
		if len(d.rec.ContractNumbers) > 0 || len(d.rec.ProcedureCodes) == 0 {
			continue
		}
		target := -1
		for j, o := range ds {
			if j == i || len(o.rec.ContractNumbers) == 0 {
				continue
			}
			for _, c := range o.rec.ContractNumbers {
				if p := bgtext.ProcedureOf(c); p != "" && slices.Contains(d.rec.ProcedureCodes, p) {
					if target >= 0 && target != j {
						target = -2 // two projects under the procedure: whose application?
					} else if target != -2 {
						target = j
					}
				}
			}
		}
		if target >= 0 {
			ds[target] = mergeTwo(ds[target], d)
			ds[i].rec.ProcedureCodes = nil
			ds[i].folded = true
		}
	}
	for _, d := range ds {
		if !d.folded {
			out = append(out, d)
		}
	}
	return out
}

// foldFollowUps merges, on a page of several news items, the items that
// name no project of their own but speak of "the project" into the one
// project the page is about (a category archive of one project's news).
func foldFollowUps(ds []draft) []draft {
	main := -1
	for i, d := range ds {
		if d.evidence {
			if main >= 0 {
				return ds // two projects: nothing to guess
			}
			main = i
		}
	}
	if main < 0 {
		return ds
	}
	var out []draft
	for i, d := range ds {
		if i != main && !d.evidence && len(d.rec.ContractNumbers) == 0 && strings.Contains(d.text, "проект") &&
			(sharedStems(ds[main].rec.Title, d.text, ds[main].rec.Municipality) >= 2 || datedFollowUp(d)) {
			// its own call's code is not the project's ("покана за общо
			// събрание … за кандидатстване по процедура BG06AFSP001-01.001")
			d.rec.ProcedureCodes = slices.DeleteFunc(d.rec.ProcedureCodes, func(p string) bool {
				return !ownProcedure(ds[main].rec, p)
			})
			ds[main] = mergeTwo(ds[main], d)
			continue
		}
		out = append(out, d)
	}
	for i := range out {
		if out[i].evidence {
			out[i] = ds[main]
		}
	}
	return out
}

// datedFollowUp: a dated news item that names no project of its own (no
// quoted name after "проект"): on a page about one project it is that
// project's news, whatever its headline says ("Започна строителството").
func datedFollowUp(d draft) bool {
	return d.published != "" && !quotedAfterRe.MatchString(d.text)
}

// sharedStems counts the words of title (their first five letters, the
// municipality's name left out) that text also uses.
func sharedStems(title, text, muni string) int {
	skip := bgtext.Lower(muni)
	seen := map[string]bool{}
	n := 0
	for _, w := range bgtext.Words(bgtext.Lower(title)) {
		r := []rune(w)
		if len(r) < 5 || w == skip {
			continue
		}
		stem := string(r[:5])
		if !seen[stem] && strings.Contains(text, stem) {
			seen[stem] = true
			n++
		}
	}
	return n
}

// span is where a value was read: byte offsets into the page's visible
// text, end exclusive.
type span struct{ start, end int }

// ok reports whether the span was set.
func (s span) ok() bool { return s.end > s.start }
