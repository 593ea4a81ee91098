package crawler

import (
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// TestDirectoryPageCode: a page archived before pages kept their site's
// code finds its entry by its municipality, and by its host when two
// entries share the name.
func TestDirectoryPageCode(t *testing.T) {
	sites, err := ParseSites([]byte(`
- municipality: Бяла
  ekatte: RSE04
  home: https://www.byala.bg/
- municipality: Бяла
  ekatte: VAR05
  home: https://www.byala.org/
- municipality: Пещера
  ekatte: PAZ21
  home: https://www.peshtera.bg/
- municipality: Без код
  home: https://bezkod.bg/
`))
	if err != nil {
		t.Fatal(err)
	}
	d := NewDirectory(sites)
	tests := []struct {
		p    dataset.Page
		want string
	}{
		{dataset.Page{Municipality: "Бяла", URL: "https://byala.bg/proekti/1"}, "RSE04"},
		{dataset.Page{Municipality: "Бяла", URL: "https://www.byala.org/p?id=2"}, "VAR05"},
		{dataset.Page{Municipality: "Бяла", URL: "https://old.byala.test/p", FinalURL: "https://www.byala.org/p"}, "VAR05"},
		{dataset.Page{Municipality: "Бяла", URL: "https://elsewhere.bg/p"}, ""}, // neither Бяла's host
		{dataset.Page{Municipality: "Пещера", URL: "https://elsewhere.bg/p"}, "PAZ21"},
		{dataset.Page{Municipality: "Бяла", MunicipalityCode: "VAR05", URL: "https://byala.bg/x"}, "VAR05"}, // the page's own
		{dataset.Page{Municipality: "Без код", URL: "https://bezkod.bg/"}, ""},
		{dataset.Page{Municipality: "Септември", URL: "https://septemvri.org/"}, ""},
		{dataset.Page{URL: "https://byala.bg/"}, ""},
	}
	for _, tt := range tests {
		if got := d.PageCode(tt.p); got != tt.want {
			t.Errorf("PageCode(%s %s %s) = %q, want %q", tt.p.Municipality, tt.p.URL, tt.p.FinalURL, got, tt.want)
		}
	}
	if c := d.Codes(); c.Code("Пещера") != "PAZ21" || c.Code("Бяла") != "" || !c.Shared("Бяла") {
		t.Errorf("Codes: Пещера %q, Бяла %q", c.Code("Пещера"), c.Code("Бяла"))
	}
}

// TestShippedProvinces: the province the code of each entry of the
// shipped sites file begins with is the entry's province.
func TestShippedProvinces(t *testing.T) {
	sites, err := DefaultSites()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		if got := dataset.ProvinceOfCode(s.Ekatte); got != s.Province {
			t.Errorf("%s %s: ProvinceOfCode = %q, the entry says %q", s.Ekatte, s.Municipality, got, s.Province)
		}
	}
}
