package dataset

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestParseQuery(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		raw     string
		want    Query
		wantErr string // a part of the message; "" for no error
	}{
		{"", Query{Page: 1, PerPage: DefaultPerPage}, ""},
		{"q=+мониторинг+&municipality=Пещера&municipality=Пещера&municipality=Септември",
			Query{Q: "мониторинг", Municipality: []string{"Пещера", "Септември"}, Page: 1, PerPage: DefaultPerPage}, ""},
		{"per_page=1000&page=3", Query{Page: 3, PerPage: MaxPerPage}, ""},
		{"municipality_code=RSE04&municipality_code=+var05+", Query{MunicipalityCode: []string{"RSE04", "VAR05"}, Page: 1, PerPage: DefaultPerPage}, ""},
		{"municipality_code=Бяла", Query{}, "municipality_code"},
		{"municipality_code=RSE4", Query{}, "ЕКАТТЕ"},
		{"year_from=2014&year_to=2020&budget_min=1000.5&budget_max=2e6&sort=-budget",
			Query{YearFrom: 2014, YearTo: 2020, BudgetMin: f(1000.5), BudgetMax: f(2e6), Sort: "-budget", Page: 1, PerPage: DefaultPerPage}, ""},
		{"facets=programme,year&facets=programme", Query{Facets: []string{"programme", "year"}, Page: 1, PerPage: DefaultPerPage}, ""},
		{"contract=%E2%84%96+13-13-24", Query{Contract: "№ 13-13-24", Page: 1, PerPage: DefaultPerPage}, ""},
		{"updated_since=2026-11-21&sort=-updated", Query{UpdatedSince: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC), Sort: "-updated", Page: 1, PerPage: DefaultPerPage}, ""},
		{"updated_since=2026-11-21T10:30:00%2B02:00", Query{UpdatedSince: time.Date(2026, 11, 21, 8, 30, 0, 0, time.UTC), Page: 1, PerPage: DefaultPerPage}, ""},
		{"updated_since=yesterday", Query{}, "updated_since"},
		{"updated_since=21.11.2026", Query{}, "updated_since"},
		{"updated_since=0001-01-01", Query{}, "updated_since"},
		{"per_page=0", Query{}, "per_page"},
		{"per_page=abc", Query{}, "per_page"},
		{"page=0", Query{}, "page"},
		{"page=10001", Query{}, "page"},
		{"year_from=14", Query{}, "year_from"},
		{"year_from=2020&year_to=2010", Query{}, "after year_to"},
		{"budget_min=-5", Query{}, "budget_min"},
		{"budget_max=NaN", Query{}, "budget_max"},
		{"budget_min=10&budget_max=5", Query{}, "larger"},
		{"sort=price", Query{}, "sort"},
		{"facets=colour", Query{}, "facet"},
		{"q=%FF", Query{}, "UTF-8"},
		{"q=" + strings.Repeat("а", MaxQueryLen+1), Query{}, "longer"},
	}
	for _, tt := range tests {
		v, err := url.ParseQuery(tt.raw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ParseQuery(v)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || ErrorCode(err) != EINVALID {
				t.Errorf("ParseQuery(%.40q): error %v, want an invalid error naming %q", tt.raw, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseQuery(%.40q): %v", tt.raw, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseQuery(%.40q) = %+v, want %+v", tt.raw, got, tt.want)
		}
	}
}

// TestQueryValuesRoundTrip: Values writes a query that parses back to the
// same selection, so a download link selects exactly what the page shows.
func TestQueryValuesRoundTrip(t *testing.T) {
	v, _ := url.ParseQuery("q=ремонт&municipality=Пещера&municipality_code=RSE04&programme=OPRG&programme=PRR&fund=ERDF&contract=13-13-24" +
		"&year_from=2014&year_to=2020&budget_min=100&budget_max=5000000&sort=-start&page=4&per_page=50&updated_since=2026-11-21T10:30:00.5%2B02:00")
	q, err := ParseQuery(v)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseQuery(q.Values())
	if err != nil {
		t.Fatal(err)
	}
	q.Page, q.PerPage = 1, DefaultPerPage // Values leaves paging out
	if !reflect.DeepEqual(back, q) {
		t.Errorf("round trip: %+v, want %+v", back, q)
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"q=мониторинг&per_page=1000", "year_from=2014&year_to=2013", "budget_min=1e400",
		"facets=programme,,year", "sort=-budget&page=9999", "q=%22a%22+-b", "municipality=%D0%9F"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, err := ParseQuery(v)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("ParseQuery(%q): %v is not an invalid-input error", raw, err)
			}
			return
		}
		if q.Page < 1 || q.Page > MaxPage || q.PerPage < 1 || q.PerPage > MaxPerPage || !utf8.ValidString(q.Q) {
			t.Fatalf("ParseQuery(%q) = %+v: out of bounds", raw, q)
		}
		if _, err := ParseQuery(q.Values()); err != nil {
			t.Fatalf("ParseQuery(%q).Values() does not parse back: %v", raw, err)
		}
	})
}
