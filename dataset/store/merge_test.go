package store

import (
	"slices"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/storetest"
)

func TestMergeBatchIsAllOrNothing(t *testing.T) {
	s := openTest(t)
	batch := []PageRecords{
		{Page: page(urlListing, t0, "a"), Records: []dataset.Record{listingRow()}},
		{Page: dataset.Page{FetchedAt: t0}, Records: []dataset.Record{newsItem()}}, // no URL
	}
	if _, err := s.MergeBatch(batch); dataset.ErrorCode(err) != dataset.EINVALID {
		t.Fatalf("MergeBatch with a page without URL: %v", err)
	}
	if n, _ := s.Count(); n != 0 {
		t.Errorf("Count = %d after a failed batch, want 0", n)
	}
	if g, _ := s.Generation(); g != 0 {
		t.Errorf("Generation = %d after a failed batch", g)
	}
	res, err := s.MergeBatch(batch[:1])
	if err != nil || len(res) != 1 || !slices.Equal(res[0].Added, []string{"DIR-5112122-C014"}) {
		t.Errorf("MergeBatch = %+v, %v", res, err)
	}
	// A page that comes back after a 404 is no longer marked gone.
	s.PutPage(page(urlListing, t0, "a"), []byte("x"))
	s.PageGone(urlListing, t0.Add(time.Hour))
	s.PutPage(page(urlListing, t0.Add(2*time.Hour), "b"), []byte("y"))
	if p, _, _ := s.Page(urlListing); p.Gone != nil || p.SHA256 != storetest.SHA256([]byte("y")) {
		t.Errorf("page after a fresh fetch: %+v", p)
	}
}

// TestCommitGroupsPages checks Commit, the crawler's group commit: state
// changes, archived pages and merges of several pages in one transaction,
// all or nothing.
func TestCommitGroupsPages(t *testing.T) {
	s := openTest(t)
	p1, p2 := page(urlListing, t0, "a"), page(urlNews, t0, "b")
	ws := []*dataset.PageWrite{
		{State: []dataset.StateOp{{Bucket: "seen", Key: urlListing, Value: []byte("0")}},
			Page: &p1, Body: []byte("<html>listing</html>"), Archive: true, Merge: true, Records: []dataset.Record{listingRow()}},
		{State: []dataset.StateOp{{Bucket: "seen", Key: urlNews, Value: []byte("1")}, {Bucket: "queue", Key: "001", Delete: true}},
			Page: &p2, Merge: true, Records: []dataset.Record{newsItem()}},
	}
	if err := s.Commit(ws); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ws[0].Result.Added, []string{"DIR-5112122-C014"}) || !slices.Equal(ws[1].Result.Changed, []string{"DIR-5112122-C014"}) {
		t.Errorf("results = %+v, %+v", ws[0].Result, ws[1].Result)
	}
	if b, err := s.Body(urlListing); err != nil || string(b) != "<html>listing</html>" {
		t.Errorf("archived body = %q, %v", b, err)
	}
	if _, err := s.Body(urlNews); dataset.ErrorCode(err) != dataset.ENOTFOUND {
		t.Errorf("a page committed without Archive was archived: %v", err)
	}
	if n, _ := s.State("seen").Len(); n != 2 {
		t.Errorf("seen has %d keys, want 2", n)
	}
	r, _ := s.Record("DIR-5112122-C014")
	if len(r.Sources) != 2 {
		t.Errorf("sources = %+v", r.Sources)
	}
	// One bad write fails the whole group.
	p3 := page(urlNews2, t0, "c")
	bad := []*dataset.PageWrite{
		{State: []dataset.StateOp{{Bucket: "seen", Key: urlNews2, Value: []byte("1")}}, Page: &p3, Merge: true, Records: []dataset.Record{completionNews()}},
		{State: []dataset.StateOp{{Bucket: "seen", Key: "", Value: []byte("1")}}},
	}
	if err := s.Commit(bad); err == nil {
		t.Fatal("a group with an empty state key committed")
	}
	if n, _ := s.State("seen").Len(); n != 2 {
		t.Errorf("seen has %d keys after a failed group, want 2", n)
	}
	if r, _ := s.Record("DIR-5112122-C014"); len(r.Sources) != 2 {
		t.Errorf("the failed group's merge stayed: %d sources", len(r.Sources))
	}
}
