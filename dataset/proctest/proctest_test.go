package proctest

import (
	"runtime"
	"testing"
	"time"
)

var sink [][]byte

func TestSampleSeesAnAllocation(t *testing.T) {
	stop := Sample(time.Millisecond, true)
	for range 64 {
		b := make([]byte, 1<<20) // 64 MiB held, every page touched
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		sink = append(sink, b)
	}
	time.Sleep(20 * time.Millisecond)
	p := stop()
	runtime.KeepAlive(sink)
	sink = nil
	if p.HeapAlloc < 64<<20 || p.HeapInuse < 64<<20 {
		t.Errorf("peak heap %d / %d bytes, want at least 64 MiB", p.HeapAlloc, p.HeapInuse)
	}
	if runtime.GOOS == "linux" && p.RssAnon < 64<<20 {
		t.Errorf("peak RssAnon %d bytes, want at least 64 MiB", p.RssAnon)
	}
}

func TestCPUTimeGrows(t *testing.T) {
	before := CPUTime()
	x := 0
	for start := time.Now(); time.Since(start) < 50*time.Millisecond; {
		x++
	}
	if got := CPUTime() - before; got < 10*time.Millisecond {
		t.Errorf("CPU time grew by %v over 50 ms of work (%d)", got, x)
	}
}

func TestStatus(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("no /proc")
	}
	if hwm, rss := Status("VmHWM"), Status("VmRSS"); hwm == 0 || rss == 0 {
		t.Errorf("VmHWM %d, VmRSS %d", hwm, rss)
	}
	if Status("NoSuchLine") != 0 {
		t.Error("an unknown line is not 0")
	}
}
