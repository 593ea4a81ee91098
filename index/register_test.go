package index

import (
	"fmt"
	"slices"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// TestRegisterFilterAndFacet: the register facet counts each record once,
// and matched, disagreement and register filter by it, with and without q,
// also after a record is put again with another state.
func TestRegisterFilterAndFacet(t *testing.T) {
	reg := func(dis int) *dataset.Register {
		r := &dataset.Register{RegisterContract: dataset.RegisterContract{Number: "BG16RFOP001-1.001-0001-C01"}}
		for range dis {
			r.Disagreements = append(r.Disagreements, dataset.Disagreement{Field: "title"})
		}
		return r
	}
	recs := []dataset.Record{
		{ID: "m1", Title: "парк", Register: reg(0), RegisterMatch: dataset.RegisterMatched},
		{ID: "m2", Title: "парк", Register: reg(0), RegisterMatch: dataset.RegisterMatched},
		{ID: "d1", Title: "парк", Register: reg(2), RegisterMatch: dataset.RegisterMatched},
		{ID: "u1", Title: "улица", RegisterMatch: dataset.RegisterUnmatched, RegisterUnmatched: []string{"x"}},
		{ID: "n1", Title: "улица"},
	}
	x := openTest(t, recs)
	res := find(t, x, "facets=register&per_page=100")
	want := []dataset.FacetValue{{Value: "matched", Count: 2}, {Value: "disagreement", Count: 1}, {Value: "none", Count: 1}, {Value: "unmatched", Count: 1}}
	if !slices.Equal(res.Facets["register"], want) {
		t.Errorf("facet %v, want %v", res.Facets["register"], want)
	}
	for params, wantIDs := range map[string][]string{
		"matched=true":                     {"d1", "m1", "m2"},
		"matched=false":                    {"n1", "u1"},
		"disagreement=true":                {"d1"},
		"disagreement=false&q=парк":        {"m1", "m2"},
		"register=unmatched":               {"u1"},
		"register=unmatched&register=none": {"n1", "u1"},
		"matched=true&q=улица":             {},
	} {
		got := ids(find(t, x, params+"&sort=title&per_page=100"))
		slices.Sort(got)
		if !slices.Equal(got, wantIDs) && !(len(got) == 0 && len(wantIDs) == 0) {
			t.Errorf("%s: %v, want %v", params, got, wantIDs)
		}
	}
	// u1 is found in the register after a sync.
	u := recs[3]
	u.Register, u.RegisterMatch, u.RegisterUnmatched = reg(0), dataset.RegisterMatched, nil
	if err := x.Put([]dataset.Record{u}); err != nil {
		t.Fatal(err)
	}
	if got := ids(find(t, x, "register=unmatched")); len(got) != 0 {
		t.Errorf("after the sync, unmatched: %v", got)
	}
	if _, err := searchErr(x, "matched=yes"); errCode(err) != dataset.EINVALID {
		t.Errorf("matched=yes: %v", err)
	}
}

// TestFacetsOverAPageOfManyHits: the facets of a filtered query count
// every hit, also when the page is smaller than the selection (the page's
// top-k must not lose or repeat hits).
func TestFacetsOverAPageOfManyHits(t *testing.T) {
	var recs []dataset.Record
	progs := []string{"OPRG", "OPE14", "PRR"}
	for i := range 30 {
		recs = append(recs, dataset.Record{ID: fmt.Sprintf("r%02d", i), Municipality: "Левски", Programme: progs[i%3],
			Published: fmt.Sprintf("2020-01-%02d", 1+i%28)})
	}
	want := []dataset.FacetValue{{Value: "OPE14", Count: 10}, {Value: "OPRG", Count: 10}, {Value: "PRR", Count: 10}}
	for _, pp := range []string{"1", "7", "29"} {
		x := openTest(t, recs) // a fresh index: the facets of a selection are cached
		got := find(t, x, "municipality=Левски&facets=programme&sort=-published&per_page="+pp).Facets["programme"]
		if !slices.Equal(got, want) {
			t.Errorf("per_page=%s: facets %v, want %v", pp, got, want)
		}
	}
}
