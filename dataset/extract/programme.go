package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/opendata-bg/opendata/dataset"
)

// Placeholders for programmes whose code depends on the programming period.
const (
	eraHRD = "*HRD" // ОП „Развитие на човешките ресурси“: OPHRD, OPHRD14 or PHRD
	eraENV = "*ENV" // ОП „Околна среда“: OPE, OPE14, or OTHER for 2021–2027
	eraRD  = "*RD"  // ОПРР: OPRD (2007–2013) or OPRG (2014–2020, also abbreviated ОПРР)
)

// progRule is one way a programme is named. Lower tiers are stronger evidence.
type progRule struct {
	re   *regexp.Regexp
	code string
	tier int
}

// The opening of a programme name: "Оперативна програма", "Програма(та)", "ОП".
const (
	opWord   = `(?:оперативна\s+програма|оперативната\s+програма|ОП)\s*[„"“”«]?\s*`
	progWord = `(?:програма(?:та)?|оперативна\s+програма|оперативната\s+програма|ОП)\s*[„"“”«]?\s*`
	ab       = `(?:^|[^\p{L}\p{N}])` // a word boundary before an abbreviation
	ae       = `(?:$|[^\p{L}])`      // and after it
)

func progRuleOf(tier int, code, pattern string) progRule {
	return progRule{re: regexp.MustCompile(wideSpace(`(?i)` + pattern)), code: code, tier: tier}
}

// progRules name every programme of dataset.Programmes, and national
// programmes and funds that are OTHER.
var progRules = []progRule{
	progRuleOf(1, "OPAC", progWord+`административен\s+капацитет`),
	progRuleOf(1, eraRD, opWord+`регионално\s+развитие`),
	progRuleOf(1, "OPRG", progWord+`региони\s+в\s+растеж`),
	progRuleOf(1, "PRR", progWord+`развитие\s+на\s+регионите`),
	progRuleOf(1, eraHRD, progWord+`развитие\s+на\s+човешките\s+ресурси`),
	progRuleOf(1, eraENV, progWord+`околна\s+среда`),
	progRuleOf(1, "OPGG", progWord+`добро\s+управление`),
	progRuleOf(1, "OPCOMP", progWord+`развитие\s+на\s+конкурентоспособността`),
	progRuleOf(1, "OPIC", progWord+`иновации\s+и\s+конкурентоспособност`),
	progRuleOf(1, "OTHER", progWord+`конкурентоспособност\s+и\s+иновации`),
	progRuleOf(1, "OPSESG", progWord+`наука\s+и\s+образование`),
	progRuleOf(1, "PEDU", `програма(?:та)?\s*[„"“”«]\s*образование\s*[”“"»]`),
	progRuleOf(1, "RDP", `програма(?:та)?\s+за\s+развитие\s+на\s+селските\s+райони`),
	progRuleOf(1, "NRRP", `(?:план(?:а)?|механизъм|механизма)\s+за\s+възстановяване\s+и\s+устойчивост`),
	progRuleOf(1, "INTERREG", `interreg|интеррег|трансгранично\s+сътрудничество|IPA\s+CBC|`+
		`транснационал\p{L}*\s+(?:програма|сътрудничество)|програма\s+за\s+сътрудничество`),
	progRuleOf(1, "OTHER", `красива\s+българия|национален\s+доверителен\s+еко\s*фонд|пудоос|`+
		`финансов(?:ия)?\s+механизъм|европейското\s+икономическо\s+пространство|`+
		`EEA\s+grants|norway\s+grants|norwegian\s+financial|инвестиционна\s+програма\s+за\s+климата|`+
		`програма(?:та)?\s+за\s+морско\s+дело|фонд\s+„?социална\s+закрила|`+
		`програма(?:та)?\s*[„"“]?\s*техническа\s+помощ|erasmus|еразъм|хоризонт\s+20`),
	progRuleOf(2, "OPAC", ab+`ОПАК`+ae),
	progRuleOf(2, eraRD, ab+`ОПРР`+ae),
	progRuleOf(2, "OPRG", ab+`ОПРГ`+ae),
	progRuleOf(2, "PRR", ab+`ПРР`+ae),
	progRuleOf(2, eraHRD, ab+`ОПРЧР`+ae),
	progRuleOf(2, "PHRD", ab+`ПРЧР`+ae),
	progRuleOf(2, eraENV, ab+`ОПОС`+ae),
	progRuleOf(2, "OPGG", ab+`ОПДУ`+ae),
	progRuleOf(2, "OPIC", ab+`ОПИК`+ae),
	progRuleOf(2, "OPCOMP", ab+`ОПРКБИ`+ae),
	progRuleOf(2, "OPSESG", ab+`ОПНОИР`+ae),
	progRuleOf(2, "RDP", ab+`ПРСР`+ae),
	progRuleOf(2, "NRRP", ab+`(?:НПВУ|ПВУ)`+ae),
	progRuleOf(2, "INTERREG", ab+`(?:ROBG|RO-BG|GR-BG|BG-RS|BG-MK|BG-TR|ИПП)`+ae),
	progRuleOf(2, "OTHER", ab+`(?:НДЕФ|ПОС\s+2021|ПКИП|ПМДРА|ПМДР|ФМ\s+на\s+ЕИП|ЕИП)`+ae),
	progRuleOf(3, "RDP", ab+`(?:МИГ|местна\s+инициативна\s+група|ВОМР|ЛИДЕР|LEADER)`+ae),
	progRuleOf(3, "RDP", `земеделски\s+фонд\s+за\s+развитие\s+на\s+селските\s+райони|ЕЗФРСР`),
	progRuleOf(3, "INTERREG", `(?:румъния|гърция|сърбия|турция|македония)\s*[-–—]\s*българия|българия\s*[-–—]\s*(?:румъния|гърция|сърбия|турция|македония)`),
}

