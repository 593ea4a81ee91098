package bgtext

import (
	"regexp"

	"github.com/opendata-bg/opendata/dataset"
)

// fundRule finds a fund by a trigger word and, when set, a pattern around it.
type fundRule struct {
	fund  string
	words []string
	abbr  bool
	re    *regexp.Regexp
}

// fundRules name the funds.
var fundRules = []fundRule{
	{"ESF", []string{"ЕСФ"}, true, nil},
	{"ESF", []string{"социален", "социалния"}, false, regexp.MustCompile(wideSpace(`(?i)европейски(?:я|ят)?\s+социален\s+фонд`))},
	{"ESF", []string{"social"}, false, regexp.MustCompile(`(?i)european\s+social\s+fund`)},
	{"ERDF", []string{"ЕФРР"}, true, nil},
	{"ERDF", []string{"регионално"}, false, regexp.MustCompile(wideSpace(`(?i)фонд\s+за\s+регионално\s+развитие`))},
	{"ERDF", []string{"regional"}, false, regexp.MustCompile(`(?i)european\s+regional\s+development\s+fund`)},
	{"CF", []string{"КФ"}, true, nil},
	{"CF", []string{"кохезионния", "кохезионен", "кохезионният", "cohesion"}, false, nil},
	{"CF", []string{"сближаване"}, false, regexp.MustCompile(wideSpace(`(?i)фонд(?:а)?\s+за\s+сближаване`))},
	{"EAFRD", []string{"ЕЗФРСР"}, true, nil},
	{"EAFRD", []string{"земеделски"}, false, regexp.MustCompile(wideSpace(`(?i)земеделски\s+фонд\s+за\s+развитие\s+на\s+селските`))},
	{"EMFF", []string{"ЕФМДР", "ЕФМДРА", "ЕФР", "ЕФМДРА"}, true, nil},
	{"EMFF", []string{"морско", "рибарство"}, false, regexp.MustCompile(wideSpace(`(?i)фонд\s+за\s+(?:морско\s+дело|рибарство)`))},
	{"NRRP", []string{"възстановяване"}, false, regexp.MustCompile(wideSpace(`(?i)механизъм(?:а)?\s+за\s+възстановяване\s+и\s+устойчивост`))},
}

// fundAbbrTriggers and fundNameTriggers map trigger words to fundRules.
var fundAbbrTriggers, fundNameTriggers = triggerMaps(len(fundRules), func(i int) ([]string, bool) {
	return fundRules[i].words, fundRules[i].abbr
})

// FundsOf returns the funds behind a project, in dataset.Funds order: the
// funds text names (ЕСФ, ЕФРР, КФ, ЕЗФРСР, ЕФМДР, the Recovery and
// Resilience Facility), else the programme's usual funds (dataset.Programmes),
// else ["OTHER"] for programme "OTHER", else nil.
func FundsOf(programme, text string) []string {
	seen := map[string]bool{}
	var buf []byte
	forEachWord(text, func(ws, we int) {
		w := text[ws:we]
		fire := func(i int) {
			f := &fundRules[i]
			if seen[f.fund] {
				return
			}
			if f.re != nil {
				if _, _, ok := matchAround(f.re, text, ws, we, trigBack, trigFwd); !ok {
					return
				}
			}
			seen[f.fund] = true
		}
		for _, i := range fundAbbrTriggers[w] {
			fire(i)
		}
		for _, i := range fundNameTriggers[string(lowerInto(&buf, w))] {
			fire(i)
		}
	})
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
