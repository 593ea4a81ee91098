package store

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

func TestCommitPages(t *testing.T) {
	st, err := Open(filepath.Join(t.TempDir(), "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	page := func(url string) *dataset.Page {
		return &dataset.Page{URL: url, FinalURL: url, Municipality: "Пещера", FetchedAt: at, Status: 200, SHA256: "x"}
	}
	rec := dataset.Record{Title: "Ремонт на улица „Васил Левски“", ContractNumbers: []string{"BG16RFOP001-1.001-0001-C01"}, Municipality: "Пещера"}
	ws := []*dataset.PageWrite{
		{State: []dataset.StateOp{{Bucket: "crawl/a/seen", Key: "k1", Value: []byte("0")}, {Bucket: "crawl/a/queue", Key: "q1", Value: []byte("{}")}}},
		{State: []dataset.StateOp{{Bucket: "crawl/a/queue", Key: "q1", Delete: true}},
			Page: page("http://x.bg/p1"), Body: []byte("<html>одно</html>"), Archive: true, Merge: true, Records: []dataset.Record{rec}},
	}
	if err := st.Commit(ws); err != nil {
		t.Fatal(err)
	}
	if len(ws[1].Result.Added) != 1 {
		t.Fatalf("merge result %+v", ws[1].Result)
	}
	if _, ok, _ := st.State("crawl/a/seen").Get("k1"); !ok {
		t.Error("state put lost")
	}
	if _, ok, _ := st.State("crawl/a/queue").Get("q1"); ok {
		t.Error("state delete (after the put in the same commit) lost")
	}
	if b, err := st.Body("http://x.bg/p1"); err != nil || string(b) != "<html>одно</html>" {
		t.Errorf("archived body %q, %v", b, err)
	}
	if r, err := st.Record(ws[1].Result.Added[0]); err != nil || r.Title != rec.Title {
		t.Errorf("merged record %+v, %v", r, err)
	}

	// A bad write fails the whole commit: nothing of it is stored.
	bad := []*dataset.PageWrite{
		{State: []dataset.StateOp{{Bucket: "crawl/a/seen", Key: "k2", Value: []byte("0")}}, Page: page("http://x.bg/p2"), Archive: true, Body: []byte("b")},
		{State: []dataset.StateOp{{Bucket: "crawl/a/seen", Key: "", Value: []byte("0")}}},
	}
	if err := st.Commit(bad); err == nil {
		t.Fatal("a commit with an empty state key succeeded")
	}
	if _, ok, _ := st.State("crawl/a/seen").Get("k2"); ok {
		t.Error("a failed commit left a state change")
	}
	if _, ok, _ := st.Page("http://x.bg/p2"); ok {
		t.Error("a failed commit left an archived page")
	}
}
