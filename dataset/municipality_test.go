package dataset

import (
	"strings"
	"testing"
	"time"
)

// twoByala is a sites file's directory with the two municipalities
// called Бяла and one other.
func twoByala() *MunicipalityCodes {
	m := NewMunicipalityCodes()
	m.Add("Бяла", "RSE04")
	m.Add("Бяла", "VAR05")
	m.Add("Пещера", "PAZ21")
	m.Add("Без код", "")
	return m
}

func TestMunicipalityCodes(t *testing.T) {
	m := twoByala()
	tests := []struct {
		name, siteName, siteCode string
		want                     string
	}{
		{"Бяла", "Бяла", "RSE04", "RSE04"},          // the site's own municipality: the site's code
		{"Бяла", "Бяла", "VAR05", "VAR05"},          // the other Бяла's site
		{"бяла", "Община Бяла", "VAR05", "VAR05"},   // names compared folded
		{"Пещера", "Бяла", "RSE04", "PAZ21"},        // another municipality, one entry of that name
		{"Община Пещера", "Бяла", "RSE04", "PAZ21"}, // "Община" is no part of the name
		{"Бяла", "Пещера", "PAZ21", ""},             // another municipality of a shared name: cannot tell which
		{"Септември", "Пещера", "PAZ21", ""},        // a name the sites file lacks
		{"Без код", "Пещера", "PAZ21", ""},          // its entry gives no code
		{"", "Пещера", "PAZ21", ""},                 // a record naming none
		{"Пещера", "Пещера", "", ""},                // a site without a code
	}
	for _, tt := range tests {
		if got := m.RecordCode(tt.name, tt.siteName, tt.siteCode); got != tt.want {
			t.Errorf("RecordCode(%q, site %q %q) = %q, want %q", tt.name, tt.siteName, tt.siteCode, got, tt.want)
		}
	}
	if !m.Shared("Бяла") || m.Shared("Пещера") || m.Shared("Септември") {
		t.Error("Shared is wrong")
	}
	var none *MunicipalityCodes
	if none.Code("Пещера") != "" || none.RecordCode("Пещера", "Бяла", "RSE04") != "" || none.RecordCode("Бяла", "Бяла", "RSE04") != "RSE04" {
		t.Error("a nil directory must know no name but still give the site's own code")
	}
	for s, want := range map[string]bool{"PAZ21": true, "RSE04": true, "rse04": false, "RSE4": false, "RSE045": false, "Бяла": false, "": false} {
		if IsMunicipalityCode(s) != want {
			t.Errorf("IsMunicipalityCode(%q) = %v", s, !want)
		}
	}
}

// TestCompileMunicipalityCode: the code goes with the chosen name, from
// the best-ranked source that names it and gives one; two codes for one
// name are a disagreement, said in a warning.
func TestCompileMunicipalityCode(t *testing.T) {
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	contrib := func(url string, days int, r Record) Contribution {
		return Contribution{URL: url, FetchedAt: at.AddDate(0, 0, days), Records: []Record{r}}
	}
	// The newest page names Бяла without a code (a page archived before
	// codes); an older one of the Бяла site gives RSE04; one of another site
	// names Русе with its code.
	rec := Compile("x", []Contribution{
		contrib("https://a/1", 3, Record{Title: "Т", Municipality: "Бяла"}),
		contrib("https://a/2", 2, Record{Title: "Т", Municipality: "Бяла", MunicipalityCode: "RSE04"}),
		contrib("https://a/3", 1, Record{Title: "Т", Municipality: "Русе", MunicipalityCode: "RSE27"}),
	})
	if rec.Municipality != "Бяла" || rec.MunicipalityCode != "RSE04" {
		t.Errorf("compiled %q %q, want Бяла RSE04", rec.Municipality, rec.MunicipalityCode)
	}
	rec = Compile("y", []Contribution{
		contrib("https://a/1", 2, Record{Title: "Т", Municipality: "Бяла", MunicipalityCode: "VAR05"}),
		contrib("https://b/1", 1, Record{Title: "Т", Municipality: "Бяла", MunicipalityCode: "RSE04"}),
	})
	if rec.MunicipalityCode != "VAR05" {
		t.Errorf("compiled code %q, want the newest source's VAR05", rec.MunicipalityCode)
	}
	found := false
	for _, w := range rec.Warnings {
		found = found || w == `municipality_code: sources disagree: "VAR05" (https://a/1, kept: newest) vs "RSE04" (https://b/1)`
	}
	if !found {
		t.Errorf("no warning names both codes: %q", rec.Warnings)
	}
}

// TestRecordJSONMunicipalityCode: the store's records always carry the
// field (null when unknown); the extractor's only when one is set.
func TestRecordJSONMunicipalityCode(t *testing.T) {
	for _, tt := range []struct {
		r    Record
		want string // "" when the key must be absent
	}{
		{Record{ID: "a", Municipality: "Бяла"}, ""},
		{Record{ID: "a", Municipality: "Бяла", MunicipalityCode: "VAR05"}, `"municipality":"Бяла","municipality_code":"VAR05"`},
		{Record{ID: "a", Municipality: "Бяла", FirstSeen: "2026-01-01T00:00:00Z"}, `"municipality":"Бяла","municipality_code":null`},
	} {
		b, err := tt.r.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		has := strings.Contains(string(b), `"municipality_code"`)
		if tt.want == "" && has || tt.want != "" && !strings.Contains(string(b), tt.want) {
			t.Errorf("%+v → %s, want %q", tt.r, b, tt.want)
		}
	}
}

// TestProvinceOfCode: a few by hand; crawler's TestShippedProvinces
// checks every entry of the shipped sites file.
func TestProvinceOfCode(t *testing.T) {
	for code, want := range map[string]string{"RSE04": "Русе", "VAR05": "Варна", "SOF46": "София (столица)", "SFO01": "София", "XYZ01": "", "RSE": ""} {
		if got := ProvinceOfCode(code); got != want {
			t.Errorf("ProvinceOfCode(%s) = %q, want %q", code, got, want)
		}
	}
}
