package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/opendata-bg/opendata/dataset"
)

// Limits on the text query, so that no query asks for unbounded work.
const (
	maxTerms        = 20 // words and phrases in q
	maxPhraseWords  = 12
	minPrefixLength = 5  // a code prefix shorter than this is looked up exactly only
	maxPrefixLength = 64 // nor is one longer than this
)

// qterm is one word or phrase of q.
type qterm struct {
	text   string
	phrase bool
	negate bool
}

// isQuote reports whether r opens or closes a phrase: the straight quote and
// the Bulgarian „…“ and «…» (and ” typed by word processors).
func isQuote(r rune) bool { return strings.ContainsRune("\"„“”«»", r) }

// parseQ splits q into words, "phrases" and -exclusions, after joining the
// parts of codes typed with spaces (joinCodes). A syntax problem is an
// EINVALID error that says what to fix.
func parseQ(q string) ([]qterm, error) {
	if !utf8.ValidString(q) {
		return nil, dataset.Errorf(dataset.EINVALID, "q is not valid UTF-8")
	}
	var terms []qterm
	rs := []rune(joinCodes(q))
	for i := 0; i < len(rs); {
		r := rs[i]
		if unicode.IsSpace(r) || r == '+' {
			i++
			continue
		}
		negate := false
		if r == '-' {
			negate = true
			i++
			if i == len(rs) || unicode.IsSpace(rs[i]) {
				continue // a lone dash between words: ignore it
			}
			r = rs[i]
		}
		if isQuote(r) {
			end := i + 1
			for end < len(rs) && !isQuote(rs[end]) {
				end++
			}
			if end == len(rs) {
				return nil, dataset.Errorf(dataset.EINVALID,
					"q has an opening quote without a closing one: close the phrase with \" or remove the quote")
			}
			text := strings.Join(strings.Fields(string(rs[i+1:end])), " ")
			i = end + 1
			if text == "" {
				continue
			}
			if n := len(strings.Fields(text)); n > maxPhraseWords {
				return nil, dataset.Errorf(dataset.EINVALID,
					"the phrase \"%s\" has %d words; a phrase may have at most %d", clip(text), n, maxPhraseWords)
			}
			terms = append(terms, qterm{text: text, phrase: true, negate: negate})
		} else {
			end := i
			for end < len(rs) && !unicode.IsSpace(rs[end]) && !isQuote(rs[end]) {
				end++
			}
			terms = append(terms, qterm{text: string(rs[i:end]), negate: negate})
			i = end
		}
		if len(terms) > maxTerms {
			return nil, dataset.Errorf(dataset.EINVALID,
				"q has more than %d words and phrases; search with fewer", maxTerms)
		}
	}
	return terms, nil
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

// fieldBoost is a text field and how much a hit in it weighs.
type fieldBoost struct {
	field string
	boost float64
}

var (
	bgFields    = []fieldBoost{{fTitle, 3}, {fNames, 1.5}, {fText, 1}, {fDocs, 0.5}}
	latinFields = []fieldBoost{{fTitleLat, 3}, {fNamesLat, 1.5}, {fTextLat, 1}}
)

// Boosts of a code match: a whole contract number or procedure code
// outweighs any text, a prefix of one nearly so.
const (
	boostCodeExact  = 20
	boostCodePrefix = 8
)

// textPart is one word, phrase or exclusion of q as a bleve query, with
// a key that names it (for the cache of a part's matches).
type textPart struct {
	key  string
	q    query.Query
	term qterm
}

// textParts is q as bleve queries: its words (a record need not have them
// all, see rank.go), its phrases (each must match) and its exclusions (none
// may match).
type textParts struct {
	words, phrases, excluded []textPart
}

// textQuery turns q into one bleve query that finds every record q may
// select (any word, every phrase, no exclusion); nil when q has no words.
func textQuery(q string, bg, latin analysis.Analyzer) (query.Query, error) {
	p, err := parseText(q, bg, latin)
	if err != nil || len(p.words)+len(p.phrases) == 0 {
		return nil, err
	}
	var should, must, mustNot []query.Query
	for _, w := range p.words {
		should = append(should, w.q)
	}
	for _, ph := range p.phrases {
		must = append(must, ph.q)
	}
	for _, ex := range p.excluded {
		mustNot = append(mustNot, ex.q)
	}
	bq := query.NewBooleanQuery(must, should, mustNot)
	return bq, nil
}

// parseText turns q into its parts (see textParts).
func parseText(q string, bg, latin analysis.Analyzer) (textParts, error) {
	var p textParts
	terms, err := parseQ(q)
	if err != nil {
		return p, err
	}
	var skipped []string
	seen := map[qterm]bool{}
	for _, t := range terms {
		if seen[t] {
			continue // a word twice is one word
		}
		seen[t] = true
		tq := termQuery(t, bg, latin)
		part := textPart{key: "w:" + t.text, q: tq, term: t}
		if t.phrase {
			part.key = "p:" + t.text
		}
		switch {
		case tq == nil:
			skipped = append(skipped, t.text)
		case t.negate:
			p.excluded = append(p.excluded, part)
		case t.phrase:
			p.phrases = append(p.phrases, part)
		default:
			p.words = append(p.words, part)
		}
	}
	if len(p.words)+len(p.phrases) == 0 {
		switch {
		case len(p.excluded) > 0:
			return p, dataset.Errorf(dataset.EINVALID,
				"q has only exclusions (-word); add a word or phrase to search for")
		case len(skipped) > 0 && strings.IndexFunc(strings.Join(skipped, ""), unicode.IsLetter) >= 0:
			return p, dataset.Errorf(dataset.EINVALID,
				"q has only very common words (%s); add a more specific word", strings.Join(skipped, ", "))
		case len(skipped) > 0:
			return p, dataset.Errorf(dataset.EINVALID,
				"q has no word or number to search for (%s)", strings.Join(skipped, " "))
		}
	}
	return p, nil
}

// termQuery is the query of one word or phrase, nil when it has nothing
// to search for (a stop word).
func termQuery(t qterm, bg, latin analysis.Analyzer) query.Query {
	var alts []query.Query
	if !t.phrase && codeLike(t.text) {
		code := NormCode(t.text)
		exact := query.NewTermQuery(code)
		exact.SetField(fCode)
		exact.SetBoost(boostCodeExact)
		alts = append(alts, exact)
		if n := utf8.RuneCountInString(code); n >= minPrefixLength && n <= maxPrefixLength {
			prefix := query.NewTermQuery(code)
			prefix.SetField(fCodePrefix)
			prefix.SetBoost(boostCodePrefix)
			alts = append(alts, prefix)
		}
	}
	analyzer, fields := bg, bgFields
	if hasLatin(t.text) {
		analyzer, fields = latin, latinFields
	}
	phrase := toPhrase(analyzer.Analyze([]byte(t.text)))
	for _, f := range fields {
		switch {
		case len(phrase) == 0:
		case len(phrase) == 1:
			for _, term := range phrase[0] {
				tq := query.NewTermQuery(term)
				tq.SetField(f.field)
				tq.SetBoost(f.boost)
				alts = append(alts, tq)
			}
		default:
			pq := query.NewMultiPhraseQuery(phrase, f.field)
			pq.SetBoost(f.boost)
			alts = append(alts, pq)
		}
	}
	switch len(alts) {
	case 0:
		return nil
	case 1:
		return alts[0]
	}
	return query.NewDisjunctionQuery(alts)
}

// toPhrase arranges tokens by position: the terms at each position (more
// than one for an ambiguous form), an empty slot for a stop word inside.
func toPhrase(tokens analysis.TokenStream) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := tokens[0].Position, tokens[0].Position
	for _, t := range tokens {
		first, last = min(first, t.Position), max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range tokens {
		p := t.Position - first
		out[p] = append(out[p], string(t.Term))
	}
	return out
}
