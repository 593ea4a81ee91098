package extract

import (
	"bytes"
	"errors"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/unicode"
)

// MaxBodySize is the largest page Extract and Decode accept. Municipal pages
// are well under 1 MB; anything past this is refused rather than truncated so
// that a record is never built from half a page.
const MaxBodySize = 20 << 20

// ErrTooLarge is returned for a page larger than MaxBodySize.
var ErrTooLarge = errors.New("page larger than 20 MB")

// ErrBinary is returned for a body that is not text (NUL bytes, images, archives).
var ErrBinary = errors.New("not a text page")

var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)`)

// Decode returns the page as UTF-8, detecting its charset by BOM, the
// Content-Type header, <meta charset>/http-equiv, then by content. The
// declaration is checked against the bytes: a page declared UTF-8 whose bytes
// are not UTF-8 is decoded by detection, and a page declared single-byte whose
// bytes are valid multi-byte UTF-8 is read as UTF-8.
func Decode(body []byte, contentType string) (text []byte, charset string, err error) {
	if len(body) > MaxBodySize {
		return nil, "", ErrTooLarge
	}
	if len(body) == 0 {
		return nil, "", nil
	}
	switch {
	case bytes.HasPrefix(body, []byte{0xEF, 0xBB, 0xBF}):
		return body[3:], "utf-8", nil
	case bytes.HasPrefix(body, []byte{0xFF, 0xFE}), bytes.HasPrefix(body, []byte{0xFE, 0xFF}):
		return decodeWith(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), body, "utf-16")
	}
	if looksBinary(body) {
		return nil, "", ErrBinary
	}
	if utf8.Valid(body) {
		// Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the declaration
		// says: single-byte Cyrillic text practically never validates.
		return body, "utf-8", nil
	}
	declared := headerCharset(contentType)
	if declared == "" {
		declared = metaCharset(body)
	}
	enc, name := lookup(declared)
	if enc == nil || name == "utf-8" || !isCyrillicFriendly(name) {
		// Declared UTF-8 (or unknown, or a Latin charset) but the bytes say
		// otherwise: detect among the Cyrillic single-byte charsets.
		enc, name = detectCyrillic(body)
	}
	return decodeWith(enc, body, name)
}

func decodeWith(enc encoding.Encoding, body []byte, name string) ([]byte, string, error) {
	out, err := enc.NewDecoder().Bytes(body)
	if err != nil {
		return nil, "", fmt.Errorf("decode %s: %w", name, err)
	}
	return out, name, nil
}

// looksBinary reports NUL bytes or a known binary signature in the first KB.
func looksBinary(b []byte) bool {
	head := b
	if len(head) > 1024 {
		head = head[:1024]
	}
	for _, sig := range [][]byte{[]byte("%PDF"), []byte("PK\x03\x04"), []byte("\x89PNG"), []byte("GIF8"), {0xFF, 0xD8, 0xFF}, []byte("\x1f\x8b")} {
		if bytes.HasPrefix(b, sig) {
			return true
		}
	}
	return bytes.IndexByte(head, 0) >= 0
}

func headerCharset(contentType string) string {
	if contentType == "" {
		return ""
	}
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(params["charset"]))
}

func metaCharset(body []byte) string {
	head := body
	if len(head) > 8192 {
		head = head[:8192]
	}
	m := metaCharsetRe.FindSubmatch(head)
	if m == nil {
		return ""
	}
	return strings.ToLower(string(m[1]))
}

// lookup resolves a charset label by the WHATWG table; nil when unknown.
func lookup(label string) (encoding.Encoding, string) {
	if label == "" {
		return nil, ""
	}
	enc, err := htmlindex.Get(label)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil {
		return nil, ""
	}
	return enc, name
}

func isCyrillicFriendly(name string) bool {
	switch name {
	case "windows-1251", "koi8-r", "koi8-u", "iso-8859-5", "ibm866", "x-mac-cyrillic":
		return true
	}
	return false
}

// detectCyrillic picks the single-byte charset under which the high bytes
// read most like Bulgarian text: mostly lower-case Cyrillic letters, and
// among them mostly the frequent ones.
func detectCyrillic(body []byte) (encoding.Encoding, string) {
	cands := []struct {
		enc  *charmap.Charmap
		name string
	}{
		{charmap.Windows1251, "windows-1251"},
		{charmap.KOI8R, "koi8-r"},
		{charmap.ISO8859_5, "iso-8859-5"},
		{charmap.CodePage866, "ibm866"},
	}
	best, bestScore := 0, -1<<62
	sample := body
	if len(sample) > 256<<10 {
		sample = sample[:256<<10]
	}
	for i, c := range cands {
		s := cyrillicScore(c.enc, sample)
		if s > bestScore {
			best, bestScore = i, s
		}
	}
	return cands[best].enc, cands[best].name
}

const frequentBG = "оаеинтрсвлкдпмзяуъбгчжцшщюфхй"

func cyrillicScore(enc *charmap.Charmap, sample []byte) int {
	score := 0
	for _, b := range sample {
		if b < 0x80 {
			continue
		}
		r := enc.DecodeByte(b)
		switch {
		case r >= 'а' && r <= 'я':
			score += 3
			if strings.ContainsRune(frequentBG, r) {
				score++
			}
		case r >= 'А' && r <= 'Я':
			score++
		default:
			score -= 2
		}
	}
	return score
}
