// Package store is the store of record: an embedded, transactional bbolt
// database under --data holding pages' fetch metadata and archived bodies,
// merged records, their versions, crawl runs and the crawler's state.
package store

import (
	"errors"
	"log/slog"

	"github.com/opendata-bg/opendata/dataset"
)

var errTODO = errors.New("store: not built yet")

// Store is the record store. Open it with Open; Close it when done.
type Store struct{ logger *slog.Logger }

// Open opens (creating if needed) the store file at path.
func Open(path string, logger *slog.Logger) (*Store, error) { return nil, errTODO }

// Close closes the store.
func (s *Store) Close() error { return nil }

// Page returns the fetch metadata of the page with the canonical URL.
func (s *Store) Page(url string) (dataset.Page, bool, error) { return dataset.Page{}, false, errTODO }

// PutPage archives a fetched page: its metadata and its body, compressed.
func (s *Store) PutPage(p dataset.Page, body []byte) error { return errTODO }

// Body returns the archived body of the page with the canonical URL.
func (s *Store) Body(url string) ([]byte, error) { return nil, errTODO }

// EachPage calls fn for every archived page, in URL order.
func (s *Store) EachPage(fn func(dataset.Page) error) error { return errTODO }

// Merge merges the records extracted from page p into the store, recording versions.
func (s *Store) Merge(p dataset.Page, recs []dataset.Record) (dataset.MergeResult, error) {
	return dataset.MergeResult{}, errTODO
}

// Record returns the record with the id, or an ENOTFOUND error.
func (s *Store) Record(id string) (dataset.Record, error) { return dataset.Record{}, errTODO }

// History returns every version of the record, oldest first.
func (s *Store) History(id string) ([]dataset.Version, error) { return nil, errTODO }

// EachRecord calls fn for every record, in id order.
func (s *Store) EachRecord(fn func(dataset.Record) error) error { return errTODO }

// Count returns the number of records.
func (s *Store) Count() (int, error) { return 0, errTODO }

// PutCrawl saves a crawl run (insert or update by ID).
func (s *Store) PutCrawl(run dataset.CrawlRun) error { return errTODO }

// Crawls returns the latest crawl runs, newest first, at most limit.
func (s *Store) Crawls(limit int) ([]dataset.CrawlRun, error) { return nil, errTODO }

// Municipalities returns each municipality with its number of live projects
// and their total budget in EUR.
func (s *Store) Municipalities() ([]dataset.MunicipalityStat, error) { return nil, errTODO }

// Stats returns totals by programme and by year, and the last crawl time.
func (s *Store) Stats() (dataset.Stats, error) { return dataset.Stats{}, errTODO }

// Generation returns a number that changes whenever any record changes (for ETags).
func (s *Store) Generation() (uint64, error) { return 0, errTODO }

// DataPackage returns the Frictionless Data Package (v2) JSON describing the
// downloads; baseURL is the API's absolute base (http://host) for resource paths.
func (s *Store) DataPackage(baseURL string) ([]byte, error) { return nil, errTODO }

// State returns a named persistent key/value bucket for the crawler's state
// (visited URLs, queues); it survives restarts.
func (s *Store) State(name string) *State { return &State{} }

// State is a persistent key/value bucket.
type State struct{}

// Put sets key to val.
func (st *State) Put(key string, val []byte) error { return errTODO }

// Get returns the value of key and whether it exists.
func (st *State) Get(key string) ([]byte, bool, error) { return nil, false, errTODO }

// Delete removes key.
func (st *State) Delete(key string) error { return errTODO }

// Each calls fn for every key in key order; fn's error stops the walk.
func (st *State) Each(fn func(key string, val []byte) error) error { return errTODO }

// Len returns the number of keys.
func (st *State) Len() (int, error) { return 0, errTODO }

// Clear removes every key.
func (st *State) Clear() error { return errTODO }
