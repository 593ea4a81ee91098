package extract

import (
	"strings"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// dropMentions removes from an article the sentences that mention another,
// earlier project in passing ("През 2023 г. … по проект BG05SFPR002-2.001-0196
// „Грижа в дома“, финансиран по процедура BG05SFPR002-2.001, …" in an
// article about an application under BG05SFPR002-2.012): a contract or
// registration number printed once, after the article's first sentence,
// under another procedure than the code the article starts with. Its name,
// codes and results are that project's, not this one's: the paragraph is
// dropped from that sentence on.
func dropMentions(it []block) []block {
	type hit struct {
		line, start, end int
		code, proc       string
	}
	var hits []hit
	count := map[string]int{}
	var only *hit // the item's one code of any kind, printed once
	codesSeen := 0
	for i, l := range it {
		for _, m := range lineMatches(l) {
			if m.Code != "" {
				if codesSeen++; codesSeen == 1 {
					only = &hit{i, m.Start, m.End, m.Code, ""}
				}
			}
			p := bgtext.ProcedureOf(m.Code)
			if p == "" {
				continue
			}
			hits = append(hits, hit{i, m.Start, m.End, m.Code, p})
			count[projectOf(m.Code)]++
		}
	}
	if codesSeen == 1 {
		return dropEarlierProject(it, only.line, only.start)
	}
	if len(hits) < 2 {
		return it
	}
	subject := hits[0]
	out := it
	copied := false
	for _, h := range hits[1:] {
		if h.proc == subject.proc || h.code == h.proc || count[projectOf(h.code)] > 1 {
			continue
		}
		if h.line == subject.line && bgtext.SentenceStart(it[h.line].text, h.start) == bgtext.SentenceStart(it[h.line].text, subject.start) {
			continue // one sentence names both: not in passing
		}
		if !copied {
			out = append([]block(nil), it...)
			copied = true
		}
		// the rest of the paragraph goes on about that project
		t := out[h.line].text
		out[h.line].text = strings.TrimSpace(t[:bgtext.SentenceStart(t, h.start)])
		out[h.line].memo = &lineMemo{} // a new text
	}
	return out
}

// lineMatches returns the codes of every kind a line prints, with offsets
// (bgtext.FindCodeMatches), computed once per line of a page.
func lineMatches(l block) []bgtext.CodeMatch {
	if l.memo != nil && l.memo.matchesDone {
		return l.memo.matches
	}
	var ms []bgtext.CodeMatch
	if bgtext.HasDigit(l.text) {
		ms = bgtext.FindCodeMatches(l.text)
	}
	if l.memo != nil {
		l.memo.matches, l.memo.matchesDone = ms, true
	}
	return ms
}

// dropEarlierProject drops, from its sentence on, the paragraph that names
// the item's only code once, after the item's first line, as the earlier
// project the item continues ("Партньорството продължава сътрудничеството
// по проект „…“ (CB007.1.13.058), изпълнен през 2018 – 2020 г." under news
// of a new application): that project is mentioned in passing.
func dropEarlierProject(it []block, line, start int) []block {
	if line == 0 {
		return it
	}
	t := it[line].text
	st := bgtext.SentenceStart(t, start)
	end := len(t)
	if k := strings.Index(t[start:], ". "); k >= 0 {
		end = start + k
	}
	if !bgtext.ContainsAny(bgtext.Lower(t[st:end]), bgtext.EarlierProjectWords...) {
		return it
	}
	out := append([]block(nil), it...)
	out[line].text = strings.TrimSpace(t[:st])
	out[line].memo = &lineMemo{}
	return out
}
