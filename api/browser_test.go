package api

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// artifactsDir keeps the screenshots of the browser test (git-ignored; CI
// may archive it).
const artifactsDir = "../testdata/artifacts"

// browserQuery is what the test types: it matches projects of several
// municipalities in the corpus.
const browserQuery = "ремонт"

// chromiumPath finds a Chromium or Chrome binary: $CHROME_PATH, then the
// usual names.
func chromiumPath() string {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary found (apt-get install chromium, or set CHROME_PATH); the browser test needs one")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// run runs one action and fails the test on error.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// do runs steps that return nothing and fails the test on error.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// andWait runs a step that navigates and waits for the new page's load.
func andWait(step chromedp.Action[chromedp.Void]) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.WaitEvent(cdppage.LoadEventFired, nil, step)(ctx, tg)
		return err
	})
}

// screenshot saves a full-page PNG under testdata/artifacts.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	png := run(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Fatalf("screenshot %s is not a PNG", name)
	}
	if err := os.MkdirAll(artifactsDir, 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(artifactsDir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", p, len(png))
}

// TestBrowserSearchFacetProjectDownload is what a person does: types a
// query, ticks a municipality, opens a project, downloads the CSV — in a
// real headless Chromium against the real server.
func TestBrowserSearchFacetProjectDownload(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is slow; skipped with -short")
	}
	ctx := newBrowser(t)
	f := newWebFixture(t)

	// Type the query and submit it with the button.
	do(t, ctx, "open the front page", chromedp.Navigate(f.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
	do(t, ctx, "type and submit",
		chromedp.SendKeys(chromedp.CSS("#q"), browserQuery),
		andWait(chromedp.Click(chromedp.CSS(".qrow button"))),
		chromedp.WaitVisible(chromedp.CSS("#count")))
	loc := run(t, ctx, "location", chromedp.Location())
	if u, _ := url.Parse(loc); u == nil || u.Query().Get("q") != browserQuery {
		t.Fatalf("after submitting, the URL is %s; want q=%s", loc, browserQuery)
	}
	all := run(t, ctx, "count", chromedp.Text(chromedp.CSS("#count strong")))
	marks := run(t, ctx, "marks", chromedp.Evaluate[int](`document.querySelectorAll(".hit mark").length`))
	if marks == 0 {
		t.Errorf("no highlighted match in the results for %q", browserQuery)
	}

	// Tick the first municipality; the page submits itself (app.js).
	muni := run(t, ctx, "first municipality", chromedp.Evaluate[string](
		`document.querySelector('input[name="municipality"]').value`))
	do(t, ctx, "tick "+muni, andWait(chromedp.Click(chromedp.CSS(`input[name="municipality"]`))),
		chromedp.WaitVisible(chromedp.CSS("#count")))
	loc = run(t, ctx, "location", chromedp.Location())
	u, _ := url.Parse(loc)
	if u == nil || u.Query().Get("municipality") != muni || u.Query().Get("q") != browserQuery {
		t.Fatalf("after ticking %s the URL is %s", muni, loc)
	}
	narrowed := run(t, ctx, "count", chromedp.Text(chromedp.CSS("#count strong")))
	munis := run(t, ctx, "result municipalities", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll(".hit .muni")).map(e => e.textContent)`))
	if len(munis) == 0 {
		t.Fatalf("no results after ticking %s (%s)", muni, narrowed)
	}
	for _, m := range munis {
		if m != muni {
			t.Errorf("a result is in %s after filtering to %s", m, muni)
		}
	}
	t.Logf("%s → %s; with %s → %s", browserQuery, all, muni, narrowed)
	checked := run(t, ctx, "checked", chromedp.Evaluate[bool](`document.querySelector('input[name="municipality"]:checked') !== null`))
	if !checked {
		t.Errorf("the ticked municipality is not shown ticked")
	}
	screenshot(t, ctx, "search-desktop.png")
	searchURL := loc

	// Follow the CSV download with the browser's own download.
	f.testBrowserDownload(t, ctx, len(munis))

	// Open the first project.
	href := run(t, ctx, "first result", chromedp.AttributeValue(chromedp.CSS(".hit h2 a"), "href"))
	do(t, ctx, "open the project", andWait(chromedp.Click(chromedp.CSS(".hit h2 a"))),
		chromedp.WaitVisible(chromedp.CSS("article.project h1")))
	id, err := url.PathUnescape(strings.TrimPrefix(href.Value, "/projects/"))
	if err != nil {
		t.Fatal(err)
	}
	rec, ok := f.recs[id]
	if !ok {
		t.Fatalf("the result links to %q, which is not in the store", href.Value)
	}
	h1 := run(t, ctx, "heading", chromedp.Text(chromedp.CSS("article.project h1")))
	if strings.Join(strings.Fields(h1), " ") != strings.Join(strings.Fields(rec.Title), " ") {
		t.Errorf("the project page's heading is %q, want %q", h1, rec.Title)
	}
	srcs := run(t, ctx, "sources", chromedp.Evaluate[int](`document.querySelectorAll('a[rel~="nofollow"][href^="http"]').length`))
	if srcs < len(rec.Sources) {
		t.Errorf("%d source links, want %d", srcs, len(rec.Sources))
	}
	screenshot(t, ctx, "project-desktop.png")

	// The front page, the about page and a client's mistake, for the eye.
	for _, shot := range []struct{ path, name string }{
		{"/", "front-desktop.png"}, {"/about", "about-desktop.png"}, {"/?q=училище&budget_min=много", "error-desktop.png"},
	} {
		do(t, ctx, "open "+shot.path, chromedp.Navigate(f.srv.URL+shot.path), chromedp.WaitVisible(chromedp.CSS("main")))
		screenshot(t, ctx, shot.name)
	}
	alert := run(t, ctx, "alert", chromedp.Text(chromedp.CSS(".alert")))
	if !strings.Contains(alert, "„много“ не е сума") {
		t.Errorf("the 400 page says %q; want what to fix", alert)
	}

	// A phone: the same pages at 390 px must not scroll sideways.
	do(t, ctx, "phone viewport", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	for _, shot := range []struct{ url, name string }{{searchURL, "search-phone.png"}, {f.srv.URL + href.Value, "project-phone.png"}} {
		do(t, ctx, "open "+shot.name, chromedp.Navigate(shot.url), chromedp.WaitVisible(chromedp.CSS("main")))
		wide := run(t, ctx, "overflow", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
		if wide {
			w := run(t, ctx, "width", chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			culprits := run(t, ctx, "wide elements", chromedp.Evaluate[[]string](
				`Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(0, 5).map(e => e.tagName + "." + e.className + ": " + (e.textContent || "").slice(0, 40))`))
			t.Errorf("%s: the page is %d px wide on a 390 px phone; too wide: %q", shot.name, w, culprits)
		}
		screenshot(t, ctx, shot.name)
	}

	// The English switch is remembered.
	do(t, ctx, "switch to English", andWait(chromedp.Click(chromedp.CSS(`a[hreflang="en"]`))))
	do(t, ctx, "front page again", chromedp.Navigate(f.srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
	if lang := run(t, ctx, "lang", chromedp.Evaluate[string](`document.documentElement.lang`)); lang != "en" {
		t.Errorf("after switching to English the front page is in %q", lang)
	}
	screenshot(t, ctx, "front-en-phone.png")
}

// testBrowserDownload clicks the CSV button and checks the file the browser
// saved: a UTF-8 BOM, Cyrillic, a header and one row per result.
func (f *webFixture) testBrowserDownload(t *testing.T, ctx context.Context, want int) {
	t.Helper()
	dir := t.TempDir()
	progress := chromedp.Events(ctx, browser.DownloadProgress)
	do(t, ctx, "allow downloads", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: webPtr(true),
		})
		return err
	}))
	do(t, ctx, "click CSV", chromedp.Click(chromedp.CSS("#dl-csv")))
	var guid string
	for ev, err := range progress {
		if err != nil {
			t.Fatalf("download: %v", err)
		}
		if ev.State == browser.DownloadProgressStateCanceled {
			t.Fatal("the browser cancelled the CSV download")
		}
		if ev.State == browser.DownloadProgressStateCompleted {
			guid = ev.GUID
			break
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, guid))
	if err != nil {
		t.Fatalf("read the downloaded CSV: %v", err)
	}
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Errorf("the CSV does not start with the UTF-8 BOM: % x", b[:min(len(b), 8)])
	}
	if !strings.ContainsFunc(string(b), func(r rune) bool { return unicode.Is(unicode.Cyrillic, r) }) {
		t.Errorf("the CSV holds no Cyrillic")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not parse: %v", err)
	}
	if len(rows) != want+1 {
		t.Errorf("the CSV has %d rows, want a header and the %d results on the page", len(rows), want)
	}
	if len(rows) > 0 && (rows[0][0] != "id" || !strings.Contains(strings.Join(rows[0], ","), "title")) {
		t.Errorf("the CSV header is %v", rows[0])
	}
	if err := os.WriteFile(filepath.Join(artifactsDir, "download.csv"), b, 0o644); err != nil {
		t.Logf("keep the CSV: %v", err)
	}
}

// TestBrowserWithoutJavaScript: with scripts off, a person can still tick a
// filter and choose an order; the buttons submit the form.
func TestBrowserWithoutJavaScript(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is slow; skipped with -short")
	}
	ctx := newBrowser(t)
	f := newWebFixture(t)
	do(t, ctx, "scripts off", chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	do(t, ctx, "open a search", chromedp.Navigate(f.srv.URL+"/?q="+url.QueryEscape(browserQuery)),
		chromedp.WaitVisible(chromedp.CSS("#count")))
	if js := run(t, ctx, "js class", chromedp.AttributeValue(chromedp.CSS("html"), "class")); js.Value != "" {
		t.Fatalf("scripts ran (html class %q); the test would not test the page without them", js.Value)
	}
	prog := run(t, ctx, "first programme", chromedp.AttributeValue(chromedp.CSS(`input[name="programme"]`), "value"))
	do(t, ctx, "tick a programme", chromedp.Click(chromedp.CSS(`input[name="programme"]`)))
	if loc := run(t, ctx, "location", chromedp.Location()); strings.Contains(loc, "programme=") {
		t.Fatalf("the page submitted itself with scripts off: %s", loc)
	}
	do(t, ctx, "apply", andWait(chromedp.Click(chromedp.CSS(".filters .actions button"))),
		chromedp.WaitVisible(chromedp.CSS("#count")))
	loc := run(t, ctx, "location", chromedp.Location())
	u, _ := url.Parse(loc)
	if u == nil || u.Query().Get("programme") != prog.Value || u.Query().Get("q") != browserQuery {
		t.Fatalf("after Apply the URL is %s; want q=%s and programme=%s", loc, browserQuery, prog.Value)
	}
	do(t, ctx, "choose an order", chromedp.SetValue(chromedp.CSS("#sort"), "-budget"),
		andWait(chromedp.Click(chromedp.CSS(".sort button"))), chromedp.WaitVisible(chromedp.CSS("#count")))
	loc = run(t, ctx, "location", chromedp.Location())
	if u, _ := url.Parse(loc); u == nil || u.Query().Get("sort") != "-budget" || u.Query().Get("programme") != prog.Value {
		t.Errorf("after choosing an order the URL is %s", loc)
	}
}
