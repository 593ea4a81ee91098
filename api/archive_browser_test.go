package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/archive"
	"github.com/opendata-bg/opendata/dataset/storetest"
)

// origin stands for the municipality's site: it serves the hostile page
// and counts every request that reaches it.
type origin struct {
	*httptest.Server
	mu   sync.Mutex
	hits []string
	page []byte
}

func newOrigin(t *testing.T) *origin {
	o := &origin{}
	o.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		o.mu.Lock()
		o.hits = append(o.hits, r.URL.Path)
		o.mu.Unlock()
		if r.URL.Path == "/page" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write(o.page)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(o.Close)
	return o
}

func (o *origin) requests() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]string(nil), o.hits...)
}

func (o *origin) reset() {
	o.mu.Lock()
	o.hits = nil
	o.mu.Unlock()
}

// hostilePage is crawled HTML that tries everything: inline and external
// script, an onerror and an onload handler, a meta refresh, a <base href>
// that would send relative URLs to the origin, a stylesheet, CSS url()
// and @import, images, a frame — each one a request to the origin, or a
// mark on the document, if it works.
func hostilePage(o string) []byte {
	return []byte(strings.ReplaceAll(`<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Ремонт на читалище</title>
<meta http-equiv="refresh" content="1; url=ORIGIN/refresh">
<base href="ORIGIN/base/">
<link rel="stylesheet" href="ORIGIN/style.css">
<style>@import url("ORIGIN/import.css"); body{background:url(ORIGIN/bg.png)} h2{background-image:url(relative-bg.png)}</style>
<script>document.title="pwned";document.documentElement.setAttribute("data-pwned","script");fetch("ORIGIN/script");</script>
<script src="ORIGIN/external.js"></script>
</head><body onload="document.documentElement.setAttribute('data-pwned','onload')">
<h1 style="background-image:url('ORIGIN/inline.png')">Ремонт на читалище „Светлина“</h1>
<h2>Договор № BG06RDNP001-7.007-0123-C01</h2>
<p>Общата стойност на проекта е 391 166,00 лв.</p>
<img src="relative.png" onerror="document.documentElement.setAttribute('data-pwned','onerror')">
<img src="ORIGIN/img.png">
<iframe src="ORIGIN/frame"></iframe>
<object data="ORIGIN/object"></object>
<a href="ORIGIN/link">връзка</a>
</body></html>`, "ORIGIN", o))
}

