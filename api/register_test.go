package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// registerServer is a server over a store with a register programme and
// three pages of Община Левски: one agreeing, one disagreeing, one with
// a number the register does not have.
func registerServer(t *testing.T) *testServer {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	fp := func(v float64) *float64 { return &v }
	levski := "България, Северна и югоизточна България (BG3), Северозападен (BG31), Плевен (BG314), Левски, гр.Левски"
	p := dataset.RegisterProgramme{ID: 1, PeriodID: 1, Name: "ОП „Региони в растеж“", URL: "https://register.test/p1", GeneratedAt: "2026-01-05T10:00:00", Projects: 4}
	l, err := st.LoadRegister(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []dataset.RegisterContract{
		{Number: "BG16RFOP001-1.001-0001-C01", Name: "Реконструкция на улици в Левски", Beneficiary: "Община Левски", BeneficiaryEIK: "000413640",
			Status: "Приключен", Start: "2017-03-01", End: "2019-12-31", TotalEUR: fp(511291.88), PaidEUR: fp(400000), Places: []string{levski}, Municipalities: []string{"Левски"}},
		{Number: "BG16RFOP001-1.001-0002-C01", Name: "Детска градина „Звездица“ в Левски", Beneficiary: "Община Левски", BeneficiaryEIK: "000413640", TotalEUR: fp(100000)},
		{Number: "BG16RFOP001-1.001-0003-C01", Name: "=Парк в Левски", Beneficiary: "Община Левски", BeneficiaryEIK: "000413640", TotalEUR: fp(7000.5)},
		{Number: "BG16RFOP002-2.001-0004-C01", Name: "Машини", Beneficiary: "Иван", NaturalPerson: true, TotalEUR: fp(2000), Places: []string{levski}, Municipalities: []string{"Левски"}},
	} {
		if err := l.Add(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Commit(p, nil); err != nil {
		t.Fatal(err)
	}
	for i, r := range []dataset.Record{
		{Title: "Реконструкция на улиците в гр. Левски", ContractNumbers: []string{"BG16RFOP001-1.001-0001"}, Budget: dataset.Budget{Total: fp(1000000), Currency: "BGN"}},
		{Title: "Детска градина „Звездица“", ContractNumbers: []string{"BG16RFOP001-1.001-0002-C01"}, Budget: dataset.Budget{Total: fp(250000.5), Currency: "EUR"}},
		{Title: "Спортна зала", ContractNumbers: []string{"BG16RFOP001-1.001-0099-C01"}},
	} {
		r.Municipality = "Левски"
		if _, err := st.Merge(dataset.Page{URL: "https://levski.test/" + string(rune('a'+i)), FetchedAt: time.Now()}, []dataset.Record{r}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.RefreshRegister(context.Background(), "https://register.test/"); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := ix.Rebuild(context.Background(), st.EachRecord); err != nil {
		t.Fatal(err)
	}
	return newTestServer(t, func(c *Config) { c.Store, c.Index = st, ix })
}

func TestDisclosureAPI(t *testing.T) {
	ts := registerServer(t)
	v := newValidator(t)
	path := "/api/v1/municipalities/" + url.PathEscape("Левски") + "/disclosure"
	resp, body := ts.get(t, path)
	if resp.StatusCode != 200 {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, body)
	}
	v.check("GET", "/api/v1/municipalities/{name}/disclosure", resp, body)
	var d dataset.Disclosure
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	status := map[string]string{}
	for _, row := range d.Contracts {
		status[row.Contract.Number] = row.Status
	}
	want := map[string]string{"BG16RFOP001-1.001-0001-C01": "announced", "BG16RFOP001-1.001-0002-C01": "disagreement",
		"BG16RFOP001-1.001-0003-C01": "not_announced", "BG16RFOP002-2.001-0004-C01": "not_announced"}
	for k, w := range want {
		if status[k] != w {
			t.Errorf("%s: %q, want %q", k, status[k], w)
		}
	}
	if d.Beneficiary.Contracts != 3 || d.Beneficiary.NotAnnounced != 1 || d.Place.Contracts != 2 || d.Total.NotAnnouncedEUR != 9000.5 ||
		d.Records["matched"] != 1 || d.Records["disagreement"] != 1 || d.Records["unmatched"] != 1 {
		t.Errorf("counts %+v %+v %+v records %v", d.Beneficiary, d.Place, d.Total, d.Records)
	}
	// The never-announced, as CSV: a row per contract, values as the register has them.
	resp, body = ts.get(t, "/api/v1/municipalities/"+url.PathEscape("Левски")+"/unannounced.csv")
	if resp.StatusCode != 200 {
		t.Fatalf("csv %d", resp.StatusCode)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "contract_number" {
		t.Fatalf("csv %v %q", err, rows)
	}
	if rows[1][0] != "BG16RFOP001-1.001-0003-C01" || rows[1][1] != "'=Парк в Левски" || rows[1][8] != "7000.5" ||
		rows[2][3] != "Иван" || rows[2][4] != "" || rows[2][2] != "place" {
		t.Errorf("csv rows %q", rows[1:])
	}
	resp, body = ts.get(t, "/api/v1/municipalities/"+url.PathEscape("Левски")+"/unannounced.json?role=beneficiary")
	v.check("GET", "/api/v1/municipalities/{name}/unannounced.json", resp, body)
	var list []dataset.DisclosureRow
	if err := json.Unmarshal(body, &list); err != nil || len(list) != 1 {
		t.Errorf("json %v %d", err, len(list))
	}
	for path, code := range map[string]int{
		"/api/v1/municipalities/" + url.PathEscape("Нарния") + "/disclosure":         404,
		"/api/v1/municipalities/" + url.PathEscape("Левски") + "/disclosure?role=x":  400,
		"/api/v1/municipalities/" + url.PathEscape("Левски") + "/unannounced.ndjson": 200,
	} {
		if resp, body := ts.get(t, path); resp.StatusCode != code {
			t.Errorf("%s: %d, want %d: %s", path, resp.StatusCode, code, body)
		}
	}
}

func TestRegisterInRecordsAndSearch(t *testing.T) {
	ts := registerServer(t)
	v := newValidator(t)
	resp, body := ts.get(t, "/api/v1/projects/BG16RFOP001-1.001-0002-C01")
	v.check("GET", "/api/v1/projects/{id}", resp, body)
	var r dataset.Record
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatal(err)
	}
	if r.Register == nil || len(r.Register.Disagreements) != 1 || r.Register.Disagreements[0].Register != "100000.00 EUR" ||
		*r.Budget.Total != 250000.5 {
		t.Fatalf("record %+v %+v", r.Register, r.Budget)
	}
	resp, body = ts.get(t, "/api/v1/projects?disagreement=true&facets=register")
	v.check("GET", "/api/v1/projects", resp, body)
	var ans struct {
		Total  int `json:"total"`
		Facets map[string][]dataset.FacetValue
	}
	if err := json.Unmarshal(body, &ans); err != nil || ans.Total != 1 {
		t.Errorf("disagreement=true: %v %s", err, body)
	}
	_, body = ts.get(t, "/api/v1/projects.csv?matched=false")
	rows, _ := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\uFEFF")))).ReadAll()
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if len(rows) != 2 || rows[1][col["register_match"]] != "unmatched" || rows[1][col["register_unmatched"]] != "BG16RFOP001-1.001-0099-C01" {
		t.Errorf("matched=false csv %q", rows)
	}
	// The pages for people.
	resp, body = ts.get(t, "/municipalities/"+url.PathEscape("Левски")+"/disclosure?lang=en")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "BG16RFOP001-1.001-0003-C01") || !strings.Contains(string(body), "Not announced") {
		t.Errorf("disclosure page %d", resp.StatusCode)
	}
	resp, body = ts.get(t, "/projects/BG16RFOP001-1.001-0002-C01?lang=en")
	if resp.StatusCode != 200 || !strings.Contains(string(body), "In the ИСУН 2020 register") || !strings.Contains(string(body), "100000.00 EUR") {
		t.Errorf("project page %d", resp.StatusCode)
	}
}
