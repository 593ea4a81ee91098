package crawler

import (
	"strings"
	"testing"
	"time"

	"github.com/temoto/robotstxt"
)

func TestParseLinks(t *testing.T) {
	page := `<html><head><base href="/bg/"><link rel="alternate canonical" href="https://x.bg/p?id=1">
<meta http-equiv="Refresh" content="5; URL='/next.html'"></head><body>
<a href="a.html">Проект <b>едно</b>
  и още</a> <A HREF="/b?x=1&amp;y=2">B</A> <a name="top">anchor</a> <a href="">empty</a>
<area href="/map"><iframe src="/frame.html"></iframe><a href="/files/Договор.pdf">Договор (PDF)<a href="/next">unclosed</body></html>`
	pl := parseLinks([]byte(page))
	if pl.Base != "/bg/" || pl.Canonical != "https://x.bg/p?id=1" || pl.Refresh != "/next.html" {
		t.Errorf("base %q canonical %q refresh %q", pl.Base, pl.Canonical, pl.Refresh)
	}
	want := []rawLink{{"a.html", "Проект едно и още"}, {"/b?x=1&y=2", "B"}, {"/map", ""}, {"/frame.html", ""},
		{"/files/Договор.pdf", "Договор (PDF)"}, {"/next", "unclosed"}}
	if len(pl.Links) != len(want) {
		t.Fatalf("links %+v, want %+v", pl.Links, want)
	}
	for i := range want {
		if pl.Links[i] != want[i] {
			t.Errorf("link %d = %+v, want %+v", i, pl.Links[i], want[i])
		}
	}
}

func TestParseLinksText(t *testing.T) {
	for _, c := range []struct{ page, title, visible string }{
		{`<html><head><title> Проект  &amp; план </title><style>p{}</style><script>var a = "<b>x</b>";</script></head>` +
			`<body><noscript>включете JavaScript</noscript><h1>Заглавие</h1><p>Текст <a href="/x">връзка</a></p><template><p>скрит</p></template></body></html>`,
			"Проект  & план", "Заглавие Текст връзка "},
		{`<p>без заглавие</p><script>неотворен`, "", "без заглавие "},
		{`<title>` + strings.Repeat("я", 2000), strings.Repeat("я", maxTitle/2), ""},
	} {
		pl := parseLinks([]byte(c.page))
		if pl.Title != c.title || pl.Visible != c.visible {
			t.Errorf("parseLinks(%.50q): title %q visible %q, want %q %q", c.page, pl.Title, pl.Visible, c.title, c.visible)
		}
	}
	pl := parseLinks([]byte("<p>" + strings.Repeat("думи и още думи ", 2000) + "</p><p>край</p>"))
	if n := len(pl.Visible); n < maxVisible-1 || n > maxVisible+1 || strings.Contains(pl.Visible, "край") {
		t.Errorf("visible text of %d bytes kept (cap %d), ends %q", n, maxVisible, pl.Visible[max(n-20, 0):])
	}
}

func TestParseLinksBounds(t *testing.T) {
	page := strings.Repeat(`<a href="/x">`+strings.Repeat("текст ", 200)+`</a>`, maxLinksPerPage+100)
	pl := parseLinks([]byte(page))
	if len(pl.Links) != maxLinksPerPage {
		t.Errorf("%d links kept, want the cap %d", len(pl.Links), maxLinksPerPage)
	}
	if n := len(pl.Links[0].Text); n > maxLinkText {
		t.Errorf("link text of %d bytes kept", n)
	}
}

func TestCleanRobots(t *testing.T) {
	tests := []struct {
		name, body        string
		dropped           int
		allowed, disallow []string
	}{
		{"valid file untouched", "User-agent: *\nDisallow: /private/\n", 0, []string{"/a"}, []string{"/private/x"}},
		{"rule before agent", "Disallow: /\nUser-agent: *\nDisallow: /private/\n", 1, []string{"/a"}, []string{"/private/x"}},
		{"bad crawl-delay", "User-agent: *\nCrawl-delay: soon\nDisallow: /adm\n", 1, []string{"/a"}, []string{"/adm/x"}},
		{"html error page", "<html><body>Not found</body></html>", 0, []string{"/a", "/private"}, nil},
		{"bom and comments", "\ufeffUser-agent: * # all\nDisallow: /x # no\n", 0, []string{"/a"}, []string{"/x/1"}},
	}
	for _, tt := range tests {
		clean, dropped := cleanRobots([]byte(tt.body))
		if dropped != tt.dropped {
			t.Errorf("%s: dropped %d lines, want %d", tt.name, dropped, tt.dropped)
		}
		r, err := robotstxt.FromBytes(clean)
		if err != nil {
			t.Errorf("%s: cleaned file does not parse: %v", tt.name, err)
			continue
		}
		for _, p := range tt.allowed {
			if !r.TestAgent(p, "opendata/1") {
				t.Errorf("%s: %s disallowed", tt.name, p)
			}
		}
		for _, p := range tt.disallow {
			if r.TestAgent(p, "opendata/1") {
				t.Errorf("%s: %s allowed", tt.name, p)
			}
		}
	}
}

func TestRobotsCrawlDelay(t *testing.T) {
	if d := readRobots(200, []byte("User-agent: opendata\nCrawl-delay: 2.5\n\nUser-agent: *\nCrawl-delay: 1\n"), "opendata/0.1 (+x)").delay; d != 2500*time.Millisecond {
		t.Errorf("crawl delay %v, want 2.5s", d)
	}
	if d := readRobots(200, []byte("User-agent: *\nCrawl-delay: 86400\n"), "opendata/0.1").delay; d != maxCrawlDelay {
		t.Errorf("crawl delay %v, want the cap %v", d, maxCrawlDelay)
	}
}

func TestErrorPage(t *testing.T) {
	long := "<p>" + strings.Repeat("Община Пещера изпълнява проект за енергийна ефективност. ", 5) + "</p>"
	for body, want := range map[string]string{
		rejected: "error_page",
		"":       "empty_page",
		"<html><head><title>Проект</title><script>var x = '" + strings.Repeat("a", 500) + "';</script></head><body> </body></html>": "empty_page",
		"<html><body>" + long + "</body></html>":                                          "",
		"<html><head><title>Access Denied</title></head><body>" + long + "</body></html>": "error_page",
	} {
		if got := errorPage([]byte(body), 40); got != want {
			t.Errorf("errorPage(%.60q) = %q, want %q", body, got, want)
		}
	}
}

func FuzzParseLinks(f *testing.F) {
	f.Add([]byte(`<a href="/x">y</a><base href="/b/"><link rel=canonical href="/c">`))
	f.Add([]byte(`<meta http-equiv=refresh content="0;url=/z"><a href=/q><a href=/r>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		pl := parseLinks(b)
		if len(pl.Links) > maxLinksPerPage {
			t.Fatalf("%d links", len(pl.Links))
		}
	})
}

func FuzzCleanRobots(f *testing.F) {
	f.Add([]byte("User-agent: *\nDisallow: /x\n"))
	f.Add([]byte("Disallow: /\nCrawl-delay: x\n<html>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		clean, _ := cleanRobots(b)
		if _, err := robotstxt.FromBytes(clean); err != nil {
			t.Fatalf("cleaned robots.txt does not parse: %v\n%q", err, clean)
		}
	})
}
