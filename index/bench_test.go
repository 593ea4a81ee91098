package index

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// genEach yields n generated records.
func genEach(g *generator, n int) EachFunc {
	return func(fn func(dataset.Record) error) error {
		for i := 0; i < n; i++ {
			if err := fn(g.record(i)); err != nil {
				return err
			}
		}
		return nil
	}
}

// BenchmarkBuild measures a rebuild (opendata reindex) of b.N records.
func BenchmarkBuild(b *testing.B) {
	g := newGenerator(truthRecords(b))
	path := filepath.Join(b.TempDir(), "index.bleve")
	b.ResetTimer()
	start := time.Now()
	st, err := Build(context.Background(), path, nil, genEach(g, b.N))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(st.Records)/time.Since(start).Seconds(), "docs/s")
}
