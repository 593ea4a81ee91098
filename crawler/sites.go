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
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
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
)

// Site is one entry of the sites file: a municipal website section to crawl.
type Site struct {
	Municipality   string
	StartURLs      []string
	AllowedDomains []string      // host or host:port
	Follow         []string      // regexps searched in absolute, percent-encoded link URLs
	MaxDepth       int           // links deeper than this many hops from a start URL are not followed
	Delay          time.Duration // at least this between two requests to the site

	follow []*regexp.Regexp
}

// rawSite is the YAML shape before defaults and validation.
type rawSite struct {
	Municipality   string   `yaml:"municipality"`
	StartURLs      []string `yaml:"start_urls"`
	AllowedDomains []string `yaml:"allowed_domains"`
	Follow         []string `yaml:"follow"`
	MaxDepth       *int     `yaml:"max_depth"`
	Delay          *string  `yaml:"delay"`
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
	keys := map[string]int{}
	for i, r := range raws {
		s, err := r.site()
		if err == nil {
			// The key names the site's crawl state: two entries must not share it.
			if j, dup := keys[s.Key()]; dup {
				err = fmt.Errorf("same municipality and first start host as entry %d: merge the two", j)
			}
			keys[s.Key()] = i + 1
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
		MaxDepth:       DefaultMaxDepth,
		Delay:          DefaultDelay,
		Follow:         r.Follow,
		AllowedDomains: make([]string, 0, len(r.AllowedDomains)),
	}
	if s.Municipality == "" {
		return s, errors.New("municipality is missing")
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
	if len(r.StartURLs) == 0 {
		return s, errors.New("start_urls is empty")
	}
	for _, raw := range r.StartURLs {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return s, fmt.Errorf("start URL %q is not an absolute http(s) URL", raw)
		}
		if len(r.AllowedDomains) == 0 {
			// No list given: the start URLs' hosts are the site.
			s.AllowedDomains = append(s.AllowedDomains, strings.ToLower(u.Host))
		}
		s.StartURLs = append(s.StartURLs, strings.TrimSpace(raw))
	}
	for _, raw := range s.StartURLs {
		u, _ := url.Parse(raw)
		if !s.Allowed(u) {
			return s, fmt.Errorf("start URL %q: host %s is not in allowed_domains %v", raw, u.Host, s.AllowedDomains)
		}
	}
	for _, f := range s.Follow {
		re, err := regexp.Compile(f)
		if err != nil {
			return s, fmt.Errorf("follow pattern %q does not compile: %w", f, err)
		}
		s.follow = append(s.follow, re)
	}
	return s, nil
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

// Follows reports whether any follow pattern matches one of the URL forms.
func (s *Site) Follows(forms ...string) bool {
	for _, re := range s.follow {
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
