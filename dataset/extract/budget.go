package extract

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// money roles
const (
	rNone = iota
	rTotal
	rGrant
	rEU
	rNational
	rOwn
)

var roleWords = []struct {
	role  int
	words []string
}{
	{rTotal, bgtext.TotalWords},
	{rGrant, bgtext.GrantWords},
	{rEU, bgtext.EUWords},
	{rNational, bgtext.NationalWords},
	{rOwn, bgtext.OwnWords},
}

// notProjectMoney marks a clause about money that is not the project's:
// firm contracts, estimates, a partner's share, an event, a price.
func notProjectMoney(ctx string) bool {
	// the Recovery Plan's name holds "възстановяване" (as in a refund)
	ctx = strings.ReplaceAll(ctx, "възстановяване и устойчивост", "")
	return bgtext.ContainsAny(ctx, bgtext.NotProjectMoney...)
}

// objectIsProject: the item speaks of an "обект" and never of a
// "проект" ("Обектът се финансира по Инвестиционната програма … Общата
// стойност на обекта е …"): the object is what is funded, its value the
// total. Where a project is named, the value of its object is the works'.
func objectIsProject(ls []block) bool {
	obj := false
	for _, l := range ls {
		lt := l.lc()
		if projectNounRe.MatchString(lt) {
			return false
		}
		obj = obj || strings.Contains(lt, "обект")
	}
	return obj
}

// projectNounRe is "проект", "проекта", "проектът" — not the plural of a
// programme's name ("Инвестиционна програма за общински проекти").
var projectNounRe = regexp.MustCompile(`проект(?:ът|а)?(?:[^\p{L}]|$)`)

// withoutObjectValue drops "стойност(та) на обекта" from a clause.
func withoutObjectValue(ctx string) string {
	if !strings.Contains(ctx, "на обект") {
		return ctx
	}
	return objectValueWords.Replace(ctx)
}

var objectValueWords = strings.NewReplacer("стойност на обекта", "стойност", "стойността на обекта", "стойността",
	"стойност на обектите", "стойност", "стойността на обектите", "стойността")

// roleIn returns the role whose keyword occurs last in ctx.
func roleIn(ctx string) int {
	best, pos := rNone, -1
	for _, rw := range roleWords {
		for _, w := range rw.words {
			i := strings.LastIndex(ctx, w)
			if i >= 0 && (rw.role == rEU || rw.role == rNational) && fundedBy(ctx[:i]) {
				continue // "проект, финансиран от ЕФРР" describes the project, not the amount
			}
			if i > pos || (i >= 0 && i == pos && rw.role == rGrant) {
				best, pos = rw.role, i
			}
		}
	}
	if best == rEU || best == rNational {
		if bgtext.ContainsAny(ctx, bgtext.GrantMarks...) {
			return rGrant
		}
	}
	return best
}

// fundedBy: the text ends with "финансиран(а) от", "съфинансиран … чрез".
func fundedBy(before string) bool {
	before = bgtext.LastRunes(before, bgtext.FundedByWindow)
	return fundedByRe.MatchString(before) || bgtext.ContainsAny(before, bgtext.FundedByWords...)
}

// fundedByRe is a participle "финансиран(а/о/и)": "проект, финансиран от
// ЕФРР", not the noun "финансиране по Механизма …".
var fundedByRe = regexp.MustCompile(`финансиран[аои]?(?:\P{L}|$)`)

