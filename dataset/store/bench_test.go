package store

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset/proctest"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/parquet"
	"github.com/opendata-bg/opendata/dataset/sqlite"
	"github.com/opendata-bg/opendata/dataset/xlsx"
)

// corpusRecords reads the ground-truth records of testdata/corpus: real
// municipal project records to vary into a large dataset.
func corpusRecords(tb testing.TB) []dataset.Record {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "corpus", "truth", "*.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no corpus truth: %v", err)
	}
	var out []dataset.Record
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var doc struct{ Projects []dataset.Record }
		if err := json.Unmarshal(raw, &doc); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out = append(out, doc.Projects...)
	}
	return out
}

var benchMunicipalities = []string{"Сливен", "Пещера", "Септември", "Велико Търново", "Бургас", "Варна", "Русе", "Плевен"}

// fillStore merges n records varied from the corpus, four per page, in
// batches of 250 pages per transaction.
func fillStore(tb testing.TB, s *Store, n int) {
	tb.Helper()
	base := corpusRecords(tb)
	var batch []PageRecords
	at := time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC)
	for i := 0; i < n; i += 4 {
		p := dataset.Page{URL: fmt.Sprintf("https://www.example-%d.bg/proekti/%07d", i%60, i), FetchedAt: at, SHA256: strconv.Itoa(i)}
		var recs []dataset.Record
		for j := i; j < min(i+4, n); j++ {
			r := base[j%len(base)]
			r.ContractNumbers = []string{fmt.Sprintf("BG16RFOP001-%d.%03d-%04d-C01", j%9, j%1000, j)}
			r.Title = fmt.Sprintf("%s (%d)", r.Title, j)
			r.Municipality = benchMunicipalities[j%len(benchMunicipalities)]
			if r.Budget.Total != nil {
				v := *r.Budget.Total + float64(j)
				r.Budget.Total = &v
			}
			r.Budget.FillEUR()
			recs = append(recs, r)
		}
		batch = append(batch, PageRecords{Page: p, Records: recs})
		if len(batch) == 250 {
			if _, err := s.MergeBatch(batch); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if _, err := s.MergeBatch(batch); err != nil {
		tb.Fatal(err)
	}
}

var benchStores sync.Map // size → *Store, filled once per process

func benchStore(b *testing.B, n int) *Store {
	if s, ok := benchStores.Load(n); ok {
		return s.(*Store)
	}
	dir, err := os.MkdirTemp("", "opendata-bench-")
	if err != nil {
		b.Fatal(err)
	}
	s, err := Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	fillStore(b, s, n)
	b.Logf("filled %d records in %s (%.0f records/s merged)", n, time.Since(start).Round(time.Millisecond),
		float64(n)/time.Since(start).Seconds())
	benchStores.Store(n, s)
	return s
}

// TestMain removes the benchmark stores.
func TestMain(m *testing.M) {
	code := m.Run()
	benchStores.Range(func(_, v any) bool {
		s := v.(*Store)
		path := s.db.Path()
		s.Close()
		os.RemoveAll(filepath.Dir(path))
		return true
	})
	os.Exit(code)
}

// benchFormats are every download format, as cmd/opendata's table has them.
var benchFormats = dataset.Formats{dataset.CSVFormat, xlsx.Format, dataset.JSONFormat, dataset.NDJSONFormat, parquet.Format, sqlite.Format}

// BenchmarkExport streams every record of a 100,000-record store (10,000
// with -short) through each download format's encoder with Store.Export:
// the full download path without HTTP (the text formats stream stored
// bytes; XLSX, Parquet and SQLite decode each record). It reports rows/s,
// the time of one download (ms/file), the file's size and the peak Go heap
// and anonymous RSS while it is made. BenchmarkExportDecoded does the same
// through EachRecord and Encode (the path of an encoder that takes no
// stored encodings).
//
//	go test -run '^$' -bench 'BenchmarkExport$' -benchtime 1x ./dataset/store/
func BenchmarkExport(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	s := benchStore(b, n)
	for _, f := range benchFormats {
		format := f.Name
		b.Run(format, func(b *testing.B) {
			debug.FreeOSMemory() // a GC that also returns memory: each format's peak RSS is its own
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu0 := proctest.CPUTime()
			stop := proctest.Sample(5*time.Millisecond, true)
			var bytes int64
			b.ResetTimer()
			for range b.N {
				cw := &countWriter{}
				enc, err := f.New(cw, dataset.FileMeta{})
				if err != nil {
					b.Fatal(err)
				}
				rows, err := s.Export(context.Background(), enc)
				if err == nil {
					err = enc.Close()
				}
				if err != nil || rows != n {
					b.Fatalf("%d rows, %v", rows, err)
				}
				bytes = cw.n
			}
			b.StopTimer()
			peak := stop()
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/file")
			// The machine is shared: rows per second of this process's CPU
			// time says what the code does when it has a core to itself.
			b.ReportMetric(float64(n)*float64(b.N)/(proctest.CPUTime()-cpu0).Seconds(), "rows/cpu-s")
			b.ReportMetric(float64(before.HeapInuse)/(1<<20), "heap-before-MB")
			b.ReportMetric(float64(peak.HeapInuse)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(peak.RssAnon)/(1<<20), "peak-rss-anon-MB")
			b.ReportMetric(float64(bytes)/(1<<20), "file-MB")
		})
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

// BenchmarkExportDecoded exports like BenchmarkExport, decoding each record
// and encoding it (filtered downloads of formats without stored bytes,
// and stores whose encodings are being rewritten, take this path).
func BenchmarkExportDecoded(b *testing.B) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	s := benchStore(b, n)
	for _, format := range []string{dataset.FormatCSV, dataset.FormatNDJSON} {
		b.Run(format, func(b *testing.B) {
			cpu0 := proctest.CPUTime()
			for range b.N {
				enc, _ := dataset.NewEncoder(format, io.Discard)
				rows := 0
				if err := s.EachRecord(func(r dataset.Record) error { rows++; return enc.Encode(r) }); err != nil || rows != n {
					b.Fatal(rows, err)
				}
				enc.Close()
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
			b.ReportMetric(float64(n)*float64(b.N)/(proctest.CPUTime()-cpu0).Seconds(), "rows/cpu-s")
		})
	}
}
