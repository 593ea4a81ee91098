package crawler

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestDefaultSitesParse(t *testing.T) {
	sites, err := DefaultSites()
	if err != nil {
		t.Fatal(err)
	}
	if len(sites) != 60 {
		t.Errorf("shipped sites file has %d entries, want 60", len(sites))
	}
	keys := map[string]bool{}
	for _, s := range sites {
		if s.Delay < time.Second || s.MaxDepth < 1 || len(s.follow) == 0 {
			t.Errorf("%s: delay %v, max_depth %d, %d follow patterns", s.Municipality, s.Delay, s.MaxDepth, len(s.follow))
		}
		if keys[s.Key()] {
			t.Errorf("two entries share the state key %q", s.Key())
		}
		keys[s.Key()] = true
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
// the follow patterns and allowed domains let through).
func TestShippedExamplesAreReachable(t *testing.T) {
	sites, err := DefaultSites()
	if err != nil {
		t.Fatal(err)
	}
	by := map[string]*Site{}
	for i := range sites {
		by[sites[i].Municipality] = &sites[i]
	}
	example, checked := "", 0
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
		example = ""
		checked++
	}
	if checked != len(sites) {
		t.Errorf("checked %d examples for %d sites", checked, len(sites))
	}
}
