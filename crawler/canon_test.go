package crawler

import (
	"net/url"
	"strings"
	"testing"
)

func TestCanonicalize(t *testing.T) {
	base, _ := url.Parse("https://www.Example-Obshtina.bg/bg/proekti/index.html?page=2")
	tests := []struct {
		ref, want string
	}{
		{"HTTP://WWW.Peshtera.BG:80/index.php", "http://www.peshtera.bg/index.php"},
		{"https://peshtera.bg:443/", "https://peshtera.bg/"},
		{"http://127.0.0.1:8081/a", "http://127.0.0.1:8081/a"},
		{"http://x.bg", "http://x.bg/"},
		{"/a/b/../c/./d.html#top", "https://www.example-obshtina.bg/a/c/d.html"},
		{"p2.html", "https://www.example-obshtina.bg/bg/proekti/p2.html"},
		{"?page=3", "https://www.example-obshtina.bg/bg/proekti/index.html?page=3"},
		{"/x?b=2&a=1&utm_source=fb&fbclid=abc&gclid=1", "https://www.example-obshtina.bg/x?a=1&b=2"},
		{"/x?&p=4", "https://www.example-obshtina.bg/x?p=4"},
		{"/x?", "https://www.example-obshtina.bg/x"},
		{"/index.php?view=article&id=651&option=com_content&tmpl=component&print=1&layout=default&page=",
			"https://www.example-obshtina.bg/index.php?id=651&layout=default&option=com_content&page=&view=article"},
		{"/x?PHPSESSID=abc&sid=1&id=5", "https://www.example-obshtina.bg/x?id=5"},
		{"/x;jsessionid=ABC123?id=5", "https://www.example-obshtina.bg/x?id=5"},
		{"/x?tmpl=other", "https://www.example-obshtina.bg/x?tmpl=other"},
		{"/?pid=3,pr_4", "https://www.example-obshtina.bg/?pid=3,pr_4"},
		{"/%7Euser/%e2%82%ac", "https://www.example-obshtina.bg/~user/%E2%82%AC"},
		{"/проекти/нов проект", "https://www.example-obshtina.bg/%D0%BF%D1%80%D0%BE%D0%B5%D0%BA%D1%82%D0%B8/%D0%BD%D0%BE%D0%B2%20%D0%BF%D1%80%D0%BE%D0%B5%D0%BA%D1%82"},
		{"/news-168-2.html", "https://www.example-obshtina.bg/news-168-2.html"},
		{"/completed_projects/11/", "https://www.example-obshtina.bg/completed_projects/11/"},
		{"  /a  ", "https://www.example-obshtina.bg/a"},
		{"/q?a=%zz", "https://www.example-obshtina.bg/q?a=%25zz"},
		{"/q?utm_medium=x", "https://www.example-obshtina.bg/q"},
		{"//cdn.example.bg/a", "https://cdn.example.bg/a"},
	}
	for _, tt := range tests {
		got, err := Canonicalize(base, tt.ref)
		if err != nil {
			t.Errorf("Canonicalize(%q): %v", tt.ref, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("Canonicalize(%q) = %s, want %s", tt.ref, got, tt.want)
		}
	}
	for _, bad := range []string{"mailto:a@b.bg", "javascript:void(0)", "ftp://x.bg/", "tel:+359", "data:text/html,hi"} {
		if u, err := Canonicalize(base, bad); err == nil {
			t.Errorf("Canonicalize(%q) = %s, want an error", bad, u)
		}
	}
}

func TestDedupKeyJoinsWWWAndScheme(t *testing.T) {
	a, _ := Canonicalize(nil, "https://www.x.bg/a?b=1&a=2")
	b, _ := Canonicalize(nil, "http://x.bg/a?a=2&b=1&utm_campaign=z")
	if dedupKey(a) != dedupKey(b) {
		t.Errorf("dedup keys differ: %s, %s", dedupKey(a), dedupKey(b))
	}
	c, _ := Canonicalize(nil, "http://x.bg:8080/a?a=2&b=1")
	if dedupKey(a) == dedupKey(c) {
		t.Errorf("a different port is a different site: %s", dedupKey(c))
	}
}

func TestDocumentExtensions(t *testing.T) {
	for raw, want := range map[string]bool{
		"http://x.bg/files/Dogovor.PDF": true, "http://x.bg/a.docx?x=1": true, "http://x.bg/t.xlsx": true,
		"http://x.bg/p.html": false, "http://x.bg/index.php?file=a.pdf": false, "http://x.bg/proekti/": false,
	} {
		u, _ := url.Parse(raw)
		if got := isDocumentExt(u); got != want {
			t.Errorf("isDocumentExt(%s) = %v, want %v", raw, got, want)
		}
	}
}

func FuzzCanonicalize(f *testing.F) {
	for _, s := range []string{"/a/../b?x=1&utm_source=2#f", "http://WWW.x.bg:80/%7e", "?&p=4", "/x;jsessionid=1", "//h/%zz", "/проекти"} {
		f.Add(s)
	}
	base, _ := url.Parse("http://www.x.bg/dir/page.html")
	f.Fuzz(func(t *testing.T, ref string) {
		u, err := Canonicalize(base, ref)
		if err != nil {
			return
		}
		// Canonical form is a fixed point, and parses back to itself.
		again, err := Canonicalize(nil, u.String())
		if err != nil {
			t.Fatalf("canonical %q does not canonicalize: %v", u, err)
		}
		if again.String() != u.String() {
			t.Fatalf("not idempotent: %q → %q → %q", ref, u, again)
		}
		if strings.ContainsAny(u.String(), " #\n") {
			t.Fatalf("canonical URL %q has a space, newline or fragment", u)
		}
	})
}

func TestRequestURL(t *testing.T) {
	base, _ := url.Parse("http://www.obshtina.bg/web/obshtina.nsf/Proekti?OpenDocument&Start=1&Count=5")
	tests := []struct{ ref, want string }{
		// The query stays in its linked order and encoding.
		{"?OpenDocument&Start=6&Count=5", "http://www.obshtina.bg/web/obshtina.nsf/Proekti?OpenDocument&Start=6&Count=5"},
		{"/proekti/index.php?option=com_content&view=article&id=7", "http://www.obshtina.bg/proekti/index.php?option=com_content&view=article&id=7"},
		{"0/A1B2C3?OpenDocument#top", "http://www.obshtina.bg/web/obshtina.nsf/0/A1B2C3?OpenDocument"},
		{"/x?pid=3,pr_4&PHPSESSID=abc", "http://www.obshtina.bg/x?pid=3,pr_4&PHPSESSID=abc"},
		{"/x?print=1&tmpl=component", "http://www.obshtina.bg/x?print=1&tmpl=component"},
		{"/x?q=%d0%b0+b", "http://www.obshtina.bg/x?q=%d0%b0+b"},
		// Tracking parameters too are sent as linked (the visited key
		// leaves them out, TestRequestURLAndKey).
		{"/x?b=2&utm_source=fb&a=1&fbclid=z", "http://www.obshtina.bg/x?b=2&utm_source=fb&a=1&fbclid=z"},
		{"/x?utm_medium=y", "http://www.obshtina.bg/x?utm_medium=y"},
		{"HTTP://user:pw@WWW.Obshtina.bg/a", "http://www.obshtina.bg/a"},
		{"  /a b  ", "http://www.obshtina.bg/a%20b"},
	}
	for _, tt := range tests {
		got, err := RequestURL(base, tt.ref)
		if err != nil {
			t.Errorf("RequestURL(%q): %v", tt.ref, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("RequestURL(%q) = %s, want %s", tt.ref, got, tt.want)
		}
	}
	for _, bad := range []string{"mailto:a@b.bg", "javascript:void(0)", "ftp://x.bg/", "http://", "http:///x"} {
		if u, err := RequestURL(base, bad); err == nil {
			t.Errorf("RequestURL(%q) = %s, want an error", bad, u)
		}
	}
}

// The URL sent and the visited key: two links differing only in query
// order are one page, but each is requested as written.
func TestRequestURLAndKey(t *testing.T) {
	a, _ := RequestURL(nil, "http://x.bg/index.php?option=com_content&view=article&id=5")
	b, _ := RequestURL(nil, "http://x.bg/index.php?id=5&option=com_content&view=article")
	if a.String() == b.String() {
		t.Fatal("the request URLs lost their order")
	}
	if visitKey(a) != visitKey(b) {
		t.Errorf("visit keys differ: %s, %s", visitKey(a), visitKey(b))
	}
	// A tracked link is sent as linked, and is the same page as the bare one.
	c, _ := RequestURL(nil, "http://x.bg/index.php?id=5&utm_source=fb&option=com_content&fbclid=q&view=article")
	if c.RawQuery != "id=5&utm_source=fb&option=com_content&fbclid=q&view=article" {
		t.Errorf("tracked link sent as %s", c)
	}
	if visitKey(c) != visitKey(a) {
		t.Errorf("tracked link's key %s, want %s", visitKey(c), visitKey(a))
	}
}

func FuzzRequestURL(f *testing.F) {
	f.Add("http://x.bg/", "?OpenDocument&Start=1")
	f.Add("http://x.bg/a/b", "../c?utm_source=1&b=2#f")
	f.Fuzz(func(t *testing.T, base, ref string) {
		b, err := url.Parse(base)
		if err != nil {
			b = nil
		}
		u, err := RequestURL(b, ref)
		if err != nil {
			return
		}
		if u.Scheme != "http" && u.Scheme != "https" || u.Fragment != "" || u.User != nil {
			t.Fatalf("RequestURL(%q, %q) = %s", base, ref, u)
		}
		if k, err := url.Parse(visitKey(u)); err == nil {
			for _, p := range strings.Split(k.RawQuery, "&") {
				name, _, _ := strings.Cut(p, "=")
				if n, err := url.QueryUnescape(name); err == nil && isTracking(n) {
					t.Fatalf("tracking parameter %q left in the key %s of %s", n, k, u)
				}
			}
		}
	})
}
