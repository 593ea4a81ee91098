package index

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

func TestHighlights(t *testing.T) {
	recs := truthRecords(t)
	evil := dataset.Record{
		ID:         "evil-1",
		Title:      `<script>alert("x")</script> Ремонт на читалище & музей`,
		Objectives: []string{`Ремонтът <b>ще</b> обнови сградата`},
	}
	x := openTest(t, append(recs, evil))

	res := find(t, x, "q=мониторинг&per_page=100")
	hl := 0
	for _, h := range res.Hits {
		for _, f := range h.Highlights["text"] {
			if !regexp.MustCompile(`<mark>мониторинг\w*</mark>`).MatchString(strings.ToLower(f)) {
				t.Errorf("%s: text fragment without a marked hit: %q", h.ID, f)
			}
			hl++
		}
	}
	if hl == 0 {
		t.Errorf("no text highlights for q=мониторинг")
	}

	res = find(t, x, "q=ремонт музеи")
	if len(res.Hits) == 0 || res.Hits[0].ID != "evil-1" {
		t.Fatalf("q=ремонт музеи: %v", ids(res))
	}
	title := res.Hits[0].Highlights["title"]
	if len(title) != 1 {
		t.Fatalf("title highlights %q", title)
	}
	want := `&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <mark>Ремонт</mark> на читалище &amp; <mark>музей</mark>`
	if title[0] != want {
		t.Errorf("title highlight\n got %s\nwant %s", title[0], want)
	}
	text := res.Hits[0].Highlights["text"]
	if len(text) != 1 || text[0] != `<mark>Ремонтът</mark> &lt;b&gt;ще&lt;/b&gt; обнови сградата` {
		t.Errorf("text highlight %q", text)
	}

	// A Latin query marks the Cyrillic words.
	res = find(t, x, "q=peshtera")
	if len(res.Hits) == 0 || !strings.Contains(strings.Join(res.Hits[0].Highlights["title"], ""), "<mark>Пещера</mark>") {
		t.Errorf("q=peshtera highlights: %+v", res.Hits)
	}
	// No q, no highlights.
	if res := find(t, x, "municipality=Пещера"); len(res.Hits) != 1 || res.Hits[0].Highlights != nil {
		t.Errorf("highlights without q: %+v", res.Hits)
	}
}

func TestPhrasesAndExclusions(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	// "енергийна ефективност" as a phrase: records that have the two words
	// next to each other (in any form of each).
	phrase := regexp.MustCompile(`(?i)енергийн\p{L}* ефективност\p{L}*`)
	var want []string
	for _, r := range recs {
		if phrase.MatchString(searchable(r)) {
			want = append(want, r.ID)
		}
	}
	sort.Strings(want)
	got := sorted(ids(find(t, x, `per_page=100&q="енергийна ефективност"`)))
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("phrase: %v; want %v", got, want)
	}
	// Bulgarian quotes work as well.
	if got2 := sorted(ids(find(t, x, `per_page=100&q=„енергийна ефективност“`))); !slices.Equal(got2, want) {
		t.Errorf("„phrase“: %v; want %v", got2, want)
	}
	// Exclusion.
	all := withAnyWord(recs, "сграда", "сгради", "сградата", "сградите")
	without := withAnyWord(recs, "детски", "детска", "детските", "детско", "детската")
	got = sorted(ids(find(t, x, "per_page=100&q=сграда -детски")))
	wantEx := []string{}
	for _, id := range all {
		if !slices.Contains(without, id) {
			wantEx = append(wantEx, id)
		}
	}
	if !slices.Equal(got, wantEx) && !(len(got) == 0 && len(wantEx) == 0) {
		t.Errorf("exclusion: %v; want %v", got, wantEx)
	}
	if len(wantEx) == len(all) || len(wantEx) == 0 {
		t.Errorf("exclusion test excludes nothing or everything (%d of %d)", len(wantEx), len(all))
	}
	// Stop words inside q are ignored.
	if a, b := find(t, x, "q=ремонт на сградата").Total, find(t, x, "q=ремонт сградата").Total; a != b || a == 0 {
		t.Errorf("stop word changed the result: %d vs %d", a, b)
	}
}

