package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

func TestProblemFor(t *testing.T) {
	for _, tc := range []struct {
		err    error
		status int
		detail string // "" : the generic internal detail
	}{
		{dataset.Errorf(dataset.EINVALID, "sort %q is wrong", "x"), 400, `sort "x" is wrong`},
		{fmt.Errorf("load: %w", dataset.Errorf(dataset.ENOTFOUND, "no record 7")), 404, "no record 7"},
		{dataset.Errorf(dataset.ECONFLICT, "a crawl is running"), 409, "a crawl is running"},
		{dataset.Errorf(dataset.EUNAVAILABLE, "closing"), 503, "closing"},
		{dataset.Errorf(dataset.EINTERNAL, "disk /var/x full"), 500, ""},
		{errors.New("open /data/store.db: permission denied"), 500, ""},
		{fmt.Errorf("search: %w", context.DeadlineExceeded), 503, "took too long"},
		{errStatus(http.StatusTooManyRequests, "slow down"), 429, "slow down"},
		{dataset.Errorf("unheard-of", "what"), 500, ""},
	} {
		p := problemFor(tc.err)
		if p.Status != tc.status || p.Title != http.StatusText(tc.status) {
			t.Errorf("%v: status %d title %q, want %d", tc.err, p.Status, p.Title, tc.status)
		}
		want := tc.detail
		if want == "" {
			want = "internal error"
		}
		if !strings.Contains(p.Detail, want) {
			t.Errorf("%v: detail %q, want it to contain %q", tc.err, p.Detail, want)
		}
		if tc.status == 500 && (strings.Contains(p.Detail, "/") || strings.Contains(p.Detail, "unheard")) {
			t.Errorf("%v: the 500 detail %q leaks", tc.err, p.Detail)
		}
	}
}

func TestETagMatches(t *testing.T) {
	for _, tc := range []struct {
		header, etag string
		want         bool
	}{
		{"", `W/"a"`, false},
		{`W/"a"`, `W/"a"`, true},
		{`"a"`, `W/"a"`, true}, // weak comparison
		{`"b", W/"a"`, `W/"a"`, true},
		{`"b"`, `W/"a"`, false},
		{`*`, `W/"a"`, true},
		{`W/"ab"`, `W/"a"`, false},
	} {
		if got := etagMatches(tc.header, tc.etag); got != tc.want {
			t.Errorf("etagMatches(%q, %q) = %v", tc.header, tc.etag, got)
		}
	}
}

func TestAcceptsGzip(t *testing.T) {
	for h, want := range map[string]bool{
		"":                    false,
		"gzip":                true,
		"deflate, gzip;q=1.0": true,
		"GZIP":                true,
		"gzip;q=0":            false,
		"gzip; q=0.0":         false,
		"br, deflate":         false,
		"x-gzip-not":          false,
		"gzip;q=0.5, br":      true,
	} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", h, got, want)
		}
	}
}

func FuzzHeaderParsers(f *testing.F) {
	for _, s := range []string{"gzip", `W/"a", "b"`, "gzip;q=0", "*", `"`, ";;;,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, h string) {
		acceptsGzip(h)
		etagMatches(h, `W/"abc"`)
		s := &Server{cfg: Config{ClientIPHeader: "X-Real-IP"}}
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("X-Real-IP", h)
		r.RemoteAddr = h
		if s.clientIP(r) == "" && h != "" && !strings.ContainsAny(h, ":[]") {
			t.Errorf("clientIP of %q is empty", h)
		}
	})
}

func TestClientIP(t *testing.T) {
	for _, tc := range []struct {
		header, remote, hdrValue, want string
	}{
		{"", "192.0.2.7:5555", "", "192.0.2.7"},
		{"", "[2001:db8:1:2:3:4:5:6]:443", "", "2001:db8:1:2::/64"},
		{"X-Real-IP", "127.0.0.1:1", "203.0.113.9", "203.0.113.9"},
		{"X-Forwarded-For", "127.0.0.1:1", "203.0.113.9, 10.0.0.1", "203.0.113.9"},
		{"X-Real-IP", "127.0.0.1:1", "not an address", "127.0.0.1"},
		{"", "[::ffff:192.0.2.1]:80", "", "192.0.2.1"},
	} {
		s := &Server{cfg: Config{ClientIPHeader: tc.header}}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.remote
		if tc.header != "" {
			r.Header.Set(tc.header, tc.hdrValue)
		}
		if got := s.clientIP(r); got != tc.want {
			t.Errorf("clientIP(%q, %s=%q) = %q, want %q", tc.remote, tc.header, tc.hdrValue, got, tc.want)
		}
	}
}

