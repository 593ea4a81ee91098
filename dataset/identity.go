package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Identity: which project an extracted record belongs to, and the id a new
// project gets. The rule (README "One record per project"): records are one
// project when they share a contract number, or, when one of them states
// none, the same programme, title and municipality. The id is the first
// contract number, else the extractor's id, else a hash of the page URL and
// the record's position on it; it never changes. Any store resolves ids
// with Resolve over its own key index.

// ContractKey normalizes a contract number for matching: upper case,
// homoglyphs folded, dashes unified, white space and "№" dropped.
func ContractKey(s string) string {
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
		if h, ok := LatinLookAlike[r]; ok {
			r = h
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TitleKey normalizes a title for matching: lower case, homoglyphs folded,
// quotes and punctuation dropped, white space folded, a leading "проект" dropped.
func TitleKey(s string) string {
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
		if h, ok := LatinLookAlike[r]; ok {
			r = h
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// MergeKeys returns the keys a record is found by: one per contract number
// ("c:…"), then the programme/title/municipality key ("t:…") when the
// record has a title ("" otherwise).
func MergeKeys(r *Record) (contracts []string, title string) {
	for _, c := range r.ContractNumbers {
		if k := ContractKey(c); k != "" {
			contracts = append(contracts, "c:"+k)
		}
	}
	if t := TitleKey(r.Title); t != "" {
		title = "t:" + r.Programme + "\x1f" + t + "\x1f" + strings.ToLower(strings.TrimSpace(r.Municipality))
	}
	return contracts, title
}

// FallbackID is the id of a record without a contract number when the
// extractor gave none: a hash of the canonical URL and the position.
func FallbackID(url string, pos int) string {
	sum := sha256.Sum256([]byte(url + "#" + strconv.Itoa(pos)))
	return hex.EncodeToString(sum[:8])
}

// CleanID makes an id safe as a key prefix: no control characters (a store
// may separate the parts of composite keys with 0x00), trimmed.
func CleanID(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s))
}

// KeyIndex is what identity resolution reads from a store: its merge keys
// (from MergeKeys) and its records.
type KeyIndex interface {
	// KeyID returns the id a merge key points to, "" when none.
	KeyID(key string) (string, error)
	// StoredRecord returns the stored record id and whether there is one.
	StoredRecord(id string) (Record, bool, error)
}

// Resolve returns the id of the project r belongs to, assigning a new one
// when none matches, and the merge keys of r that the store must point at
// that id (those it does not know yet are to be added; a known key is never
// moved). pending holds the records of the same page resolved before r, by
// id; pos is r's position on the page at url.
func Resolve(ix KeyIndex, r *Record, url string, pos int, pending map[string][]Record) (id string, keys []string, err error) {
	contracts, tkey := MergeKeys(r)
	for _, k := range contracts {
		if id, err = ix.KeyID(k); err != nil || id != "" {
			break
		}
	}
	if err != nil {
		return "", nil, err
	}
	// The title key with the municipality's code first: the two Бяла may
	// well both run a "Ремонт на улици" under the same programme.
	ckey := codedTitleKey(tkey, r.MunicipalityCode)
	for _, k := range []string{ckey, tkey} {
		if id != "" || k == "" {
			continue
		}
		v, err := ix.KeyID(k)
		if err != nil {
			return "", nil, err
		}
		if v == "" {
			continue
		}
		ok, err := titleMatchAllowed(ix, v, r, pending)
		if err != nil {
			return "", nil, err
		}
		if ok {
			id = v
		}
	}
	if id == "" {
		if id, err = newID(ix, r, url, pos, pending); err != nil {
			return "", nil, err
		}
	}
	keys = contracts
	if tkey != "" {
		keys = append(keys, tkey)
	}
	if ckey != "" {
		keys = append(keys, ckey)
	}
	return id, keys, nil
}

// codedTitleKey is the title key of a record with its municipality's code
// ("" when it has none): it finds the project of that very municipality,
// where the title key alone, made before records had codes, finds the
// first project of any municipality of the name.
func codedTitleKey(tkey, code string) string {
	if tkey == "" || code == "" {
		return ""
	}
	return tkey + "\x1f" + code
}

// titleMatchAllowed says whether a title match joins r to project id: not
// when both state contract numbers (then they are different contracts, or
// the contract key would have matched), nor when the two have different
// municipality codes (two municipalities of the same name).
func titleMatchAllowed(ix KeyIndex, id string, r *Record, pending map[string][]Record) (bool, error) {
	other := func(p *Record) bool {
		return len(r.ContractNumbers) > 0 && len(p.ContractNumbers) > 0 ||
			r.MunicipalityCode != "" && p.MunicipalityCode != "" && r.MunicipalityCode != p.MunicipalityCode
	}
	for i := range pending[id] {
		if other(&pending[id][i]) {
			return false, nil
		}
	}
	old, ok, err := ix.StoredRecord(id)
	if err != nil || !ok {
		return err == nil, err
	}
	return !other(&old), nil
}

// newID assigns the id of a new project: its first contract number, else the
// extractor's id, else a hash of the URL and position; made unique with a
// "~2", "~3" … suffix.
func newID(ix KeyIndex, r *Record, url string, pos int, pending map[string][]Record) (string, error) {
	base := ""
	if len(r.ContractNumbers) > 0 {
		base = CleanID(r.ContractNumbers[0])
	}
	if base == "" {
		base = r.ID
	}
	if base == "" {
		base = FallbackID(url, pos)
	}
	id := base
	for n := 2; ; n++ {
		if _, taken := pending[id]; !taken {
			_, exists, err := ix.StoredRecord(id)
			if err != nil {
				return "", err
			}
			if !exists {
				return id, nil
			}
		}
		id = fmt.Sprintf("%s~%d", base, n)
	}
}
