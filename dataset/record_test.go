package dataset

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAmountEUR(t *testing.T) {
	tests := []struct {
		name      string
		b         Budget
		eur       *float64
		basis     string
		stated    *float64
		statedFor string
	}{
		{"total", Budget{Total: fptr(195583), Grant: fptr(100000), Currency: "BGN"}, fptr(100000), BasisTotal, fptr(195583), BasisTotal},
		{"grant only", Budget{Grant: fptr(97791.5), Currency: "BGN"}, fptr(50000), BasisGrant, fptr(97791.5), BasisGrant},
		{"grant only, euro", Budget{Grant: fptr(1234.565), Currency: "EUR"}, fptr(1234.57), BasisGrant, fptr(1234.565), BasisGrant},
		{"stored EUR figure wins", Budget{Total: fptr(10), Currency: "BGN", TotalEUR: fptr(5.11)}, fptr(5.11), BasisTotal, fptr(10), BasisTotal},
		{"own contribution is no amount of the project", Budget{OwnContribution: fptr(500), Currency: "BGN"}, nil, "", nil, ""},
		{"no currency", Budget{Total: fptr(10)}, nil, "", fptr(10), BasisTotal},
		{"nothing", Budget{}, nil, "", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eur, basis := tt.b.AmountEUR()
			if !sameFloat(eur, tt.eur) || basis != tt.basis {
				t.Errorf("AmountEUR = %v %q; want %v %q", show(eur), basis, show(tt.eur), tt.basis)
			}
			v, basis := tt.b.Amount()
			if !sameFloat(v, tt.stated) || basis != tt.statedFor {
				t.Errorf("Amount = %v %q; want %v %q", show(v), basis, show(tt.stated), tt.statedFor)
			}
		})
	}
}

func sameFloat(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func show(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

// TestBudgetJSON: own_contribution is one field written under both names,
// and the best-known amount is written for the store's records only.
func TestBudgetJSON(t *testing.T) {
	rec := Record{ID: "x", Budget: Budget{Grant: fptr(97791.5), Own: fptr(12), Currency: "BGN"}}
	rec.Budget.FillEUR()
	get := func(r Record) map[string]any {
		raw, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		var out struct {
			Budget map[string]any `json:"budget"`
		}
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatal(err)
		}
		return out.Budget
	}
	b := get(rec)
	if b["own_contribution"] != 12.0 || b["own"] != 12.0 {
		t.Errorf("own_contribution %v, own %v; want 12 under both names", b["own_contribution"], b["own"])
	}
	if _, ok := b["amount_eur"]; ok {
		t.Errorf("an extracted record (no first_seen) carries amount_eur %v", b["amount_eur"])
	}
	rec.FirstSeen = "2026-11-21T10:00:00Z"
	b = get(rec)
	if b["amount_eur"] != 50000.0 || b["amount_basis"] != "grant" {
		t.Errorf("amount_eur %v, amount_basis %v; want 50000 grant", b["amount_eur"], b["amount_basis"])
	}
	empty := get(Record{ID: "y", FirstSeen: rec.FirstSeen})
	if v, ok := empty["amount_eur"]; !ok || v != nil || empty["amount_basis"] != nil {
		t.Errorf("no amount: amount_eur %v (present %v), amount_basis %v; want null, null", v, ok, empty["amount_basis"])
	}
	// The deprecated Go field is never read back: own_contribution is the field.
	var back Record
	raw, _ := json.Marshal(rec)
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back.Budget.Own != nil || back.Budget.OwnContribution == nil || *back.Budget.OwnContribution != 12 {
		t.Errorf("read back: own %v, own_contribution %v", show(back.Budget.Own), show(back.Budget.OwnContribution))
	}
	if !strings.Contains(string(raw), `"own":12,"amount_eur":50000,"amount_basis":"grant"}`) {
		t.Errorf("budget JSON order: %s", raw)
	}
}