func TestResultRecordJSON(t *testing.T) {
	total := 100.0
	rr := resultRecord{
		Record:     dataset.Record{ID: "21/321/01329", Title: "Ремонт <на> училище", Budget: dataset.Budget{Total: &total, Currency: "BGN"}},
		Score:      1.5,
		Highlights: map[string][]string{"title": {"<mark>Ремонт</mark> &lt;на&gt; училище"}},
	}
	b, err := marshalJSON(rr)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if m["id"] != "21/321/01329" || m["score"] != 1.5 || m["title"] != "Ремонт <на> училище" || m["programme"] != nil {
		t.Errorf("result JSON %s", b)
	}
	if _, ok := m["programme"]; !ok {
		t.Errorf("programme missing (want null): %s", b)
	}
	hl := m["highlights"].(map[string]any)["title"].([]any)[0]
	if hl != "<mark>Ремонт</mark> &lt;на&gt; училище" {
		t.Errorf("highlight %q", hl)
	}
	b, _ = json.Marshal(resultRecord{})
	if !strings.Contains(string(b), `"highlights":{}`) || !strings.Contains(string(b), `"score":0`) {
		t.Errorf("empty result JSON %s", b)
	}
}

func TestBodyCache(t *testing.T) {
	c := newBodyCache(40) // entries of at most 10 bytes
	c.put("a", []byte("aaaaaaaaaa"))
	c.put("big", []byte("bbbbbbbbbbb")) // 11 bytes: too big to keep
	if _, ok := c.get("big"); ok {
		t.Errorf("an entry over a quarter of the budget was kept")
	}
	for _, k := range []string{"b", "c", "d"} {
		c.put(k, []byte("0123456789"))
	}
	c.get("a")                       // a is now the most recent
	c.put("e", []byte("0123456789")) // evicts b, the least recent
	if _, ok := c.get("b"); ok {
		t.Errorf("b should have been evicted")
	}
	for _, k := range []string{"a", "c", "d", "e"} {
		if _, ok := c.get(k); !ok {
			t.Errorf("%s was evicted", k)
		}
	}
	if c.size != 40 {
		t.Errorf("size %d, want 40", c.size)
	}
	if !c.claim("x") || c.claim("x") {
		t.Errorf("a second claim of x was granted")
	}
	c.release("x")
	if !c.claim("x") {
		t.Errorf("x released but not claimable")
	}
	var off *bodyCache
	off.put("a", []byte("a"))
	if _, ok := off.get("a"); ok || off.claim("a") {
		t.Errorf("a nil cache keeps things")
	}
}

// TestSearchAnswerRender: the hand-assembled JSON of an answer is what
// encoding/json makes of it.
func TestSearchAnswerRender(t *testing.T) {
	total := 5.5
	ans := searchAnswer{Total: 2, Page: 1, PerPage: 20,
		Results: []resultRecord{
			{Record: dataset.Record{ID: "a/1", Title: "Ремонт & <б>", Budget: dataset.Budget{Total: &total}}, Score: 2,
				Highlights: map[string][]string{"title": {"<mark>Ремонт</mark> &amp;"}}},
			{Record: dataset.Record{ID: "РД-1"}, Score: 1},
		},
		Facets: map[string][]dataset.FacetValue{"year": {{Value: "2014", Count: 2}}}}
	got, err := ans.render()
	if err != nil {
		t.Fatal(err)
	}
	want, err := marshalJSON(ans)
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("render: %v in %s", err, got)
	}
	json.Unmarshal(want, &w)
	gj, _ := json.Marshal(g)
	wj, _ := json.Marshal(w)
	if string(gj) != string(wj) {
		t.Errorf("render\n%s\nwant\n%s", gj, wj)
	}
	empty, _ := searchAnswer{Page: 1, PerPage: 20}.render()
	if string(empty) != `{"total":0,"page":1,"per_page":20,"match":"","all_words":0,"corrections":null,"did_you_mean":null,"results":[],"facets":{}}`+"\n" {
		t.Errorf("empty answer %s", empty)
	}
}

// FuzzRequests sends arbitrary query strings and record paths to the real
// server over the fixture: every answer is 2xx, 304, 400, 404 or 429 with a
// problem, never a 5xx.
func FuzzRequests(f *testing.F) {
	for _, s := range []string{"q=мониторинг", "q=%22a", "page=0", "per_page=9999&sort=-budget", "facets=year,x",
		"municipality=%D0%A1&municipality=", "q=%ff", "a=%zz", "budget_min=1e400", "year_from=2020&year_to=2019", ";;", ""} {
		f.Add(s, "13-13-24")
	}
	f.Add("q=x", "23%2F321%2F00845")
	f.Add("", "%ff/history")
	fx := getFixture(f)
	srv, err := New(Config{Store: fx.store, Index: fx.index, RateLimit: -1, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, rawQuery, id string) {
		for _, target := range []string{
			"/api/v1/projects?" + rawQuery,
			"/api/v1/projects.ndjson?" + rawQuery,
			"/api/v1/projects/" + id,
		} {
			req, err := http.NewRequest(http.MethodGet, "http://opendata.test/", nil)
			if err != nil {
				t.Fatal(err)
			}
			u, err := url.Parse(target)
			if err != nil {
				continue // not a request a client can send
			}
			req.URL = u
			req.RequestURI = target
			w := httptest.NewRecorder()
			srv.ServeHTTP(w, req)
			if w.Code >= 500 {
				t.Errorf("GET %q: %d %s", target, w.Code, w.Body.String())
			}
			if w.Code >= 400 && w.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("GET %q: %d with Content-Type %q", target, w.Code, w.Header().Get("Content-Type"))
			}
		}
	})
}
