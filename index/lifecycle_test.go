package index

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

func count(t testing.TB, x *Index) uint64 {
	t.Helper()
	n, err := x.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpenFreshNeedsRebuild(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.bleve")
	x, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if need, why := x.NeedsRebuild(); !need || !strings.Contains(why, "no index") {
		t.Errorf("fresh index: NeedsRebuild = %v, %q", need, why)
	}
	recs := truthRecords(t)
	st, err := x.Rebuild(context.Background(), each(recs))
	if err != nil {
		t.Fatal(err)
	}
	if st.Records != uint64(len(recs)) || count(t, x) != uint64(len(recs)) {
		t.Errorf("rebuilt %d, count %d; want %d", st.Records, count(t, x), len(recs))
	}
	if need, why := x.NeedsRebuild(); need {
		t.Errorf("after Rebuild: NeedsRebuild %q", why)
	}
	if res := find(t, x, "q=peshtera"); res.Total != 1 {
		t.Errorf("after Rebuild: q=peshtera total %d", res.Total)
	}
	x.Close()

	x, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if need, why := x.NeedsRebuild(); need {
		t.Errorf("reopened: NeedsRebuild %q", why)
	}
	if count(t, x) != uint64(len(recs)) {
		t.Errorf("reopened: count %d", count(t, x))
	}
	for _, d := range []string{newDir(path), oldDir(path)} {
		if exists(d) {
			t.Errorf("%s left behind", d)
		}
	}
}

func TestPutReplacesAndDelete(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	r := recs[0]
	r.Title = "Съвсем ново заглавие за читалище"
	if err := x.Put([]dataset.Record{r, {Title: "no id"}}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, x); n != uint64(len(recs)) {
		t.Errorf("count %d after replacing; want %d", n, len(recs))
	}
	if got := ids(find(t, x, "q=читалището")); len(got) != 1 || got[0] != r.ID {
		t.Errorf("q=читалището: %v; want [%s]", got, r.ID)
	}
	if err := x.Delete([]string{r.ID, "no-such-id", ""}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, x); n != uint64(len(recs)-1) {
		t.Errorf("count %d after delete; want %d", n, len(recs)-1)
	}
	if got := find(t, x, "q=читалището").Total; got != 0 {
		t.Errorf("deleted record still found")
	}
}

func TestRebuildKeepsConcurrentWrites(t *testing.T) {
	recs := truthRecords(t)
	x := openTest(t, recs)
	added := dataset.Record{ID: "added-during-rebuild", Title: "Изграждане на велоалея край реката"}
	gone := recs[1].ID
	half := make(chan struct{})
	goOn := make(chan struct{})
	slow := func(fn func(dataset.Record) error) error {
		for i, r := range recs {
			if i == len(recs)/2 {
				close(half)
				<-goOn
			}
			if err := fn(r); err != nil {
				return err
			}
		}
		return nil
	}
	done := make(chan error, 1)
	go func() {
		_, err := x.Rebuild(context.Background(), slow)
		done <- err
	}()
	<-half
	if err := x.Put([]dataset.Record{added}); err != nil {
		t.Fatal(err)
	}
	if err := x.Delete([]string{gone}); err != nil {
		t.Fatal(err)
	}
	// Searches go on during the rebuild, on the old index.
	if got := find(t, x, "q=велоалея").Total; got != 1 {
		t.Errorf("during rebuild: q=велоалея total %d", got)
	}
	close(goOn)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := find(t, x, "q=велоалея").Total; got != 1 {
		t.Errorf("after rebuild: the record put meanwhile is missing")
	}
	if got := find(t, x, "contract="+urlEscape(gone)).Total; got != 0 {
		t.Errorf("after rebuild: the record deleted meanwhile is back")
	}
	if n := count(t, x); n != uint64(len(recs)) {
		t.Errorf("count %d; want %d", n, len(recs))
	}
}

func TestBuildSwapsIn(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.bleve")
	recs := truthRecords(t)
	for round, set := range [][]dataset.Record{recs[:10], recs} {
		st, err := Build(context.Background(), path, nil, each(set))
		if err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		if st.Records != uint64(len(set)) || st.DocsPerSecond() <= 0 {
			t.Errorf("round %d: stats %+v", round, st)
		}
		x, err := Open(path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if need, why := x.NeedsRebuild(); need {
			t.Errorf("round %d: NeedsRebuild %q", round, why)
		}
		if n := count(t, x); n != uint64(len(set)) {
			t.Errorf("round %d: count %d; want %d", round, n, len(set))
		}
		x.Close()
	}
	// A build that fails leaves the index as it was.
	boom := func(fn func(dataset.Record) error) error {
		fn(recs[0])
		return fmt.Errorf("store went away")
	}
	if _, err := Build(context.Background(), path, nil, boom); err == nil || !strings.Contains(err.Error(), "store went away") {
		t.Errorf("failing build: err %v", err)
	}
	x, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if n := count(t, x); n != uint64(len(recs)) {
		t.Errorf("after a failed build: count %d; want %d", n, len(recs))
	}
	// Build refuses an index another Index holds open.
	if _, err := Build(context.Background(), path, nil, each(recs)); errCode(err) != dataset.EUNAVAILABLE {
		t.Errorf("build over an open index: err %v; want EUNAVAILABLE", err)
	}
}

func TestOpenHeldIndex(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the lock timeout")
	}
	path := filepath.Join(t.TempDir(), "index.bleve")
	x, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	_, err = Open(path, nil)
	if errCode(err) != dataset.EUNAVAILABLE || !strings.Contains(err.Error(), "in use") {
		t.Errorf("second Open: %v; want EUNAVAILABLE, in use", err)
	}
	if exists(path + ".corrupt") {
		t.Errorf("a held index was moved aside")
	}
}

func TestCorruptIndexIsRecreated(t *testing.T) {
	recs := truthRecords(t)
	damage := map[string]func(t *testing.T, path string){
		"root.bolt garbage": func(t *testing.T, path string) {
			writeFile(t, filepath.Join(path, "store", "root.bolt"), strings.Repeat("garbage!", 512))
		},
		"index_meta.json garbage": func(t *testing.T, path string) {
			writeFile(t, filepath.Join(path, "index_meta.json"), "{not json")
		},
		"segments truncated": func(t *testing.T, path string) {
			segs, _ := filepath.Glob(filepath.Join(path, "store", "*.zap"))
			if len(segs) == 0 {
				t.Fatal("no segment files")
			}
			for _, s := range segs {
				if err := os.Truncate(s, 100); err != nil {
					t.Fatal(err)
				}
			}
		},
		"store directory gone": func(t *testing.T, path string) {
			if err := os.RemoveAll(filepath.Join(path, "store")); err != nil {
				t.Fatal(err)
			}
		},
	}
	for name, hurt := range damage {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "index.bleve")
			if _, err := Build(context.Background(), path, nil, each(recs)); err != nil {
				t.Fatal(err)
			}
			hurt(t, path)
			x, err := Open(path, nil)
			if err != nil {
				t.Fatalf("Open of a damaged index: %v", err)
			}
			defer x.Close()
			need, why := x.NeedsRebuild()
			if !need || why == "" {
				t.Fatalf("NeedsRebuild = %v, %q", need, why)
			}
			t.Logf("reason: %s", why)
			if res := find(t, x, "q=проект"); res.Total != 0 && count(t, x) != uint64(len(recs)) {
				t.Errorf("a recreated index answers with %d of %d records", count(t, x), len(recs))
			}
			if _, err := x.Rebuild(context.Background(), each(recs)); err != nil {
				t.Fatal(err)
			}
			if n := count(t, x); n != uint64(len(recs)) {
				t.Errorf("after Rebuild: count %d", n)
			}
			if need, why := x.NeedsRebuild(); need {
				t.Errorf("after Rebuild: NeedsRebuild %q", why)
			}
		})
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestInterruptedSwapIsFinished(t *testing.T) {
	recs := truthRecords(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "index.bleve")
	// Crash between the two renames: path.old (10 records) and a complete
	// path.new (all), no path. The new one wins.
	if _, err := Build(context.Background(), path, nil, each(recs[:10])); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), filepath.Join(dir, "b"), nil, each(recs)); err != nil {
		t.Fatal(err)
	}
	mustRename(t, path, oldDir(path))
	mustRename(t, filepath.Join(dir, "b"), newDir(path))
	x, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, x); n != uint64(len(recs)) {
		t.Errorf("finished swap: count %d; want %d", n, len(recs))
	}
	x.Close()
	if exists(oldDir(path)) || exists(newDir(path)) {
		t.Errorf("swap directories left")
	}

	// Crash during the fill: an incomplete path.new and no path; the old
	// index comes back, the incomplete one goes.
	mustRename(t, path, oldDir(path))
	if err := os.MkdirAll(newDir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	x, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if n := count(t, x); n != uint64(len(recs)) {
		t.Errorf("restored: count %d; want %d", n, len(recs))
	}
	if exists(newDir(path)) {
		t.Errorf("incomplete rebuild left")
	}
}

