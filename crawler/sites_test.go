package crawler

import (
	"bufio"
	"maps"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

func TestDefaultSitesParse(t *testing.T) {
	sites, err := DefaultSites()
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 265 {
		t.Errorf("shipped sites file has %d entries, want 265", len(sites))
	}
	keys, hinted := map[string]bool{}, 0
	for _, s := range sites {
		if s.Delay < time.Second || s.MaxDepth < 1 || s.Ekatte == "" || s.Province == "" || !s.Discover() {
			t.Errorf("%s: delay %v, max_depth %d, ekatte %q, province %q, home %q", s.Municipality, s.Delay, s.MaxDepth, s.Ekatte, s.Province, s.Home)
		}
		if len(s.follow) > 0 {
			hinted++
		}
		if keys[s.Key()] {
			t.Errorf("two entries share the state key %q", s.Key())
		}
		keys[s.Key()] = true
	}
	// The hand-written entries keep their hints.
	if hinted != 60 {
		t.Errorf("%d entries have follow hints, want the 60 hand-written ones", hinted)
	}
}

func TestParseSitesDefaults(t *testing.T) {
	sites, err := ParseSites([]byte(`
- municipality: Пещера
  start_urls: ['https://www.peshtera.bg/proekti/']
  allowed_domains: [www.peshtera.bg]
  follow: ['/proekti/']
- municipality: Локал
  start_urls: ['http://127.0.0.1:8081/a']
  allowed_domains: ['127.0.0.1:8081']
  max_depth: 0
  delay: 0
- municipality: Без списък
  start_urls: ['http://x.bg/a']
  delay: 1.5
`))
	if err != nil {
		t.Fatal(err)
	}
	if s := sites[0]; s.MaxDepth != 4 || s.Delay != time.Second {
		t.Errorf("defaults: max_depth %d, delay %v; want 4, 1s", s.MaxDepth, s.Delay)
	}
	if s := sites[1]; s.MaxDepth != 0 || s.Delay != 0 {
		t.Errorf("explicit zeros: max_depth %d, delay %v", s.MaxDepth, s.Delay)
	}
	if s := sites[2]; s.Delay != 1500*time.Millisecond || len(s.AllowedDomains) != 1 || s.AllowedDomains[0] != "x.bg" {
		t.Errorf("bare seconds and derived domains: %v %v", s.Delay, s.AllowedDomains)
	}
}

func TestParseSitesErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"empty", "", "empty"},
		{"no list", "municipality: x", "parse sites file"},
		{"typo field", "- municipality: A\n  start_url: ['http://a.bg/']", "field start_url not found"},
		{"no municipality", "- start_urls: ['http://a.bg/']", "entry 1 (no municipality): municipality is missing"},
		{"no start", "- municipality: A", "entry 1 (A): start_urls is empty"},
		{"relative start", "- municipality: A\n  start_urls: ['/proekti/']", "not an absolute http(s) URL"},
		{"foreign start", "- municipality: A\n  start_urls: ['http://b.bg/']\n  allowed_domains: [a.bg]", "host b.bg is not in allowed_domains"},
		{"port mismatch", "- municipality: A\n  start_urls: ['http://127.0.0.1:9/']\n  allowed_domains: ['127.0.0.1:8081']", "not in allowed_domains"},
		{"bad regexp", "- municipality: A\n  start_urls: ['http://a.bg/']\n  follow: ['(']", "entry 1 (A): follow pattern \"(\" does not compile"},
		{"bad delay", "- municipality: A\n  start_urls: ['http://a.bg/']\n  delay: soon", "delay \"soon\" is not a duration"},
		{"negative delay", "- municipality: A\n  start_urls: ['http://a.bg/']\n  delay: -1s", "out of range"},
		{"bad depth", "- municipality: A\n  start_urls: ['http://a.bg/']\n  max_depth: -1", "max_depth -1"},
		{"duplicate", "- municipality: A\n  start_urls: ['http://a.bg/x']\n- municipality: A\n  start_urls: ['http://www.a.bg/y']", "entry 2 (A): same municipality and first start host as entry 1"},
		{"second entry", "- municipality: A\n  start_urls: ['http://a.bg/']\n- municipality: Б\n  start_urls: []", "entry 2 (Б)"},
	}
	for _, tt := range tests {
		_, err := ParseSites([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

func TestLoadSitesNamesTheFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "sites.yaml")
	os.WriteFile(p, []byte("- municipality: A\n"), 0o644)
	if _, err := LoadSites(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("error %v does not name the file", err)
	}
	if _, err := LoadSites(p + ".missing"); err == nil {
		t.Error("a missing file loads")
	}
}

func TestAllowed(t *testing.T) {
	s := Site{AllowedDomains: []string{"www.x.bg", "127.0.0.1:8081", "old.y.bg"}}
	for raw, want := range map[string]bool{
		"http://www.x.bg/a": true, "https://x.bg/a": true, "http://WWW.X.BG/": true, "http://x.bg:80/": true,
		"http://x.bg:8080/": false, "http://y.bg/": false, "http://old.y.bg/": true, "http://evil-x.bg/": false,
		"http://127.0.0.1:8081/a": true, "http://127.0.0.1:8082/a": false, "http://127.0.0.1/a": false,
		"ftp://www.x.bg/": false,
	} {
		u, _ := url.Parse(raw)
		if got := s.Allowed(u); got != want {
			t.Errorf("Allowed(%s) = %v, want %v", raw, got, want)
		}
	}
}

func FuzzParseSites(f *testing.F) {
	f.Add([]byte("- municipality: A\n  start_urls: ['http://a.bg/']\n  follow: ['x']\n  delay: 2s\n"))
	f.Add([]byte("- municipality: [1, 2]\n"))
	f.Add([]byte("{{{"))
	f.Add([]byte("- municipality: A\n  ekatte: PAZ21\n  home: http://a.bg/\n  pin: ['/p/']\n  exclude: ['x']\n  check: {verdict: moved, moved_to: b.bg}\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		sites, err := ParseSites(b)
		if err != nil {
			return
		}
		for _, s := range sites {
			if s.Municipality == "" || len(s.StartURLs) == 0 || s.Delay < 0 || s.MaxDepth < 0 {
				t.Fatalf("invalid site accepted: %+v", s)
			}
			for _, raw := range s.StartURLs {
				u, err := url.Parse(raw)
				if err != nil || !s.Allowed(u) {
					t.Fatalf("start URL %q not allowed in accepted site", raw)
				}
			}
		}
	})
}

// Each entry of the shipped file is preceded by "# e.g. <a project page seen
// on the site>": the crawl must be able to reach it (a start URL, or a URL
// the allowed domains let through and no exclude pattern stops), and the
// entry's follow patterns must know it. Since a discovered site follows
// every allowed link, reach alone says little more than the domain: the
// patterns are what the example tests (they rank the project links first).
func TestShippedExamplesAreReachable(t *testing.T) {
	sites, err := DefaultSites()
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*Site{}
	for i := range sites {
		by[sites[i].Municipality] = &sites[i]
	}
	example, checked, hinted := "", 0, 0
	for _, line := range strings.Split(string(defaultSitesYAML), "\n") {
		if u, ok := strings.CutPrefix(line, "# e.g. "); ok {
			example = strings.TrimSpace(u)
			continue
		}
		name, ok := strings.CutPrefix(line, "- municipality:")
		if !ok || example == "" {
			continue
		}
		name, _, _ = strings.Cut(name, "#")
		s := by[strings.TrimSpace(name)]
		if s == nil {
			t.Errorf("no site %q", name)
			continue
		}
		cu, err := Canonicalize(nil, example)
		if err != nil {
			t.Errorf("%s: example %s: %v", s.Municipality, example, err)
			continue
		}
		start := false
		for _, su := range s.StartURLs {
			if c, err := Canonicalize(nil, su); err == nil && dedupKey(c) == dedupKey(cu) {
				start = true
			}
		}
		if !start && !s.Follows(example, cu.String()) || !s.Allowed(cu) {
			t.Errorf("%s: the example page %s is out of the crawl's reach", s.Municipality, example)
		}
		if len(s.Follow) > 0 && !s.Hinted(example, cu.String()) {
			t.Errorf("%s: the example page %s matches none of the entry's follow patterns %q", s.Municipality, example, s.Follow)
		}
		if len(s.Follow) > 0 {
			hinted++
		}
		example = ""
		checked++
	}
	if checked != 60 || hinted != checked {
		t.Errorf("checked %d examples (%d against follow patterns), want one for each of the 60 hand-written entries, all with patterns", checked, hinted)
	}
}

func TestParseSitesHome(t *testing.T) {
	sites, err := ParseSites([]byte(`
- municipality: Пещера
  ekatte: PAZ21
  province: Пазарджик
  home: https://www.peshtera.bg/
  pin: ['/bg/evroproekti/', 'https://e-services.peshtera.bg/proekti']
  allowed_domains: [e-services.peshtera.bg]
  exclude: ['/obshtinski-savet/']
- municipality: Стар
  start_urls: ['https://old.x.bg/proekti/']
  follow: ['/proekti/']
`))
	if err != nil {
		t.Fatal(err)
	}
	s := sites[0]
	wantStarts := []string{"https://www.peshtera.bg/bg/evroproekti/", "https://e-services.peshtera.bg/proekti", "https://www.peshtera.bg/"}
	if strings.Join(s.StartURLs, " ") != strings.Join(wantStarts, " ") || !s.Discover() || s.MaxDepth != DiscoverMaxDepth {
		t.Errorf("starts %v, discover %v, max_depth %d", s.StartURLs, s.Discover(), s.MaxDepth)
	}
	if s.Ekatte != "PAZ21" || s.Province != "Пазарджик" || len(s.Pin) != 2 {
		t.Errorf("ekatte %q, province %q, pins %v", s.Ekatte, s.Province, s.Pin)
	}
	home, _ := url.Parse("https://peshtera.bg/x")
	if !s.Allowed(home) {
		t.Error("the home page's host is not allowed although allowed_domains lists another")
	}
	for link, want := range map[string]bool{
		"https://www.peshtera.bg/novini/1":                     true,  // a discovered site follows any link …
		"https://www.peshtera.bg/obshtinski-savet/resheniya/5": false, // … but what it excludes
	} {
		if got := s.Follows(link); got != want {
			t.Errorf("Follows(%s) = %v, want %v", link, got, want)
		}
	}
	old := sites[1]
	if old.Discover() || old.Follows("https://old.x.bg/novini/1") || !old.Follows("https://old.x.bg/proekti/2") || old.MaxDepth != DefaultMaxDepth {
		t.Errorf("an entry without a home page is no longer crawled along its follow patterns only: %+v", old)
	}
	if !old.Hinted("https://old.x.bg/proekti/2") || s.Hinted("https://www.peshtera.bg/proekti/") {
		t.Error("Hinted does not answer by the follow patterns")
	}
}

func TestParseSitesHomeErrors(t *testing.T) {
	tests := []struct{ name, yaml, want string }{
		{"bad code", "- municipality: A\n  ekatte: paz21\n  home: http://a.bg/", "ekatte \"paz21\""},
		{"same code", "- municipality: A\n  ekatte: PAZ21\n  home: http://a.bg/\n- municipality: B\n  ekatte: PAZ21\n  home: http://b.bg/", "entry 2 (B): ЕКАТТЕ code PAZ21 is also entry 1's"},
		{"relative home", "- municipality: A\n  home: /x", "home \"/x\""},
		{"nothing to start from", "- municipality: A\n  ekatte: PAZ21", "no home page"},
		{"foreign pin", "- municipality: A\n  home: http://a.bg/\n  allowed_domains: [a.bg]\n  pin: ['http://b.bg/proekti/']", "host b.bg is not in allowed_domains"},
		{"bad exclude", "- municipality: A\n  home: http://a.bg/\n  exclude: ['[']", "exclude pattern \"[\" does not compile"},
		{"bad verdict", "- municipality: A\n  home: http://a.bg/\n  check: {verdict: fine}", "check verdict \"fine\""},
	}
	for _, tt := range tests {
		_, err := ParseSites([]byte(tt.yaml))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// TestShippedSitesMatchTheGazetteer compares the shipped sites file with
// the gazetteer of ../shared (third-party data, read when present): the
// same 265 municipalities by ЕКАТТЕ code, with the same official name,
// province and home page.
func TestShippedSitesMatchTheGazetteer(t *testing.T) {
	f, err := os.Open(filepath.Join(repoRoot(t), "..", "shared", "gazetteer", "municipalities.tsv"))
	if err != nil {
		t.Skip("no ../shared/gazetteer beside the project")
	}
	defer f.Close()
	sites, err := DefaultSites()
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]Site{}
	for _, s := range sites {
		by[s.Ekatte] = s
	}
	rows := 0
	sc := bufio.NewScanner(f)
	for first := true; sc.Scan(); first = false {
		cols := strings.Split(sc.Text(), "\t")
		if first {
			if len(cols) < 6 || cols[0] != "ekatte_code" || cols[1] != "name" || cols[3] != "province" || cols[5] != "home_url" {
				t.Fatalf("the gazetteer's columns changed: %v", cols)
			}
			continue
		}
		rows++
		s, ok := by[cols[0]]
		if !ok {
			t.Errorf("%s %s: not in the sites file", cols[0], cols[1])
			continue
		}
		if nuts3 := dataset.NUTS3OfCode(cols[0]); nuts3 != cols[4] {
			t.Errorf("%s: NUTS3OfCode = %s, the gazetteer says %s", cols[0], nuts3, cols[4])
		}
		if s.Municipality != cols[1] || s.Province != cols[3] || s.Home != cols[5] {
			t.Errorf("%s: sites file says %q, %q, %s; the gazetteer %q, %q, %s",
				cols[0], s.Municipality, s.Province, s.Home, cols[1], cols[3], cols[5])
		}
		delete(by, cols[0])
	}
	if rows != 265 || len(by) != 0 {
		t.Errorf("gazetteer rows %d; sites file entries not in it: %v", rows, slices.Collect(maps.Keys(by)))
	}
}

// repoRoot is the directory of go.mod above the test's directory.
func repoRoot(t testing.TB) string {
	dir, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test")
		}
		dir = parent
	}
}
