package api

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/parquet"
	"github.com/opendata-bg/opendata/dataset/sqlite"
	"github.com/opendata-bg/opendata/dataset/xlsx"
)

// testFormats is the table of formats the tests serve: every format there
// is, as cmd assembles it (cmd's tests check the files' contents with
// outside readers).
var testFormats = dataset.Formats{dataset.CSVFormat, xlsx.Format, dataset.JSONFormat, dataset.NDJSONFormat, parquet.Format, sqlite.Format}

// magic is how each binary file starts.
var magic = map[string]string{"xlsx": "PK\x03\x04", "parquet": "PAR1", "sqlite": "SQLite format 3\x00"}

// TestEveryFormatIsServed: each format of the table has its route, with
// its media type and file name, for the whole set and a selection; binary
// files are not gzipped; a selection of nothing is still a valid file.
func TestEveryFormatIsServed(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, f := range testFormats {
		for _, q := range []string{"", "?municipality=" + url.QueryEscape("Сливен"), "?municipality=Nowhere"} {
			resp, body := ts.do(t, http.MethodGet, "/api/v1/projects."+f.Name+q, "Accept-Encoding", "gzip")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s%s: %d %.300s", f.Name, q, resp.StatusCode, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != f.MediaType {
				t.Errorf("%s: Content-Type %q, want %q", f.Name, ct, f.MediaType)
			}
			if cd := resp.Header.Get("Content-Disposition"); !strings.HasSuffix(cd, "."+f.Extension+`"`) {
				t.Errorf("%s: Content-Disposition %q", f.Name, cd)
			}
			if m, ok := magic[f.Name]; ok {
				if enc := resp.Header.Get("Content-Encoding"); enc != "" && f.Name != "sqlite" {
					t.Errorf("%s: Content-Encoding %q: the file is compressed already", f.Name, enc)
				}
				if enc := resp.Header.Get("Content-Encoding"); enc == "" && !bytes.HasPrefix(body, []byte(m)) {
					t.Errorf("%s%s: starts %q, want %q", f.Name, q, body[:min(len(body), 16)], m)
				}
			}
		}
	}
	resp, body := ts.get(t, "/api/v1/projects.docx")
	if resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown format: %d %s", resp.StatusCode, body)
	}
}

// TestPageOffersEveryFormat: the page has a button per format for the
// current selection, and says which file is for which tool.
func TestPageOffersEveryFormat(t *testing.T) {
	f := newWebFixture(t)
	for lang, pick := range map[string]string{"bg": "За Excel и LibreOffice изберете XLSX", "en": "For Excel and LibreOffice pick XLSX"} {
		res, body := f.get(t, "/?lang="+lang+"&municipality="+url.QueryEscape("Сливен"))
		wantStatus(t, res, body, http.StatusOK)
		for _, fm := range testFormats {
			m := regexp.MustCompile(`<a class="button" href="([^"]+)" download id="dl-` + fm.Name + `" type="([^"]+)"`).FindStringSubmatch(body)
			if m == nil {
				t.Errorf("%s: no %s button", lang, fm.Name)
				continue
			}
			if got, want := html.UnescapeString(m[1]), "/api/v1/projects."+fm.Name+"?municipality="+url.QueryEscape("Сливен"); got != want {
				t.Errorf("%s: %s button %q, want %q", lang, fm.Name, got, want)
			}
			if !strings.Contains(body, "<dd>"+html.EscapeString(fm.UseIn(lang))+"</dd>") {
				t.Errorf("%s: the page does not say what %s is for", lang, fm.Name)
			}
		}
		if !strings.Contains(body, pick) {
			t.Errorf("%s: no note saying which file to pick for a spreadsheet", lang)
		}
	}
}

// TestDataPackageListsEveryFormat: one resource per format, the tables
// with their schema and dialect, the text files with size and hash.
func TestDataPackageListsEveryFormat(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := ts.get(t, "/api/v1/datapackage.json")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	var pkg struct {
		Resources []struct {
			Name, Path, Format, Mediatype, Encoding, Hash string
			Bytes                                         int64
			Schema                                        *struct {
				Fields []struct{ Name, Type string }
			}
			Dialect map[string]any
		}
	}
	if err := json.Unmarshal(body, &pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Resources) != len(testFormats) {
		t.Fatalf("%d resources, want %d", len(pkg.Resources), len(testFormats))
	}
	for i, f := range testFormats {
		r := pkg.Resources[i]
		if r.Name != "projects-"+f.Name || !strings.HasSuffix(r.Path, "/api/v1/projects."+f.Name) || r.Mediatype != f.MediaTypeBase() {
			t.Errorf("resource %d: %+v; want %s", i, r, f.Name)
		}
		if (r.Bytes > 0 && r.Hash != "") != f.Sized {
			t.Errorf("%s: bytes %d hash %q; sized %v", f.Name, r.Bytes, r.Hash, f.Sized)
		}
		if (r.Schema != nil) != (f.Columns != nil) {
			t.Errorf("%s: schema %v", f.Name, r.Schema)
			continue
		}
		if r.Schema != nil && len(r.Schema.Fields) != len(f.Columns) {
			t.Errorf("%s: %d schema fields, %d columns", f.Name, len(r.Schema.Fields), len(f.Columns))
		}
	}
}
