package store

import (
	"bufio"
	"crypto/rand"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

const crashEnv = "OPENDATA_STORE_CRASH_CHILD"

// crashChild is the child process of TestKillDuringWrite: it writes pages
// and records in a loop and prints the number of each committed write.
func crashChild(path string) {
	s, err := Open(path, nil)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(3)
	}
	start, _ := s.Count()
	body := make([]byte, 64<<10)
	for i := start; ; i++ {
		rand.Read(body[:4096]) // partly incompressible, so pages grow the file
		url := fmt.Sprintf("https://crash.bg/%06d", i)
		p := dataset.Page{URL: url, FetchedAt: time.Now(), SHA256: strconv.Itoa(i), Municipality: "Сливен"}
		if err := s.PutPage(p, body); err != nil {
			fmt.Println("put:", err)
			os.Exit(4)
		}
		rec := listingRow()
		rec.ContractNumbers = []string{fmt.Sprintf("K-%06d", i)}
		rec.Activities = []string{strings.Repeat("дейност ", 200)}
		if _, err := s.Merge(p, []dataset.Record{rec}); err != nil {
			fmt.Println("merge:", err)
			os.Exit(5)
		}
		fmt.Printf("committed %d\n", i)
	}
}

// TestKillDuringWrite kills a process that is writing to the store with
// SIGKILL, several times, and checks after each kill that the store opens,
// passes bbolt's consistency check and holds every write it committed.
func TestKillDuringWrite(t *testing.T) {
	if path := os.Getenv(crashEnv); path != "" {
		crashChild(path)
		return
	}
	path := filepath.Join(t.TempDir(), "store.db")
	rounds := 3
	if testing.Short() {
		rounds = 1
	}
	for round := range rounds {
		committed := runAndKill(t, path, 20+round*15)
		s, err := Open(path, nil)
		if err != nil {
			t.Fatalf("round %d: reopen after kill -9: %v", round, err)
		}
		checkConsistent(t, s, committed)
		s.Close()
	}
}

// runAndKill starts the child, waits until it has committed at least n more
// writes, kills it with SIGKILL while it writes, and returns the last write
// it reported committed.
func runAndKill(t *testing.T, path string, n int) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringWrite$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	last, seen := -1, 0
	for sc.Scan() {
		line := sc.Text()
		if num, ok := strings.CutPrefix(line, "committed "); ok {
			last, _ = strconv.Atoi(num)
			if seen++; seen >= n {
				break
			}
			continue
		}
		t.Fatalf("child: %s", line)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	// Writes the child reported after we stopped reading are committed too;
	// read them until the pipe closes.
	for sc.Scan() {
		if num, ok := strings.CutPrefix(sc.Text(), "committed "); ok {
			last, _ = strconv.Atoi(num)
		}
	}
	cmd.Wait()
	if last < 0 {
		t.Fatal("the child committed nothing")
	}
	return last
}

func checkConsistent(t *testing.T, s *Store, committed int) {
	t.Helper()
	err := s.db.View(func(tx *bolt.Tx) error {
		for err := range tx.Check() {
			return err
		}
		return nil
	})
	if err != nil {
		t.Fatalf("bbolt check after kill: %v", err)
	}
	n, _ := s.Count()
	if n < committed+1 || n > committed+2 {
		t.Errorf("Count = %d after committing writes 0..%d", n, committed)
	}
	for i := 0; i <= committed; i++ {
		id := fmt.Sprintf("K-%06d", i)
		r, err := s.Record(id)
		if err != nil {
			t.Fatalf("committed record %s lost: %v", id, err)
		}
		url := fmt.Sprintf("https://crash.bg/%06d", i)
		if len(r.Sources) != 1 || r.Sources[0].URL != url || r.Sources[0].SHA256 != strconv.Itoa(i) {
			t.Fatalf("record %s: sources %+v", id, r.Sources)
		}
		if h, err := s.History(id); err != nil || len(h) != 1 || h[0].Kind != "created" {
			t.Fatalf("history of %s: %+v, %v", id, h, err)
		}
		if b, err := s.Body(url); err != nil || len(b) != 64<<10 {
			t.Fatalf("body of %s: %d bytes, %v", url, len(b), err)
		}
	}
	seen := 0
	if err := s.EachRecord(func(dataset.Record) error { seen++; return nil }); err != nil || seen != n {
		t.Errorf("EachRecord: %d records, %v; Count %d", seen, err, n)
	}
}

// TestFullDisk fills a small tmpfs: writes fail with an error that says so,
// the store stays readable in the process and opens again with everything
// committed before.
func TestFullDisk(t *testing.T) {
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=3m"); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, 0) })
	path := filepath.Join(dir, "store.db")
	s, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	body := make([]byte, 200<<10)
	var werr error
	ok := 0
	for i := 0; i < 100 && werr == nil; i++ {
		rand.Read(body)
		p := page(fmt.Sprintf("https://full.bg/%03d", i), t0, strconv.Itoa(i))
		if werr = s.PutPage(p, body); werr != nil {
			break
		}
		rec := listingRow()
		rec.ContractNumbers = []string{fmt.Sprintf("F-%03d", i)}
		if _, werr = s.Merge(p, []dataset.Record{rec}); werr == nil {
			ok++
		}
	}
	if werr == nil {
		t.Fatal("3 MB took 100 pages of 200 KB: the disk never filled")
	}
	if !strings.Contains(werr.Error(), "no space left on device") && !strings.Contains(werr.Error(), "cannot allocate memory") {
		t.Errorf("error on a full disk = %q, want one that says so", werr)
	}
	t.Logf("%d writes committed, then: %v", ok, werr)
	if n, err := s.Count(); err != nil || n != ok {
		t.Errorf("in process after the failure: Count = %d, %v; want %d", n, err, ok)
	}
	s.Close()
	s, err = Open(path, nil)
	if err != nil {
		t.Fatalf("reopen on a full disk: %v", err)
	}
	defer s.Close()
	checkConsistentFull(t, s, ok)
}

func checkConsistentFull(t *testing.T, s *Store, ok int) {
	t.Helper()
	if n, _ := s.Count(); n != ok {
		t.Errorf("Count = %d after reopening, want %d", n, ok)
	}
	for i := 0; i < ok; i++ {
		if _, err := s.Record(fmt.Sprintf("F-%03d", i)); err != nil {
			t.Errorf("record %d lost: %v", i, err)
		}
	}
}
