package api

import (
	"io"
	"net/http"
	"net/url"
	"testing"
)

// The page benchmarks time whole requests over loopback through the real
// router, store and index (corpus fixture): what a person waits for, less
// the network.
func BenchmarkWebPages(b *testing.B) {
	f := newWebFixture(b)
	for _, bc := range []struct{ name, path string }{
		{"front", "/"},
		{"query", "/?q=" + url.QueryEscape("ремонт на училище")},
		{"facets", "/?municipality=" + url.QueryEscape("Пловдив") + "&programme=OPRG&sort=-budget"},
		{"project", "/projects/21%2F321%2F01329"},
		{"about", "/about"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			client := f.srv.Client()
			b.ReportAllocs()
			for b.Loop() {
				res, err := client.Get(f.srv.URL + bc.path)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusOK || n == 0 {
					b.Fatalf("%s: %d, %d bytes", bc.path, res.StatusCode, n)
				}
			}
		})
	}
}