// roleAfter reads "1 098 276,96 лв. са безвъзмездно финансиране" and says
// how much of post the role phrase took: the next amount's clause starts
// after it.
func roleAfter(post string) (role, used int) {
	p := strings.TrimLeft(post, " ")
	skip := len(post) - len(p)
	if strings.HasPrefix(p, "(") {
		// a conversion in brackets first: "3 521 496,97 лв. (1 800 512,81 €) са БФП"
		if k := strings.IndexByte(p, ')'); k > 0 && k < 40 && bgtext.HasDigit(p[:k]) {
			skip += k + 1
			p = strings.TrimLeft(p[k+1:], " ")
			skip = len(post) - len(p)
		}
	}
	if r, _ := utf8.DecodeRuneInString(p); bgtext.IsUpper(r) && !strings.HasPrefix(p, "БФП") {
		return rNone, 0 // a new sentence, not "… лв. БФП (85 %)"
	}
	p = bgtext.Lower(p)
	if i := strings.IndexAny(p, ",;("); i >= 0 {
		p = p[:i]
	}
	if i := strings.Index(p, ". "); i >= 0 {
		p = p[:i]
	}
	clause := len(p) // the role phrase runs to the clause's end
	for _, pre := range []string{"са ", "е ", "от тях ", "("} {
		p = strings.TrimPrefix(p, pre)
	}
	p = bgtext.FirstRunes(p, bgtext.RoleAfterWindow)
	for _, rw := range roleWords {
		for _, w := range rw.words {
			if strings.HasPrefix(p, w) || strings.HasPrefix(p, "от "+w) {
				return rw.role, skip + clause
			}
		}
	}
	if strings.HasPrefix(p, "европейско") || strings.HasPrefix(p, "от ес") {
		return rEU, skip + clause // "… от които 332 815,80 лв. европейско и 58 732,20 лв. национално съфинансиране"
	}
	if strings.HasPrefix(p, "национално") {
		return rNational, skip + clause
	}
	return rNone, 0
}

// labelRole reads a fact-table label such as "Бюджет" or "Стойност (лв.)".
func labelRole(label string) int {
	l := strings.TrimSpace(labelCurrencyWords.Replace(bgtext.Lower(label)))
	l = strings.TrimSpace(vatLabelRe.ReplaceAllString(l, ""))     // "Стойност, лв. с ДДС"
	l = strings.TrimSpace(currencyTailRe.ReplaceAllString(l, "")) // "Стойност евро"
	l = strings.TrimSpace(updateLabelRe.ReplaceAllString(l, ""))  // "Актуализирана стойност след Анекс № 1"
	if bgtext.TotalLabels[l] {
		return rTotal
	}
	return rNone
}

// labelCurrencyWords are the currency notes of a label, dropped before it is read.
var labelCurrencyWords = strings.NewReplacer("(лв.)", "", ", лв.", "", "(лева)", "", "(евро)", "", ", евро", "", "(bgn)", "", "(eur)", "", ":", "")

// updateLabelRe is what says which of a contract's values a label names:
// the first or the updated one ("Първоначална обща стойност", "Обща
// стойност след Анекс № 2 от 05 юни 2022 г.", "Актуализирана стойност").
var updateLabelRe = regexp.MustCompile(`^(?:първоначалн\p{L}*|актуализиран\p{L}*|начален|начална)\s+|\s*\(?\s*след\s+(?:сключения\s+)?(?:анекс|изменени|допълнително споразумение).*$`)

// vatLabelRe is a VAT note in a column's label: "с ДДС", "без ДДС",
// "(с ДДС)", "вкл. ДДС".
var vatLabelRe = regexp.MustCompile(`\(?\s*(?:с|без|вкл\.?|включително|с включен)\s+ддс\s*\)?`)

// currencyTailRe is a currency at a label's end: "Стойност евро",
// "Стойност лв.", "Бюджет, €".
var currencyTailRe = regexp.MustCompile(`[\s,(]+(?:лв\.?|лева|евро|eur|bgn|€)\s*\)?$`)

// labelVAT is "with" or "without" when a column's label says whether its
// amounts hold VAT, "" when it does not.
func labelVAT(label string) string {
	if label == "" || !strings.Contains(label, "ДДС") && !strings.Contains(label, "ддс") {
		return ""
	}
	l := bgtext.Lower(label)
	switch {
	case strings.Contains(l, "без ддс"):
		return "without"
	case vatLabelRe.MatchString(l):
		return "with"
	}
	return ""
}

type moneyFound struct {
	total, grant, eu, national, own *float64
	// where each was read in the page's visible text
	totalAt, grantAt, euAt, nationalAt, ownAt span
	rate                                      *float64 // the grant's share of the total as printed
	totalVAT                                  string
	currency                                  string
	approxTotal                               bool
	totalUpdated                              bool // the total is the value after an annex or update
	labelCurrency                             string
}

