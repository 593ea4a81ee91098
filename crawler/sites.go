package crawler

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/opendata-bg/opendata/dataset"
)

// defaultSitesYAML is the shipped sites file (sites.yaml beside this file):
// the municipal project sections `opendata crawl` visits when no --sites is given.
//
//go:embed sites.yaml
var defaultSitesYAML []byte

// Defaults of a sites-file entry that leaves a field out.
const (
	DefaultMaxDepth = 4
	DefaultDelay    = time.Second
	// DiscoverMaxDepth is the max_depth of an entry with a home page: from
	// the home page a project section's later listing pages lie deep.
	DiscoverMaxDepth = 12
)

// Site is one entry of the sites file: a municipal website to crawl. An
// entry with a Home is discovered from its home page: every link on its
// allowed domains may be followed, in the order the run's Policy ranks
// them (start_urls and follow are then hints); an entry without one is
// crawled as before, from its start URLs along its follow patterns only.
type Site struct {
	Municipality string
	Ekatte       string // ЕКАТТЕ code of the municipality (PAZ21), "" when not given
	Province     string // its province (област), as ЕКАТТЕ names it
	Home         string // the home page of its official website ("": no discovery)
	// StartURLs is where the crawl begins: the entry's start_urls, then its
	// pinned sections, then its home page.
	StartURLs      []string
	AllowedDomains []string      // host or host:port
	Follow         []string      // regexps searched in absolute, percent-encoded link URLs
	Pin            []string      // absolute URLs of sections always crawled first (the entry's pin, resolved against home)
	Exclude        []string      // regexps of links never followed
	MaxDepth       int           // links deeper than this many hops from a start URL are not followed
	Delay          time.Duration // at least this between two requests to the site
	// Check is the verdict `opendata sites check --write` recorded beside
	// the entry (nil when none).
	Check *SiteCheck

	follow, exclude []*regexp.Regexp
}

// SiteCheck is the verdict of `opendata sites check --write`, kept beside
// the sites file entry it is about.
type SiteCheck struct {
	Verdict  string   `yaml:"verdict" json:"verdict"`                       // ok, no_projects, unreachable, blocked_by_robots, moved
	MovedTo  string   `yaml:"moved_to,omitempty" json:"moved_to,omitempty"` // the host a moved site redirects to
	Checked  string   `yaml:"checked,omitempty" json:"checked,omitempty"`   // the date of the check (YYYY-MM-DD)
	Pages    int      `yaml:"pages,omitempty" json:"pages,omitempty"`       // pages fetched
	Records  int      `yaml:"records,omitempty" json:"records,omitempty"`   // project records extracted
	Sections []string `yaml:"sections,omitempty" json:"sections,omitempty"` // the project sections found
}

// Discover reports whether the site is discovered from its home page.
func (s *Site) Discover() bool { return s.Home != "" }

// rawSite is the YAML shape before defaults and validation.
type rawSite struct {
	Municipality   string     `yaml:"municipality"`
	Ekatte         string     `yaml:"ekatte"`
	Province       string     `yaml:"province"`
	Home           string     `yaml:"home"`
	StartURLs      []string   `yaml:"start_urls"`
	AllowedDomains []string   `yaml:"allowed_domains"`
	Follow         []string   `yaml:"follow"`
	Pin            []string   `yaml:"pin"`
	Exclude        []string   `yaml:"exclude"`
	MaxDepth       *int       `yaml:"max_depth"`
	Delay          *string    `yaml:"delay"`
	Check          *SiteCheck `yaml:"check"`
}

// LoadSites reads and validates a sites file.
func LoadSites(path string) ([]Site, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read sites file: %w", err)
	}
	sites, err := ParseSites(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sites, nil
}

// DefaultSites returns the shipped sites file, parsed.
func DefaultSites() ([]Site, error) {
	sites, err := ParseSites(defaultSitesYAML)
	if err != nil {
		return nil, fmt.Errorf("embedded sites.yaml: %w", err)
	}
	return sites, nil
}

