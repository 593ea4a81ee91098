// Package index is the Bulgarian full-text index of the records (bleve). It is
// derived from the store and can be rebuilt from it at any time.
package index

import (
	"context"
	"errors"
	"log/slog"

	"github.com/opendata-bg/opendata/dataset"
)

var errTODO = errors.New("index: not built yet")

// Index is the search index. Open it with Open; Close it when done.
type Index struct{ logger *slog.Logger }

// Open opens (creating if needed) the index at path.
func Open(path string, logger *slog.Logger) (*Index, error) { return nil, errTODO }

// Close closes the index.
func (x *Index) Close() error { return nil }

// Put adds or replaces records, in bounded batches.
func (x *Index) Put(recs []dataset.Record) error { return errTODO }

// Delete removes records by id.
func (x *Index) Delete(ids []string) error { return errTODO }

// Search answers one page of a query, with facets and highlights.
func (x *Index) Search(ctx context.Context, q dataset.Query) (dataset.SearchResult, error) {
	return dataset.SearchResult{}, errTODO
}

// EachID calls fn with the id of every record the query selects, in its sort
// order, without holding them all in memory (for the downloads).
func (x *Index) EachID(ctx context.Context, q dataset.Query, fn func(id string) error) error {
	return errTODO
}

// Count returns the number of indexed records.
func (x *Index) Count() (uint64, error) { return 0, errTODO }
