package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/api"
	"github.com/opendata-bg/opendata/crawler"
	"github.com/opendata-bg/opendata/crawler/demoweb"
	"github.com/opendata-bg/opendata/dataset"
)

// checkWeb is a local web of five municipal sites, one of each verdict:
// a site with projects, one without, one whose robots.txt forbids all,
// one whose home page redirects (301) to another domain, and a dead host.
type checkWeb struct {
	ok, none     *demoweb.Town
	movedTo      string // the host the moved site redirects to
	sitesFile    string
	wantVerdicts map[string]string // by ЕКАТТЕ code
}

func newCheckWeb(t *testing.T) *checkWeb {
	w := &checkWeb{}
	serve := func(h http.Handler) string {
		srv := httptest.NewServer(h)
		t.Cleanup(srv.Close)
		return srv.URL
	}
	w.ok = demoweb.NewTown(demoweb.TownOptions{Municipality: "Добруша", Seed: 3, Projects: 6, News: 8, Noise: 0.05})
	w.none = demoweb.NewTown(demoweb.TownOptions{Municipality: "Празнево", Seed: 4, News: 6, Noise: 0.05})
	okURL, noneURL := serve(w.ok), serve(w.none)
	robotsURL := serve(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(rw, "User-agent: *\nDisallow: /\n")
			return
		}
		fmt.Fprint(rw, "<html><body><a href=\"/proekti/\">Проекти</a></body></html>")
	}))
	newHome := serve(demoweb.NewTown(demoweb.TownOptions{Municipality: "Новоместо", Seed: 5, Projects: 2, News: 2}))
	w.movedTo = strings.TrimPrefix(newHome, "http://")
	movedURL := serve(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(rw, r)
			return
		}
		http.Redirect(rw, r, newHome+"/", http.StatusMovedPermanently)
	}))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	deadURL := "http://" + ln.Addr().String()
	ln.Close()

	file := "# sites for the check test\n"
	w.wantVerdicts = map[string]string{}
	for _, e := range []struct{ code, name, home, verdict string }{
		{"TST01", "Добруша", okURL, dataset.SiteOK},
		{"TST02", "Празнево", noneURL, dataset.SiteNoProjects},
		{"TST03", "Забранено", robotsURL, dataset.SiteBlocked},
		{"TST04", "Преместено", movedURL, dataset.SiteMoved},
		{"TST05", "Мъртво", deadURL, dataset.SiteUnreachable},
	} {
		file += fmt.Sprintf("\n# %s\n- municipality: %s\n  ekatte: %s\n  province: Тестова\n  home: %s/\n  delay: 0s\n", e.verdict, e.name, e.code, e.home)
		w.wantVerdicts[e.code] = e.verdict
	}
	w.sitesFile = filepath.Join(t.TempDir(), "sites.yaml")
	if err := os.WriteFile(w.sitesFile, []byte(file), 0o644); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *checkWeb) check(t *testing.T, statuses []dataset.SiteStatus) {
	t.Helper()
	if len(statuses) != len(w.wantVerdicts) {
		t.Fatalf("%d sites checked, want %d", len(statuses), len(w.wantVerdicts))
	}
	for _, st := range statuses {
		if want := w.wantVerdicts[st.Ekatte]; st.Verdict != want {
			t.Errorf("%s %s: verdict %s (%s), want %s", st.Ekatte, st.Municipality, st.Verdict, st.Detail, want)
		}
		switch st.Verdict {
		case dataset.SiteOK:
			titles := map[string]bool{}
			for _, p := range w.ok.Paths(demoweb.KindProject) {
				titles[w.ok.Title(p)] = true
			}
			if len(st.Samples) != 3 || st.Records < 6 || st.HomeStatus != 200 || len(st.Sections) == 0 || st.Robots != "allows" {
				t.Errorf("ok site: %+v", st)
			}
			for _, s := range st.Samples {
				if !titles[s] && !titles["Проект „"+s+"“"] {
					t.Errorf("sample title %q is no project of the site", s)
				}
			}
		case dataset.SiteNoProjects:
			if st.PagesFetched < 5 || st.Records != 0 {
				t.Errorf("site without projects: %+v", st)
			}
		case dataset.SiteMoved:
			if st.MovedTo != w.movedTo || st.HomeStatus != http.StatusMovedPermanently || st.HomeRedirects != 1 {
				t.Errorf("moved site: moved to %q (want %q), home %d after %d redirects", st.MovedTo, w.movedTo, st.HomeStatus, st.HomeRedirects)
			}
		case dataset.SiteBlocked:
			if st.Robots != "forbids the start page" || st.PagesFetched != 0 {
				t.Errorf("blocked site: %+v", st)
			}
		}
	}
}