func mustRename(t *testing.T, a, b string) {
	t.Helper()
	if err := os.Rename(a, b); err != nil {
		t.Fatal(err)
	}
}

// TestKillDuringIndexing kills a process (this test binary, run again) in
// the middle of indexing and checks that the index opens and answers.
func TestKillDuringIndexing(t *testing.T) {
	if dir := os.Getenv("OPENDATA_INDEX_KILL_DIR"); dir != "" {
		indexForever(dir, os.Getenv("OPENDATA_INDEX_KILL_MODE"))
		return
	}
	if testing.Short() {
		t.Skip("runs a child process")
	}
	for _, mode := range []string{"put", "rebuild"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "index.bleve")
			base := truthRecords(t)
			if _, err := Build(context.Background(), path, nil, each(base)); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringIndexing$")
			cmd.Env = append(os.Environ(), "OPENDATA_INDEX_KILL_DIR="+dir, "OPENDATA_INDEX_KILL_MODE="+mode)
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Let it index for a while: wait for its progress file.
			deadline := time.Now().Add(20 * time.Second)
			for !exists(filepath.Join(dir, "progress")) && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()

			x, err := Open(path, nil)
			if err != nil {
				t.Fatalf("Open after kill: %v", err)
			}
			defer x.Close()
			_, why := x.NeedsRebuild()
			if strings.Contains(why, "could not be read") {
				t.Errorf("the index was damaged by the kill: %s", why)
			}
			n := count(t, x)
			if n < uint64(len(base)) {
				t.Errorf("after kill: %d records; want at least the %d before", n, len(base))
			}
			if res := find(t, x, "q=peshtera"); res.Total < 1 {
				t.Errorf("after kill: q=peshtera total %d", res.Total)
			}
			t.Logf("%s: %d records after the kill (%s)", mode, n, why)
		})
	}
}

