package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/opendata-bg/opendata/dataset"
)

// records turns the drafts that have the evidence of a project into
// records (stage 5).
func records(pg *page, drafts []draft) []dataset.Record {
	out := []dataset.Record{}
	i := 0
	for _, d := range drafts {
		if !d.evidence || applicationOnly(d) {
			continue
		}
		r := finish(d, i, pg)
		r.Documents = pg.documents
		out = append(out, r)
		i++
	}
	return out
}

// finish sets the budget, period, id, sources and warnings of a draft.
// The id hashes the canonical URL (stable when a site adds tracking
// parameters); the source is the page as fetched, which the store keys on.
func finish(d draft, pos int, pg *page) dataset.Record {
	canonical, pageURL, title := pg.canonical, pg.url, pg.title
	if canonical == "" {
		canonical = pageURL
	}
	r := d.rec
	r.Published = d.published
	r.Budget = d.money.budget(r.Published)
	r.Period = dataset.Period{Start: d.period.start, End: d.period.end}
	if d.period.hasMonths {
		n := d.period.months
		r.Period.DurationMonths = &n
	}
	r.Warnings = warnings(r)
	if e := d.period.otherEnd; e != "" {
		r.Warnings = append(r.Warnings, fmt.Sprintf("period: the page gives two end dates, %s and %s", d.period.end, e))
	}
	if len(r.ContractNumbers) > 0 {
		r.ID = r.ContractNumbers[0]
	} else {
		sum := sha256.Sum256([]byte(canonical + "#" + strconv.Itoa(pos)))
		r.ID = "h-" + hex.EncodeToString(sum[:8])
	}
	src := pageURL
	if src == "" {
		src = canonical
	}
	r.Sources = []dataset.Source{{URL: src, Title: title, Published: r.Published, SHA256: pg.sha}}
	r.Evidence = evidence(d, r, pg)
	return r
}

// warnings notes facts that do not add up; nothing is corrected.
func warnings(r dataset.Record) []string {
	var w []string
	b := r.Budget
	if b.Total != nil && b.Grant != nil && *b.Grant > *b.Total+0.005 {
		w = append(w, fmt.Sprintf("budget: grant %.2f is above the total %.2f", *b.Grant, *b.Total))
	}
	if b.Total != nil && b.OwnContribution != nil && *b.OwnContribution > *b.Total+0.005 {
		w = append(w, fmt.Sprintf("budget: own contribution %.2f is above the total %.2f", *b.OwnContribution, *b.Total))
	}
	if b.Total != nil && b.Grant != nil && b.CofinancingRate != nil && *b.Total > 0 {
		if d := *b.Grant / *b.Total * 100 - *b.CofinancingRate; d > 1 || d < -1 {
			w = append(w, fmt.Sprintf("budget: the grant is %.2f %% of the total, the page says %.2f %%", *b.Grant / *b.Total * 100, *b.CofinancingRate))
		}
	}
	p := r.Period
	if p.Start != "" && p.End != "" && p.End < p.Start {
		w = append(w, fmt.Sprintf("period: ends %s before it starts %s", p.End, p.Start))
	}
	if p.Start != "" && p.End != "" && p.DurationMonths != nil {
		span := monthsBetween(p.Start, p.End)
		if d := span - *p.DurationMonths; d > 1 || d < -1 {
			w = append(w, fmt.Sprintf("period: %d months stated, the dates span %d", *p.DurationMonths, span))
		}
	}
	return w
}

// monthsBetween counts whole months from a to b (ISO dates), rounding a
// period that ends the day before the anniversary up.
func monthsBetween(a, b string) int {
	ya, ma, da := ymd(a)
	yb, mb, db := ymd(b)
	n := (yb-ya)*12 + (mb - ma)
	if db+1 < da {
		n--
	}
	return n
}

func ymd(iso string) (int, int, int) {
	if len(iso) < 10 {
		return 0, 0, 0
	}
	y, _ := strconv.Atoi(iso[0:4])
	m, _ := strconv.Atoi(iso[5:7])
	d, _ := strconv.Atoi(iso[8:10])
	return y, m, d
}

// span is where a value was read: byte offsets into the page's visible
// text, end exclusive.
type span struct{ start, end int }
