package api

import (
	"encoding/json"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// bestEUR is the amount cards, filters, sorting and totals go by, as
// record.md states the rule: budget.total_eur, else budget.grant_eur.
func bestEUR(r dataset.Record) *float64 {
	if r.Budget.TotalEUR != nil {
		return r.Budget.TotalEUR
	}
	return r.Budget.GrantEUR
}

// TestBestKnownAmount follows a project that states only its grant through
// the JSON, the card, the budget filter and the totals: it counts
// everywhere, with its grant, marked as such.
func TestBestKnownAmount(t *testing.T) {
	f := newWebFixture(t)
	var grantOnly []dataset.Record
	sum, perMuni := 0.0, map[string]float64{}
	for _, r := range f.recs {
		if r.Withdrawn != "" {
			continue
		}
		if e := bestEUR(r); e != nil {
			sum += *e
			perMuni[r.Municipality] += *e
		}
		if r.Budget.Total == nil && r.Budget.Grant != nil {
			grantOnly = append(grantOnly, r)
		}
	}
	if len(grantOnly) == 0 {
		t.Fatal("the fixture has no project stating only its grant: a poor test")
	}
	for _, r := range grantOnly {
		body := f.getJSON(t, "/api/v1/projects/"+url.PathEscape(r.ID))
		var got struct {
			Budget map[string]any `json:"budget"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatal(err)
		}
		b := got.Budget
		if b["amount_eur"] != *r.Budget.GrantEUR || b["amount_basis"] != "grant" {
			t.Errorf("%s: amount_eur %v (%v); want the grant %v (grant)", r.ID, b["amount_eur"], b["amount_basis"], *r.Budget.GrantEUR)
		}
		if b["own"] != b["own_contribution"] {
			t.Errorf("%s: own %v, own_contribution %v: one field, two names", r.ID, b["own"], b["own_contribution"])
		}

		// The card shows the grant, in both currencies, and says it is the grant.
		res, body := f.get(t, "/?contract="+url.QueryEscape(r.ContractNumbers[0]))
		wantStatus(t, res, body, http.StatusOK)
		want := `<strong data-field="budget.grant" data-in="stated">` + formatMoney(bgCatalog, r.Budget.Grant, r.Budget.Currency) + "</strong>"
		if r.Budget.Currency != "EUR" {
			want += ` <span class="eur">≈ <span data-field="budget.grant" data-in="eur">` + formatMoney(bgCatalog, r.Budget.GrantEUR, "EUR") + `</span></span>`
		}
		want += ` <span class="basis">(` + bgCatalog.T("result.grant_only") + `)</span>`
		if !strings.Contains(body, want) {
			t.Errorf("%s: the card does not read %s", r.ID, want)
		}

		// The budget filter finds it by its grant.
		e := *r.Budget.GrantEUR
		q := "/api/v1/projects?per_page=100&budget_min=" + strconv.FormatFloat(e-0.01, 'f', 2, 64) +
			"&budget_max=" + strconv.FormatFloat(e+0.01, 'f', 2, 64)
		if body := f.getJSON(t, q); !strings.Contains(body, `"id":`+strconv.Quote(r.ID)) {
			t.Errorf("%s: %s does not find it", r.ID, q)
		}
	}

	// The totals count every live project's best-known amount.
	body := f.getJSON(t, "/api/v1/stats")
	var st dataset.Stats
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		t.Fatal(err)
	}
	if math.Abs(st.BudgetEUR-sum) > 0.005*float64(len(f.recs)) {
		t.Errorf("stats budget_eur %.2f; the live records' amounts sum to %.2f", st.BudgetEUR, sum)
	}
	body = f.getJSON(t, "/api/v1/municipalities")
	var munis municipalitiesAnswer
	if err := json.Unmarshal([]byte(body), &munis); err != nil {
		t.Fatal(err)
	}
	for _, m := range munis.Municipalities {
		if want := perMuni[m.Municipality]; math.Abs(m.BudgetEUR-want) > 0.005*float64(m.Projects) {
			t.Errorf("%s: budget_eur %.2f; its live records' amounts sum to %.2f", m.Municipality, m.BudgetEUR, want)
		}
	}
}

// getJSON fetches an API path that must answer 200 with JSON.
func (f *webFixture) getJSON(t *testing.T, path string) string {
	t.Helper()
	res, body := f.get(t, path)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("%s: status %d, %s\n%.1500s", path, res.StatusCode, res.Header.Get("Content-Type"), body)
	}
	return body
}
