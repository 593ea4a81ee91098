package index

import (
	"context"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// BenchmarkSearchKinds runs each request of the workload once, serially
// and without the answer cache, and reports the slowest kinds: a profile of
// where search time goes. One op is the whole workload.
func BenchmarkSearchKinds(b *testing.B) {
	x, err := Open(benchIndexPath(b), nil)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	x.cache = newResultCache(0)
	work := benchWorkload(400)
	type took struct {
		q string
		d time.Duration
	}
	var all []took
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		all = all[:0]
		for _, w := range work {
			v, _ := url.ParseQuery(escapeParams(w))
			q, err := dataset.ParseQuery(v)
			if err != nil {
				b.Fatal(err)
			}
			t0 := time.Now()
			if _, err := x.Search(context.Background(), q); err != nil {
				b.Fatal(err)
			}
			all = append(all, took{w, time.Since(t0)})
		}
	}
	b.StopTimer()
	sort.Slice(all, func(i, j int) bool { return all[i].d > all[j].d })
	for _, t := range all[:min(15, len(all))] {
		b.Logf("%6.1f ms  %s", float64(t.d)/1e6, t.q)
	}
	var sum time.Duration
	for _, t := range all {
		sum += t.d
	}
	b.ReportMetric(float64(sum)/float64(len(all))/1e6, "mean-ms")
}
