// Package storetest is the contract every store of record must meet: the
// merge rule (one record per project, sources ranked newest first, conflicts
// warned, lists united, evidence kept), versions, withdrawal, the page
// archive and its history, crawl runs, the aggregates and the data package.
// A store's tests call Run with a function that opens an empty store; the
// rules themselves live in package dataset (Resolve, Compile, Revise), so a
// second store reuses them and passes the same tests.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// Store is what a store of record offers the rest of the program.
type Store interface {
	// The page archive.
	PutPage(p dataset.Page, body []byte) error
	Page(url string) (dataset.Page, bool, error)
	Body(url string) ([]byte, error)
	EachPage(fn func(dataset.Page) error) error
	PageGone(url string, at time.Time) (dataset.MergeResult, error)
	PageVersions(url string) ([]dataset.Page, error)
	PageByHash(sha string) (dataset.Page, error)
	BodyByHash(sha string) ([]byte, error)
	EachPageVersion(fn func(dataset.Page) error) error
	ArchiveStats() (dataset.ArchiveStats, error)
	// Records.
	Merge(p dataset.Page, recs []dataset.Record) (dataset.MergeResult, error)
	Commit(ws []*dataset.PageWrite) error
	Record(id string) (dataset.Record, error)
	History(id string) ([]dataset.Version, error)
	EachRecord(fn func(dataset.Record) error) error
	Export(ctx context.Context, enc dataset.Encoder) (int, error)
	EncodeRecord(enc dataset.Encoder, id string) error
	Count() (int, error)
	Generation() (uint64, error)
	// Crawl runs and aggregates.
	PutCrawl(run dataset.CrawlRun) error
	Crawls(limit int) ([]dataset.CrawlRun, error)
	Municipalities() ([]dataset.MunicipalityStat, error)
	MunicipalityStats(name string) (dataset.Stats, error)
	MunicipalityCodeStats(code string) (dataset.Stats, error)
	Stats() (dataset.Stats, error)
	DataPackage(baseURL string, formats dataset.Formats) ([]byte, error)
}

// Run runs the contract: each test on a fresh, empty store from open (which
// registers its own cleanup with t).
func Run(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, Store)
	}{
		{"MergeThreePagesOneContract", testMergeThreePagesOneContract},
		{"RecrawlChangedBudgetRecordsVersion", testRecrawlChangedBudgetRecordsVersion},
		{"ConflictingDateWarnsNamingBothSources", testConflictingDateWarnsNamingBothSources},
		{"WithdrawnAndRestored", testWithdrawnAndRestored},
		{"PageGoneWithdrawsOnlyOrphans", testPageGoneWithdrawsOnlyOrphans},
		{"MatchByTitleWhenNoNumber", testMatchByTitleWhenNoNumber},
		{"CurrenciesCompareAtTheFixedRate", testCurrenciesCompareAtTheFixedRate},
		{"MergeKeepsEvidence", testMergeKeepsEvidence},
		{"ExtractorWarningsStructured", testExtractorWarningsStructured},
		{"CommitArchivesAndMerges", testCommitArchivesAndMerges},
		{"PagesAndBodies", testPagesAndBodies},
		{"PageHistory", testPageHistory},
		{"Crawls", testCrawls},
		{"StatsAndMunicipalities", testStatsAndMunicipalities},
		{"MunicipalitiesOfOneName", testMunicipalitiesOfOneName},
		{"DataPackageDescribesTheFullDownloads", testDataPackageDescribesTheFullDownloads},
		{"ExportAndEncodeRecord", testExportAndEncodeRecord},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, open(t)) })
	}
}

// SHA256 is the hex SHA-256 of b.
func SHA256(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Fixtures: the contract DIR-5112122-C014 as three pages print it.

// FP and IP return pointers, for the record's optional numbers.
func FP(v float64) *float64 { return &v }

// IP returns a pointer to v.
func IP(v int) *int { return &v }

// PageAt is a fetched page (status 200) at a time, with a body hash.
func PageAt(url string, at time.Time, sha string) dataset.Page {
	return dataset.Page{URL: url, FetchedAt: at, SHA256: sha, Status: 200}
}

// T0 is when the fixtures are fetched first.
var T0 = time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)

// The contract DIR-5112122-C014 as three pages print it: a row of the
// listing testdata/corpus/pages/011.html, the news item 029.html, and a
// later news item on the completion of the works.
const (
	URLListing = "http://www.sliven.bg/index.php?option=proekti&task=list&period=2007-2013"
	URLNews    = "http://www.sliven.bg/index.php?option=news&task=view&id=1421"
	URLNews2   = "http://www.sliven.bg/index.php?option=news&task=view&id=1690"
)

// ListingRow is the project as a row of the municipality's listing prints it.
func ListingRow() dataset.Record {
	return dataset.Record{
		ID:              "DIR-5112122-C014",
		Title:           "Изграждане на канализация в кв. „Даме Груев“, гр. Сливен",
		ContractNumbers: []string{"DIR-5112122-C014"},
		ProcedureCodes:  []string{"BG161PO005/10/1.11/02/16"},
		Programme:       "OPE",
		Beneficiary:     "Община Сливен",
		Municipality:    "Сливен",
		Budget:          dataset.Budget{Total: FP(7890514.22), Currency: "BGN"},
	}
}

// NewsItem is the project as the 2013 news item prints it.
func NewsItem() dataset.Record {
	return dataset.Record{
		Title:           "Изграждане на канализация в кв. „Даме Груев“, гр. Сливен",
		ContractNumbers: []string{"DIR-5112122-C014"},
		Programme:       "OPE",
		Beneficiary:     "Община Сливен",
		Municipality:    "Сливен",
		Budget:          dataset.Budget{Total: FP(7890514.22), Grant: FP(7495988.51), Currency: "BGN"},
		Activities: []string{"Изграждане на 14,2 км битово-фекална канализация", "Изграждане на 2 дъждопреливника",
			"Сградни канализационни отклонения за 1 150 имота", "Възстановяване на уличните настилки"},
		Contractors: []string{"ДЗЗД Канал Сливен", "Хидро Надзор ЕООД"},
		Published:   "2013-06-12",
		Sources:     []dataset.Source{{URL: URLNews, Title: "Започна изграждането на канализацията в кв. „Даме Груев“"}},
	}
}

// CompletionNews is the project as the 2015 news item on its completion prints it.
func CompletionNews() dataset.Record {
	return dataset.Record{
		Title: "Изграждане на канализация в кв. „Даме Груев“, гр. Сливен",
		// Printed with a Cyrillic "С" in "С014" and spaces: still the same contract.
		ContractNumbers: []string{"DIR - 5112122 - С014"},
		Programme:       "OPE",
		Municipality:    "Сливен",
		Period:          dataset.Period{End: "2015-10-30"},
		Activities:      []string{"Възстановяване на уличните настилки", "Пускане в експлоатация"},
		Results:         []string{"Изградени 14,2 км канализация"},
		Published:       "2015-11-02",
	}
}
