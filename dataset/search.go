package dataset

// SearchResult is one page of search hits. The API loads each hit's record
// from the store and renders it with the score and highlights.
type SearchResult struct {
	Total   uint64                  `json:"total"`
	Page    int                     `json:"page"`
	PerPage int                     `json:"per_page"`
	Hits    []Hit                   `json:"hits"`
	Facets  map[string][]FacetValue `json:"facets,omitempty"`

	// Match says how the results were matched: MatchAll, MatchSome or
	// MatchCorrected.
	Match string `json:"match"`
	// AllWords counts the results that have every word of q (a corrected
	// word counts); Total without q.
	AllWords uint64 `json:"all_words"`
	// Corrections lists the words of q that no record has, read as close
	// words the records have.
	Corrections []Correction `json:"corrections,omitempty"`
	// DidYouMean is q with its corrections, when that query finds more
	// records with all its words than q does.
	DidYouMean *Suggestion `json:"did_you_mean,omitempty"`
}

// How the results of a query were matched (SearchResult.Match).
const (
	// MatchAll: every result has every word of q (or there is no q).
	MatchAll = "all"
	// MatchSome: no record has every word of q; the results have most of
	// them, those with more first.
	MatchSome = "some"
	// MatchCorrected: a word of q that no record has was read as close
	// words the records have (see Corrections).
	MatchCorrected = "corrected"
)

// Correction is a word of q read as another word.
type Correction struct {
	Word string `json:"word"` // as typed
	To   string `json:"to"`   // the closest word the records have
}

// Suggestion is another q worth searching.
type Suggestion struct {
	Q     string `json:"q"`
	Total uint64 `json:"total"` // what it finds, with the same filters
}

// Hit is one matching record.
type Hit struct {
	ID         string              `json:"id"`
	Score      float64             `json:"score"`
	Highlights map[string][]string `json:"highlights,omitempty"` // HTML-escaped text, hits in <mark>
}

// FacetValue is one value of a facet with the number of matching records.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// MergeResult says what merging one page's records changed in the store.
type MergeResult struct {
	Added   []string // ids of new records
	Changed []string // ids of records whose fields changed
	Removed []string // ids that no longer come from this page (withdrawn when no source is left)
}
