package api

import (
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// newEvidenceView marks the value the offsets point at, where the snippet
// lays over the text, and shows the snippet unmarked when the offsets do
// not fit the text.
func TestNewEvidenceView(t *testing.T) {
	sha := strings.Repeat("ab", 32)
	text := "Заглавие\nСума: 100 лв., второ плащане 100 лв.\nКрай"
	second := strings.Index(text, "плащане 100") + len("плащане ")
	start := len([]rune(text[:second]))
	for _, c := range []struct {
		name                 string
		ev                   dataset.Evidence
		before, value, after string
		href                 string
	}{
		{"the second of two equal values", dataset.Evidence{Source: sha, Snippet: "Сума: 100 лв., второ плащане 100 лв.", Start: start, End: start + 3},
			"Сума: 100 лв., второ плащане ", "100", " лв.", evidenceTextURL(sha, start, start+3)},
		{"a snippet not in the text: the first occurrence", dataset.Evidence{Source: sha, Snippet: "общо 100 лв.", Start: start, End: start + 3},
			"общо ", "100", " лв.", evidenceTextURL(sha, start, start+3)},
		{"offsets past the text", dataset.Evidence{Source: sha, Snippet: "Сума: 100 лв.", Start: 500, End: 503},
			"Сума: 100 лв.", "", "", "/archive/" + sha + "/text"},
		{"reversed offsets", dataset.Evidence{Source: sha, Snippet: "Сума", Start: 5, End: 2}, "Сума", "", "", "/archive/" + sha + "/text"},
		{"no archived page", dataset.Evidence{Source: "x", Snippet: "Сума", Start: 0, End: 2}, "Сума", "", "", ""},
	} {
		pageText := text
		if c.ev.Source != sha {
			pageText = ""
		}
		v := newEvidenceView(c.ev, pageText)
		if v.Before != c.before || v.Value != c.value || v.After != c.after || v.Href != c.href {
			t.Errorf("%s: %q [%q] %q → %s; want %q [%q] %q → %s", c.name, v.Before, v.Value, v.After, v.Href, c.before, c.value, c.after, c.href)
		}
	}
}