// setUpdatedTotal sets the total an annex or an update states ("Обща
// стойност след Анекс № 2", "Актуализирана стойност"): it replaces the
// value the contract first stated, wherever either was printed.
func (m *moneyFound) setUpdatedTotal(v float64, vat, cur string, at span) {
	if m.totalUpdated {
		return
	}
	m.total, m.totalVAT, m.totalAt, m.totalUpdated = &v, vat, at, true
	if cur != "" {
		m.currency = cur
	}
}

// sentenceBefore is the sentence of lt up to at.
func sentenceBefore(lt string, at int) string {
	return lt[max(0, strings.LastIndex(lt[:at], ". ")):at]
}

// updatedValue: the label or clause of a total says it is the value after
// an annex or an update, not the first one.
func updatedValue(ctx string) bool {
	return bgtext.ContainsAny(ctx, "след анекс", "актуализиран", "след изменени", "след допълнително споразумение", "след сключения анекс")
}

func (m *moneyFound) set(role int, v float64, vat, cur string, at span) {
	p := &v
	switch role {
	case rTotal:
		if m.totalUpdated {
			return
		}
		if m.total == nil || (vat == "with" && m.totalVAT == "without") {
			m.total, m.totalVAT, m.totalAt = p, vat, at
			if cur != "" {
				m.currency = cur
			}
		}
	case rGrant:
		if m.grant == nil {
			m.grant, m.grantAt = p, at
			if m.currency == "" {
				m.currency = cur
			}
		}
	case rEU:
		if m.eu == nil {
			m.eu, m.euAt = p, at
		}
	case rNational:
		if m.national == nil {
			m.national, m.nationalAt = p, at
		}
	case rOwn:
		if m.own == nil {
			m.own, m.ownAt = p, at
		}
	}
}

var vatWords = strings.NewReplacer("без ддс", "", "с ддс", "", "с включен ддс", "", "вкл. ддс", "", "включително ддс", "")

// labelCurrencyOf reads the currency a label or column header names:
// "Стойност (евро)", "Обща стойност, лв.", "Бюджет (BGN)".
func labelCurrencyOf(label string) string {
	if label == "" {
		return ""
	}
	l := bgtext.Lower(label)
	if strings.Contains(l, "€") {
		return "EUR"
	}
	for _, w := range bgtext.Words(l) { // whole words: "Европейско финансиране" names no currency
		switch w {
		case "евро", "eur":
			return "EUR"
		case "лв", "лева", "bgn":
			return "BGN"
		}
	}
	return ""
}

// rateIn reads the grant's rate when the page prints it right after the
// grant: "1 220 962,40 лв. (98 %)". Other
// percentages ("85 % от ЕФРР", "съфинансиране 15 %") are shares of
// something else and are left alone.
func (m *moneyFound) rateIn(t string, prevEnd int, a bgtext.Amount, afterGrant bool) {
	if m.rate != nil || a.Value <= 0 || a.Value > 100 || a.Approx {
		return
	}
	v := a.Value
	if afterGrant && strings.TrimSpace(t[prevEnd:a.Start]) == "(" {
		m.rate = &v
		return
	}
}

var percentRe = regexp.MustCompile(`(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|процента)`)

// intensityIn reads "Интензитет на помощта: 100 %", the grant's rate.
func (m *moneyFound) intensityIn(t, lt string) {
	i := strings.Index(lt, "интензитет")
	if m.rate != nil || i < 0 || bgtext.ContainsAny(lt, bgtext.BoundWords...) {
		return
	}
	p := percentRe.FindStringSubmatchIndex(t[i:])
	if p == nil || strings.ContainsAny(t[i:i+p[0]], ".;") {
		return
	}
	v, err := strconv.ParseFloat(strings.Replace(t[i+p[2]:i+p[3]], ",", ".", 1), 64)
	if err == nil && v > 0 && v <= 100 {
		m.rate = &v
	}
}

