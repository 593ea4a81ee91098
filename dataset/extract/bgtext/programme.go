package bgtext

import (
	"regexp"
	"strings"

	"github.com/opendata-bg/opendata/dataset"
)

// Placeholders for programmes whose code depends on the programming period.
const (
	eraHRD = "*HRD" // ОП „Развитие на човешките ресурси“: OPHRD, OPHRD14 or PHRD
	eraENV = "*ENV" // ОП „Околна среда“: OPE, OPE14, or PENV for 2021–2027
	eraRD  = "*RD"  // ОПРР: OPRD (2007–2013) or OPRG (2014–2020, also abbreviated ОПРР)
)

// progRule is one way a programme is named. A rule fires on a trigger word;
// when it has a pattern, the pattern must also match around the word. Lower
// tiers are stronger evidence.
type progRule struct {
	code  string
	tier  int
	words []string       // trigger words: lower case, or exact when abbr
	abbr  bool           // the words are abbreviations, matched case-sensitively
	re    *regexp.Regexp // confirms the name around the trigger; nil: the word is enough
	pair  bool           // the word must be half of a country pair: "RO-BG", "BG-RS"
	wide  bool           // the pattern spans a long name: checked in a window of wideWindow bytes each side
	need  []string       // the window must hold one of these before re is tried (a common trigger word)
}

// The opening of a programme name: "Оперативна програма", "Програма(та)", "ОП".
const (
	opWord   = `(?:оперативна\s+програма|оперативната\s+програма|ОП)\s*[„"“”«]?\s*`
	progWord = `(?:програма(?:та)?|оперативна\s+програма|оперативната\s+програма|ОП)\s*[„"“”«]?\s*(?:за\s+)?`
)

// name builds a tier-1 rule: a programme's name, found by one of its words.
func name(code, pattern string, words ...string) progRule {
	return progRule{code: code, tier: 1, words: words, re: regexp.MustCompile(wideSpace(`(?i)` + pattern))}
}

// abbr builds a tier-2 rule: an abbreviation in capitals.
func abbr(code string, words ...string) progRule {
	return progRule{code: code, tier: 2, words: words, abbr: true}
}

// spaced builds a tier-2 rule for "ОП " and an abbreviation's tail.
func spaced(code, tail string) progRule {
	return progRule{code: code, tier: 2, words: []string{tail}, abbr: true, re: regexp.MustCompile(wideSpace(`ОП\s+` + tail + `(?:\s|$|[,.;)])`))}
}

