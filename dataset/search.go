package dataset

// SearchResult is one page of search hits. The API loads each hit's record
// from the store and renders it with the score and highlights.
type SearchResult struct {
	Total   uint64                  `json:"total"`
	Page    int                     `json:"page"`
	PerPage int                     `json:"per_page"`
	Hits    []Hit                   `json:"hits"`
	Facets  map[string][]FacetValue `json:"facets,omitempty"`
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