// `opendata sites check` over a local web: each verdict right, as JSON
// and as a table; --write records them beside the entries, comments kept;
// --site picks one by code or name.
func TestSitesCheck(t *testing.T) {
	w := newCheckWeb(t)
	ctx := context.Background()
	var out, errb bytes.Buffer
	if err := run(ctx, []string{"sites", "check", "--sites", w.sitesFile, "--json", "--pages", "40", "--timeout", "3s"}, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	var rep checkReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	w.check(t, rep.Sites)

	out.Reset()
	if err := run(ctx, []string{"sites", "check", "--sites", w.sitesFile, "--format", "table", "--write", "--pages", "40", "--timeout", "3s"}, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	table := out.String()
	t.Logf("the table:\n%s", table)
	for _, want := range []string{"TST01  Добруша", "no projects found", "blocked by robots", "moved to " + w.movedTo, "unreachable",
		"5 sites: ok 1, no projects found 1, unreachable 1, blocked by robots 1, moved 1"} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q:\n%s", want, table)
		}
	}
	sites, err := crawler.LoadSites(w.sitesFile)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sites {
		if s.Check == nil || s.Check.Verdict != w.wantVerdicts[s.Ekatte] || s.Check.Checked == "" {
			t.Errorf("%s: written check %+v, want verdict %s", s.Ekatte, s.Check, w.wantVerdicts[s.Ekatte])
		}
	}
	if b, _ := os.ReadFile(w.sitesFile); !strings.Contains(string(b), "# sites for the check test") || !strings.Contains(string(b), "# moved\n- municipality: Преместено") {
		t.Errorf("--write lost the file's comments:\n%s", b)
	}

	out.Reset()
	if err := run(ctx, []string{"sites", "check", "--sites", w.sitesFile, "--site", "преместено", "--json", "--timeout", "3s"}, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	rep = checkReport{}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil || len(rep.Sites) != 1 || rep.Sites[0].Ekatte != "TST04" {
		t.Errorf("--site by name: %v %+v", err, rep.Sites)
	}
	for _, bad := range [][]string{{"--site", "Никъде"}, {"--write"}, {"--format", "xml"}, {"--pages", "0"}} {
		args := append([]string{"sites", "check"}, bad...)
		if bad[0] != "--write" {
			args = append(args, "--sites", w.sitesFile)
		}
		if err := run(ctx, args, &out, &errb); err == nil {
			t.Errorf("sites check %v: no error", bad)
		}
	}
}

// A crawl of the same web keeps each site's status, which GET
// /api/v1/municipalities serves beside the records (the real crawler's
// coverage over the real store, through the real router).
func TestCrawlCoverageAPI(t *testing.T) {
	w := newCheckWeb(t)
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if err := run(context.Background(), []string{"crawl", "--sites", w.sitesFile, "--data", dir, "--timeout", "3s"}, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	a, err := openApp(dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv, err := api.New(api.Config{Store: a.store, Index: a.index, Logger: slog.New(slog.DiscardHandler),
		Coverage: coverage(a, func() ([]crawler.Site, error) { return crawler.LoadSites(w.sitesFile) })})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	res, err := http.Get(ts.URL + "/api/v1/municipalities")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var ans struct {
		Municipalities []dataset.MunicipalityStat `json:"municipalities"`
	}
	if err := json.NewDecoder(res.Body).Decode(&ans); err != nil {
		t.Fatal(err)
	}
	stats, err := a.store.Municipalities()
	if err != nil {
		t.Fatal(err)
	}
	projects := map[string]int{}
	for _, m := range stats {
		projects[m.Municipality] = m.Projects
	}
	seen := 0
	for _, m := range ans.Municipalities {
		want, ok := w.wantVerdicts[m.Ekatte]
		if !ok {
			continue
		}
		seen++
		if m.Site == nil || m.Site.Status != want || m.Site.LastCrawled == nil || m.Projects != projects[m.Municipality] {
			t.Errorf("%s %s: %+v %+v, want status %s and %d projects", m.Ekatte, m.Municipality, m, m.Site, want, projects[m.Municipality])
		}
	}
	if seen != len(w.wantVerdicts) || projects["Добруша"] < 6 {
		t.Errorf("%d of %d sites listed; %d projects of the working site", seen, len(w.wantVerdicts), projects["Добруша"])
	}
}

// The help of each command says the log level it logs at by default:
// error for sites check (its throwaway store and index have nothing to
// tell), info for the others.
func TestHelpShowsTheDefaultLogLevel(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sites", "check", "-h"}, `(default "error")`},
		{[]string{"crawl", "-h"}, `(default "info")`},
		{[]string{"reextract", "-h"}, `(default "info")`},
	} {
		var out, errb bytes.Buffer
		run(context.Background(), tc.args, &out, &errb)
		help := errb.String()
		i := strings.Index(help, "-log-level")
		if i < 0 || !strings.Contains(help[i:], tc.want) {
			t.Errorf("%v: the help of -log-level lacks %s:\n%s", tc.args, tc.want, help)
		}
	}
}
