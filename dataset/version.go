package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"time"
)

// Versioning: a record is compiled again from its contributions whenever a
// page that speaks of it is merged; Revise decides what that means for the
// stored record — nothing, a silent rewrite (only the sources' fetch data
// or the evidence moved), or a Version (created, changed, withdrawn,
// restored) with the fields that changed. Any store applies it the same way.

// Revision is the outcome of compiling a record again.
type Revision struct {
	Record Record // the record to store
	// Raw is Record's JSON encoding when Revise made it (nil otherwise).
	Raw []byte
	// Kind is the version kind ("created", "changed", "withdrawn",
	// "restored"), "" when the fields did not change.
	Kind    string
	Changes []Change
	// Same is true when the stored record needs no rewrite at all.
	Same bool
}

// Revise compiles the record id from its contributions cs as of the merge
// at time at, against the stored record old (oldRaw its stored encoding; nil
// when there is none). A record no page speaks of any more is withdrawn,
// never deleted; one that comes back is restored.
func Revise(id string, old *Record, oldRaw []byte, cs []Contribution, at time.Time) (Revision, error) {
	return ReviseJoined(id, old, oldRaw, cs, at, nil)
}

// ReviseJoined is Revise with the compiled record joined to the register
// reg (JoinRegister; nil joins nothing), before it is compared with the
// stored one.
func ReviseJoined(id string, old *Record, oldRaw []byte, cs []Contribution, at time.Time, reg RegisterIndex) (Revision, error) {
	exists := old != nil
	var rev Revision
	switch {
	case len(cs) == 0 && (!exists || old.Withdrawn != ""):
		return Revision{Same: true}, nil
	case len(cs) == 0:
		rev.Record = *old
		rev.Record.Withdrawn = at.Format(time.DateOnly)
		rev.Kind = "withdrawn"
		rev.Changes = []Change{{Field: "withdrawn", From: nil, To: rev.Record.Withdrawn}}
	default:
		rec := Compile(id, cs)
		if reg != nil {
			if err := JoinRegister(&rec, reg, FieldSourcesOf(cs)); err != nil {
				return Revision{}, fmt.Errorf("join the register: %w", err)
			}
		}
		if exists {
			rec.FirstSeen, rec.Updated = old.FirstSeen, old.Updated
		} else {
			// A new record: stamped before it is encoded, so that the
			// encoding is the one stored (the stamps are not in its diff).
			rec.FirstSeen = at.Format(time.RFC3339)
			rec.Updated = rec.FirstSeen
		}
		newRaw, err := json.Marshal(rec)
		if err != nil {
			return Revision{}, fmt.Errorf("encode record: %w", err)
		}
		if exists && old.Withdrawn == "" && bytes.Equal(oldRaw, newRaw) {
			return Revision{Same: true}, nil // the usual re-crawl: nothing changed
		}
		rev.Record = rec
		rev.Changes = Diff(oldRaw, newRaw)
		switch {
		case !exists:
			rev.Kind, rev.Raw = "created", newRaw
		case old.Withdrawn != "":
			rev.Kind = "restored"
			rev.Changes = append(rev.Changes, Change{Field: "withdrawn", From: old.Withdrawn, To: nil})
		case len(rev.Changes) > 0:
			rev.Kind = "changed"
		}
	}
	if rev.Record.FirstSeen == "" {
		rev.Record.FirstSeen = at.Format(time.RFC3339)
	}
	if rev.Kind != "" {
		rev.Record.Updated = at.Format(time.RFC3339)
	}
	return rev, nil
}

// Version returns the version a revision appends when its Kind is not "":
// made at time at by the page p (its URL and the hash of the body that
// caused the change).
func (rev Revision) Version(p Page, at time.Time) Version {
	return Version{At: at, Source: p.URL, SHA256: p.SHA256, Kind: rev.Kind, Changes: rev.Changes}
}

// diffSkip are the fields a version does not report: identity, bookkeeping,
// the sources' fetch metadata (which change on every fetch), the evidence
// (whose offsets move whenever the page around the value changes) and what
// is derived from other fields (the best-known amount follows budget.total
// and budget.grant; budget.own repeats budget.own_contribution;
// warning_details say what warnings say).
var diffSkip = map[string]bool{"id": true, "sources": true, "first_seen": true, "updated": true,
	"withdrawn": true, "evidence": true, "budget.amount_eur": true, "budget.amount_basis": true, "budget.own": true,
	"register.file_date": true, // the register file's date moves with every sync: its new copy needs no version
	"warning_details":    true}

// Diff lists the fields (budget.* and period.* one level down) whose value
// differs between two records' JSON (a nil for none), in the record's
// field order, with JSON values.
func Diff(a, b []byte) []Change {
	fa, fb := flatten(a), flatten(b)
	var names []string
	for k := range fa {
		names = append(names, k)
	}
	for k := range fb {
		if _, ok := fa[k]; !ok {
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		oi, oj := fieldRank(names[i]), fieldRank(names[j])
		if oi != oj {
			return oi < oj
		}
		return names[i] < names[j]
	})
	var out []Change
	for _, k := range names {
		if diffSkip[k] {
			continue
		}
		from, to := empty(fa[k]), empty(fb[k])
		if !reflect.DeepEqual(from, to) {
			out = append(out, Change{Field: k, From: from, To: to})
		}
	}
	return out
}

// fieldOrder puts a version's changes in the record's own order.
var fieldOrder = []string{"title", "contract_numbers", "procedure_codes", "programme", "programme_name",
	"funds", "beneficiary", "municipality", "partners", "contractors", "budget.", "period.",
	"objectives", "activities", "results", "target_groups", "published", "documents", "warnings",
	"register_match", "register.", "register_unmatched"}

func fieldRank(name string) int {
	for i, f := range fieldOrder {
		if name == f || (f[len(f)-1] == '.' && len(name) > len(f) && name[:len(f)] == f) {
			return i
		}
	}
	return len(fieldOrder)
}

// flatten turns a record's JSON into its fields, budget, period and register one level down.
func flatten(raw []byte) map[string]any {
	m := map[string]any{}
	if raw != nil {
		_ = json.Unmarshal(raw, &m)
	}
	for _, sub := range []string{"budget", "period", "register"} {
		if inner, ok := m[sub].(map[string]any); ok {
			for k, x := range inner {
				m[sub+"."+k] = x
			}
			delete(m, sub)
		}
	}
	return m
}

// empty returns nil for an empty list, so that null and [] do not differ.
func empty(v any) any {
	if l, ok := v.([]any); ok && len(l) == 0 {
		return nil
	}
	return v
}
