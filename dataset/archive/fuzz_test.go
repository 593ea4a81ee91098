package archive

import (
	"bytes"
	"context"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	gowarc "github.com/nlnwa/gowarc/v3"
	"github.com/opendata-bg/opendata/dataset"
)

// activeMarkup is anything in a safe copy that could run or load.
var activeMarkup = regexp.MustCompile(`(?i)<\s*(script|style|link|meta|base|iframe|frame|object|embed|img|svg|form|input|video|audio|source)\b|\son[a-z]+\s*=|\b(href|src|srcset|action|formaction|data|style)\s*=`)

// FuzzSafeHTML: whatever a site serves, the safe copy is valid UTF-8 with
// nothing that runs or loads, and the visible text never panics.
func FuzzSafeHTML(f *testing.F) {
	for _, s := range []string{
		"<p>Стойност: 100 лв.</p>",
		`<img src=x onerror=alert(1)><script>alert(1)</script><a href="javascript:x">y</a>`,
		`<svg><script>alert(1)</script></svg><math><style><img src=x></style></math>`,
		`<p style="background:url(http://x)">a</p><base href="http://x/"><meta http-equiv=refresh content="0;url=http://x">`,
		"<!--><script>x</script>--><noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
		"\xef\xbb\xbf<html><body>\xcf\xf0\xee\xe5\xea\xf2</body></html>",
	} {
		f.Add([]byte(s), "text/html")
	}
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		out, err := Viewer{}.SafeHTML(body, "https://a.bg/p", ct)
		if err == nil {
			_, rest, _ := strings.Cut(string(out), "</head><body>\n") // our own head is not the page's
			if m := activeMarkup.FindString(rest); m != "" {
				t.Fatalf("the safe copy holds %q:\n%s", m, out)
			}
			if !utf8.Valid(out) {
				t.Fatalf("the safe copy is not UTF-8")
			}
		}
		if text, err := (Viewer{}).VisibleText(body, "https://a.bg/p", ct); err == nil && !utf8.ValidString(text) {
			t.Fatalf("visible text is not UTF-8: %q", text)
		}
	})
}

// FuzzWARCPage: any stored header or URL gives a valid record or a clear
// error, never a panic or a record that breaks the file.
func FuzzWARCPage(f *testing.F) {
	f.Add("https://a.bg/p", "Content-Type", "text/html", 200, []byte("<p>x</p>"))
	f.Add("https://a.bg/p?q=\"<>", "X-\r\nInjected", "a\r\nWARC-Type: x", 999, []byte("\r\n\r\n"))
	f.Add("not a url", "", "", 0, []byte{})
	f.Fuzz(func(t *testing.T, url, name, value string, status int, body []byte) {
		var a memArchive
		a.add(dataset.Page{URL: url, FetchedAt: time.Unix(1700000000, 0), Status: status,
			Header: map[string][]string{name: {value}}}, body)
		var buf bytes.Buffer
		if _, _, err := WriteWARC(context.Background(), &buf, &a, WARCInfo{Software: "opendata"}); err != nil {
			return // refused, with an error naming the page
		}
		// Written: the file reads back strictly, two records, the body whole.
		r, err := gowarc.NewWarcFileReaderFromStream(&buf, 0, gowarc.WithStrictValidation())
		if err != nil {
			t.Fatal(err)
		}
		defer r.Close()
		n := 0
		for rec, err := range r.Records() {
			if err != nil || len(rec.Validation) > 0 {
				t.Fatalf("record %d: %v %v", n, err, rec.Validation)
			}
			if n == 1 {
				rd, _ := rec.WarcRecord.Block().RawBytes()
				if pb, ok := rec.WarcRecord.Block().(gowarc.PayloadBlock); ok {
					rd, _ = pb.PayloadBytes()
				}
				if got, _ := io.ReadAll(rd); !bytes.Equal(got, body) {
					t.Fatalf("payload %q, want %q", got, body)
				}
			}
			rec.Close()
			n++
		}
		if n != 2 {
			t.Fatalf("%d records, want 2", n)
		}
	})
}