// progRules name every programme of dataset.Programmes, and national
// programmes and funds that are OTHER.
var progRules = []progRule{
	name("OPAC", progWord+`административен\s+капацитет`, "капацитет"),
	name(eraRD, opWord+`регионално\s+развитие`, "регионално"),
	name("OPRG", progWord+`региони\s+в\s+растеж`, "растеж"),
	name("PRR", progWord+`развитие\s+на\s+регионите`, "регионите"),
	name(eraHRD, progWord+`развитие\s+на\s+човешките\s+ресурси`, "човешките"),
	name(eraENV, progWord+`околна\s+среда`, "околна"),
	name("OPGG", progWord+`добро\s+управление`, "добро"),
	name("OPCOMP", progWord+`развитие\s+на\s+конкурентоспособността`, "конкурентоспособността"),
	name("OPIC", progWord+`иновации\s+и\s+конкурентоспособност`, "иновации"),
	name("PCIE", progWord+`конкурентоспособност\s+и\s+иновации`, "конкурентоспособност"),
	name("OPSESG", progWord+`наука\s+и\s+образование`, "наука"),
	name("PEDU", `програма(?:та)?\s*[„"“”«]\s*образование\s*[”“"»]`, "образование"),
	name("RDP", `програма(?:та)?\s+за\s+развитие\s+на\s+селските\s+райони`, "селските"),
	name("NRRP", `(?:план(?:а)?|механизъм|механизма)\s+за\s+възстановяване\s+и\s+устойчивост`, "възстановяване"),
	name("INTERREG", `interreg|интеррег`, "interreg", "интеррег"),
	name("INTERREG", `трансгранично\s+сътрудничество|транснационал\p{L}*\s+(?:програма|сътрудничество)|`+
		`програма\s+за\s+сътрудничество`, "сътрудничество"),
	name("INTERREG", `IPA\s+CBC`, "cbc"),
	name("OTHER", `красива\s+българия`, "красива"),
	name("OTHER", `национален\s+доверителен\s+еко\s*фонд`, "доверителен"),
	name("OTHER", `пудоос|предприятие(?:то)?\s+за\s+управление\s+на\s+дейностите\s+по\s+опазване`, "пудоос", "опазване"),
	name("OTHER", `финансов(?:ия)?\s+механизъм|европейското\s+икономическо\s+пространство`, "механизъм", "икономическо"),
	name("OTHER", `EEA\s+grants|norway\s+grants|norwegian\s+financial`, "grants", "norwegian"),
	name("OTHER", `инвестиционна\s+програма\s+за\s+климата`, "климата"),
	name("OTHER", `морско\s+дело`, "морско"),
	name("OTHER", `програма(?:та)?\s+за\s+храни`, "храни"),
	name("OTHER", `фонд\s*„?\s*социална\s+закрила`, "закрила"),
	name("OTHER", `програма(?:та)?\s*[„"“]?\s*техническа\s+помощ`, "техническа"),
	name("OTHER", `erasmus|еразъм|хоризонт\s+20|програма(?:та)?\s+LIFE`, "erasmus", "еразъм", "хоризонт", "life"),
	name("OTHER", `научни\s+изследвания,?\s+иновации\s+и\s+дигитализация`, "дигитализация"),
	// national money: the government's programme for municipal
	// investments (ПМС № 326/2023), national programmes by name, the
	// inter-ministerial commission's disaster aid, the culture fund
	name("OTHER", `инвестиционна(?:та)?\s+програма\s+за\s+общински\s+проекти`, "общински"),
	name("OTHER", `национална(?:та)?\s+програма\s*[„"“«]`, "национална"),
	name("OTHER", `междуведомствена(?:та)?\s+комисия\s+за\s+възстановяване`, "междуведомствена"),
	name("OTHER", `национален\s+фонд\s*[„"“«]?\s*култура`, "култура"),
	name("PTC", progWord+`транспортна\s+свързаност`, "транспортна"),
	name("OTHER", progWord+`транспорт(?:\s+и\s+транспортна\s+инфраструктура)?`, "транспорт"),
	name("RDP27", `стратегически(?:я)?\s+план\s+за\s+развитие\s+на\s+земеделието`, "земеделието"),
	abbr("OPAC", "ОПАК"),
	abbr(eraRD, "ОПРР"),
	abbr("OPRG", "ОПРГ"),
	abbr("PRR", "ПРР"),
	abbr(eraHRD, "ОПРЧР"),
	abbr("PHRD", "ПРЧР"),
	abbr(eraENV, "ОПОС"),
	abbr("OPGG", "ОПДУ"),
	abbr("OPIC", "ОПИК"),
	abbr("OPCOMP", "ОПРКБИ"),
	abbr("OPSESG", "ОПНОИР"),
	abbr("RDP", "ПРСР"),
	abbr("NRRP", "НПВУ", "ПВУ"),
	abbr("INTERREG", "ROBG", "ИПП"),
	abbr("PCIE", "ПКИП"),
	abbr("PTC", "ПТС"),
	abbr("RDP27", "СПРЗСР"),
	abbr("OTHER", "НДЕФ", "ПМДРА", "ПМДР", "ЕИП", "ПНИИДИТ", "ОПТТИ", "ОПТП", "ОПРСР", "ОПХ", "ОПХОМП", "ПХОМП", "ФЕПНЛ"),
	// "ОП РЧР", "ОП РР": the abbreviations written with a space
	spaced(eraHRD, "РЧР"), spaced(eraRD, "РР"), spaced(eraENV, "ОС"), spaced("OPGG", "ДУ"), spaced("OPIC", "ИК"),
	spaced("OPAC", "АК"), spaced("OPSESG", "НОИР"),
	{code: "INTERREG", tier: 2, words: []string{"RO", "GR", "BG"}, abbr: true, pair: true},
	{code: "OTHER", tier: 2, words: []string{"ПОС"}, abbr: true, re: regexp.MustCompile(wideSpace(`ПОС\s+2021`))},
	{code: "RDP", tier: 3, words: []string{"МИГ", "ВОМР", "ЛИДЕР", "LEADER", "LAG"}, abbr: true},
	{code: "RDP", tier: 3, words: []string{"инициативна"}, re: regexp.MustCompile(wideSpace(`(?i)местна\s+инициативна\s+група`))},
	{code: "RDP", tier: 3, words: []string{"земеделски"}, re: regexp.MustCompile(wideSpace(`(?i)земеделски\s+фонд\s+за\s+развитие\s+на\s+селските`))},
	{code: "RDP", tier: 3, words: []string{"ЕЗФРСР"}, abbr: true},
	{code: "RDP", tier: 3, words: []string{"подмярка"}},
	{code: "INTERREG", tier: 3, words: []string{"румъния", "гърция", "сърбия", "турция", "македония"},
		re: regexp.MustCompile(wideSpace(`(?i)(?:румъния|гърция|сърбия|турция|македония)\s*[-–—]\s*българия|българия\s*[-–—]\s*(?:румъния|гърция|сърбия|турция|македония)`))},
	{code: "OTHER", tier: 3, words: []string{"национална"}, re: regexp.MustCompile(wideSpace(`(?i)национална\s+програма`))},
	// Any other operational programme named in quotes is a programme not in the table.
	{code: "OTHER", tier: 4, words: []string{"оперативна", "оперативната"}, re: regexp.MustCompile(wideSpace(`(?i)оперативна(?:та)?\s+програма\s*[„"“«]\s*\p{L}`))},
	// a national programme or a ministry's scheme the table does not list:
	// "по Национална програма „…“", "по схема „…“ на МРРБ", "финансиран от
	// Министерството на …", "по програма „…“ на Министерството на културата",
	// "Програма за … ремонт на спортни обекти на Министерството на младежта и спорта"
	{code: "OTHER", tier: 4, words: []string{"програма", "програмата", "схема", "схемата", "министерството", "министерство"},
		need: []string{"„", "\"", "“", "«", "инистерств"}, re: regexp.MustCompile(wideSpace(`(?i)(?:(?:по|от|чрез)\s+(?:\p{L}+\s+)?|\p{L}{4,}\s+)(?:програма(?:та)?|схема(?:та)?)\s*[„"“«]\s*\p{L}|(?:финансиран[аои]?|осигурен[аои]?|подкрепен[аои]?)\s+(?:от|със средства на)\s+министерство(?:то)?\s+на`))},
	{code: "OTHER", tier: 4, words: []string{"програма", "програмата"}, wide: true, need: []string{"инистерств"},
		re: regexp.MustCompile(wideSpace(`(?i)програма(?:та)?\s+за\s+[^.;:\n„"“«]{3,80}?\s+на\s+министерство(?:то)?\s+на`))},
}

