package api

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// What search engines and dataset search read: robots.txt, the sitemaps of
// every page (both languages) and the schema.org Dataset of /about.

// sitemapChunk is how many projects one sitemap file lists (two URLs
// each, one per language: under the protocol's 50,000).
const sitemapChunk = 20000

// errStopWalk ends a walk of the records early.
var errStopWalk = errors.New("stop")

// robots is GET /robots.txt: the pages are open, the API and the metrics
// are not pages; the sitemap is named.
func (wb *web) robots(w http.ResponseWriter, r *http.Request) {
	base := wb.s.baseURL(r)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	fmt.Fprintf(w, "# opendata: open data on municipal EU projects. Take the data from the downloads,\n"+
		"# described at %s/api/v1/datapackage.json, rather than by crawling.\n"+
		"User-agent: *\nAllow: /\nDisallow: /api/\nAllow: /api/v1/datapackage.json\nAllow: /api/v1/openapi.json\n"+
		"Disallow: /metrics\nDisallow: /healthz\n\nSitemap: %s/sitemap.xml\n", base, base)
}

// sitemapIndex is GET /sitemap.xml: the sitemap of the fixed pages and the
// municipalities, then one per chunk of projects.
func (wb *web) sitemapIndex(w http.ResponseWriter, r *http.Request) {
	if wb.sitemapNotModified(w, r, "index") {
		return
	}
	n, err := wb.s.cfg.Store.Count()
	if err != nil {
		wb.fail(w, r, err)
		return
	}
	base := wb.s.baseURL(r)
	bw := sitemapWriter(w)
	bw.WriteString(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	bw.WriteString("<sitemap><loc>" + xmlText(base+"/sitemaps/pages.xml") + "</loc></sitemap>\n")
	for i := 0; i*sitemapChunk < n; i++ {
		bw.WriteString("<sitemap><loc>" + xmlText(base+"/sitemaps/projects-"+strconv.Itoa(i+1)+".xml") + "</loc></sitemap>\n")
	}
	bw.WriteString("</sitemapindex>\n")
	_ = bw.Flush()
}

// sitemap is GET /sitemaps/pages.xml and /sitemaps/projects-N.xml.
func (wb *web) sitemap(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/sitemaps/")
	chunk := 0
	if name != "pages.xml" {
		num, ok := strings.CutPrefix(strings.TrimSuffix(name, ".xml"), "projects-")
		n, err := strconv.Atoi(num)
		if !ok || !strings.HasSuffix(name, ".xml") || err != nil || n < 1 || strconv.Itoa(n) != num {
			wb.renderError(w, r, http.StatusNotFound, "")
			return
		}
		chunk = n
	}
	if wb.sitemapNotModified(w, r, name) {
		return
	}
	base := wb.s.baseURL(r)
	var urls []string
	if chunk == 0 {
		mi, err := wb.s.muniIndex()
		if err != nil {
			wb.fail(w, r, err)
			return
		}
		urls = []string{"/", "/about", "/municipalities"}
		for _, name := range mi.names {
			if name == "unknown" {
				continue
			}
			urls = append(urls, municipalityURL(name)) // a shared name's page lists its municipalities
			if mi.split(name) {
				for _, code := range mi.codes(name) {
					urls = append(urls, municipalityURL(code))
				}
			}
		}
	} else {
		i, first := 0, (chunk-1)*sitemapChunk
		err := wb.s.cfg.Store.EachRecord(func(rec dataset.Record) error {
			i++
			switch {
			case i <= first:
				return nil
			case i > first+sitemapChunk:
				return errStopWalk
			}
			urls = append(urls, projectURL(rec.ID))
			return nil
		})
		if err != nil && !errors.Is(err, errStopWalk) {
			wb.fail(w, r, err)
			return
		}
		if len(urls) == 0 {
			wb.renderError(w, r, http.StatusNotFound, "")
			return
		}
	}
	bw := sitemapWriter(w)
	bw.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, u := range urls {
		bg, en := base+u, base+u+"?lang=en"
		alt := `<xhtml:link rel="alternate" hreflang="bg" href="` + xmlText(bg) + `"/><xhtml:link rel="alternate" hreflang="en" href="` + xmlText(en) + `"/>`
		bw.WriteString("<url><loc>" + xmlText(bg) + "</loc>" + alt + "</url>\n")
		bw.WriteString("<url><loc>" + xmlText(en) + "</loc>" + alt + "</url>\n")
	}
	bw.WriteString("</urlset>\n")
	_ = bw.Flush()
}

// sitemapNotModified sets a sitemap's ETag (the data and the base URL) and
// answers 304 when the client has it.
func (wb *web) sitemapNotModified(w http.ResponseWriter, r *http.Request, name string) bool {
	etag, err := wb.s.dataETag("sitemap", name, wb.s.baseURL(r))
	return err == nil && notModified(w, r, etag, cacheData)
}

// sitemapWriter starts an XML answer.
func sitemapWriter(w http.ResponseWriter) *bufio.Writer {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	return bw
}

func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// datasetJSONLD is the schema.org Dataset of the data, for /about: its
// name, description, licence, coverage, and one DataDownload per resource
// of the data package (so that a new download format appears here when the
// data package lists it).
func (wb *web) datasetJSONLD(c *catalog, base string, stats dataset.Stats) template.JS {
	var dp struct {
		Name        string   `json:"name"`
		Title       string   `json:"title"`
		Description string   `json:"description"`
		Keywords    []string `json:"keywords"`
		Licenses    []struct {
			Path string `json:"path"`
		} `json:"licenses"`
		Resources []struct {
			Name      string `json:"name"`
			Path      string `json:"path"`
			Format    string `json:"format"`
			MediaType string `json:"mediatype"`
			Bytes     int64  `json:"bytes"`
		} `json:"resources"`
	}
	raw, err := wb.s.cfg.Store.DataPackage(base, wb.s.cfg.Formats)
	if err != nil || json.Unmarshal(raw, &dp) != nil {
		return ""
	}
	var dist []map[string]any
	for _, res := range dp.Resources {
		d := map[string]any{"@type": "DataDownload", "name": res.Name, "contentUrl": res.Path,
			"encodingFormat": res.MediaType}
		if res.Bytes > 0 {
			d["contentSize"] = strconv.FormatInt(res.Bytes, 10) + " B"
		}
		dist = append(dist, d)
	}
	ld := map[string]any{
		"@context":            "https://schema.org/",
		"@type":               "Dataset",
		"name":                dp.Title,
		"alternateName":       c.T("site.name"),
		"identifier":          dp.Name,
		"description":         dp.Description + " " + c.T("about.what.text"),
		"url":                 base + "/about",
		"keywords":            dp.Keywords,
		"isAccessibleForFree": true,
		"inLanguage":          "bg",
		"spatialCoverage":     map[string]any{"@type": "Place", "name": "Bulgaria"},
		"creator":             map[string]any{"@type": "Organization", "name": c.T("site.name"), "url": base + "/"},
		"distribution":        dist,
		"subjectOf":           map[string]any{"@type": "WebAPI", "name": "opendata API", "documentation": base + "/api/v1/openapi.json"},
	}
	if len(dp.Licenses) > 0 {
		ld["license"] = dp.Licenses[0].Path
	}
	if from, to := yearSpan(stats.ByYear); from != "" {
		ld["temporalCoverage"] = from + "/" + to
	}
	if stats.Updated != nil {
		ld["dateModified"] = stats.Updated.UTC().Format(time.RFC3339)
	}
	b, err := json.Marshal(ld) // escapes <, > and &: nothing can close the script element
	if err != nil {
		return ""
	}
	return template.JS(b) // #nosec: JSON with HTML-escaped characters
}

// yearSpan is the first and last year the stats count.
func yearSpan(groups []dataset.GroupStat) (from, to string) {
	for _, g := range groups {
		if dataset.YearOf(g.Key) == 0 {
			continue
		}
		if from == "" || g.Key < from {
			from = g.Key
		}
		if g.Key > to {
			to = g.Key
		}
	}
	return from, to
}
