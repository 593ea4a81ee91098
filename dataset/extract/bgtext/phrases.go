package bgtext

import (
	"unicode"
	"unicode/utf8"
)

// PhraseSet finds which of a set of lower-case phrases a text holds where
// a word starts (a phrase may end inside a word: "оферти" is found in
// "офертите"). It reads the text once, looking up each word's first two
// letters in a map, instead of scanning the text once per phrase: on
// Cyrillic text, whose every other byte is 0xD0 or 0xD1, a substring
// search compares at almost every byte.
type PhraseSet struct {
	byKey map[string][]string // phrases by their first two letters
}

// NewPhraseSet returns the set of phrases (lower case, as Lower gives,
// each starting with a letter or digit).
func NewPhraseSet(phrases []string) *PhraseSet {
	s := &PhraseSet{byKey: map[string][]string{}}
	for _, p := range phrases {
		k := phraseKey(p)
		s.byKey[k] = append(s.byKey[k], p)
	}
	return s
}

// phraseKey is the first two runes of s (fewer when s is shorter).
func phraseKey(s string) string {
	n := 0
	for i := range s {
		if n == 2 {
			return s[:i]
		}
		n++
	}
	return s
}

// Each calls fn for every phrase lt holds at a word's start (lt lower
// case), once per occurrence.
func (s *PhraseSet) Each(lt string, fn func(phrase string)) {
	inWord := false
	for i := 0; i < len(lt); {
		r, n := rune(lt[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(lt[i:])
		}
		word := r < utf8.RuneSelf && ('a' <= r && r <= 'z' || '0' <= r && r <= '9') || r >= utf8.RuneSelf && unicode.IsLetter(r)
		if word && !inWord {
			for _, p := range s.byKey[phraseKey(lt[i:min(len(lt), i+8)])] {
				if len(lt)-i >= len(p) && lt[i:i+len(p)] == p {
					fn(p)
				}
			}
		}
		inWord = word
		i += n
	}
}