// abbrTriggers and nameTriggers map a trigger word (exact for
// abbreviations, lower case for names) to the rules it fires.
var abbrTriggers, nameTriggers = triggerMaps(len(progRules), func(i int) ([]string, bool) {
	return progRules[i].words, progRules[i].abbr
})

// triggerMaps indexes n rules by their trigger words: abbreviations in one
// map, names in the other, each word to the indexes of the rules it fires.
func triggerMaps(n int, rule func(i int) (words []string, abbr bool)) (abbrs, names map[string][]int) {
	abbrs, names = map[string][]int{}, map[string][]int{}
	for i := 0; i < n; i++ {
		words, abbr := rule(i)
		m := names
		if abbr {
			m = abbrs
		}
		for _, w := range words {
			m[w] = append(m[w], i)
		}
	}
	return abbrs, names
}

// Windows around a trigger word in which a rule's pattern is checked.
const (
	trigBack   = 90  // bytes before the trigger
	trigFwd    = 110 // bytes after it
	wideWindow = 320 // bytes each side for a wide rule ("Програма за … на Министерството на …")
)

// codePrefixRules map contract-number shapes without a programme prefix.
var codePrefixRules = []struct {
	re   *regexp.Regexp
	code string
}{
	{regexp.MustCompile(`^DIR-\d`), "OPE"},
	{regexp.MustCompile(`^\d{2}/\d{3}/\d{4,6}$`), "RDP"},                    // ДФЗ 2007–2013: 23/321/00845
	{regexp.MustCompile(`^\d{2}/\d{1,2}/\d{1,2}/\d/\d{4,6}$`), "RDP"},       // ДФЗ 2014–2020: 16/07/2/0/00312
	{regexp.MustCompile(`^B\d\.\d{1,2}[a-z]?\.\d{1,3}$`), "INTERREG"},       // Interreg Greece–Bulgaria
	{regexp.MustCompile(`^CB\d{3}\.\d\.\d{1,2}\.\d{2,3}$`), "INTERREG"},     // IPA CBC BG–RS, BG–MK, BG–TR 2014–2020
	{regexp.MustCompile(`^\d{4}CB16IPO\d{3}`), "INTERREG"},                  // IPA CBC 2007–2013
	{regexp.MustCompile(`^(?:` + progPrefix + `)[-/]\d{1,2}\.\d`), "OTHER"}, // a programme code not in the table
}