// money reads the project's budget from the lines of an item.
func money(ls []block, contracts []string) moneyFound {
	var m moneyFound
	rowKey := rowKeys(ls)
	object := objectIsProject(ls)
	for _, l := range ls {
		t := l.text
		if !bgtext.HasDigit(t) {
			continue
		}
		m.intensityIn(t, l.lc())
		amts := bgtext.FindAmounts(t)
		// the words of a quoted name ("„Строителство на …“") say nothing
		// of the amounts around it
		lt := bgtext.MaskQuoted(l.lc())
		labelCur := lineCurrency(l)
		if l.label != "" && labelCur == "BGN" {
			m.labelCurrency = "BGN"
		}
		prevEnd, prevRole, consumedTo := 0, rNone, 0
		for i, a := range amts {
			post := t[a.End:]
			if strings.HasPrefix(strings.TrimSpace(post), "%") || strings.HasPrefix(strings.TrimSpace(post), "процент") {
				m.rateIn(t, prevEnd, a, i > 0 && prevRole == rGrant)
				prevEnd = a.End
				continue
			}
			// a conversion in parentheses after another amount: "2 147 385,60 лв. (1 097 940,82 €)"
			if i > 0 && strings.TrimSpace(t[prevEnd:a.Start]) == "(" && a.Currency != amts[i-1].Currency {
				prevEnd = a.End
				continue
			}
			start := max(prevEnd, min(consumedTo, a.Start))
			clause := bgtext.ClauseBefore(t, a.Start)
			if cs := a.Start - len(clause); cs > start {
				start = cs
			}
			between := lt[start:a.Start]
			sentence := lt[a.Start-len(clause) : a.Start]
			if pronounSubject(sentence) {
				// "Той е на стойност …", "Стойността ѝ възлиза на …": the
				// project the paragraph is about
				sentence = bgtext.LastRunes(lt[:a.Start], 3*bgtext.ClauseWindow)
			}
			prevEnd = a.End
			if a.Currency == "" && !(l.label != "" || isLabelled(t, a.Start)) {
				continue
			}
			if a.Currency == "" && a.Value < 1000 && !strings.ContainsAny(t[a.Start:a.End], ".,") {
				continue
			}
			role, used := roleAfter(post)
			if used > 0 {
				consumedTo = a.End + used
			}
			if role == rNone {
				role = roleIn(between)
			}
			if role == rNone && i > 0 && a.VAT != "" && a.VAT != amts[i-1].VAT && strings.Trim(vatWords.Replace(between), " /(),") == "" {
				// "391 200,00 лв. без ДДС / 469 440,00 лв. с ДДС": the same value with VAT
				role = prevRole
			}
			prevRole = rNone
			if role == rNone {
				role = contextRole(l, a, between, sentence, i == 0 || start == 0, contracts)
			}
			if role == rNone && l.row != 0 {
				role = rowRole(rowKey[l.row], t)
			}
			if role == rNone {
				continue
			}
			if object {
				between, sentence = withoutObjectValue(between), withoutObjectValue(sentence)
			}
			if notProjectMoney(between) || (role == rTotal && notProjectMoney(sentence) && !projectSubject(sentence, contracts)) {
				continue
			}
			if a.Approx {
				if role == rTotal {
					m.approxTotal = true
				}
				continue
			}
			prevRole = role
			cur := a.Currency
			if cur == "" && isLabelled(t, a.Start) {
				cur = labelCur // "Стойност (евро): 312 400,00"
			}
			vat := a.VAT
			if vat == "" && isLabelled(t, a.Start) {
				vat = labelVAT(l.label)
			}
			if role == rTotal && updatedValue(bgtext.Lower(l.label)+" "+sentenceBefore(lt, a.Start)) {
				m.setUpdatedTotal(a.Value, vat, cur, span{l.at + a.Start, l.at + a.End})
				continue
			}
			m.set(role, a.Value, vat, cur, span{l.at + a.Start, l.at + a.End})
		}
	}
	return m
}

// lineCurrency is the currency the line's label or inline label names
// ("Стойност (евро)", "Бюджет (евро): 120 000").
func lineCurrency(l block) string {
	if l.label != "" {
		return labelCurrencyOf(l.label)
	}
	if lb, _, ok := inlineLabel(l.text); ok {
		return labelCurrencyOf(lb)
	}
	return ""
}

// rowKeys maps each table row to its first cell, lower-cased: the source
// in "Национално съфинансиране | 15 % | 225 000,00".
func rowKeys(ls []block) map[int]string {
	keys := map[int]string{}
	for _, l := range ls {
		if l.row != 0 && l.label != "" {
			if _, ok := keys[l.row]; !ok {
				keys[l.row] = bgtext.Lower(l.value)
			}
		}
	}
	return keys
}

