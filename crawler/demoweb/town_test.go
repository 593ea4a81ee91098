package demoweb

import (
	"io"
	"net/http/httptest"
	"testing"

	"github.com/opendata-bg/opendata/dataset/extract"
)

// Every project page of a generated town gives a project record to the
// real extractor, and the pages a project crawl does not need give none
// (or very few: some speak of projects, as real ones do).
func TestTownPagesExtract(t *testing.T) {
	for seed := range uint64(5) {
		town := NewTown(TownOptions{Municipality: "Тестово", Seed: seed, Projects: 25, News: 40, Noise: 1})
		counts := map[string][2]int{} // kind → pages, pages with records
		for _, path := range town.order {
			rec := httptest.NewRecorder()
			town.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			body, _ := io.ReadAll(rec.Result().Body)
			res, err := extract.Extract(body, "http://testovo.bg"+path, rec.Header().Get("Content-Type"))
			if err != nil {
				t.Fatal(err)
			}
			k := town.Kind(path)
			c := counts[k]
			c[0]++
			if len(res.Projects) > 0 {
				c[1]++
			}
			counts[k] = c
		}
		t.Logf("seed %d (%s, %q): %v", seed, town.Style, town.Label, counts)
		for _, k := range []string{KindProject, KindNewsProject} {
			if c := counts[k]; c[1] != c[0] {
				t.Errorf("seed %d: %d of %d %s pages give records", seed, c[1], c[0], k)
			}
		}
	}
}
