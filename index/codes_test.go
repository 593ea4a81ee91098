package index

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// TestMunicipalityCodeFilterAndFacet: municipality_code selects one of two
// municipalities of the same name; with municipality, it names more
// municipalities (OR); with any other filter, AND. The facet counts each
// code, after a reopen too (the columns come from the doc values).
func TestMunicipalityCodeFilterAndFacet(t *testing.T) {
	rec := func(id, name, code, prog, title string) dataset.Record {
		return dataset.Record{ID: id, Title: title, Municipality: name, MunicipalityCode: code, Programme: prog}
	}
	recs := []dataset.Record{
		rec("r1", "Бяла", "RSE04", "OPRG", "Ремонт на улици в Бяла"),
		rec("r2", "Бяла", "RSE04", "RDP", "Детска градина"),
		rec("v1", "Бяла", "VAR05", "OPRG", "Ремонт на улици в Бяла"),
		rec("u1", "Бяла", "", "OPRG", "Читалище"), // a page of another site names Бяла: no code
		rec("p1", "Пещера", "PAZ21", "RDP", "Площад"),
	}
	dir := filepath.Join(t.TempDir(), "index.bleve")
	x, err := Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		tests := []struct {
			params string
			want   []string
		}{
			{"municipality_code=RSE04", []string{"r1", "r2"}},
			{"municipality_code=var05", []string{"v1"}},
			{"municipality=Бяла", []string{"r1", "r2", "u1", "v1"}},
			{"municipality_code=RSE04&municipality_code=PAZ21", []string{"p1", "r1", "r2"}},
			{"municipality_code=VAR05&municipality=Пещера", []string{"p1", "v1"}},
			{"municipality_code=RSE04&programme=OPRG", []string{"r1"}},
			{"municipality_code=RSE04&q=улици", []string{"r1"}},
			{"municipality_code=SOF46", nil},
		}
		for _, tt := range tests {
			if got := sorted(ids(find(t, x, "per_page=100&"+tt.params))); !slices.Equal(got, tt.want) {
				t.Errorf("%s: %s: got %v, want %v", when, tt.params, got, tt.want)
			}
		}
		res := find(t, x, "facets=municipality_code,municipality")
		want := []dataset.FacetValue{{Value: "RSE04", Count: 2}, {Value: "PAZ21", Count: 1}, {Value: "VAR05", Count: 1}}
		if !slices.Equal(res.Facets["municipality_code"], want) {
			t.Errorf("%s: facet municipality_code = %v, want %v", when, res.Facets["municipality_code"], want)
		}
		if m := res.Facets["municipality"]; len(m) != 2 || m[0] != (dataset.FacetValue{Value: "Бяла", Count: 4}) {
			t.Errorf("%s: facet municipality = %v", when, m)
		}
		var each []string
		q, _ := parseParams("municipality_code=RSE04")
		if err := x.EachID(context.Background(), q, func(id string) error { each = append(each, id); return nil }); err != nil {
			t.Fatal(err)
		}
		if slices.Sort(each); !slices.Equal(each, []string{"r1", "r2"}) {
			t.Errorf("%s: EachID (the downloads) = %v", when, each)
		}
	}
	if err := x.Put(recs); err != nil {
		t.Fatal(err)
	}
	check("after Put")
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if x, err = Open(dir, nil); err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	check("reopened")
}
