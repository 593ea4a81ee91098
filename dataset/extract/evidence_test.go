package extract

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// TestEvidenceOnCorpora checks, over every page of the corpora, that each
// extracted amount, date and contract number has evidence whose snippet
// holds the value as printed, and whose offsets point at that printing in
// the page's visible text (VisibleText): the text there reads back as the
// value.
func TestEvidenceOnCorpora(t *testing.T) {
	dirs := append([]string{}, scoredCorpora...)
	if _, err := os.Stat(filepath.Join(realCorpus, "manifest.tsv")); err == nil {
		dirs = append(dirs, realCorpus)
	}
	checked := 0
	for _, dir := range dirs {
		for _, pg := range corpusPages(t, dir) {
			body, err := os.ReadFile(filepath.Join(dir, pg.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Extract(body, pg.url, "")
			if err != nil {
				t.Fatal(err)
			}
			text, err := VisibleText(body, pg.url, "")
			if err != nil {
				t.Fatal(err)
			}
			rs := []rune(text)
			name := filepath.Base(dir) + "/" + filepath.Base(pg.file)
			for _, r := range res.Projects {
				for key, want := range valuesOf(r) {
					ev, ok := r.Evidence[key]
					if !ok {
						t.Errorf("%s %s: %s = %s has no evidence", name, r.ID, key, want.show)
						continue
					}
					if ev.Start < 0 || ev.End > len(rs) || ev.Start >= ev.End {
						t.Errorf("%s %s: %s: offsets %d–%d outside the visible text (%d letters)", name, r.ID, key, ev.Start, ev.End, len(rs))
						continue
					}
					printed := string(rs[ev.Start:ev.End])
					if !want.reads(printed) {
						t.Errorf("%s %s: %s = %s, but the offsets point at %q", name, r.ID, key, want.show, printed)
					}
					if !strings.Contains(ev.Snippet, printed) {
						t.Errorf("%s %s: %s: the snippet %q does not hold %q", name, r.ID, key, ev.Snippet, printed)
					}
					if ev.Source == "" {
						t.Errorf("%s %s: %s: no source", name, r.ID, key)
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d values checked", checked)
	}
	t.Logf("%d amounts, dates and contract numbers checked against the visible text", checked)
}

// want is a value and how its printing reads back as it.
type want struct {
	show  string
	reads func(printed string) bool
}

// valuesOf lists a record's amounts, dates and contract numbers by their
// evidence key.
func valuesOf(r dataset.Record) map[string]want {
	out := map[string]want{}
	amount := func(key string, v *float64) {
		if v == nil {
			return
		}
		x := *v
		out[key] = want{show: bgtext.FormatFloat(x), reads: func(p string) bool {
			a, ok := bgtext.ParseAmount(p)
			return ok && a.Value > x-0.005 && a.Value < x+0.005
		}}
	}
	date := func(key, iso string) {
		if iso == "" {
			return
		}
		out[key] = want{show: iso, reads: func(p string) bool {
			for _, o := range []bgtext.DateOrder{bgtext.DayFirst, bgtext.MonthFirst} {
				if d, ok := bgtext.ParseDateOrder(p, o); ok && d == iso {
					return true
				}
			}
			return false
		}}
	}
	b := r.Budget
	amount("budget.total", b.Total)
	amount("budget.grant", b.Grant)
	date("period.start", r.Period.Start)
	date("period.end", r.Period.End)
	date("published", r.Published)
	for i, c := range r.ContractNumbers {
		c := c
		out["contract_numbers."+itoa(i)] = want{show: c, reads: func(p string) bool { return bgtext.NormalizeCode(p) == c }}
	}
	return out
}

func itoa(i int) string { return strconv.Itoa(i) }
