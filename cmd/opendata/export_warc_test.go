package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
)

// warcStore makes a data directory whose archive has what a WARC must
// carry: a page that changed and changed back, a windows-1251 page reached
// through a redirect, stored headers that no longer describe the stored
// body (Content-Encoding, Transfer-Encoding), a page fetched with no
// status, bodies with CR LF and NUL bytes.
func warcStore(t *testing.T) (dir string, pages []dataset.Page) {
	t.Helper()
	dir = t.TempDir()
	st, err := store.Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Date(2026, 2, 3, 4, 5, 6, 0, time.UTC)
	html := func(s string) map[string][]string {
		return map[string][]string{"Content-Type": {"text/html; charset=" + s}, "Server": {"nginx"}, "Date": {t0.Format(time.RFC1123)}}
	}
	a := "https://www.peshtera.bg/proekti/1"
	v1 := []byte("<html><body><p>Стойност: 100 лв.</p></body></html>")
	v2 := []byte("<html><body><p>Стойност: 120 лв.</p>\r\n\r\n</body></html>")
	cp1251 := []byte("<html><head><meta charset=windows-1251></head><body>\xce\xe1\xf9\xe8\xed\xe0 \xcf\xe5\xf9\xe5\xf0\xe0</body></html>")
	puts := []struct {
		p    dataset.Page
		body []byte
	}{
		{dataset.Page{URL: a, FinalURL: a, FetchedAt: t0, Status: 200, Header: html("utf-8")}, v1},
		{dataset.Page{URL: a, FinalURL: a, FetchedAt: t0.Add(24 * time.Hour), Status: 200, Header: html("utf-8")}, v1}, // unchanged
		{dataset.Page{URL: a, FinalURL: a, FetchedAt: t0.Add(48 * time.Hour), Status: 200, Header: html("utf-8")}, v2},
		{dataset.Page{URL: a, FinalURL: a, FetchedAt: t0.Add(72 * time.Hour), Status: 200, Header: html("utf-8")}, v1}, // changed back
		{dataset.Page{URL: "http://www.sliven.bg/proekti", FinalURL: "https://www.sliven.bg/proekti/?lang=bg", FetchedAt: t0, Status: 200,
			Header: html("windows-1251")}, cp1251},
		{dataset.Page{URL: "https://www.sliven.bg/gz", FinalURL: "https://www.sliven.bg/gz", FetchedAt: t0, Status: 203,
			Header: map[string][]string{"Content-Type": {"text/html"}, "Content-Encoding": {"gzip"}, "Transfer-Encoding": {"chunked"},
				"X-Note": {"two\r\nlines"}}}, []byte("<p>a\x00b</p>")},
		{dataset.Page{URL: "https://www.sliven.bg/old", FetchedAt: t0}, []byte("<p>migrated, no status</p>")},
	}
	for _, p := range puts {
		if err := st.PutPage(p.p, p.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.EachPageVersion(func(p dataset.Page) error { pages = append(pages, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(pages) != 6 {
		t.Fatalf("the store keeps %d versions, want 6", len(pages))
	}
	return dir, pages
}

// warcRecord is one record as warcio reads it.
type warcRecord struct {
	Type, ID, Target, Date, ContentType, PayloadDigest, BlockDigest, Warcinfo string
	Status                                                                    int
	Headers                                                                   map[string]string // lower-case names
	Payload                                                                   string
}

// TestExportWARCReadByWarcio writes the archive as a WARC file and reads it
// back with webrecorder's warcio: a warcinfo record, then one record per
// page version with its URL, fetch time, status, stored headers and digest,
// and every body byte for byte.
func TestExportWARCReadByWarcio(t *testing.T) {
	dir, pages := warcStore(t)
	file := filepath.Join(t.TempDir(), "archive.warc.gz")
	var stdout, stderr bytes.Buffer
	if err := runExport(context.Background(), []string{"--data", dir, "--format", "warc", "--out", file}, &stdout, &stderr); err != nil {
		t.Fatalf("export: %v\n%s", err, stderr.String())
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", strings.TrimSpace(stderr.String()))
	if !strings.Contains(stderr.String(), "exported 6 page versions (7 WARC records)") || !strings.Contains(stderr.String(), "the store's archive holds 5 bodies") {
		t.Errorf("report: %s", stderr.String())
	}
	// Every record is its own gzip member: the file starts with one and
	// holds at least as many members as records.
	raw, _ := os.ReadFile(file)
	if int64(len(raw)) != fi.Size() || !bytes.HasPrefix(raw, []byte{0x1f, 0x8b}) || bytes.Count(raw, []byte{0x1f, 0x8b, 8}) < 7 {
		t.Errorf("not gzip per record: %d bytes, %d member headers", len(raw), bytes.Count(raw, []byte{0x1f, 0x8b, 8}))
	}

	needTool(t, "node", "apt-get install nodejs")
	modules := filepath.Join(repoRoot(t), "testdata", "artifacts", "node", "node_modules")
	if _, err := os.Stat(filepath.Join(modules, "warcio", "package.json")); err != nil {
		t.Skipf("warcio is not installed in %s (npm i -E --ignore-scripts --prefix testdata/artifacts/node warcio@2.4.11; .ci/run does)", modules)
	}
	out, err := exec.Command("node", filepath.Join(repoRoot(t), "testdata", "readers", "read-warc.mjs"), modules, file).Output()
	if err != nil {
		t.Fatalf("warcio: %v\n%s", err, stderrOf(err))
	}
	checkCDXIndex(t, modules, file, pages)
	var recs []warcRecord
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var r warcRecord
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, r)
	}
	if len(recs) != len(pages)+1 || recs[0].Type != "warcinfo" || recs[0].ContentType != "application/warc-fields" {
		t.Fatalf("warcio read %d records (first %+v), want a warcinfo and %d pages", len(recs), recs[0], len(pages))
	}
	info, _ := base64.StdEncoding.DecodeString(recs[0].Payload)
	if !strings.Contains(string(info), "format: WARC File Format 1.1") || !strings.Contains(string(info), "software: opendata") {
		t.Errorf("warcinfo: %q", info)
	}
	st, err := store.Open(filepath.Join(dir, "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i, p := range pages {
		r := recs[i+1]
		body, err := st.BodyByHash(p.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		payload, err := base64.StdEncoding.DecodeString(r.Payload)
		if err != nil || !bytes.Equal(payload, body) {
			t.Errorf("%s: warcio's payload (%d bytes) is not the archived body (%d bytes)", p.URL, len(payload), len(body))
		}
		target := p.FinalURL
		if target == "" {
			target = p.URL
		}
		when, _ := time.Parse(time.RFC3339, r.Date)
		if r.Target != target || !when.Equal(p.FetchedAt) || r.PayloadDigest != "sha256:"+p.SHA256 || r.Warcinfo != recs[0].ID || r.BlockDigest == "" {
			t.Errorf("record %d: %+v\nwant target %s, date %s, payload digest sha256:%s", i+1, r, target, p.FetchedAt, p.SHA256)
		}
		if p.Status == 0 {
			if r.Type != "resource" {
				t.Errorf("%s: a fetch without a status is a %s record, want resource", p.URL, r.Type)
			}
			continue
		}
		ct := p.Header["Content-Type"][0]
		if r.Type != "response" || r.Status != p.Status || r.Headers["content-type"] != ct || r.Headers["server"] != strings.Join(p.Header["Server"], ", ") ||
			r.Headers["content-length"] != strconv.Itoa(len(body)) || r.Headers["content-encoding"] != "" || r.Headers["transfer-encoding"] != "" {
			t.Errorf("%s: %s %d headers %v; want a response %d with Content-Type %q and only Content-Length framing", p.URL, r.Type, r.Status, r.Headers, p.Status, ct)
		}
		if v, ok := p.Header["X-Note"]; ok && r.Headers["x-note"] != strings.NewReplacer("\r", " ", "\n", " ").Replace(v[0]) {
			t.Errorf("X-Note = %q", r.Headers["x-note"])
		}
	}
}

// checkCDXIndex indexes the file with warcio's CLI (cdx-index): one line
// per page version, with its URL, status and the body's SHA-256, and an
// offset at which the record's own gzip member starts.
func checkCDXIndex(t *testing.T, modules, file string, pages []dataset.Page) {
	t.Helper()
	out, err := exec.Command("node", filepath.Join(modules, "warcio", "dist", "cli.js"), "cdx-index", file).Output()
	if err != nil {
		t.Fatalf("warcio cdx-index: %v\n%s", err, stderrOf(err))
	}
	raw, _ := os.ReadFile(file)
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != len(pages) {
		t.Fatalf("cdx-index gave %d lines, want %d:\n%s", len(lines), len(pages), out)
	}
	for i, line := range lines {
		var e struct {
			URL, Status, Digest, Offset string
		}
		if j := strings.IndexByte(line, '{'); j < 0 || json.Unmarshal([]byte(line[j:]), &e) != nil {
			t.Fatalf("cdx line %q", line)
		}
		p := pages[i]
		off, _ := strconv.Atoi(e.Offset)
		if e.Digest != p.SHA256 || (p.Status != 0 && e.Status != strconv.Itoa(p.Status)) || off <= 0 || off >= len(raw) ||
			!bytes.HasPrefix(raw[off:], []byte{0x1f, 0x8b}) {
			t.Errorf("cdx line %d = %+v; want digest %s, status %d, an offset at a gzip member", i, e, p.SHA256, p.Status)
		}
	}
}

// The WARC is the whole archive: filters are refused.
func TestExportWARCRefusesFilters(t *testing.T) {
	dir, _ := warcStore(t)
	var stdout, stderr bytes.Buffer
	err := runExport(context.Background(), []string{"--data", dir, "--format", "warc", "--municipality", "Пещера"}, &stdout, &stderr)
	if err == nil || !strings.Contains(err.Error(), "no filters") || stdout.Len() != 0 {
		t.Errorf("warc with a filter: %v, %d bytes out", err, stdout.Len())
	}
}

// TestWARCSizeOfTheCorpora archives the development corpus (and the real
// Пещера corpus when ../shared has it) as a crawl would, exports the WARC
// and reports its size against the store's archive; with warcio present,
// every body must read back byte for byte.
func TestWARCSizeOfTheCorpora(t *testing.T) {
	root := repoRoot(t)
	for _, c := range []struct{ name, dir string }{
		{"testdata/corpus", filepath.Join(root, "testdata", "corpus")},
		{"real-peshtera", filepath.Join(root, "..", "shared", "corpus", "real-peshtera")},
	} {
		t.Run(c.name, func(t *testing.T) {
			manifest, err := os.ReadFile(filepath.Join(c.dir, "manifest.tsv"))
			if err != nil {
				t.Skipf("no corpus at %s", c.dir)
			}
			data := t.TempDir()
			st, err := store.Open(filepath.Join(data, "store.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
			var pages []dataset.Page
			for i, line := range strings.Split(strings.TrimSpace(string(manifest)), "\n")[1:] {
				cols := strings.Split(line, "\t")
				name := cols[0]
				if !strings.Contains(name, "/") {
					name = filepath.Join("pages", name)
				}
				body, err := os.ReadFile(filepath.Join(c.dir, name))
				if err != nil {
					t.Fatal(err)
				}
				p := dataset.Page{URL: cols[1], FinalURL: cols[1], FetchedAt: at.Add(time.Duration(i) * time.Second), Status: 200,
					Header: map[string][]string{"Content-Type": {"text/html; charset=" + cols[2]}}}
				if err := st.PutPage(p, body); err != nil {
					t.Fatal(err)
				}
			}
			st.EachPageVersion(func(p dataset.Page) error { pages = append(pages, p); return nil })
			st.Close()
			file := filepath.Join(t.TempDir(), "corpus.warc.gz")
			var stdout, stderr bytes.Buffer
			if err := runExport(context.Background(), []string{"--data", data, "--format", "warc", "--out", file}, &stdout, &stderr); err != nil {
				t.Fatalf("export: %v\n%s", err, stderr.String())
			}
			t.Logf("%s: %s", c.name, strings.TrimSpace(stderr.String()))
			if _, err := exec.LookPath("node"); err != nil {
				return
			}
			modules := filepath.Join(root, "testdata", "artifacts", "node", "node_modules")
			if _, err := os.Stat(filepath.Join(modules, "warcio", "package.json")); err != nil {
				return
			}
			out, err := exec.Command("node", filepath.Join(root, "testdata", "readers", "read-warc.mjs"), modules, file).Output()
			if err != nil {
				t.Fatalf("warcio: %v\n%s", err, stderrOf(err))
			}
			st, err = store.Open(filepath.Join(data, "store.db"), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			dec := json.NewDecoder(bytes.NewReader(out))
			n := 0
			for dec.More() {
				var r warcRecord
				if err := dec.Decode(&r); err != nil {
					t.Fatal(err)
				}
				if r.Type == "warcinfo" {
					continue
				}
				p := pages[n]
				n++
				body, _ := st.BodyByHash(p.SHA256)
				payload, _ := base64.StdEncoding.DecodeString(r.Payload)
				if !bytes.Equal(payload, body) || r.Target != p.FinalURL {
					t.Errorf("%s: warcio read %d bytes for %s, the archive holds %d", p.URL, len(payload), r.Target, len(body))
				}
			}
			if n != len(pages) {
				t.Errorf("warcio read %d pages, the archive holds %d", n, len(pages))
			}
		})
	}
}
