package index

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/bg"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which the analysis is registered with bleve. They are written
// into every index's mapping, so they must not change (bump schemaVersion
// and rebuild when the analysis itself changes).
const (
	// AnalyzerBG analyzes Bulgarian text: unicode words, lower case, stress
	// marks dropped, Bulgarian stop words removed, stemmed.
	AnalyzerBG = "opendata_bg"
	// AnalyzerLatin analyzes text for Latin-letter queries: like AnalyzerBG,
	// then the stem is transliterated; Latin input is read as Bulgarian first.
	AnalyzerLatin = "opendata_bg_latin"

	filterFold  = "opendata_bg_fold"
	filterStem  = "opendata_bg_stem"
	filterLatin = "opendata_bg_latin"
)

// bleve keeps analysis components in a process-wide registry: an index
// opened from disk finds its analyzers there by name, so they are
// registered once, when the package loads.
func init() {
	must(registry.RegisterTokenFilter(filterFold, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(filterStem, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return stemFilter{}, nil
	}))
	must(registry.RegisterTokenFilter(filterLatin, newLatinFilter))
	must(registry.RegisterAnalyzer(AnalyzerBG, func(_ map[string]interface{}, c *registry.Cache) (analysis.Analyzer, error) {
		return newAnalyzer(c, bg.StopName, filterStem)
	}))
	must(registry.RegisterAnalyzer(AnalyzerLatin, func(_ map[string]interface{}, c *registry.Cache) (analysis.Analyzer, error) {
		return newAnalyzer(c, filterLatin)
	}))
}

func must(err error) {
	if err != nil {
		panic(fmt.Sprintf("index: register analysis: %v", err))
	}
}

// newAnalyzer builds unicode words → lower case → fold → the named filters.
func newAnalyzer(c *registry.Cache, filters ...string) (analysis.Analyzer, error) {
	tok, err := c.TokenizerNamed(unicode.Name)
	if err != nil {
		return nil, err
	}
	names := append([]string{lowercase.Name, filterFold}, filters...)
	a := &analysis.DefaultAnalyzer{Tokenizer: tok}
	for _, name := range names {
		f, err := c.TokenFilterNamed(name)
		if err != nil {
			return nil, fmt.Errorf("token filter %s: %w", name, err)
		}
		a.TokenFilters = append(a.TokenFilters, f)
	}
	return a, nil
}

// foldFilter drops stress marks and keeps й (see foldWord), and reads
// Latin look-alike letters in a Cyrillic word as Cyrillic (see mixedScript).
type foldFilter struct{}

// Filter implements analysis.TokenFilter.
func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		if bytes.ContainsAny(t.Term, foldable) {
			t.Term = []byte(foldWord(string(t.Term)))
		}
		if w := string(t.Term); hasLatin(w) {
			if m := mixedScript(w); m != w {
				t.Term = []byte(m)
			}
		}
	}
	return in
}

// stemFilter replaces each word by its Bulgarian stem; an ambiguous form
// gets its second stem as another token at the same position.
type stemFilter struct{}

// Filter implements analysis.TokenFilter.
func (stemFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	return stemStream(in, func(w string) (string, string) { return stemWord(w) })
}

// latinFilter turns each word into the transliterated stem of its
// Bulgarian reading, dropping Bulgarian stop words (in either script).
type latinFilter struct{ stop analysis.TokenMap }

func newLatinFilter(_ map[string]interface{}, c *registry.Cache) (analysis.TokenFilter, error) {
	stop, err := c.TokenMapNamed(bg.StopName)
	if err != nil {
		return nil, err
	}
	return latinFilter{stop: stop}, nil
}

// Filter implements analysis.TokenFilter.
func (f latinFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		w := string(t.Term)
		if hasLatin(w) {
			w = latinToCyr(w)
		}
		if _, stop := f.stop[w]; stop {
			continue
		}
		t.Term = []byte(w)
		out = append(out, t)
	}
	return stemStream(out, func(w string) (string, string) {
		p, alt := stemWord(w)
		if alt != "" {
			alt = latinFleeting(Translit(alt))
		}
		return latinFleeting(Translit(p)), alt
	})
}

// latinFleeting drops an "a" between two consonants at the end of a Latin
// stem of five letters or more: the stemmer drops the fleeting ъ of a
// Cyrillic word (Несебър → несебр), but a word typed in Latin letters has
// "a" for both ъ and а (Nesebar), so both sides of the Latin field lose it.
func latinFleeting(w string) string {
	n := len(w)
	if n < 5 || w[n-2] != 'a' || isLatinVowel(w[n-1]) || isLatinVowel(w[n-3]) || hasNonASCII(w) {
		return w
	}
	return w[:n-2] + w[n-1:]
}

func isLatinVowel(c byte) bool { return strings.IndexByte("aeiouy", c) >= 0 || c < 'a' || c > 'z' }

func hasNonASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] >= 0x80 {
			return true
		}
	}
	return false
}

// stemStream applies stem to every token, adding second readings as extra
// tokens at the same position and offsets.
func stemStream(in analysis.TokenStream, stem func(string) (string, string)) analysis.TokenStream {
	var out analysis.TokenStream
	for i, t := range in {
		p, alt := stem(string(t.Term))
		if p != string(t.Term) {
			t.Term = []byte(p)
		}
		if alt == "" {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, i, len(in)+4)
			copy(out, in[:i])
		}
		second := *t
		second.Term = []byte(alt)
		out = append(out, t, &second)
	}
	if out == nil {
		return in
	}
	return out
}
