package index

import (
	"context"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

// Benchmarks of the parts of a search on the 100,000 records of
// bench_test.go: each guards a part made cheaper for issue 13's latency.

// BenchmarkSortedAll100k measures the orders of the list pages, made again
// after every write: one op sorts all 100,000 records in every order.
func BenchmarkSortedAll100k(b *testing.B) {
	x, err := Open(benchIndexPath(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	c := x.cols
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.idRanks()
	c.titleRanks()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.orderMu.Lock()
		c.orders = nil // as a write leaves them
		c.orderMu.Unlock()
		for _, s := range dataset.Sorts {
			if n := len(c.sortedAll(orderOf(s, false))); n != benchRecords {
				b.Fatalf("%s: %d rows", s, n)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N*len(dataset.Sorts)), "ms/order")
}

// BenchmarkTopPage measures the ordering of a page of many hits (the best
// 20 of a word's matches, by relevance and by a column); one op orders
// the pages of every word of the workload.
func BenchmarkTopPage(b *testing.B) {
	x, err := Open(benchIndexPath(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	x.cache = newResultCache(0)
	var sels [][]hitRow
	n := 0
	for _, w := range benchWords {
		q := dataset.Query{Q: w, PerPage: 20}
		err := x.withColumns(context.Background(), func(c *columns) error {
			sel, err := x.selectRows(context.Background(), c, q)
			sels = append(sels, sel.hits)
			n += len(sel.hits)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	c := x.cols
	c.mu.RLock()
	defer c.mu.RUnlock()
	orders := []rowOrder{orderOf("relevance", true), orderOf("-budget", true), orderOf("title", true)}
	c.titleRanks()
	c.idRanks()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, o := range orders {
			for _, hits := range sels {
				c.top(o, hits, 20)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n*len(orders)), "ns/hit")
}

// BenchmarkFacets100k measures the facet counts of the list page (every
// record) and of a word's matches; one op counts both.
func BenchmarkFacets100k(b *testing.B) {
	x, err := Open(benchIndexPath(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	x.cache = newResultCache(0)
	names := []string{"municipality", "programme", "fund", "year", "register"}
	list := dataset.Query{Facets: names, PerPage: 20}
	word := dataset.Query{Q: "ремонт", Facets: names, PerPage: 20}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range []dataset.Query{list, word} {
			err := x.withColumns(context.Background(), func(c *columns) error {
				sel, _, err := x.selectPage(context.Background(), c, q, 20)
				if err == nil && len(x.facets(c, q, sel)) != len(names) {
					b.Fatal("facets missing")
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRankRows measures the selection of queries of three and four
// words from their words' matches (the union that degrades, rank.go), and
// the pairwise way it replaced (ref); one op ranks every query once.
func BenchmarkRankRows(b *testing.B) {
	x, err := Open(benchIndexPath(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	queries := []string{"ремонт улици стадион басейн", "реконструкция улици парк", "училище ремонт детска градина",
		"пазар космодрум площад", "енергийна ефективност обновяване училище", "читалище музей стадион"}
	var sets [][][]hitRow
	bg, latin := queryAnalyzers()
	err = x.withColumns(context.Background(), func(c *columns) error {
		for _, q := range queries {
			parts, err := parseText(q, bg, latin)
			if err != nil {
				return err
			}
			var words [][]hitRow
			for _, w := range parts.words {
				hits, err := x.partMatches(context.Background(), c, w.key, w.q)
				if err != nil {
					return err
				}
				words = append(words, hits)
			}
			sets = append(sets, words)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, f := range []struct {
		name string
		rank func(words, phrases, excluded [][]hitRow) []hitRow
	}{{"merge", rankRows}, {"ref", refRankRows}} {
		b.Run(f.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				for _, words := range sets {
					f.rank(words, nil, nil)
				}
			}
		})
	}
}

// BenchmarkPageHighlights measures the first page of every word of the
// workload, its selection already in the match cache: what is left is
// mostly the page's highlights; one op searches every word once.
func BenchmarkPageHighlights(b *testing.B) {
	x, err := Open(benchIndexPath(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	x.cache = newResultCache(0)
	ctx := context.Background()
	var hits int
	run := func() {
		hits = 0
		for _, w := range benchWords {
			res, err := x.Search(ctx, dataset.Query{Q: w, PerPage: 20, Page: 1})
			if err != nil {
				b.Fatal(err)
			}
			for _, h := range res.Hits {
				if len(h.Highlights) > 0 {
					hits++
				}
			}
		}
	}
	run() // the words' matches into the match cache
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		run()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*len(benchWords)), "µs/page")
	if hits < len(benchWords)*10 {
		b.Errorf("%d highlighted hits on %d pages", hits, len(benchWords))
	}
}