func TestSearchTimeout(t *testing.T) {
	x := openTest(t, truthRecords(t))
	x.Timeout = 1 // a nanosecond
	_, err := x.Search(context.Background(), dataset.Query{Q: "проект", Facets: []string{"year"}})
	if errCode(err) != dataset.EUNAVAILABLE {
		t.Errorf("err %v; want EUNAVAILABLE", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	x.Timeout = 0
	_, err = x.Search(ctx, dataset.Query{Q: "проект"})
	if err == nil || errCode(err) == dataset.EINVALID {
		t.Errorf("cancelled: err %v", err)
	}
}

func TestEachID(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	m := byID(recs)
	budget := func(r dataset.Record) string {
		if bestEUR(r) == nil {
			return ""
		}
		return budgetKey(*bestEUR(r))
	}
	tests := []struct {
		params string
		key    func(r dataset.Record, h dataset.Hit) string // the sort value
	}{
		{"sort=-budget", func(r dataset.Record, _ dataset.Hit) string { return budget(r) }},
		{"sort=title", func(r dataset.Record, _ dataset.Hit) string { return r.Title }},
		{"q=проект", func(_ dataset.Record, h dataset.Hit) string { return strconv.FormatFloat(h.Score, 'g', -1, 64) }},
		{"q=общинска&sort=-start", func(r dataset.Record, _ dataset.Hit) string { return r.Period.Start }},
		{"municipality=Сливен", func(r dataset.Record, _ dataset.Hit) string { return r.Published }},
		{"sort=published", func(r dataset.Record, _ dataset.Hit) string { return r.Published }},
	}
	for _, tt := range tests {
		q, err := parseParams(tt.params)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		if err := x.EachID(context.Background(), q, func(id string) error { got = append(got, id); return nil }); err != nil {
			t.Fatalf("%s: %v", tt.params, err)
		}
		// The search's order, with records of equal sort value in id order.
		hits := find(t, x, tt.params+"&per_page=100").Hits
		var want []string
		for i := 0; i < len(hits); {
			j := i
			var group []string
			for j < len(hits) && tt.key(m[hits[j].ID], hits[j]) == tt.key(m[hits[i].ID], hits[i]) {
				group = append(group, hits[j].ID)
				j++
			}
			want = append(want, sorted(group)...)
			i = j
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s: EachID %v;\nwant %v", tt.params, got, want)
		}
	}
	// fn's error stops the walk and comes back.
	stop := errors.New("enough")
	n := 0
	err := x.EachID(context.Background(), dataset.Query{}, func(string) error { n++; return stop })
	if err != stop || n != 1 {
		t.Errorf("EachID after fn's error: %v, %d calls", err, n)
	}
}

func TestCacheFollowsWrites(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	count := func(vals []dataset.FacetValue, v string) int {
		for _, fv := range vals {
			if fv.Value == v {
				return fv.Count
			}
		}
		return 0
	}
	p1 := count(find(t, x, "facets=municipality&sort=-budget").Facets["municipality"], "Пещера")
	if p2 := count(find(t, x, "facets=municipality&sort=title&page=2").Facets["municipality"], "Пещера"); p1 != 1 || p2 != 1 {
		t.Errorf("Пещера facet %d and %d; want 1", p1, p2)
	}
	before := find(t, x, "q=велоалея&facets=municipality")
	if before.Total != 0 {
		t.Fatalf("q=велоалея: %d before", before.Total)
	}
	again := find(t, x, "q=peshtera&facets=municipality")
	again.Hits[0].ID = "changed by the caller"
	again.Facets["municipality"][0].Count = -1
	if res := find(t, x, "q=peshtera&facets=municipality"); res.Hits[0].ID == "changed by the caller" || res.Facets["municipality"][0].Count < 0 {
		t.Errorf("a caller changed the cached answer")
	}
	g := x.Generation()
	if err := x.Put([]dataset.Record{{ID: "new-1", Title: "Изграждане на велоалея", Municipality: "Пещера"}}); err != nil {
		t.Fatal(err)
	}
	if x.Generation() == g {
		t.Errorf("Put left the generation at %d", g)
	}
	if res := find(t, x, "q=велоалея&facets=municipality"); res.Total != 1 || res.Facets["municipality"][0].Value != "Пещера" {
		t.Errorf("after Put: %+v", res)
	}
	if n := count(find(t, x, "facets=municipality&sort=start&page=3").Facets["municipality"], "Пещера"); n != 2 {
		t.Errorf("after Put: Пещера facet %d; want 2", n)
	}
	if res := find(t, x, "q=peshtera&facets=municipality"); res.Total != 2 {
		t.Errorf("after Put: q=peshtera total %d; want 2 (the cache kept an old answer)", res.Total)
	}
	if err := x.Delete([]string{"new-1"}); err != nil {
		t.Fatal(err)
	}
	if res := find(t, x, "q=велоалея"); res.Total != 0 {
		t.Errorf("after Delete: total %d", res.Total)
	}
}

func TestFiltersLeaveScoresAlone(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	m := byID(recs)
	all := find(t, x, "per_page=100&q=проект")
	score := map[string]float64{}
	var want []string
	for _, h := range all.Hits {
		score[h.ID] = h.Score
		if r := m[h.ID]; slices.Contains(r.Funds, "ESF") || slices.Contains(r.Funds, "ERDF") {
			want = append(want, h.ID)
		}
	}
	got := find(t, x, "per_page=100&q=проект&fund=ESF&fund=ERDF&year_from=1990&budget_min=0")
	if len(want) < 2 || !slices.Equal(ids(got), want) {
		t.Fatalf("filtered %v; want %v (the unfiltered order)", ids(got), want)
	}
	for _, h := range got.Hits {
		if h.Score != score[h.ID] {
			t.Errorf("%s: score %v filtered, %v not", h.ID, h.Score, score[h.ID])
		}
	}
}