// ParseSites parses and validates the YAML of a sites file: a list of
// entries. Errors name the entry (its position and municipality) so that a
// person can fix the file; unknown fields are refused (a typo would
// otherwise silently drop a setting).
func ParseSites(b []byte) ([]Site, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var raws []rawSite
	if err := dec.Decode(&raws); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the sites file is empty")
		}
		return nil, fmt.Errorf("parse sites file: %w", err)
	}
	if len(raws) == 0 {
		return nil, errors.New("the sites file lists no sites")
	}
	sites := make([]Site, 0, len(raws))
	keys, codes := map[string]int{}, map[string]int{}
	for i, r := range raws {
		s, err := r.site()
		if err == nil {
			// The key names the site's crawl state: two entries must not share it.
			if j, dup := keys[s.Key()]; dup {
				err = fmt.Errorf("same municipality and first start host as entry %d: merge the two", j)
			} else if j, dup := codes[s.Ekatte]; dup && s.Ekatte != "" {
				err = fmt.Errorf("ЕКАТТЕ code %s is also entry %d's", s.Ekatte, j)
			}
			keys[s.Key()] = i + 1
			codes[s.Ekatte] = i + 1
		}
		if err != nil {
			name := r.Municipality
			if name == "" {
				name = "no municipality"
			}
			return nil, fmt.Errorf("entry %d (%s): %w", i+1, name, err)
		}
		sites = append(sites, s)
	}
	return sites, nil
}

// site applies defaults and validates one entry.
func (r rawSite) site() (Site, error) {
	s := Site{
		Municipality:   strings.TrimSpace(r.Municipality),
		Ekatte:         strings.TrimSpace(r.Ekatte),
		Province:       strings.TrimSpace(r.Province),
		MaxDepth:       DefaultMaxDepth,
		Delay:          DefaultDelay,
		Follow:         r.Follow,
		Exclude:        r.Exclude,
		AllowedDomains: make([]string, 0, len(r.AllowedDomains)),
		Check:          r.Check,
	}
	if s.Municipality == "" {
		return s, errors.New("municipality is missing")
	}
	if s.Ekatte != "" && !dataset.IsMunicipalityCode(s.Ekatte) {
		return s, fmt.Errorf("ekatte %q is not a municipality code such as PAZ21", s.Ekatte)
	}
	var home *url.URL
	if h := strings.TrimSpace(r.Home); h != "" {
		u, err := absURL(h)
		if err != nil {
			return s, fmt.Errorf("home %q is not an absolute http(s) URL", h)
		}
		home, s.Home = u, h
		s.MaxDepth = DiscoverMaxDepth
	}
	if r.MaxDepth != nil {
		if *r.MaxDepth < 0 || *r.MaxDepth > 50 {
			return s, fmt.Errorf("max_depth %d is out of range 0–50", *r.MaxDepth)
		}
		s.MaxDepth = *r.MaxDepth
	}
	if r.Delay != nil {
		d, err := parseDelay(*r.Delay)
		if err != nil {
			return s, err
		}
		s.Delay = d
	}
	for _, d := range r.AllowedDomains {
		d = strings.ToLower(strings.TrimSpace(d))
		if d == "" || strings.ContainsAny(d, "/ ?#") {
			return s, fmt.Errorf("allowed domain %q is not a host or host:port", d)
		}
		s.AllowedDomains = append(s.AllowedDomains, d)
	}
	if len(r.StartURLs) == 0 && home == nil {
		return s, errors.New("start_urls is empty (and there is no home page)")
	}
	for _, raw := range r.StartURLs {
		if _, err := absURL(raw); err != nil {
			return s, fmt.Errorf("start URL %q is not an absolute http(s) URL", raw)
		}
		s.StartURLs = append(s.StartURLs, strings.TrimSpace(raw))
	}
	for _, raw := range r.Pin {
		// A pin is an absolute URL or one relative to the home page.
		u, err := url.Parse(strings.TrimSpace(raw))
		if err == nil && home != nil {
			u = home.ResolveReference(u)
		}
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return s, fmt.Errorf("pin %q is not an absolute http(s) URL, nor a path under the home page", raw)
		}
		s.Pin = append(s.Pin, u.String())
		s.StartURLs = append(s.StartURLs, u.String())
	}
	if home != nil {
		s.StartURLs = append(s.StartURLs, s.Home)
		if !s.Allowed(home) && len(r.AllowedDomains) > 0 {
			// The home page's host is the site, listed or not.
			s.AllowedDomains = append(s.AllowedDomains, strings.ToLower(home.Host))
		}
	}
	if len(r.AllowedDomains) == 0 {
		// No list given: the start URLs' hosts are the site.
		for _, raw := range s.StartURLs {
			u, _ := url.Parse(raw)
			if h := strings.ToLower(u.Host); !slices.Contains(s.AllowedDomains, h) {
				s.AllowedDomains = append(s.AllowedDomains, h)
			}
		}
	}
	for _, raw := range s.StartURLs {
		u, _ := url.Parse(raw)
		if !s.Allowed(u) {
			return s, fmt.Errorf("start URL %q: host %s is not in allowed_domains %v", raw, u.Host, s.AllowedDomains)
		}
	}
	var err error
	if s.follow, err = compileAll("follow", s.Follow); err != nil {
		return s, err
	}
	if s.exclude, err = compileAll("exclude", s.Exclude); err != nil {
		return s, err
	}
	if c := s.Check; c != nil && !dataset.ValidVerdict(c.Verdict) {
		return s, fmt.Errorf("check verdict %q is not one of ok, no_projects, unreachable, blocked_by_robots, moved", c.Verdict)
	}
	return s, nil
}