// eraRe finds a programming period: "2007-2013", "2014 – 2020", "2021-2027".
var eraRe = regexp.MustCompile(wideSpace(`(2007|2014|2021)\s*(?:г\.?\s*)?[-–—/]\s*(2013|2020|2027)`))

// codePrefixRules map contract-number shapes without a programme prefix.
var codePrefixRules = []struct {
	re   *regexp.Regexp
	code string
}{
	{regexp.MustCompile(`^DIR-\d`), "OPE"},
	{regexp.MustCompile(`^\d{2}/\d{3}/\d{4,6}$`), "RDP"},       // ДФЗ 2007–2013: 23/321/00845
	{regexp.MustCompile(`^\d{2}/\d{2}/\d/\d/\d{4,6}$`), "RDP"}, // ДФЗ 2014–2020: 16/07/2/0/00312
	{regexp.MustCompile(`^B\d\.\d{1,2}[a-z]\.\d{1,3}$`), "INTERREG"},
	{regexp.MustCompile(`^BGENERGY|^BGLD|^BGCULTURE|^BGHEALTH|^BGLOCALDEV|^BGHOME|^BGJUSTICE|^BGSOCIAL`), "OTHER"},
}

// ProgrammeOfCode returns the programme a code's prefix or shape belongs to,
// or "" when the code does not tell.
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
// wins, then the one named first. Names that span periods are resolved by
// the period printed next to them or anywhere in the text ("ОПРЧР 2007-2013"
// → OPHRD; "Програма „Развитие на човешките ресурси“" without "Оперативна" →
// PHRD). National programmes and funds (Красива България, НДЕФ, ПУДООС,
// EEA/Norway grants) give "OTHER".
func DetectProgramme(text string, codes []string) string {
	for _, c := range codes {
		if p := ProgrammeOfCode(c); p != "" {
			return p
		}
	}
	type cand struct{ n, first int }
	for tier := 1; tier <= 3; tier++ {
		found := map[string]*cand{}
		var order []string
		for _, r := range progRules {
			if r.tier != tier {
				continue
			}
			for _, m := range r.re.FindAllStringIndex(text, -1) {
				code := resolveEra(r.code, text, m[0], m[1])
				c := found[code]
				if c == nil {
					c = &cand{first: m[0]}
					found[code] = c
					order = append(order, code)
				}
				c.n++
				if inSentence(text, m[0]) {
					c.n += 2 // a name in running text beats one in a menu
				}
				if m[0] < c.first {
					c.first = m[0]
				}
			}
		}
		best := ""
		for _, code := range order {
			b := found[best]
			c := found[code]
			if best == "" || c.n > b.n || (c.n == b.n && c.first < b.first) {
				best = code
			}
		}
		if best != "" {
			return best
		}
	}
	return ""
}