// rowRole is the role a financing table's row names by its first cell
// (not a project's name, which is long, nor the cell itself).
func rowRole(k, t string) int {
	if k == "" || utf8.RuneCountInString(k) >= 60 || strings.HasPrefix(bgtext.Lower(t), k) {
		return rNone
	}
	if role := roleIn(k); role != rNone {
		return role
	}
	if k == "общо" || k == "общо:" || k == "всичко" {
		return rTotal
	}
	return rNone
}

// contextRole is the role of an amount whose own clause names none: the
// line's label or sentence (for the first amount of a clause), a fact
// label ("Бюджет"), or "на стойност" in a sentence about the project.
func contextRole(l block, a bgtext.Amount, between, sentence string, first bool, contracts []string) int {
	t := l.text
	role := rNone
	if first {
		role = roleIn(bgtext.Lower(l.label) + " " + sentence)
	}
	if role == rNone && first {
		if l.label != "" {
			role = labelRole(l.label)
		} else if lb, _, ok := inlineLabel(t); ok && isLabelled(t, a.Start) {
			role = labelRole(lb)
		} else if lb, ok := dashLabel(t[:a.Start]); ok {
			role = labelRole(lb) // "Бюджет – 412 008.90 лв."
		} else if isLabelled(t, a.Start) {
			role = labelRole(sentence) // "… по договор № …. Стойност: 186 240,12 лв. Период: …"
		}
	}
	if role == rNone && (strings.Contains(between, "на стойност") || strings.HasSuffix(strings.TrimRight(between, " :–-"), "стойност") || pronounSubject(between)) && projectSubject(sentence, contracts) {
		role = rTotal
	}
	return role
}

// dashLabel reads a short label before a dash that ends before: "Бюджет –".
func dashLabel(before string) (string, bool) {
	b := strings.TrimRight(before, " ")
	for _, d := range []string{"–", "—", "-"} {
		if strings.HasSuffix(b, d) {
			lb := strings.TrimSpace(strings.TrimSuffix(b, d))
			return lb, lb != "" && utf8.RuneCountInString(lb) <= 40 && !strings.ContainsAny(lb, ".;")
		}
	}
	return "", false
}

// pronounSubject: a sentence about "it" — "Той е на стойност …",
// "Стойността ѝ възлиза на …", "Бюджетът му е …".
func pronounSubject(sentence string) bool {
	s := strings.TrimLeft(sentence, " -–")
	for _, p := range []string{"той ", "тя ", "то ", "неговата ", "нейната "} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return bgtext.ContainsAny(s, bgtext.ItsValueWords...)
}

// isLabelled reports an amount printed right after "Label:" on its line.
func isLabelled(t string, at int) bool {
	i := strings.LastIndex(t[:at], ":")
	return i >= 0 && strings.TrimSpace(t[i+1:at]) == ""
}

// projectSubject: the sentence is about the project or its grant contract.
func projectSubject(sentence string, contracts []string) bool {
	if bgtext.ContainsAny(sentence, bgtext.WorksWords...) {
		return false
	}
	if strings.Contains(sentence, "проект") {
		return true
	}
	for _, c := range contracts {
		if strings.Contains(sentence, bgtext.Lower(c)) {
			return true
		}
	}
	return false
}

// budget builds the record's Budget from what was found.
func (m moneyFound) budget(published string) dataset.Budget {
	b := dataset.Budget{Total: m.total, Grant: m.grant, OwnContribution: m.own, EU: m.eu, National: m.national}
	if b.Grant == nil && m.eu != nil {
		b.Grant = m.eu
	}
	if b.Total == nil && b.Grant == nil && b.OwnContribution == nil {
		return b
	}
	b.Currency = m.currency
	if b.Currency == "" {
		b.Currency = m.labelCurrency
	}
	if b.Currency == "" && (published == "" || published < "2026") {
		b.Currency = "BGN"
	}
	if b.Total != nil && b.Grant != nil && *b.Total > 0 {
		r := float64(int(*b.Grant / *b.Total * 10000 + 0.5)) / 100
		b.CofinancingRate = &r
	}
	if m.rate != nil {
		b.CofinancingRate = m.rate // as printed; finish warns when it does not fit
	}
	b.FillEUR()
	return b
}
