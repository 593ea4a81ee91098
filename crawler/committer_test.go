package crawler

import (
	"sync"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// groupStore records the size of each group the committer commits.
type groupStore struct {
	Store
	mu     sync.Mutex
	groups []int
}

func (s *groupStore) Commit(ws []*dataset.PageWrite) error {
	s.mu.Lock()
	s.groups = append(s.groups, len(ws))
	s.mu.Unlock()
	return s.Store.Commit(ws)
}

func stateWrite(key string) *dataset.PageWrite {
	return &dataset.PageWrite{State: []dataset.StateOp{{Bucket: "test", Key: key, Value: []byte("1")}}}
}

func TestCommitterGathers(t *testing.T) {
	e := newEnv(t)
	for _, c := range []struct {
		name    string
		sites   int // sites crawling
		writers int // of them, the ones that submit a write and wait for it
		groups  []int
		slow    bool // the commit waits for commitGather (TestCommitterReady checks the other way)
	}{
		{"every site waits: commit at once", 3, 3, []int{3}, false},
		{"one site still crawling: wait for it a while", 2, 1, []int{1}, true},
		{"no site crawling", 0, 1, []int{1}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := &groupStore{Store: e.store}
			cm := newCommitter(st)
			for range c.sites {
				cm.join()
			}
			start := time.Now()
			var wg sync.WaitGroup
			errs := make([]error, c.writers)
			for i := range c.writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs[i] = cm.commit(stateWrite(c.name + string(rune('a'+i))))
				}()
			}
			wg.Wait()
			took := time.Since(start)
			for i, err := range errs {
				if err != nil {
					t.Fatalf("write %d: %v", i, err)
				}
				if _, ok, err := e.store.State("test").Get(c.name + string(rune('a'+i))); err != nil || !ok {
					t.Errorf("write %d not on disk after its commit returned (%v)", i, err)
				}
			}
			if c.slow && took < commitGather {
				t.Errorf("commit took %v; want it to wait commitGather (%v) for the other site", took, commitGather)
			}
			st.mu.Lock()
			defer st.mu.Unlock()
			if len(st.groups) != len(c.groups) || st.groups[0] != c.groups[0] {
				t.Errorf("groups %v, want %v", st.groups, c.groups)
			}
		})
	}
}

func TestCommitterReady(t *testing.T) {
	now := time.Now()
	for _, c := range []struct {
		name                   string
		queued, active, waitin int
		bytes                  int
		age                    time.Duration
		ready                  bool
	}{
		{"a site still crawling", 1, 2, 1, 0, 0, false},
		{"every site waits", 1, 2, 2, 0, 0, true},
		{"a full group", commitGroup, 20, 0, 0, 0, true},
		{"too many bytes", 3, 20, 0, maxCommitBytes + 1, 0, true},
		{"waited long enough", 1, 20, 0, 0, commitGather, true},
		{"no site crawling", 1, 0, 0, 0, 0, true},
	} {
		cm := newCommitter(nil)
		cm.queue = make([]*pendingWrite, c.queued)
		cm.active, cm.waiting, cm.bytes, cm.since = c.active, c.waitin, c.bytes, now.Add(-c.age)
		if got := cm.ready(); got != c.ready {
			t.Errorf("%s: ready = %v, want %v", c.name, got, c.ready)
		}
	}
}

func TestCommitterBoundsBytes(t *testing.T) {
	e := newEnv(t)
	cm := newCommitter(e.store)
	cm.join()
	cm.join() // a second site, crawling: the committer would gather
	body := make([]byte, maxCommitBytes/2+1)
	w1, w2 := stateWrite("big1"), stateWrite("big2")
	w1.Body, w2.Body = body, body
	d1 := cm.submit(w1)
	if cm.full() {
		t.Fatal("full after one write of half the bound")
	}
	d2 := cm.submit(w2)
	if err := <-d1; err != nil {
		t.Fatal(err)
	}
	if err := <-d2; err != nil {
		t.Fatal(err)
	}
	if cm.full() {
		t.Error("still full once committed")
	}
}
