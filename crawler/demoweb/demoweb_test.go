package demoweb_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/crawler"
	"github.com/opendata-bg/opendata/crawler/demoweb"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// The demo's sample web, crawled from its home pages by the real crawler
// as the demo does (discovery) into a real store and index: every bundled
// page is reached, every municipality yields pages and records, nothing
// fails.
func TestDemoWebCrawl(t *testing.T) {
	web, err := demoweb.Start(0)
	if err != nil {
		t.Fatal(err)
	}
	defer web.Close()
	sites, err := crawler.ParseSites(web.SitesYAML())
	if err != nil {
		t.Fatalf("generated sites file: %v\n%s", err, web.SitesYAML())
	}
	if len(sites) != len(web.Municipalities()) || len(sites) < 20 {
		t.Fatalf("%d sites for %d municipalities", len(sites), len(web.Municipalities()))
	}
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	state := func(name string) crawler.Bucket { return st.State(name) }
	r, err := crawler.New(crawler.Config{Sites: sites, Store: st, Index: ix, State: state,
		Policy: crawler.NewDiscovery(state), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	run, err := r.Run(context.Background(), "demo")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range run.Sites {
		if s.PagesFetched < 2 || s.PagesFailed != 0 || s.Error != "" {
			t.Errorf("%s: fetched %d, failed %d, errors %v %s", s.Municipality, s.PagesFetched, s.PagesFailed, s.Errors, s.Error)
		}
	}
	// Discovery from the home pages reached every bundled page.
	for _, u := range web.SamplePages() {
		cu, err := crawler.Canonicalize(nil, u)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok, err := st.Page(cu.String()); err != nil || !ok {
			t.Errorf("the sample page %s was not fetched (%v)", u, err)
		}
	}
	n, err := st.Count()
	if err != nil || n < len(sites) {
		t.Errorf("%d records from %d sites (%v)", n, len(sites), err)
	}
	indexed, err := ix.Count()
	if err != nil || int(indexed) != n {
		t.Errorf("index holds %d records, store %d (%v)", indexed, n, err)
	}
}
