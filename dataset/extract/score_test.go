package extract

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// This file ports testdata/corpus/score.py: the same normalisation, the
// same matching of records and list items, the same counting.

var scoreScalars = []string{"title", "programme", "municipality", "beneficiary", "published",
	"budget.total", "budget.grant", "budget.currency", "period.start", "period.end", "period.duration_months"}
var scoreNumbers = map[string]bool{"budget.total": true, "budget.grant": true, "period.start": true,
	"period.end": true, "period.duration_months": true, "published": true}
var scoreSets = []string{"contract_numbers", "procedure_codes", "contractors"}
var scoreLists = []string{"objectives", "activities", "results"}

const scoreQuotes = "„“”\"«»'‘’`"

var wsRe = regexp.MustCompile(`\s+`)

// scoreNorm is score.py's norm(): NFC, quotes dropped, white space folded,
// outer punctuation stripped, casefolded.
func scoreNorm(s string) string {
	s = norm.NFC.String(s)
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(scoreQuotes, r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(wsRe.ReplaceAllString(s, " "))
	s = strings.Trim(s, ";.,:-–•·")
	s = strings.TrimSpace(s)
	return strings.ToLower(s)
}

func scoreCode(s string) string {
	s = scoreNorm(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\u00a0' || r == '№' {
			return -1
		}
		return r
	}, s)
	return strings.Map(func(r rune) rune {
		// score.py folds Cyrillic look-alike letters: a code typed with
		// them is the same code
		if i := strings.IndexRune("АВЕКМНОРСТУХ", r); i >= 0 {
			return []rune("ABEKMHOPCTYX")[i/2]
		}
		return r
	}, strings.ToUpper(s))
}

// ratio is difflib.SequenceMatcher(None, a, b).ratio() over runes, with
// difflib's automatic junk heuristic for sequences of 200 runes or more.
func ratio(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra)+len(rb) == 0 {
		return 1
	}
	b2j := map[rune][]int{}
	for j, r := range rb {
		b2j[r] = append(b2j[r], j)
	}
	if n := len(rb); n >= 200 {
		limit := n/100 + 1
		for r, js := range b2j {
			if len(js) > limit {
				delete(b2j, r)
			}
		}
	}
	matches := 0
	type span struct{ alo, ahi, blo, bhi int }
	queue := []span{{0, len(ra), 0, len(rb)}}
	for len(queue) > 0 {
		s := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		i, j, k := longestMatch(ra, rb, b2j, s.alo, s.ahi, s.blo, s.bhi)
		if k == 0 {
			continue
		}
		matches += k
		if s.alo < i && s.blo < j {
			queue = append(queue, span{s.alo, i, s.blo, j})
		}
		if i+k < s.ahi && j+k < s.bhi {
			queue = append(queue, span{i + k, s.ahi, j + k, s.bhi})
		}
	}
	return 2 * float64(matches) / float64(len(ra)+len(rb))
}

// longestMatch is difflib's find_longest_match with no isjunk function:
// popular runes are not indexed, but a match still extends over them.
func longestMatch(a, b []rune, b2j map[rune][]int, alo, ahi, blo, bhi int) (int, int, int) {
	besti, bestj, bestsize := alo, blo, 0
	j2len := map[int]int{}
	for i := alo; i < ahi; i++ {
		newj2len := map[int]int{}
		for _, j := range b2j[a[i]] {
			if j < blo {
				continue
			}
			if j >= bhi {
				break
			}
			k := j2len[j-1] + 1
			newj2len[j] = k
			if k > bestsize {
				besti, bestj, bestsize = i-k+1, j-k+1, k
			}
		}
		j2len = newj2len
	}
	for besti > alo && bestj > blo && a[besti-1] == b[bestj-1] {
		besti, bestj, bestsize = besti-1, bestj-1, bestsize+1
	}
	for besti+bestsize < ahi && bestj+bestsize < bhi && a[besti+bestsize] == b[bestj+bestsize] {
		bestsize++
	}
	return besti, bestj, bestsize
}

type tally struct{ tp, fp, fn int }

func (t *tally) add(tp, fp, fn int) { t.tp += tp; t.fp += fp; t.fn += fn }

func (t tally) prf() (p, r, f float64) {
	p, r = 1, 1
	if t.tp+t.fp > 0 {
		p = float64(t.tp) / float64(t.tp+t.fp)
	}
	if t.tp+t.fn > 0 {
		r = float64(t.tp) / float64(t.tp+t.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// jget follows a dotted path through decoded JSON.
func jget(rec map[string]any, path string) (any, bool) {
	var cur any = rec
	for _, part := range strings.Split(path, ".") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		cur, ok = m[part]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	}
	return fmt.Sprint(v)
}

func scoreSame(path string, t, p any) bool {
	if t == nil || p == nil {
		return t == nil && p == nil
	}
	switch path {
	case "budget.total", "budget.grant":
		a, ok1 := t.(float64)
		b, ok2 := p.(float64)
		return ok1 && ok2 && math.Abs(a-b) < 0.005
	case "period.duration_months":
		a, ok1 := t.(float64)
		b, ok2 := p.(float64)
		return ok1 && ok2 && int(a) == int(b)
	case "title", "beneficiary":
		return ratio(scoreNorm(str(t)), scoreNorm(str(p))) >= 0.9
	case "budget.currency", "programme":
		return strings.EqualFold(str(t), str(p))
	}
	return scoreNorm(str(t)) == scoreNorm(str(p))
}

func strList(v any) []string {
	xs, _ := v.([]any)
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		out = append(out, str(x))
	}
	return out
}

// matchProjects pairs truth records with predicted ones: a shared contract
// number first, then the most similar title (at least 0.6).
func matchProjects(truth, pred []map[string]any) (pairs [][2]int, extra []int) {
	used := map[int]bool{}
	for ti, t := range truth {
		tcodes := map[string]bool{}
		for _, c := range strList(t["contract_numbers"]) {
			tcodes[scoreCode(c)] = true
		}
		best, bestScore := -1, 0.0
		for pi, p := range pred {
			if used[pi] {
				continue
			}
			score := ratio(scoreNorm(str(orEmpty(t["title"]))), scoreNorm(str(orEmpty(p["title"]))))
			for _, c := range strList(p["contract_numbers"]) {
				if tcodes[scoreCode(c)] {
					score = 2
				}
			}
			if score > bestScore {
				best, bestScore = pi, score
			}
		}
		if best >= 0 && bestScore >= 0.6 {
			used[best] = true
			pairs = append(pairs, [2]int{ti, best})
		} else {
			pairs = append(pairs, [2]int{ti, -1})
		}
	}
	for pi := range pred {
		if !used[pi] {
			extra = append(extra, pi)
		}
	}
	return pairs, extra
}

func orEmpty(v any) any {
	if v == nil {
		return ""
	}
	return v
}

func scoreListItems(t, p []string) (tp, fp, fn int) {
	var ts, ps []string
	for _, x := range t {
		if scoreNorm(x) != "" {
			ts = append(ts, x)
		}
	}
	for _, x := range p {
		if scoreNorm(x) != "" {
			ps = append(ps, x)
		}
	}
	used := map[int]bool{}
	for _, x := range ts {
		for pi, y := range ps {
			if !used[pi] && ratio(scoreNorm(x), scoreNorm(y)) >= 0.85 {
				used[pi] = true
				tp++
				break
			}
		}
	}
	return tp, len(ps) - tp, len(ts) - tp
}
