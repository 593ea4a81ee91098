package index

import (
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
