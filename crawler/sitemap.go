package crawler

import (
	"bufio"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Bounds of the sitemaps protocol (sitemaps.org): a file lists at most
// 50,000 URLs and is at most 50 MB uncompressed. (Variables so that a test
// can check them on a smaller scale.)
var (
	maxSitemapEntries       = 50000
	maxSitemapBytes   int64 = 50 << 20
)

const (
	// maxSitemapFiles bounds the sitemap files read for one site in a run
	// (an index and its children).
	maxSitemapFiles = 50
	// maxLocBytes bounds one <loc> or <lastmod>.
	maxLocBytes = 4096
)

// sitemapEntry is one <url> of a urlset or <sitemap> of a sitemap index.
type sitemapEntry struct {
	Loc string
	// LastMod is the latest moment the entry's <lastmod> can mean (the end
	// of the day for a bare date, in the last time zone); zero when absent
	// or unreadable.
	LastMod time.Time
}

// errSitemapTooBig is returned after the entries read before a sitemap's
// bounds were passed.
var errSitemapTooBig = errors.New("sitemap over 50,000 entries or 50 MB")

// parseSitemap reads a sitemap file, gzipped or not (by its first bytes),
// streaming: fn gets each entry, with index true when the file is a
// sitemap index (its entries are sitemaps) rather than a urlset. Element
// names are matched without their namespace. fn's error stops the read.
func parseSitemap(r io.Reader, fn func(index bool, e sitemapEntry) error) error {
	br := bufio.NewReader(r)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return fmt.Errorf("sitemap: gzip: %w", err)
		}
		defer zr.Close()
		br = bufio.NewReader(zr)
	}
	lr := &io.LimitedReader{R: br, N: maxSitemapBytes + 1}
	d := xml.NewDecoder(lr)
	d.Strict = false
	d.CharsetReader = func(charset string, in io.Reader) (io.Reader, error) {
		// The protocol asks for UTF-8; read what claims otherwise as if it were.
		return in, nil
	}
	var (
		root    string // "urlset" or "sitemapindex"
		inEntry bool
		field   string // "loc", "lastmod" or ""
		loc     strings.Builder
		lastmod strings.Builder
		n       int
	)
	for {
		tok, err := d.Token()
		if lr.N <= 0 {
			return errSitemapTooBig // cut at the bound, whatever the decoder makes of it
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("sitemap: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			switch {
			case root == "" && (name == "urlset" || name == "sitemapindex"):
				root = name
			case root == "":
				return fmt.Errorf("sitemap: the document is a <%s>, not a urlset or sitemapindex", t.Name.Local)
			case !inEntry && (name == "url" || name == "sitemap"):
				inEntry = true
				loc.Reset()
				lastmod.Reset()
			case inEntry && (name == "loc" || name == "lastmod"):
				field = name
			}
		case xml.CharData:
			switch field {
			case "loc":
				loc.Write(t[:min(len(t), maxLocBytes-loc.Len())])
			case "lastmod":
				lastmod.Write(t[:min(len(t), maxLocBytes-lastmod.Len())])
			}
		case xml.EndElement:
			name := strings.ToLower(t.Name.Local)
			switch {
			case name == "loc" || name == "lastmod":
				field = ""
			case inEntry && (name == "url" || name == "sitemap"):
				inEntry = false
				if l := strings.TrimSpace(loc.String()); l != "" {
					if n++; n > maxSitemapEntries {
						return errSitemapTooBig
					}
					e := sitemapEntry{Loc: l}
					e.LastMod, _ = parseLastMod(lastmod.String())
					if err := fn(root == "sitemapindex", e); err != nil {
						return err
					}
				}
			}
		}
	}
	if root == "" {
		return errors.New("sitemap: no urlset or sitemapindex")
	}
	return nil
}

// lastModLayouts are the W3C Datetime forms a <lastmod> takes, with how
// much later than the written moment it may mean (a bare date covers its
// whole day, anywhere: up to 14 hours ahead of UTC, 12 behind).
var lastModLayouts = []struct {
	layout string
	span   func(t time.Time) time.Time
}{
	{time.RFC3339Nano, func(t time.Time) time.Time { return t }},
	{"2006-01-02T15:04Z07:00", func(t time.Time) time.Time { return t.Add(time.Minute) }},
	{"2006-01-02T15:04:05", func(t time.Time) time.Time { return t.Add(12*time.Hour + time.Second) }},
	{"2006-01-02 15:04:05", func(t time.Time) time.Time { return t.Add(12*time.Hour + time.Second) }},
	{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1).Add(12 * time.Hour) }},
	{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0).Add(12 * time.Hour) }},
	{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0).Add(12 * time.Hour) }},
}

// parseLastMod reads a sitemap <lastmod> and returns the latest moment it
// can mean, so that a page is skipped only when it was surely fetched
// after its last change.
func parseLastMod(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 64 {
		return time.Time{}, false
	}
	for _, l := range lastModLayouts {
		if t, err := time.Parse(l.layout, s); err == nil {
			return l.span(t).UTC(), true
		}
	}
	return time.Time{}, false
}
