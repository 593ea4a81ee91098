package store

import (
	"path/filepath"
	"testing"

	"github.com/opendata-bg/opendata/dataset/storetest"
)

// The bbolt store meets the store contract.
func TestStoreContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openTest(t) })
}

var _ storetest.Store = (*Store)(nil)

// The contract's fixtures, for this package's own tests.
var (
	fp             = storetest.FP
	ip             = storetest.IP
	page           = storetest.PageAt
	listingRow     = storetest.ListingRow
	newsItem       = storetest.NewsItem
	completionNews = storetest.CompletionNews
	t0             = storetest.T0
)

const (
	urlListing = storetest.URLListing
	urlNews    = storetest.URLNews
	urlNews2   = storetest.URLNews2
)

func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
