package crawler

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// page takes a fetched 2xx page (canonical URL u) through archive →
// extract → merge → index.
func (sc *siteCrawl) page(it item, u *url.URL, prev dataset.Page, known bool, r fetchResult) (err error) {
	// Decoding and extracting are CPU work: Config.CPU pages at a time
	// over all sites, so that the serial commit is not starved by them.
	sc.cpu()
	defer sc.sh.cpu.release()
	ct := r.header.Get("Content-Type")
	if !isHTML(ct, r.body) {
		sc.fail("not_html")
		return nil
	}
	sum := sha256.Sum256(r.body)
	sha := hex.EncodeToString(sum[:])
	header := r.header.Clone()
	header.Del("Set-Cookie") // a session is nothing to archive
	p := dataset.Page{
		URL: u.String(), FinalURL: r.final.String(), Municipality: sc.site.Municipality, MunicipalityCode: sc.site.Ekatte,
		FetchedAt: time.Now().UTC().Truncate(time.Second), Status: r.status,
		Header: header, SHA256: sha, Size: int64(len(r.body)),
		ETag: r.header.Get("ETag"), LastModified: r.header.Get("Last-Modified"),
		Truncated: r.truncated,
	}
	text, _, err := sc.cfg.Extractor.Decode(r.body, ct)
	if err != nil {
		text = r.body
	}
	links := parseLinks(text)
	records := -1 // not extracted, unless below
	var titles []string
	defer func() { // the links are queued knowing what the page gave
		if err == nil {
			err = sc.followPage(it, r.final, links, records, titles)
		}
	}()
	if r.truncated {
		// Never extract from half a page; keep it for the record.
		sc.fail("truncated")
		return sc.archive(p, r.body)
	}
	if known && prev.SHA256 == sha && !prev.Truncated && prev.Gone == nil {
		sc.count(func(r *dataset.SiteRun) { r.PagesFetched++; r.PagesUnchanged++ })
		records = len(prev.RecordIDs)
		if _, err := sc.front.seenBody(sha, p.URL); err != nil {
			return fmt.Errorf("crawl state: %w", err)
		}
		if prev.ETag != p.ETag || prev.LastModified != p.LastModified {
			p.RecordIDs = prev.RecordIDs
			return sc.archive(p, r.body)
		}
		return nil
	}
	if kind := links.errorPage(sc.cfg.MinText); kind != "" {
		sc.fail(kind)
		return nil
	}
	if dup, err := sc.duplicate(u, r.final, links, sha); err != nil || dup {
		return err
	}
	sc.count(func(r *dataset.SiteRun) { r.PagesFetched++ })
	if err := sc.archive(p, r.body); err != nil {
		return err
	}
	sc.extract(p, r.body)
	if w := sc.front.w; w.Merge {
		records = len(w.Records)
		for _, rec := range w.Records {
			titles = append(titles, rec.Title)
		}
	}
	return nil
}

// fromArchive handles a page that did not change since the last run (a
// 304, or a sitemap's lastmod older than the last fetch): nothing is
// extracted, but its links are followed again from the archived body,
// since the pages below it may have changed.
func (sc *siteCrawl) fromArchive(it item, u *url.URL, prev dataset.Page) error {
	// Its body counts as met in this pass: a copy elsewhere is a duplicate.
	if _, err := sc.front.seenBody(prev.SHA256, prev.URL); err != nil {
		return fmt.Errorf("crawl state: %w", err)
	}
	body, err := sc.cfg.Store.Body(prev.URL)
	if err != nil {
		sc.logger.Debug("no archived body for an unchanged page", "url", u, "err", err)
		return nil
	}
	sc.cpu()
	defer sc.sh.cpu.release()
	text, _, err := sc.cfg.Extractor.Decode(body, pageContentType(prev))
	if err != nil {
		text = body
	}
	final, _ := url.Parse(prev.FinalURL)
	if final == nil || final.Host == "" {
		final = u
	}
	return sc.followPage(it, final, parseLinks(text), len(prev.RecordIDs), nil)
}

// duplicate reports whether the page is one already processed in this pass
// under another URL: the same body, or a <link rel=canonical> naming a
// page of the site that was visited.
func (sc *siteCrawl) duplicate(u, final *url.URL, links pageLinks, sha string) (bool, error) {
	first, err := sc.front.seenBody(sha, u.String())
	if err != nil {
		return false, fmt.Errorf("crawl state: %w", err)
	}
	if first != "" && first != u.String() {
		sc.count(func(r *dataset.SiteRun) { r.PagesDuplicate++ })
		return true, nil
	}
	if links.Canonical == "" {
		return false, nil
	}
	cu, err := Canonicalize(final, links.Canonical)
	if err != nil || !sc.site.Allowed(cu) || dedupKey(cu) == dedupKey(u) {
		return false, nil
	}
	fresh, err := sc.front.markSeen(dedupKey(cu), 0)
	if err != nil {
		return false, fmt.Errorf("crawl state: %w", err)
	}
	if !fresh {
		// The canonical page is fetched already, or queued: it stands for
		// this copy.
		sc.count(func(r *dataset.SiteRun) { r.PagesDuplicate++ })
		return true, nil
	}
	return false, nil
}

// archive has the page and its raw body stored with the page's commit.
func (sc *siteCrawl) archive(p dataset.Page, body []byte) error {
	w := sc.front.w
	w.Page, w.Body, w.Archive = &p, body, true
	return nil
}

// follow queues the page's links that the site follows, each as it is
// linked (resolved against the page's base).
func (sc *siteCrawl) follow(final *url.URL, pl pageLinks, depth int) error {
	if depth >= sc.site.MaxDepth {
		return nil
	}
	base := final
	if pl.Base != "" {
		if b, err := final.Parse(pl.Base); err == nil && (b.Scheme == "http" || b.Scheme == "https") {
			base = b
		}
	}
	hrefs := pl.Links
	if pl.Refresh != "" {
		hrefs = append(hrefs, rawLink{Href: pl.Refresh})
	}
	from := final.String()
	for _, l := range hrefs {
		abs, err := RequestURL(base, l.Href)
		if err != nil {
			continue
		}
		cu, err := Canonicalize(nil, abs.String())
		if err != nil || isDocumentExt(cu) || !sc.site.Allowed(cu) {
			continue
		}
		if !sc.site.Follows(abs.String(), cu.String()) {
			continue
		}
		if _, err := sc.queue(abs, dedupKey(cu), Link{Text: l.Text, Depth: depth + 1, From: from}, time.Time{}); err != nil {
			return err
		}
	}
	return nil
}

// gone withdraws the records of a page that now answers 404 or 410.
func (sc *siteCrawl) gone(u *url.URL, known bool) error {
	g, ok := sc.cfg.Store.(pageGoner)
	if !known || !ok {
		return nil
	}
	mr, err := g.PageGone(u.String(), time.Now().UTC())
	if err != nil {
		return fmt.Errorf("mark page gone: %w", err)
	}
	sc.index.add(mr.Changed, mr.Removed)
	sc.count(func(r *dataset.SiteRun) { r.RecordsChanged += len(mr.Changed) })
	return nil
}

// pageContentType is the Content-Type an archived page was served with.
func pageContentType(p dataset.Page) string {
	if ct := http.Header(p.Header).Get("Content-Type"); ct != "" {
		return ct
	}
	for k, v := range p.Header {
		if len(v) > 0 && http.CanonicalHeaderKey(k) == "Content-Type" {
			return v[0]
		}
	}
	return ""
}
