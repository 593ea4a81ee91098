package index

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// colValues is a row with its dictionary values spelled out, to compare
// the columns of two indexes.
type colValues struct {
	muni, prog       string
	funds            []string
	yFrom, yTo       int16
	start, published int32
	updated          int64
	budget           int64
	title            string
}

func columnValues(c *columns) map[string]colValues {
	out := map[string]colValues{}
	for i, r := range c.rows {
		if !r.alive {
			continue
		}
		v := colValues{yFrom: r.yFrom, yTo: r.yTo, start: r.start, published: r.published, updated: r.updated, budget: r.budget, title: r.title}
		if r.muni >= 0 {
			v.muni = c.munis.values[r.muni]
		}
		if r.prog >= 0 {
			v.prog = c.progs.values[r.prog]
		}
		for _, f := range r.funds {
			v.funds = append(v.funds, c.funds.values[f])
		}
		slices.Sort(v.funds)
		out[c.ids[i]] = v
	}
	return out
}

// The columns Put builds from records are those Open reads back from the
// index's doc values, and they hold what the records say.
func TestColumnsLoadMatchesPut(t *testing.T) {
	recs := truthRecords(t)
	path := filepath.Join(t.TempDir(), "index.bleve")
	x, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := x.Put(recs); err != nil {
		t.Fatal(err)
	}
	if err := x.Delete([]string{recs[0].ID}); err != nil {
		t.Fatal(err)
	}
	put := columnValues(x.cols)
	x.Close()
	x, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	loaded := columnValues(x.cols)
	if len(put) != len(recs)-1 || len(loaded) != len(put) {
		t.Fatalf("%d rows after Put, %d after Open; want %d", len(put), len(loaded), len(recs)-1)
	}
	for id, v := range put {
		if w, ok := loaded[id]; !ok || !equalValues(v, w) {
			t.Errorf("%s: Put %+v; Open %+v", id, v, w)
		}
	}
	// Spot checks against the records themselves.
	checked := 0
	for _, r := range recs[1:] {
		v := put[r.ID]
		if v.muni != r.Municipality || v.prog != r.Programme {
			t.Errorf("%s: municipality %q programme %q; want %q %q", r.ID, v.muni, v.prog, r.Municipality, r.Programme)
		}
		if e := bestEUR(r); e != nil {
			if want := int64(*e*100 + 0.5); v.budget != want {
				t.Errorf("%s: budget %d cents; want %d", r.ID, v.budget, want)
			}
			checked++
		} else if v.budget != -1 {
			t.Errorf("%s: budget %d; want none", r.ID, v.budget)
		}
		if ys := yearsCovered(&r); len(ys) > 0 && (int(v.yFrom) != dataset.YearOf(ys[0]) || int(v.yTo) != dataset.YearOf(ys[len(ys)-1])) {
			t.Errorf("%s: years %d-%d; want %v", r.ID, v.yFrom, v.yTo, ys)
		}
	}
	if checked == 0 {
		t.Error("no record with a budget to check")
	}
}

func equalValues(a, b colValues) bool {
	return a.muni == b.muni && a.prog == b.prog && slices.Equal(a.funds, b.funds) &&
		a.yFrom == b.yFrom && a.yTo == b.yTo && a.start == b.start && a.published == b.published && a.updated == b.updated &&
		a.budget == b.budget && a.title == b.title
}

// Filters, facets and sorts follow Put and Delete, also for a record that
// changes its municipality.
func TestColumnsFollowWrites(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	r := recs[3]
	from, to := r.Municipality, "Нова община"
	if from == "" {
		t.Fatal("record without a municipality")
	}
	before := find(t, x, "municipality="+urlEscape(from)+"&facets=municipality").Total
	r.Municipality = to
	budget := 123456789.5
	r.Budget.TotalEUR = &budget
	if err := x.Put([]dataset.Record{r}); err != nil {
		t.Fatal(err)
	}
	if got := find(t, x, "municipality="+urlEscape(from)).Total; got != before-1 {
		t.Errorf("%s: %d records after the move; want %d", from, got, before-1)
	}
	res := find(t, x, "municipality="+urlEscape(to)+"&facets=municipality")
	if !slices.Equal(ids(res), []string{r.ID}) || !slices.Equal(res.Facets["municipality"], []dataset.FacetValue{{Value: to, Count: 1}}) {
		t.Errorf("%s: %v %v", to, ids(res), res.Facets)
	}
	if got := ids(find(t, x, "sort=-budget&per_page=1")); !slices.Equal(got, []string{r.ID}) {
		t.Errorf("largest budget %v; want %s", got, r.ID)
	}
	if err := x.Delete([]string{r.ID}); err != nil {
		t.Fatal(err)
	}
	if got := find(t, x, "municipality="+urlEscape(to)).Total; got != 0 {
		t.Errorf("%d records after Delete", got)
	}
	if got := find(t, x, "").Total; got != uint64(len(recs)-1) {
		t.Errorf("total %d after Delete; want %d", got, len(recs)-1)
	}
}
