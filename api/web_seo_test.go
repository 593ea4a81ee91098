package api

import (
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestRobotsAndSitemaps: robots.txt names the sitemap and keeps crawlers
// off the API; the sitemaps list every page once per language, every
// project and every municipality of the data, with both alternates.
func TestRobotsAndSitemaps(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the sample sites; skipped with -short")
	}
	f := getCrawlFixture(t)
	base := f.srv.URL
	robots := getText(t, base+"/robots.txt", "text/plain")
	for _, want := range []string{"User-agent: *", "Disallow: /api/", "Allow: /api/v1/datapackage.json", "Sitemap: " + base + "/sitemap.xml"} {
		if !strings.Contains(robots, want+"\n") {
			t.Errorf("robots.txt lacks %q:\n%s", want, robots)
		}
	}
	var index struct {
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	decodeXML(t, getText(t, base+"/sitemap.xml", "application/xml"), &index)
	var locs []string
	for _, s := range index.Sitemaps {
		locs = append(locs, s.Loc)
	}
	if want := []string{base + "/sitemaps/pages.xml", base + "/sitemaps/projects-1.xml"}; !slices.Equal(locs, want) {
		t.Fatalf("sitemap index %q, want %q", locs, want)
	}
	listed := map[string]bool{}
	for _, loc := range locs {
		var set struct {
			URLs []struct {
				Loc   string `xml:"loc"`
				Links []struct {
					Hreflang string `xml:"hreflang,attr"`
					Href     string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"url"`
		}
		decodeXML(t, getText(t, loc, "application/xml"), &set)
		for _, u := range set.URLs {
			if listed[u.Loc] {
				t.Errorf("%s listed twice", u.Loc)
			}
			listed[u.Loc] = true
			bg, _, _ := strings.Cut(u.Loc, "?")
			if len(u.Links) != 2 || u.Links[0].Href != bg || u.Links[1].Href != bg+"?lang=en" {
				t.Errorf("%s: alternates %+v", u.Loc, u.Links)
			}
		}
	}
	var munis struct {
		Municipalities []struct {
			Municipality string `json:"municipality"`
			Projects     int    `json:"projects"`
		} `json:"municipalities"`
	}
	getJSON(t, base, "/api/v1/municipalities", &munis)
	want := []string{"/", "/about", "/municipalities"}
	for _, m := range munis.Municipalities {
		if m.Projects > 0 { // a municipality's page is of its projects
			want = append(want, municipalityURL(m.Municipality))
		}
	}
	for _, id := range f.ids {
		want = append(want, projectURL(id))
	}
	for _, p := range want {
		for _, u := range []string{base + p, base + p + "?lang=en"} {
			if !listed[u] {
				t.Errorf("the sitemaps do not list %s", u)
			}
			delete(listed, u)
		}
	}
	for u := range listed {
		t.Errorf("the sitemaps list %s, which is no page of the data", u)
	}
	for _, p := range []string{"/sitemaps/projects-2.xml", "/sitemaps/projects-01.xml", "/sitemaps/x.xml", "/sitemaps/"} {
		res, err := http.Get(base + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}
}

func getText(t *testing.T, u, ctype string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), ctype) {
		t.Fatalf("GET %s: %d %s", u, res.StatusCode, res.Header.Get("Content-Type"))
	}
	return string(b)
}

func decodeXML(t *testing.T, s string, v any) {
	t.Helper()
	if err := xml.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("xml: %v\n%.500s", err, s)
	}
}

// TestPageMetadata: every kind of page has its own description, a
// canonical absolute address in its language with both alternates, and
// Open Graph tags that say the same; /about carries a schema.org Dataset
// with one download per resource of the data package.
func TestPageMetadata(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the sample sites; skipped with -short")
	}
	f := getCrawlFixture(t)
	base := f.srv.URL
	pages := []string{"/", "/?q=" + url.QueryEscape("ремонт"), "/about", "/municipalities",
		municipalityURL("Сливен"), projectURL(f.ids[0]), projectURL(f.ids[1])}
	descriptions := map[string]string{}
	for _, lang := range []string{langBG, langEN} {
		for _, p := range pages {
			u := p + "&lang=" + lang
			if !strings.Contains(p, "?") {
				u = p + "?lang=" + lang
			}
			doc := parseHTML(t, getPage(t, base, u))
			meta := headMeta(doc)
			where := u
			d := meta["description"]
			if len(d) < 50 {
				t.Errorf("%s: description %q is too short to say what the page is", where, d)
			}
			if other, ok := descriptions[d]; ok {
				t.Errorf("%s and %s have the same description %q", where, other, d)
			}
			descriptions[d] = where
			canon := meta["link:canonical"]
			bg, en := meta["link:alternate:bg"], meta["link:alternate:en"]
			if want := map[string]string{langBG: bg, langEN: en}[lang]; canon == "" || canon != want {
				t.Errorf("%s: canonical %q, alternate %q", where, canon, want)
			}
			if !sameButLang(bg, en) || !strings.HasPrefix(bg, base+"/") {
				t.Errorf("%s: alternates bg %q en %q", where, bg, en)
			}
			if meta["og:url"] != canon || meta["og:description"] != d || meta["og:title"] == "" || meta["og:type"] == "" {
				t.Errorf("%s: Open Graph %v", where, meta)
			}
		}
	}
	checkDatasetJSONLD(t, base)
}

// sameButLang: en is bg with lang=en added.
func sameButLang(bg, en string) bool {
	ub, err1 := url.Parse(bg)
	ue, err2 := url.Parse(en)
	if err1 != nil || err2 != nil || ub.Path != ue.Path || ub.Query().Has("lang") || ue.Query().Get("lang") != "en" {
		return false
	}
	q := ue.Query()
	q.Del("lang")
	return q.Encode() == ub.Query().Encode()
}

// headMeta reads the head's meta and link tags: description, og:*, and
// link:canonical / link:alternate:LANG.
func headMeta(doc *html.Node) map[string]string {
	out := map[string]string{}
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Data == "meta" || n.Data == "link" }) {
		a := attrsOf(n)
		switch {
		case n.Data == "meta" && a["name"] != "":
			out[a["name"]] = a["content"]
		case n.Data == "meta" && a["property"] != "":
			out[a["property"]] = a["content"]
		case a["rel"] == "canonical":
			out["link:canonical"] = a["href"]
		case a["rel"] == "alternate" && a["hreflang"] != "":
			out["link:alternate:"+a["hreflang"]] = a["href"]
		}
	}
	return out
}

func checkDatasetJSONLD(t *testing.T, base string) {
	t.Helper()
	doc := parseHTML(t, getPage(t, base, "/about"))
	scripts := findAll(doc, func(n *html.Node) bool {
		return n.Data == "script" && attrsOf(n)["type"] == "application/ld+json"
	})
	if len(scripts) != 1 {
		t.Fatalf("/about has %d JSON-LD blocks, want 1", len(scripts))
	}
	var ld struct {
		Context      string `json:"@context"`
		Type         string `json:"@type"`
		Name         string `json:"name"`
		Description  string `json:"description"`
		License      string `json:"license"`
		Distribution []struct {
			Type           string `json:"@type"`
			ContentURL     string `json:"contentUrl"`
			EncodingFormat string `json:"encodingFormat"`
		} `json:"distribution"`
	}
	if err := json.Unmarshal([]byte(scripts[0].FirstChild.Data), &ld); err != nil {
		t.Fatalf("JSON-LD: %v\n%s", err, scripts[0].FirstChild.Data)
	}
	var dp struct {
		Title    string `json:"title"`
		Licenses []struct {
			Path string `json:"path"`
		} `json:"licenses"`
		Resources []struct {
			Path      string `json:"path"`
			MediaType string `json:"mediatype"`
		} `json:"resources"`
	}
	getJSON(t, base, "/api/v1/datapackage.json", &dp)
	if ld.Context != "https://schema.org/" || ld.Type != "Dataset" || ld.Name != dp.Title || len(ld.Description) < 50 ||
		len(dp.Licenses) == 0 || ld.License != dp.Licenses[0].Path {
		t.Errorf("JSON-LD %+v does not describe the data package's dataset", ld)
	}
	if len(ld.Distribution) != len(dp.Resources) || len(dp.Resources) < 3 {
		t.Fatalf("JSON-LD has %d downloads, the data package %d", len(ld.Distribution), len(dp.Resources))
	}
	for i, r := range dp.Resources {
		d := ld.Distribution[i]
		if d.Type != "DataDownload" || d.ContentURL != r.Path || d.EncodingFormat != r.MediaType || !strings.HasPrefix(d.ContentURL, base+"/") {
			t.Errorf("download %d: %+v, the data package says %s %s", i, d, r.Path, r.MediaType)
		}
	}
}
