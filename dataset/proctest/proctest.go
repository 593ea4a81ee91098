// Package proctest measures the running test process for benchmarks: its
// CPU time, the peaks of its Go heap and of its resident memory. Every
// benchmark that reports a resource figure reads it here, so that the
// figures of two packages mean the same thing.
package proctest

import (
	"bufio"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// CPUTime returns the user and system CPU time of the process so far, 0
// when the system does not say.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Status returns a memory line of /proc/self/status in bytes ("VmHWM":
// the peak resident set; "VmRSS"; "RssAnon": resident memory that is no
// mapped file, so a bbolt file's page cache is not counted), 0 when the
// system has no such file or line.
func Status(field string) uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// Peak is the most a sampled process held at once.
type Peak struct {
	HeapAlloc uint64 // live heap objects (runtime.MemStats.HeapAlloc)
	HeapInuse uint64 // heap spans in use (runtime.MemStats.HeapInuse)
	RssAnon   uint64 // anonymous resident memory (Status("RssAnon"))
}

// Sample records the process's peaks every interval until the returned
// stop is called; stop waits for the sampler and returns what it saw.
// Reading /proc for RssAnon costs a little each time: pass anon false
// when the figure is not wanted.
func Sample(every time.Duration, anon bool) (stop func() Peak) {
	var (
		p    Peak
		mu   sync.Mutex
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			mu.Lock()
			p.HeapAlloc, p.HeapInuse = max(p.HeapAlloc, ms.HeapAlloc), max(p.HeapInuse, ms.HeapInuse)
			if anon {
				p.RssAnon = max(p.RssAnon, Status("RssAnon"))
			}
			mu.Unlock()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() Peak {
		close(done)
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		return p
	}
}