// ProgrammeOfCode returns the programme a code's prefix or shape belongs to
// (dataset.Programmes prefixes, DIR- → OPE, ДФЗ numbers → RDP, "B2.6c.12" →
// INTERREG, other programme codes such as BGENERGY- → OTHER), or "" when the
// code does not tell.
func ProgrammeOfCode(code string) string {
	c := NormalizeCode(code)
	for _, p := range dataset.Programmes {
		for _, pre := range p.Prefixes {
			if strings.HasPrefix(c, pre) {
				return p.Code
			}
		}
	}
	for _, r := range codePrefixRules {
		if r.re.MatchString(c) {
			return r.code
		}
	}
	return ""
}

// DetectProgramme returns the code of the programme (dataset.Programmes) the
// text and the codes name, or "" when none is stated. Evidence, strongest
// first: a code prefix (BG16RFOP001 → OPRG, BG-RRP → NRRP, ROBG → INTERREG),
// the programme's name ("Оперативна програма „Административен капацитет“"),
// its abbreviation (ОПАК, ОПРР, ПРЧР, НПВУ, ОПДУ, ПРСР), then weak hints
// (МИГ → RDP). Within one kind of evidence the programme named most often
// wins (a name in running text counts more than one in a menu), then the one
// named first. Names that span periods are resolved by the period printed
// next to them or anywhere in the text ("ОПРЧР 2007-2013" → OPHRD;
// "Програма „Развитие на човешките ресурси“" without "Оперативна" → PHRD).
// National programmes and funds (Красива България, НДЕФ, ПУДООС, EEA/Norway
// grants) give "OTHER". codes are the record's contract and procedure codes.
func DetectProgramme(text string, codes []string) string {
	for _, c := range codes {
		if p := ProgrammeOfCode(c); p != "" {
			return p
		}
	}
	type cand struct{ n, first, tier int }
	found := map[string]*cand{}
	var order []string
	scanProgrammes(text, func(code string, ms, me, tier int) {
		c := found[code]
		switch {
		case c == nil:
			c = &cand{first: ms, tier: tier}
			found[code] = c
			order = append(order, code)
		case tier < c.tier:
			*c = cand{first: ms, tier: tier}
		case tier > c.tier:
			return
		}
		c.n++
		if inSentence(text, ms) {
			c.n += 2 // a name in running text beats one in a menu
		}
	})
	best := ""
	for _, code := range order {
		c, b := found[code], found[best]
		if best == "" || c.tier < b.tier || (c.tier == b.tier && (c.n > b.n || (c.n == b.n && c.first < b.first))) {
			best = code
		}
	}
	return best
}

// ProgrammeMention returns where text first names the programme code by
// its name or abbreviation, for the evidence of a record's programme.
func ProgrammeMention(text, code string) (start, end int, ok bool) {
	start = -1
	scanProgrammes(text, func(c string, ms, me, _ int) {
		if c == code && (start < 0 || ms < start) {
			start, end = ms, me
		}
	})
	return start, end, start >= 0
}

// scanProgrammes calls found for every naming of a programme in text, with
// the programme's code (its period resolved), the offsets and the rule's tier.
func scanProgrammes(text string, found func(code string, ms, me, tier int)) {
	var buf []byte
	textEra := "?" // the period printed anywhere in text, found once when needed
	forEachWord(text, func(ws, we int) {
		w := text[ws:we]
		fire := func(i int) {
			r := &progRules[i]
			ms, me := ws, we
			if r.pair {
				var ok bool
				if ms, me, ok = countryPair(text, ws, we); !ok {
					return
				}
			} else if r.re != nil {
				var ok bool
				back, fwd := trigBack, trigFwd
				if r.wide {
					back, fwd = wideWindow, wideWindow
				}
				if len(r.need) > 0 {
					if st, en := runeWindow(text, ws-back, we+fwd); !ContainsAny(text[st:en], r.need...) {
						return
					}
				}
				if ms, me, ok = matchAround(r.re, text, ws, we, back, fwd); !ok {
					return
				}
			}
			found(resolveEra(r.code, text, ms, me, &textEra), ms, me, r.tier)
		}
		for _, i := range abbrTriggers[w] {
			fire(i)
		}
		for _, i := range nameTriggers[string(lowerInto(&buf, w))] {
			fire(i)
		}
	})
}