// indexForever is the child of TestKillDuringIndexing: it indexes generated
// records until killed.
func indexForever(dir, mode string) {
	path := filepath.Join(dir, "index.bleve")
	x, err := Open(path, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	tmpl := truthRecords(&testing.T{})
	gen := newGenerator(tmpl)
	progress := func() { os.WriteFile(filepath.Join(dir, "progress"), []byte("x"), 0o600) }
	if mode == "rebuild" {
		x.Rebuild(context.Background(), func(fn func(dataset.Record) error) error {
			for i := 0; ; i++ {
				if i == 600 {
					progress()
				}
				if err := fn(gen.record(i)); err != nil {
					return err
				}
			}
		})
	}
	for i := 0; ; i += 100 {
		recs := make([]dataset.Record, 100)
		for j := range recs {
			recs[j] = gen.record(i + j)
		}
		if err := x.Put(recs); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if i == 200 {
			progress()
		}
	}
}

func TestStoreGeneration(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.bleve")
	if _, err := Build(context.Background(), path, nil, each(truthRecords(t))); err != nil {
		t.Fatal(err)
	}
	x, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if g := x.StoreGeneration(); g != 0 {
		t.Errorf("new index: generation %d", g)
	}
	if err := x.SetStoreGeneration(42); err != nil {
		t.Fatal(err)
	}
	x.Close()
	x, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if g := x.StoreGeneration(); g != 42 {
		t.Errorf("reopened: generation %d; want 42", g)
	}
	if need, why := x.NeedsRebuild(); need {
		t.Errorf("NeedsRebuild %q", why)
	}
}
