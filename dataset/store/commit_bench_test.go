package store

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset/proctest"

	"github.com/opendata-bg/opendata/dataset"
)

// crawlWrite is what crawling page i of a site writes: a 12 KB HTML body
// to archive, one record to merge, and the crawler's state changes (the
// page off the queue, ten links seen and queued, the body's hash).
func crawlWrite(base []dataset.Record, site, i int) *dataset.PageWrite {
	url := fmt.Sprintf("https://www.example-%d.bg/proekti/%06d", site, i)
	var body strings.Builder
	body.WriteString("<!DOCTYPE html><html><head><title>Проект</title></head><body><article>")
	for body.Len() < 12<<10 {
		fmt.Fprintf(&body, "<p>Проектът %d се изпълнява с финансовата подкрепа на Европейския съюз, параграф %d.</p>\n", i, body.Len())
	}
	body.WriteString("</article></body></html>")
	r := base[i%len(base)]
	r.ContractNumbers = []string{fmt.Sprintf("BG16RFOP001-%d.%03d-%04d-C01", site, i%1000, i)}
	r.Title = fmt.Sprintf("%s (%d-%d)", r.Title, site, i)
	prefix := "crawl/site-" + strconv.Itoa(site) + "/"
	w := &dataset.PageWrite{
		Page: &dataset.Page{URL: url, FinalURL: url, Status: 200, SHA256: fmt.Sprintf("%064d", site*1_000_000+i),
			FetchedAt: time.Date(2026, 11, 21, 3, 0, 0, 0, time.UTC), Size: int64(body.Len()),
			Header: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}}},
		Body: []byte(body.String()), Archive: true, Merge: true, Records: []dataset.Record{r},
	}
	w.State = append(w.State, dataset.StateOp{Bucket: prefix + "queue", Key: fmt.Sprintf("001%020d", i), Delete: true})
	for l := range 10 {
		link := fmt.Sprintf("www.example-%d.bg/proekti/%06d-%d", site, i, l)
		w.State = append(w.State,
			dataset.StateOp{Bucket: prefix + "seen", Key: link, Value: []byte("2")},
			dataset.StateOp{Bucket: prefix + "queue", Key: fmt.Sprintf("002%020d", i*10+l), Value: []byte(`{"u":"https://` + link + `","d":2}`)})
	}
	w.State = append(w.State, dataset.StateOp{Bucket: prefix + "hashes", Key: w.Page.SHA256, Value: []byte(url)})
	return w
}

// BenchmarkCommit commits crawled pages of 20 sites in groups of 1 to 64
// pages per transaction, as the crawler's group commit does: the cost of a
// page (CPU and wall time) against the size of its group.
//
//	go test -run '^$' -bench BenchmarkCommit -benchtime 640x ./dataset/store/
func BenchmarkCommit(b *testing.B) {
	base := corpusRecords(b)
	for _, group := range []int{1, 4, 16, 64} {
		b.Run("group="+strconv.Itoa(group), func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "store.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			ws := make([]*dataset.PageWrite, b.N)
			for i := range ws {
				ws[i] = crawlWrite(base, i%20, i/20)
			}
			cpu0 := proctest.CPUTime()
			b.ResetTimer()
			for i := 0; i < b.N; i += group {
				if err := s.Commit(ws[i:min(i+group, b.N)]); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
			b.ReportMetric(float64((proctest.CPUTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/page")
		})
	}
}
