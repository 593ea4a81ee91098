package dataset

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"
)

// The data's licence, named in the data package.
const (
	LicenseName  = "CC-BY-4.0"
	LicenseTitle = "Creative Commons Attribution 4.0 International"
	LicensePath  = "https://creativecommons.org/licenses/by/4.0/"
)

// FileInfo is the size and SHA-256 (hex) of one full download.
type FileInfo struct {
	Bytes  int64
	SHA256 string
}

// PackageSource is one site the data comes from.
type PackageSource struct {
	Title string `json:"title"`
	Path  string `json:"path"`
}

// PackageInfo is what the data package describes beyond the fixed columns.
type PackageInfo struct {
	BaseURL  string              // absolute base of the API ("http://host"); "" gives relative paths
	Updated  time.Time           // last change of any record
	Records  int                 // number of records in the full downloads
	Files    map[string]FileInfo // format → the full download's size and hash
	Formats  Formats             // the downloads; nil means TextFormats
	Sources  []PackageSource     // the municipal sites
	Homepage string              // optional
}

// DataPackage returns the Frictionless Data Package (v2) descriptor of the
// downloads: one resource per format, the CSV with its Table Schema built
// from Columns, the licence, the sources and the last update.
func DataPackage(info PackageInfo) ([]byte, error) {
	base := strings.TrimRight(info.BaseURL, "/")
	path := func(name string) string {
		if base == "" {
			return name
		}
		return base + "/api/v1/" + name
	}
	formats := info.Formats
	if formats == nil {
		formats = TextFormats
	}
	var resources []map[string]any
	for _, f := range formats {
		r := map[string]any{
			"name":        "projects-" + f.Name,
			"path":        path("projects." + f.Extension),
			"format":      f.Extension,
			"mediatype":   f.MediaTypeBase(),
			"description": f.Description,
		}
		if !f.Binary {
			r["encoding"] = "utf-8"
		}
		if fi, ok := info.Files[f.Name]; ok {
			r["bytes"] = fi.Bytes
			r["hash"] = "sha256:" + fi.SHA256
		}
		if f.Columns != nil {
			r["type"] = "table"
			r["schema"] = tableSchema(f.Columns, f.NativeLists)
			if f.Dialect != nil {
				r["dialect"] = f.Dialect
			}
		}
		resources = append(resources, r)
	}
	sources := info.Sources
	if sources == nil {
		sources = []PackageSource{}
	}
	pkg := map[string]any{
		"$schema":     "https://datapackage.org/profiles/2.0/datapackage.json",
		"name":        "opendata-bg-municipal-projects",
		"title":       "Projects of Bulgarian municipalities funded by the EU and national programmes",
		"description": "Project records harvested from Bulgarian municipal web sites: one record per project, merged from every page that speaks of it, with amounts as stated and in euro (1 EUR = 1.95583 BGN).",
		"keywords":    []string{"Bulgaria", "municipalities", "EU funds", "projects", "open data"},
		"licenses":    []map[string]string{{"name": LicenseName, "title": LicenseTitle, "path": LicensePath}},
		"sources":     sources,
		"resources":   resources,
		"x_records":   info.Records,
	}
	if !info.Updated.IsZero() {
		pkg["created"] = info.Updated.UTC().Format(time.RFC3339)
		pkg["x_last_updated"] = info.Updated.UTC().Format(time.RFC3339)
	}
	if info.Homepage != "" {
		pkg["homepage"] = info.Homepage
	}
	return json.MarshalIndent(pkg, "", "  ")
}

// tableSchema is the Table Schema of a table of columns; list columns are
// arrays when the format has lists, else text joined with ListSeparator.
func tableSchema(cols []Column, nativeLists bool) map[string]any {
	var fields []map[string]any
	for _, c := range cols {
		f := map[string]any{"name": c.Name, "type": c.Type, "description": c.Description + " (record field " + c.Field + ")"}
		if c.Type == "list" {
			if nativeLists {
				f["type"] = "array"
			} else {
				f["delimiter"] = ListSeparator
				f["itemType"] = "string"
			}
		}
		fields = append(fields, f)
	}
	return map[string]any{
		"$schema":       "https://datapackage.org/profiles/2.0/tableschema.json",
		"fields":        fields,
		"primaryKey":    []string{"id"},
		"missingValues": []string{""},
	}
}

// DescribeDownloads streams the whole dataset through the encoder of each
// Sized format of formats (TextFormats when nil) into a hasher, for the
// data package's sizes and hashes: export writes every record through the
// encoder it is given (a store's Export) and returns how many. It returns
// each format's FileInfo and the record count.
func DescribeDownloads(formats Formats, export func(Encoder) (int, error)) (map[string]FileInfo, int, error) {
	if formats == nil {
		formats = TextFormats
	}
	files := map[string]FileInfo{}
	n := 0
	for _, f := range formats {
		if !f.Sized {
			continue
		}
		hw := NewHashWriter()
		enc, err := f.New(hw, FileMeta{})
		if err != nil {
			return nil, 0, err
		}
		if n, err = export(enc); err != nil {
			return nil, 0, err
		}
		if err := enc.Close(); err != nil {
			return nil, 0, err
		}
		files[f.Name] = hw.Info()
	}
	return files, n, nil
}

// SiteSources collects the sites the archived pages come from, for the
// data package's sources: one per scheme and host, titled with the
// municipality. The zero value is ready to use.
type SiteSources struct {
	sites map[string]string // "https://host/" → municipality
}

// Add counts the site of page p.
func (s *SiteSources) Add(p Page) {
	u, err := url.Parse(p.URL)
	if err != nil || u.Host == "" {
		return
	}
	if s.sites == nil {
		s.sites = map[string]string{}
	}
	site := u.Scheme + "://" + u.Host + "/"
	if _, ok := s.sites[site]; !ok || s.sites[site] == "" {
		s.sites[site] = p.Municipality
	}
}

// List returns the sites, by title.
func (s *SiteSources) List() []PackageSource {
	var srcs []PackageSource
	for site, muni := range s.sites {
		title := site
		if muni != "" {
			title = "Община " + muni + " (" + site + ")"
		}
		srcs = append(srcs, PackageSource{Title: title, Path: site})
	}
	sort.Slice(srcs, func(i, j int) bool { return srcs[i].Title < srcs[j].Title })
	return srcs
}

// HashWriter counts and hashes what is written to it, for a download's size and hash.
type HashWriter struct {
	h hash.Hash
	n int64
}

// NewHashWriter returns a SHA-256 HashWriter.
func NewHashWriter() *HashWriter { return &HashWriter{h: sha256.New()} }

// Write implements io.Writer.
func (w *HashWriter) Write(p []byte) (int, error) {
	w.n += int64(len(p))
	return w.h.Write(p)
}

// Info returns the bytes written and their SHA-256.
func (w *HashWriter) Info() FileInfo {
	return FileInfo{Bytes: w.n, SHA256: hex.EncodeToString(w.h.Sum(nil))}
}

var _ io.Writer = (*HashWriter)(nil)