// TestBrowserArchivedHostilePage proves in a real Chromium that crawled
// HTML shown from the archive runs no script and loads nothing: not in the
// page for people (banner and sandboxed frame), not in the frame opened on
// its own, not in the body as fetched from the API. A control load of the
// same page from its origin shows that each trap does fire when nothing
// stops it.
func TestBrowserArchivedHostilePage(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is slow; skipped with -short")
	}
	ctx := newBrowser(t)
	o := newOrigin(t)
	o.page = hostilePage(o.URL)
	var sha string
	f := newArchiveFixture(t, func(f *archiveFixture) {
		p := dataset.Page{URL: hostURL, FinalURL: hostURL, Municipality: "Пещера", FetchedAt: archT1, Status: 200,
			Header: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}}}
		if err := f.store.PutPage(p, o.page); err != nil {
			t.Fatal(err)
		}
		sha = storetest.SHA256(o.page)
	})
	settle := func() { time.Sleep(2500 * time.Millisecond) } // past the refresh's one second
	pwned := `document.documentElement.getAttribute("data-pwned") || (document.title === "pwned" ? "title" : "")`

	// Control: from the origin, unprotected, the traps fire.
	do(t, ctx, "open the hostile page at its origin", chromedp.Navigate(o.URL+"/page"))
	settle()
	for _, trap := range []string{"/script", "/external.js", "/refresh", "/base/relative.png", "/bg.png", "/inline.png", "/import.css", "/frame"} {
		if !slices.Contains(o.requests(), trap) {
			t.Fatalf("control: the origin saw %q, not %s: the trap does not work, so the test would prove nothing", o.requests(), trap)
		}
	}
	t.Logf("control: the unprotected page made %d requests to its origin: %q", len(o.requests()), o.requests())
	do(t, ctx, "leave the origin", chromedp.Navigate("about:blank"))
	o.reset()

	// The page for people: banner above, the page in a sandboxed frame.
	archived := f.ts.URL + "/archive/" + sha
	do(t, ctx, "open the archived page", chromedp.Navigate(archived), chromedp.WaitVisible(chromedp.CSS(".banner")))
	settle()
	if loc := run(t, ctx, "location", chromedp.Location()); loc != archived {
		t.Errorf("the page navigated to %s", loc)
	}
	banner := run(t, ctx, "banner", chromedp.Text(chromedp.CSS(".banner")))
	if !strings.Contains(banner, hostURL) {
		t.Errorf("banner = %q", banner)
	}
	// The frame is sandboxed, so it runs in its own opaque origin (and
	// process): the top page cannot look inside it, but the origin's
	// request log shows whether it refreshed, loaded or ran anything.
	frame := run(t, ctx, "frame", chromedp.Evaluate[string](
		`(f => f ? f.getAttribute("src") + " sandbox=" + JSON.stringify(f.getAttribute("sandbox")) : "")(document.querySelector("iframe"))`))
	if frame != "/archive/"+sha+`/frame sandbox=""` {
		t.Errorf("frame = %s, want the frame path with an empty sandbox attribute", frame)
	}
	screenshot(t, ctx, "archive-hostile.png")

	// The frame on its own, and the body as fetched: inert.
	for _, path := range []string{"/archive/" + sha + "/frame", "/api/v1/pages/" + sha} {
		do(t, ctx, "open "+path, chromedp.Navigate(f.ts.URL+path))
		settle()
		if got := run(t, ctx, "marks of "+path, chromedp.Evaluate[string](pwned)); got != "" {
			t.Errorf("%s: the hostile page ran (%s)", path, got)
		}
		if loc := run(t, ctx, "location", chromedp.Location()); loc != f.ts.URL+path {
			t.Errorf("%s navigated to %s", path, loc)
		}
		if text := run(t, ctx, "text of "+path, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`)); !strings.Contains(text, "391 166,00 лв.") {
			t.Errorf("%s does not show the page's text: %q", path, text)
		}
	}
	if hits := o.requests(); len(hits) != 0 {
		t.Errorf("the archived page reached the origin: %q", hits)
	}

	// The evidence view of a project shows the archived text, and its
	// screenshot is kept for people to look at.
	do(t, ctx, "open the project", chromedp.Navigate(f.ts.URL+"/projects/"+url.PathEscape(archID)), chromedp.WaitVisible(chromedp.CSS(".evidence")))
	screenshot(t, ctx, "project-evidence.png")
	do(t, ctx, "follow the total's evidence", andWait(chromedp.Click(chromedp.CSS("table.money .evidence-link"))))
	mark := run(t, ctx, "marked value", chromedp.Text(chromedp.CSS("mark#evidence")))
	if mark != "2 301 000,00 лв." {
		t.Errorf("the total's evidence marks %q", mark)
	}
	screenshot(t, ctx, "archive-text-evidence.png")

	// A corpus page with the extractor's own evidence, for people to look at.
	ts := newTestServer(t, func(c *Config) { c.Pages = archive.Viewer{} })
	do(t, ctx, "open a corpus project", chromedp.Navigate(ts.URL+"/projects/"+url.PathEscape("BG16RFOP001-1.010-0012-C01")),
		chromedp.WaitVisible(chromedp.CSS(".evidence")))
	if n := run(t, ctx, "evidence count", chromedp.Evaluate[int](`document.querySelectorAll(".evidence mark").length`)); n < 3 {
		t.Errorf("the corpus project shows %d marked values", n)
	}
	screenshot(t, ctx, "project-evidence-corpus.png")
}
