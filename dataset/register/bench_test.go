package register_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset/proctest"

	"github.com/opendata-bg/opendata/dataset/register"
	"github.com/opendata-bg/opendata/dataset/register/registertest"
	"github.com/opendata-bg/opendata/dataset/store"
)

// BenchmarkSync50MB syncs one programme file of about 50 MB (70,000
// projects, 12,000 entities) from a local server into a real store, with
// its archive: fetch, stream-decode, write the contracts in batches,
// commit. It reports the file's size, the sync's time and throughput, and
// the peak heap (sampled every 10 ms) and resident memory of the process
// (VmHWM, which counts the store file's memory map): a whole-file decoder
// would need several times the file in heap.
func BenchmarkSync50MB(b *testing.B) {
	const projects = 54000
	dir := b.TempDir()
	path := filepath.Join(dir, "programme.json")
	f := &registertest.File{ID: 1, PeriodID: 1, Name: "Програма", GeneratedAt: "2026-01-05T10:00:00"}
	for e := range 12000 {
		f.Entities = append(f.Entities, registertest.Entity{ID: strconv.Itoa(e), UIN: fmt.Sprintf("%09d", e), Name: fmt.Sprintf("Бенефициент %d ЕООД", e)})
	}
	project := func(i int) registertest.Project {
		muni := []string{"Левски", "Плевен", "Белене", "Никопол"}[i%4]
		return registertest.Project{
			ID:       fmt.Sprintf("BG16RFOP001-%d.%03d-%04d-C01", 1+i%9, 1+i%40, i%10000),
			Name:     fmt.Sprintf("Проект %d за реконструкция, рехабилитация и оборудване на обществени сгради в община %s, етап %d", i, muni, i%5),
			EntityID: strconv.Itoa(i % 12000), Places: []string{registertest.Place(muni), registertest.Place("Плевен")},
			Funding: "Европейски фонд за регионално развитие", Status: "В изпълнение",
			Start: "2017-03-01T00:00:00", End: "2019-12-31T00:00:00", Total: 12345.67 + float64(i), Paid: []float64{100, 200, 300},
		}
	}
	out, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	size, err := f.Stream(out, projects, project)
	out.Close()
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/criteria") {
			fmt.Fprint(w, `{"programmes":[{"id":1,"programmePeriodId":1,"name":"Програма"}]}`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		http.ServeFile(w, r, path)
	}))
	defer srv.Close()
	runtime.GC()
	var peak uint64
	var took time.Duration
	var storeBytes int64
	for b.Loop() {
		sdir := b.TempDir()
		st, err := store.Open(filepath.Join(sdir, "store.db"), nil)
		if err != nil {
			b.Fatal(err)
		}
		s := &register.Syncer{Client: &register.Client{Base: srv.URL, Delay: time.Millisecond},
			Archive: filepath.Join(b.TempDir(), "register"), Store: st, Programmes: []register.Programme{{ID: 1, PeriodID: 1}}}
		stop := proctest.Sample(10*time.Millisecond, false)
		start := time.Now()
		res, err := s.Sync(context.Background())
		took += time.Since(start)
		peak = max(peak, stop().HeapAlloc)
		if err != nil || res[0].Status != "loaded" || res[0].Programme.Projects != projects {
			b.Fatalf("%v %+v", err, res)
		}
		st.Close()
		if fi, err := os.Stat(filepath.Join(sdir, "store.db")); err == nil {
			storeBytes = fi.Size()
		}
	}
	sec := took.Seconds() / float64(b.N)
	b.ReportMetric(float64(size)/(1<<20), "MB-file")
	b.ReportMetric(sec, "s/sync")
	b.ReportMetric(float64(size)/(1<<20)/sec, "MB/s")
	b.ReportMetric(float64(peak)/(1<<20), "MB-peak-heap")
	b.ReportMetric(float64(storeBytes)/(1<<20), "MB-store") // memory-mapped: counts in VmHWM
	if hwm := proctest.Status("VmHWM"); hwm > 0 {
		b.ReportMetric(float64(hwm)/(1<<20), "MB-VmHWM")
	}
}
