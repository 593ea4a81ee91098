package index

// The search evaluation on held-out records (../testdata/search-holdout):
// queries of the kinds people type, each with the records a person wants,
// among distractors (the corpus truth and generated records). It reports
// recall@10 per kind of query:
//
//	go test -run TestSearchHoldout -v ./index
//
// and fails when a kind falls below its floor. The same file runs on an
// older revision for a side-by-side figure (see the holdout's README).
// It uses only what every revision of the package has (Open, Put, Search,
// the corpus truth and the record generator).

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

const (
	evalDir        = "../testdata/search-holdout"
	evalGenerated  = 2000 // generated distractor records
	evalCutoff     = 10   // recall@10
	evalReportOnly = "OPENDATA_EVAL_REPORT_ONLY"
)

// evalFloors is the least recall@10 each kind must keep.
var evalFloors = map[string]float64{
	"typo": 0.80, "code": 0.90, "forms": 0.85, "latin": 0.85, "partial": 0.85,
	"overall": 0.85, "without latin": 0.85,
}

type evalQuery struct {
	kind, q  string
	relevant []string
}

func TestSearchHoldout(t *testing.T) {
	recs, queries := evalData(t)
	x, err := Open(filepath.Join(t.TempDir(), "index.bleve"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Put(recs); err != nil {
		t.Fatal(err)
	}
	sum, n := map[string]float64{}, map[string]int{}
	var kinds []string
	for _, eq := range queries {
		res, err := x.Search(context.Background(), dataset.Query{Q: eq.q, Page: 1, PerPage: evalCutoff})
		if err != nil && dataset.ErrorCode(err) != dataset.EINVALID {
			t.Fatalf("%s: %v", eq.q, err)
		}
		var got []string
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		found := 0
		for _, id := range eq.relevant {
			if slices.Contains(got, id) {
				found++
			}
		}
		r := float64(found) / float64(len(eq.relevant))
		if r < 1 {
			t.Logf("%-8s recall %.2f  %q: total %d, top %v", eq.kind, r, eq.q, res.Total, got[:min(3, len(got))])
		}
		if n[eq.kind] == 0 {
			kinds = append(kinds, eq.kind)
		}
		for _, k := range []string{eq.kind, "overall"} {
			sum[k] += r
			n[k]++
		}
		if eq.kind != "latin" {
			sum["without latin"] += r
			n["without latin"]++
		}
	}
	kinds = append(kinds, "overall", "without latin")
	var b strings.Builder
	fmt.Fprintf(&b, "recall@%d on %d held-out records among %d:\n", evalCutoff, evalHeldOut(t), len(recs))
	for _, k := range kinds {
		fmt.Fprintf(&b, "  %-14s %2d queries  %.2f\n", k, n[k], sum[k]/float64(n[k]))
	}
	t.Log(b.String())
	if os.Getenv(evalReportOnly) != "" {
		return
	}
	for _, k := range kinds {
		if got := sum[k] / float64(n[k]); got < evalFloors[k] {
			t.Errorf("%s: recall@%d %.2f is below %.2f", k, evalCutoff, got, evalFloors[k])
		}
	}
}

// evalData returns the records to index (held-out ones, the corpus truth
// and generated distractors) and the queries.
func evalData(t *testing.T) ([]dataset.Record, []evalQuery) {
	t.Helper()
	held := evalRecords(t)
	truth := truthRecords(t)
	recs := slices.Concat(held, truth)
	g := newGenerator(truth)
	for i := 0; i < evalGenerated; i++ {
		recs = append(recs, g.record(i))
	}
	ids := map[string]bool{}
	for _, r := range held {
		ids[r.ID] = true
	}
	for _, r := range recs[len(held):] {
		if ids[r.ID] {
			t.Fatalf("held-out record %s has the id of a distractor", r.ID)
		}
	}
	f, err := os.Open(filepath.Join(evalDir, "queries.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []evalQuery
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			t.Fatalf("queries.tsv:%d: %d columns; want 3", line, len(cols))
		}
		eq := evalQuery{kind: cols[0], q: cols[1]}
		for _, id := range strings.Split(cols[2], ";") {
			id = strings.TrimSpace(id)
			if !ids[id] {
				t.Fatalf("queries.tsv:%d: %q is not a held-out record", line, id)
			}
			eq.relevant = append(eq.relevant, id)
		}
		out = append(out, eq)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) < 60 {
		t.Fatalf("%d queries; the evaluation needs at least 60", len(out))
	}
	return recs, out
}

// evalRecords reads the held-out records, with their EUR figures, funds and
// programme names filled as the store would.
func evalRecords(t *testing.T) []dataset.Record {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(evalDir, "records.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Records []dataset.Record `json:"records"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("records.json: %v", err)
	}
	for i := range doc.Records {
		r := &doc.Records[i]
		r.Budget.FillEUR()
		if p, ok := dataset.ProgrammeByCode(r.Programme); ok {
			r.Funds, r.ProgrammeName = p.Funds, p.Name
		}
	}
	sort.Slice(doc.Records, func(i, j int) bool { return doc.Records[i].ID < doc.Records[j].ID })
	return doc.Records
}

func evalHeldOut(t *testing.T) int { return len(evalRecords(t)) }