// countryPair returns the bounds of an Interreg country pair that starts
// with the word text[ws:we]: "RO-BG", "GR - BG", "BG-RS".
func countryPair(text string, ws, we int) (int, int, bool) {
	k := we
	for k < len(text) && text[k] == ' ' && k-we < 2 {
		k++
	}
	if k >= len(text) || text[k] != '-' {
		return 0, 0, false
	}
	k++
	for k < len(text) && text[k] == ' ' && k-we < 5 {
		k++
	}
	if k+2 > len(text) || (k+2 < len(text) && (isASCIILetter(text[k+2]) || text[k+2] >= 0x80)) {
		return 0, 0, false
	}
	pair := text[ws:we] + "-" + text[k:k+2]
	switch pair {
	case "RO-BG", "GR-BG", "BG-RS", "BG-MK", "BG-TR", "BG-RO", "BG-GR":
		return ws, k + 2, true
	}
	return 0, 0, false
}

// matchAround returns the match of re around the word text[ws:we] that
// covers the word.
func matchAround(re *regexp.Regexp, text string, ws, we, back, fwd int) (int, int, bool) {
	st, en := runeWindow(text, ws-back, we+fwd)
	for _, m := range re.FindAllStringIndex(text[st:en], -1) {
		if st+m[0] <= ws && st+m[1] >= we {
			return st + m[0], st + m[1], true
		}
	}
	return 0, 0, false
}

// eraRe finds a programming period: "2007-2013", "2014 – 2020", "2021-2027".
var eraRe = regexp.MustCompile(wideSpace(`^(2007|2014|2021)\s*(?:г\.?\s*)?[-–—/]\s*(2013|2020|2027)`))

// findEra returns the first programming period's start year in text[st:en]
// ("2007", "2014", "2021"), or "".
func findEra(text string, st, en int) string {
	s := text[st:en]
	for i := 0; i+4 <= len(s); {
		k := strings.Index(s[i:], "20")
		if k < 0 {
			return ""
		}
		i += k
		if i+4 <= len(s) && (i == 0 || s[i-1] < '0' || s[i-1] > '9') {
			switch s[i : i+4] {
			case "2007", "2014", "2021":
				if m := eraRe.FindStringSubmatch(s[i:min(len(s), i+20)]); m != nil {
					return m[1]
				}
			}
		}
		i += 2
	}
	return ""
}

// resolveEra turns a period-dependent rule code into a programme code, from
// the period printed in or right after the name, else anywhere in text.
// textEra caches the period found anywhere in text ("?" when not looked for).
func resolveEra(code, text string, start, end int, textEra *string) string {
	if code != eraHRD && code != eraENV && code != eraRD {
		return code
	}
	era := findEra(text, start, min(end+80, len(text)))
	if era == "" {
		if *textEra == "?" {
			*textEra = findEra(text, 0, len(text))
		}
		era = *textEra
	}
	match := strings.ToLower(text[start:end])
	operational := strings.HasPrefix(match, "оп") || strings.Contains(match, "оперативна")
	switch code {
	case eraHRD:
		switch {
		case era == "2007":
			return "OPHRD"
		case era == "2014":
			return "OPHRD14"
		case era == "2021" || !operational:
			return "PHRD"
		}
		return "OPHRD14"
	case eraENV:
		switch {
		case era == "2007":
			return "OPE"
		case era == "2021" || !operational:
			return "PENV"
		}
		return "OPE14"
	default: // eraRD
		if era == "2014" {
			return "OPRG"
		}
		return "OPRD"
	}
}

// sentenceWords before a programme name show it is named in running text
// ("по Оперативна програма …", "финансиран от …"), not in a menu.
var sentenceWords = []string{" по ", " от ", "чрез ", "рамките на ", "финанс", "подкрепа", "процедура", "програма:"}

// inSentence reports whether the name at text[i] follows a sentence word.
func inSentence(text string, i int) bool {
	st, _ := runeWindow(text, i-50, i)
	low := strings.ToLower(text[st:i])
	// the name's own line or menu entry ("\n", "|", "•", "»", "·")
	for _, sep := range []string{"\n", "|", "•", "»", "·"} {
		if k := strings.LastIndex(low, sep); k >= 0 {
			low = low[k+len(sep):]
		}
	}
	for _, w := range sentenceWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}
