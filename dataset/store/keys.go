package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode"

	"github.com/opendata-bg/opendata/dataset"
)

// contractKey normalizes a contract number for matching: upper case,
// homoglyphs folded, dashes unified, white space and "№"/"No" dropped.
func contractKey(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "№")
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		switch {
		case unicode.IsSpace(r):
			continue
		case r == '‐' || r == '‑' || r == '‒' || r == '–' || r == '—' || r == '−':
			r = '-'
		}
		if h, ok := dataset.LatinLookAlike[r]; ok {
			r = h
		}
		b.WriteRune(r)
	}
	return b.String()
}

// titleKey normalizes a title for matching: lower case, homoglyphs folded,
// quotes and punctuation dropped, white space folded, a leading "проект" dropped.
func titleKey(s string) string {
	words := strings.FieldsFunc(foldWord(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	if len(words) > 0 && words[0] == foldWord("проект") {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// foldWord upper-cases s, folds homoglyphs to Latin and lower-cases the result.
func foldWord(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if h, ok := dataset.LatinLookAlike[r]; ok {
			r = h
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// mergeKeys returns the index keys a record is found by: one per contract
// number ("c:…"), then the programme/title/municipality key ("t:…") when
// the record has a title.
func mergeKeys(r *dataset.Record) (contracts []string, title string) {
	for _, c := range r.ContractNumbers {
		if k := contractKey(c); k != "" {
			contracts = append(contracts, "c:"+k)
		}
	}
	if t := titleKey(r.Title); t != "" {
		title = "t:" + r.Programme + "\x1f" + t + "\x1f" + strings.ToLower(strings.TrimSpace(r.Municipality))
	}
	return contracts, title
}

// fallbackID is the id of a record without a contract number when the
// extractor gave none: a hash of the canonical URL and the position.
func fallbackID(url string, pos int) string {
	sum := sha256.Sum256([]byte(url + "#" + strconv.Itoa(pos)))
	return hex.EncodeToString(sum[:8])
}

// cleanID makes an id safe as a bbolt key prefix: no control characters
// (0x00 separates the parts of composite keys), trimmed.
func cleanID(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s))
}
