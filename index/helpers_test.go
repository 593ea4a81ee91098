package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// truthRecords decodes the corpus ground truth (records in the record.md
// shape) into records, with the ids the store would give them (the first
// contract number; a repeated one gets a suffix) and the EUR figures and
// funds filled in.
func truthRecords(t testing.TB) []dataset.Record {
	t.Helper()
	files, err := filepath.Glob("../testdata/corpus/truth/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no truth files: %v", err)
	}
	sort.Strings(files)
	seen := map[string]int{}
	var out []dataset.Record
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			URL      string           `json:"url"`
			Projects []dataset.Record `json:"projects"`
		}
		if err := json.Unmarshal(b, &page); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for i, r := range page.Projects {
			r.ID = fmt.Sprintf("%s#%d", filepath.Base(f), i)
			if len(r.ContractNumbers) > 0 {
				r.ID = r.ContractNumbers[0]
			}
			if n := seen[r.ID]; n > 0 {
				r.ID = fmt.Sprintf("%s~%d", r.ID, n+1)
			}
			seen[r.ID]++
			r.Budget.FillEUR()
			if p, ok := dataset.ProgrammeByCode(r.Programme); ok && len(r.Funds) == 0 {
				r.Funds = p.Funds
				r.ProgrammeName = p.Name
			}
			r.Sources = []dataset.Source{{URL: page.URL}}
			r.Updated = testUpdated(len(out))
			out = append(out, r)
		}
	}
	return out
}

// openTest opens a fresh index in a temporary directory, filled with recs.
func openTest(t testing.TB, recs []dataset.Record) *Index {
	t.Helper()
	x, err := Open(filepath.Join(t.TempDir(), "index.bleve"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Close() })
	if err := x.Put(recs); err != nil {
		t.Fatal(err)
	}
	return x
}

// each yields recs like the store's EachRecord.
func each(recs []dataset.Record) EachFunc {
	return func(fn func(dataset.Record) error) error {
		for _, r := range recs {
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// search runs a query given as URL parameters, the way the API does.
func find(t testing.TB, x *Index, params string) dataset.SearchResult {
	t.Helper()
	res, err := searchErr(x, params)
	if err != nil {
		t.Fatalf("search %s: %v", params, err)
	}
	return res
}

func searchErr(x *Index, params string) (dataset.SearchResult, error) {
	q, err := parseParams(params)
	if err != nil {
		return dataset.SearchResult{}, err
	}
	return x.Search(context.Background(), q)
}

func ids(res dataset.SearchResult) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

func byID(recs []dataset.Record) map[string]dataset.Record {
	m := map[string]dataset.Record{}
	for _, r := range recs {
		m[r.ID] = r
	}
	return m
}

func errCode(err error) string {
	var e *dataset.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func parseParams(s string) (dataset.Query, error) {
	v, err := url.ParseQuery(s)
	if err != nil {
		return dataset.Query{}, err
	}
	return dataset.ParseQuery(v)
}

// bestEUR is the amount budget filters and sorts go by, as record.md
// states the rule: budget.total_eur, else budget.grant_eur.
func bestEUR(r dataset.Record) *float64 {
	if r.Budget.TotalEUR != nil {
		return r.Budget.TotalEUR
	}
	return r.Budget.GrantEUR
}

// testUpdated is the last change of the i-th test record: hours apart in
// no order, written with an offset on some, missing on every seventh.
func testUpdated(i int) string {
	if i%7 == 3 {
		return ""
	}
	zone := time.UTC
	if i%2 == 1 {
		zone = time.FixedZone("EET", 2*3600)
	}
	return time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i*37%101) * time.Hour).In(zone).Format(time.RFC3339)
}

// updatedAt is a record's last change as a time; zero when it has none.
func updatedAt(r dataset.Record) time.Time {
	t, _ := time.Parse(time.RFC3339, r.Updated)
	return t
}