// absURL parses an absolute http(s) URL.
func absURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, errors.New("not an absolute http(s) URL")
	}
	return u, nil
}

// compileAll compiles an entry's list of regexps (field names the list).
func compileAll(field string, pats []string) ([]*regexp.Regexp, error) {
	var out []*regexp.Regexp
	for _, p := range pats {
		re, err := regexp.Compile(p)
		if err != nil {
			return nil, fmt.Errorf("%s pattern %q does not compile: %w", field, p, err)
		}
		out = append(out, re)
	}
	return out, nil
}

// parseDelay reads a delay such as "1s", "500ms" or a bare number of seconds.
func parseDelay(v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	d, err := time.ParseDuration(v)
	if err != nil {
		secs, err2 := strconv.ParseFloat(v, 64)
		if err2 != nil || math.IsNaN(secs) || math.IsInf(secs, 0) {
			return 0, fmt.Errorf("delay %q is not a duration such as 1s or 500ms", v)
		}
		if secs < 0 || secs > 3600 {
			return 0, fmt.Errorf("delay %q is out of range 0–1h", v)
		}
		d = time.Duration(secs * float64(time.Second))
	}
	if d < 0 || d > time.Hour {
		return 0, fmt.Errorf("delay %q is out of range 0–1h", v)
	}
	return d, nil
}

// Allowed reports whether u is on one of the site's allowed domains. An
// allowed domain with a port matches only that host:port; one without a
// port matches the host on the scheme's default port. The www. and bare
// forms of a host are the same site.
func (s *Site) Allowed(u *url.URL) bool {
	if u == nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	port := u.Port()
	if port == defaultPort(u.Scheme) {
		port = ""
	}
	for _, d := range s.AllowedDomains {
		dh, dp := d, ""
		if h, p, ok := strings.Cut(d, ":"); ok && !strings.Contains(p, ":") {
			dh, dp = h, p
		}
		if dp != port || (dp == "" && port != "") {
			continue
		}
		if stripWWW(dh) == stripWWW(host) {
			return true
		}
	}
	return false
}

// Follows reports whether a link with these URL forms (as linked, and
// canonical) is followed: never when an exclude pattern matches one; on a
// discovered site always otherwise (the run's Policy decides the order);
// else when a follow pattern matches one.
func (s *Site) Follows(forms ...string) bool {
	if matchAny(s.exclude, forms) {
		return false
	}
	return s.Discover() || matchAny(s.follow, forms)
}

// Hinted reports whether a follow pattern matches one of the URL forms:
// on a discovered site, a hint that the link leads to projects.
func (s *Site) Hinted(forms ...string) bool { return matchAny(s.follow, forms) }

func matchAny(res []*regexp.Regexp, forms []string) bool {
	for _, re := range res {
		for _, f := range forms {
			if f != "" && re.MatchString(f) {
				return true
			}
		}
	}
	return false
}

// Key is a stable name of the site for its persistent crawl state.
func (s *Site) Key() string {
	host := ""
	if len(s.StartURLs) > 0 {
		if u, err := url.Parse(s.StartURLs[0]); err == nil {
			host = siteHost(u)
		}
	}
	return s.Municipality + " " + host
}

func defaultPort(scheme string) string {
	switch scheme {
	case "http":
		return "80"
	case "https":
		return "443"
	}
	return ""
}

func stripWWW(host string) string { return strings.TrimPrefix(host, "www.") }
