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
	it = dropEarlierProjects(it)
	var hits []hit
	count := map[string]int{}
	for i, l := range it {
		if !bgtext.ContainsAny(l.lc(), "bg", "вg", "bг", "вг") {
			continue // a code with a procedure is a BG… code (look-alikes too): no need to scan
		}
		for _, m := range lineMatches(l) {
			p := bgtext.ProcedureOf(m.Code)
			if p == "" {
				continue
			}
			hits = append(hits, hit{i, m.Start, m.End, m.Code, p})
			count[projectOf(m.Code)]++
		}
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

// dropEarlierProjects drops, from its sentence on, the paragraph that
// names a code printed once, after the item's first line, as the earlier
// project the item continues ("Проектът продължава изпълнения през 2019 г.
// проект „…“ (договор № 845/2019)", "Партньорството продължава
// сътрудничеството по проект „…“ (CB007.1.13.058)"): that project is
// mentioned in passing, and what the paragraph says next is its.
func dropEarlierProjects(it []block) []block {
	words := false
	for _, l := range it[min(1, len(it)):] {
		// every one of EarlierProjectWords holds one of these stems
		if lt := l.lc(); bgtext.ContainsAny(lt, "продълж", "надгражд", "предходн", "предишн", "по-ранн") &&
			bgtext.ContainsAny(lt, bgtext.EarlierProjectWords...) {
			words = true
			break
		}
	}
	if !words {
		return it // no line tells of an earlier project: no need to count codes
	}
	count := map[string]int{}
	for _, l := range it {
		for _, m := range lineMatches(l) {
			count[projectOf(m.Code)]++
		}
	}
	out, copied := it, false
	for i := 1; i < len(out); i++ {
		for _, m := range lineMatches(out[i]) {
			if count[projectOf(m.Code)] != 1 {
				continue
			}
			t := out[i].text
			st := bgtext.SentenceStart(t, m.Start)
			// the words come before the code: "продължава … проект „…“ (№ …)"
			if !bgtext.ContainsAny(bgtext.Lower(t[st:m.Start]), bgtext.EarlierProjectWords...) || codeBefore(out[i], st, m.Start) {
				continue
			}
			if !copied {
				out, copied = append([]block(nil), it...), true
			}
			out[i].text = strings.TrimSpace(t[:st])
			out[i].memo = &lineMemo{}
			break // the line changed: its matches are stale
		}
	}
	return out
}

// codeBefore: the line prints another code between from and at (the
// sentence names the project it continues from: both are kept).
func codeBefore(l block, from, at int) bool {
	for _, m := range lineMatches(l) {
		if m.Start >= from && m.Start < at {
			return true
		}
	}
	return false
}
