package extract

import (
	"regexp"
	"strings"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// municipalityOf returns the site's municipality: the one named most often
// as "Община X" on the whole page (site name, footer, text), the host
// breaking ties ("peshtera.bg" for Пещера); when the page names none, the
// one the host names.
func municipalityOf(texts []string, host string) string {
	count := map[string]int{}
	var order []string
	for _, t := range texts {
		for _, n := range bgtext.MunicipalitiesIn(t) {
			if count[n] == 0 {
				order = append(order, n)
			}
			count[n]++
		}
	}
	fromHost := ""
	if host != "" {
		fromHost = bgtext.MunicipalityOfHost(host)
	}
	score := func(n string) int {
		if n == fromHost {
			return count[n] + 3
		}
		return count[n]
	}
	best := ""
	for _, n := range order {
		if best == "" || score(n) > score(best) {
			best = n
		}
	}
	if best == "" {
		return fromHost
	}
	return best
}

// firmsOf returns the contractors named in an item.
func firmsOf(ls []block) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range ls {
		if bankLine(l.text) {
			continue // "IBAN BG93 IORT … | BIC IORTBGSF – Инвестбанк АД": the site's bank
		}
		for _, f := range bgtext.FindFirms(l.text) {
			if k := bgtext.Key(f); !seen[k] {
				seen[k] = true
				out = append(out, f)
			}
		}
	}
	return out
}

// bankLine: a line of bank details (an IBAN, a BIC, "банкова сметка"),
// whose firm is the bank that keeps an account.
func bankLine(t string) bool {
	if strings.Contains(t, "IBAN") || strings.Contains(t, "BIC") {
		return true
	}
	return strings.Contains(t, "сметка") && strings.Contains(bgtext.Lower(t), "банкова сметка")
}

var partnerTextRe = regexp.MustCompile(`(?i)(?:в партньорство с|партньори(?: по проекта)? са|партньор(?: по проекта)? е)\s+(.+?)(?:\.\s|\.$|;|$)`)

var andUpperRe = regexp.MustCompile(` и (?:[А-ЯA-Z„"])`)

// partnersOf reads the "Партньор(и)" row and "в партньорство с …" phrases.
func partnersOf(ls []block) []string {
	var raw []string
	for _, l := range ls {
		if !strings.Contains(l.text, "артньор") {
			continue
		}
		if l.value != "" && strings.Contains(bgtext.Lower(l.label), "партньор") && !strings.Contains(bgtext.Lower(l.label), "водещ") {
			raw = append(raw, strings.Split(l.value, ";")...)
			continue
		}
		if lb, val, ok := inlineLabel(l.text); ok && strings.Contains(bgtext.Lower(lb), "партньор") && !strings.Contains(bgtext.Lower(lb), "водещ") {
			raw = append(raw, strings.Split(val, ";")...)
			continue
		}
		for from := 0; from < len(l.text); {
			m := partnerTextRe.FindStringSubmatchIndex(l.text[from:])
			if m == nil {
				break
			}
			for k := range m {
				m[k] += from
			}
			from = m[0] + 1
			if strings.Contains(bgtext.Lower(l.text[max(0, m[0]-12):m[0]]), "водещ") {
				continue
			}
			from = m[1]
			v := l.text[m[2]:m[3]]
			if i := strings.Index(v, ", а "); i >= 0 {
				v = v[:i]
			}
			raw = append(raw, v)
		}
	}
	var out []string
	for _, r := range raw {
		for _, p := range splitAnd(r) {
			p = strings.TrimSpace(strings.TrimRight(p, " .,;"))
			lp := bgtext.Lower(p)
			if p == "" || !bgtext.HasLetter(p) || bgtext.ContainsAny(lp, bgtext.NoneWords...) || lp == "не" || len([]rune(p)) > 150 {
				continue
			}
			out = append(out, p)
		}
	}
	return dedup(out)
}

// splitAnd splits "A и B" where B starts with a capital or a quote.
func splitAnd(s string) []string {
	var out []string
	for {
		loc := andUpperRe.FindStringIndex(s)
		if loc == nil {
			return append(out, s)
		}
		out = append(out, s[:loc[0]])
		s = s[loc[0]+len(" и "):]
	}
}
