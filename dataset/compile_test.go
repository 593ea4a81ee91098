package dataset

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func f64(v float64) *float64 { return &v }

// Two pages speak of one project: the 2015 news item ranks first. Each
// field must keep the evidence of the page whose value won, list items
// theirs under their new positions, and an evidence without a source must
// name its page's hash.
func TestCompileKeepsTheWinnersEvidence(t *testing.T) {
	const shaOld, shaNew = "0000aaaa", "ffff9999"
	older := Record{
		Title:           "Ремонт на училище",
		ContractNumbers: []string{"C-1", "C-2"},
		Budget:          Budget{Total: f64(100), Grant: f64(50), Currency: "BGN"},
		Published:       "2013-05-01",
		Evidence: map[string]Evidence{
			"title":              {Snippet: "Проект „Ремонт на училище“", Start: 10, End: 27},
			"budget.total":       {Snippet: "Стойност: 100 лв.", Start: 40, End: 47},
			"budget.grant":       {Snippet: "БФП: 50 лв.", Start: 60, End: 66},
			"contract_numbers.0": {Snippet: "Договор № C-1", Start: 80, End: 83},
			"contract_numbers.1": {Snippet: "и C-2", Start: 90, End: 93},
		},
	}
	newer := Record{
		Title:           "Ремонт на училище",
		ContractNumbers: []string{"C-2"},
		Budget:          Budget{Total: f64(200), Currency: "BGN"},
		Published:       "2015-05-01",
		Evidence: map[string]Evidence{
			"budget.total": {Snippet: "Обща стойност 200 лв.", Start: 5, End: 12},
			// The extractor may name the page itself.
			"contract_numbers.0": {Source: "cafe", Snippet: "№ C-2", Start: 1, End: 4},
		},
	}
	cs := []Contribution{
		{URL: "https://a.bg/old", FetchedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), SHA256: shaOld, Records: []Record{older}},
		{URL: "https://a.bg/new", FetchedAt: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), SHA256: shaNew, Records: []Record{newer}},
	}
	rec := Compile("C-1", cs)
	if *rec.Budget.Total != 200 || strings.Join(rec.ContractNumbers, ",") != "C-2,C-1" {
		t.Fatalf("compiled total %v, contracts %v; want 200 and C-2,C-1", *rec.Budget.Total, rec.ContractNumbers)
	}
	want := map[string]Evidence{
		"title":              {Source: shaOld, Snippet: "Проект „Ремонт на училище“", Start: 10, End: 27},
		"budget.total":       {Source: shaNew, Snippet: "Обща стойност 200 лв.", Start: 5, End: 12},
		"budget.grant":       {Source: shaOld, Snippet: "БФП: 50 лв.", Start: 60, End: 66},
		"contract_numbers.0": {Source: "cafe", Snippet: "№ C-2", Start: 1, End: 4},
		"contract_numbers.1": {Source: shaOld, Snippet: "Договор № C-1", Start: 80, End: 83},
	}
	if len(rec.Evidence) != len(want) {
		t.Errorf("evidence has %d fields, want %d: %+v", len(rec.Evidence), len(want), rec.Evidence)
	}
	for k, w := range want {
		if got := rec.Evidence[k]; got != w {
			t.Errorf("evidence[%s] = %+v, want %+v", k, got, w)
		}
	}
}

// A record without evidence writes "evidence": {}; with some, an object of
// field paths.
func TestEvidenceJSON(t *testing.T) {
	b, err := json.Marshal(Record{ID: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"evidence":{}`) {
		t.Errorf("empty evidence: %s", b)
	}
	r := Record{ID: "x", Evidence: map[string]Evidence{"period.start": {Source: "ab", Snippet: "от 01.02.2020", Start: 3, End: 13}}}
	b, _ = json.Marshal(r)
	var back Record
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Evidence["period.start"] != r.Evidence["period.start"] {
		t.Errorf("round trip: %+v from %s", back.Evidence, b)
	}
}

// A change of evidence alone (the page moved text around the value) is no
// version; a change of a value is.
func TestReviseIgnoresEvidenceMoves(t *testing.T) {
	at := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	mk := func(total float64, start int) []Contribution {
		r := Record{Title: "T", Budget: Budget{Total: f64(total), Currency: "BGN"},
			Evidence: map[string]Evidence{"budget.total": {Snippet: "s", Start: start, End: start + 3}}}
		return []Contribution{{URL: "https://a.bg/p", FetchedAt: at, SHA256: "aa", Records: []Record{r}}}
	}
	first, err := Revise("id", nil, nil, mk(100, 1), at)
	if err != nil || first.Kind != "created" {
		t.Fatalf("first revision: %+v, %v", first, err)
	}
	moved, err := Revise("id", &first.Record, first.Raw, mk(100, 7), at.Add(time.Hour))
	if err != nil || moved.Same || moved.Kind != "" || moved.Record.Evidence["budget.total"].Start != 7 {
		t.Errorf("moved evidence: kind %q same %v evidence %+v, %v; want a silent rewrite", moved.Kind, moved.Same, moved.Record.Evidence, err)
	}
	changed, err := Revise("id", &first.Record, first.Raw, mk(120, 7), at.Add(time.Hour))
	if err != nil || changed.Kind != "changed" || len(changed.Changes) != 2 {
		t.Errorf("changed total: kind %q changes %+v, %v; want budget.total and budget.total_eur", changed.Kind, changed.Changes, err)
	}
}