// resolveEra turns a period-dependent rule code into a programme code, from
// the period printed in or right after the match, else anywhere in text.
func resolveEra(code, text string, start, end int) string {
	if code != eraHRD && code != eraENV && code != eraRD {
		return code
	}
	stop := end + 80
	if stop > len(text) {
		stop = len(text)
	}
	era := ""
	if m := eraRe.FindStringSubmatch(text[start:stop]); m != nil {
		era = m[1]
	} else if m := eraRe.FindStringSubmatch(text); m != nil {
		era = m[1]
	}
	match := strings.ToLower(text[start:end])
	lead := strings.TrimLeft(match, " \t\n\u00a0(„\"“,.;:")
	operational := strings.Contains(match, "оперативна") || strings.HasPrefix(lead, "оп")
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
			return "OTHER"
		}
		return "OPE14"
	default: // eraRD
		if era == "2014" {
			return "OPRG"
		}
		return "OPRD"
	}
}

// fundRules name the funds; the first group of dataset.Funds order.
var fundRules = []struct {
	re   *regexp.Regexp
	fund string
}{
	{regexp.MustCompile(wideSpace(`(?i)` + ab + `ЕСФ\+?` + `(?:$|[^\p{L}])|европейски(?:я|ят)?\s+социален\s+фонд|european\s+social\s+fund`)), "ESF"},
	{regexp.MustCompile(wideSpace(`(?i)` + ab + `ЕФРР` + ae + `|европейски(?:я|ят)?\s+фонд\s+за\s+регионално\s+развитие|european\s+regional\s+development\s+fund`)), "ERDF"},
	{regexp.MustCompile(wideSpace(`(?i)` + ab + `КФ` + ae + `|кохезионни(?:я|ят)?\s+фонд|фонд(?:а)?\s+за\s+сближаване|cohesion\s+fund`)), "CF"},
	{regexp.MustCompile(wideSpace(`(?i)` + ab + `ЕЗФРСР` + ae + `|европейски(?:я|ят)?\s+земеделски\s+фонд\s+за\s+развитие\s+на\s+селските\s+райони`)), "EAFRD"},
	{regexp.MustCompile(wideSpace(`(?i)` + ab + `(?:ЕФМДР|ЕФМДРА|ЕФР)` + ae + `|европейски(?:я|ят)?\s+фонд\s+за\s+морско\s+дело|европейски(?:я|ят)?\s+фонд\s+за\s+рибарство`)), "EMFF"},
	{regexp.MustCompile(wideSpace(`(?i)механизъм(?:а)?\s+за\s+възстановяване\s+и\s+устойчивост`)), "NRRP"},
}

// FundsOf returns the funds behind a project, in dataset.Funds order: the
// funds text names (ЕСФ, ЕФРР, КФ, ЕЗФРСР, ЕФМДР, the Recovery and
// Resilience Facility), else the programme's usual funds (dataset.Programmes),
// else ["OTHER"] for programme "OTHER", else nil.
func FundsOf(programme, text string) []string {
	seen := map[string]bool{}
	for _, f := range fundRules {
		if f.re.MatchString(text) {
			seen[f.fund] = true
		}
	}
	var out []string
	for _, f := range dataset.Funds {
		if seen[f] {
			out = append(out, f)
		}
	}
	if len(out) > 0 {
		return out
	}
	if p, ok := dataset.ProgrammeByCode(programme); ok && len(p.Funds) > 0 {
		return append([]string(nil), p.Funds...)
	}
	if programme == "OTHER" {
		return []string{"OTHER"}
	}
	return nil
}

// sentenceWords before a programme name show it is named in running text
// ("по Оперативна програма …", "финансиран от …"), not in a menu.
var sentenceWords = []string{" по ", " от ", "чрез ", "рамките на ", "финанс", "подкрепа", "процедура", "програма:", "програма "}

// inSentence reports whether the name at text[i] follows a sentence word.
func inSentence(text string, i int) bool {
	st := i - 40
	if st < 0 {
		st = 0
	}
	for st < i && !utf8.RuneStart(text[st]) {
		st++
	}
	low := strings.ToLower(text[st:i])
	if k := strings.LastIndexAny(low, "\n•»·|"); k >= 0 {
		low = low[k+1:]
	}
	for _, w := range sentenceWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}
