package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/ from the current output")

// goldenJSON renders a result for a golden file.
func goldenJSON(t *testing.T, res Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(res); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkGolden compares got with testdata/<name>.json, or rewrites it with -update.
func checkGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run with -update to create it): %v", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs from the output; review the change and run go test -update\n--- got:\n%s", path, got)
	}
}

// TestGoldenCorpus pins the full output (all record fields, not only the
// scored ones) for every corpus page: testdata/golden/NNN.json is the
// reviewed output of ../../testdata/corpus/pages/NNN.html.
func TestGoldenCorpus(t *testing.T) {
	for _, pg := range corpusPages(t, corpusDir) {
		name := strings.TrimSuffix(filepath.Base(pg.file), ".html")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(corpusDir, pg.file))
			if err != nil {
				t.Fatal(err)
			}
			res, err := Extract(body, pg.url, "")
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, filepath.Join("testdata", "golden", name+".json"), goldenJSON(t, res))
		})
	}
}

// TestGoldenPages runs the hand-written pages of testdata/*.html (layouts
// the corpus lacks) against testdata/*.json.
func TestGoldenPages(t *testing.T) {
	pages, _ := filepath.Glob(filepath.Join("testdata", "*.html"))
	if len(pages) == 0 {
		t.Fatal("no pages under testdata/")
	}
	for _, p := range pages {
		name := strings.TrimSuffix(filepath.Base(p), ".html")
		t.Run(name, func(t *testing.T) {
			body, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Extract(body, "https://www.example-obshtina.bg/proekti/"+name, "")
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, strings.TrimSuffix(p, ".html")+".json", goldenJSON(t, res))
		})
	}
}

const sample = `<html><head><title>Проект – Община Пещера</title></head><body>
<h1>Ремонт на читалище</h1><p>Община Пещера подписа договор № BG16RFOP001-1.001-0039-C01 за изпълнение на проект „Ремонт на читалище „Светлина“ в гр. Пещера“.
Общата стойност на проекта е 65 410,72 лв.</p></body></html>`

func TestDecode(t *testing.T) {
	cp := func(s string) []byte {
		b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	koi := func(s string) []byte {
		b, err := encoding.ReplaceUnsupported(charmap.KOI8R.NewEncoder()).Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	plain := strings.Replace(sample, "<head>", `<head><meta charset="utf-8">`, 1)
	noMeta := sample
	cp1251Meta := strings.Replace(sample, "<head>", `<head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251">`, 1)
	tests := []struct {
		name, ctype string
		body        []byte
		charset     string
	}{
		{"utf-8 declared", "", []byte(plain), "utf-8"},
		{"utf-8 BOM", "", append([]byte{0xEF, 0xBB, 0xBF}, noMeta...), "utf-8"},
		{"cp1251 by meta", "", cp(cp1251Meta), "windows-1251"},
		{"cp1251 without any declaration", "", cp(noMeta), "windows-1251"},
		{"cp1251 declared utf-8 in meta", "", cp(plain), "windows-1251"},
		{"cp1251 declared utf-8 in header", "text/html; charset=UTF-8", cp(noMeta), "windows-1251"},
		{"cp1251 by header", "text/html; charset=windows-1251", cp(noMeta), "windows-1251"},
		{"utf-8 declared cp1251", "", []byte(cp1251Meta), "utf-8"},
		{"koi8-r by meta", "", koi(strings.Replace(sample, "<head>", `<head><meta charset="koi8-r">`, 1)), "koi8-r"},
		{"koi8-r undeclared", "", koi(noMeta), "koi8-r"},
		{"latin-1 declared, cp1251 bytes", "text/html; charset=iso-8859-1", cp(noMeta), "windows-1251"},
		{"unknown charset label", "text/html; charset=x-no-such", cp(noMeta), "windows-1251"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			text, cs, err := Decode(tc.body, tc.ctype)
			if err != nil {
				t.Fatal(err)
			}
			if cs != tc.charset {
				t.Errorf("charset %q, want %q", cs, tc.charset)
			}
			if !bytes.Contains(text, []byte("Общата стойност на проекта е 65 410,72 лв.")) {
				t.Errorf("text not decoded right: %.200s", text)
			}
		})
	}
}

// TestLower: Cyrillic and ASCII fold like strings.ToLower, other runes
// stay, and the byte length never changes (offsets stay valid).
func TestLower(t *testing.T) {
	for _, s := range []string{"АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЬЮЯ Ѐ Ё Ђ Џ abcXYZ", "Община ПЕЩЕРА, BG16RFOP001", "вече малки", ""} {
		if got, want := bgtext.Lower(s), strings.ToLower(s); got != want {
			t.Errorf("lower(%q) = %q, want %q", s, got, want)
		}
	}
	if got := bgtext.Lower("İ ẞ Ω"); len(got) != len("İ ẞ Ω") {
		t.Errorf("lower changed the byte length: %q", got)
	}
}

func TestTextNormalized(t *testing.T) {
	page := `<html><body><h1>Ремонт</h1><p>Община&nbsp;Пещера подписа договор № BG16RFOP001-1.001-0039-C01 за про&shy;ект „Ремонт на читалище в гр. Пещера“.
Общата стойност на проекта е 65&nbsp;410,72&nbsp;лв.</p><p>Дейности</p><ul><li>&bull;&nbsp;ремонт на покрива&#8203;;</li></ul></body></html>`
	res, err := Extract([]byte(page), "https://www.peshtera.bg/p", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Projects) != 1 {
		t.Fatalf("%d projects, want 1", len(res.Projects))
	}
	r := res.Projects[0]
	if r.Title != "Ремонт на читалище в гр. Пещера" {
		t.Errorf("title %q", r.Title)
	}
	if r.Budget.Total == nil || *r.Budget.Total != 65410.72 {
		t.Errorf("total %v, want 65410.72 (nbsp as thousands separator)", r.Budget.Total)
	}
	if r.Municipality != "Пещера" || r.Beneficiary != "Община Пещера" {
		t.Errorf("municipality %q beneficiary %q", r.Municipality, r.Beneficiary)
	}
	if len(r.Activities) != 1 || r.Activities[0] != "ремонт на покрива" {
		t.Errorf("activities %q", r.Activities)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  Община\u00a0Пещера \n\t тел.  ", "Община Пещера тел."},
		{"про\u00adект\u200b", "проект"},
		{"район ,,Тракия''", "район „Тракия“"},
		{"\u0084Тракия\u0093 \u0096 2014", "„Тракия“ – 2014"},
		{"BG16RFOP001\u20111.001", "BG16RFOP001-1.001"},
	}
	for _, tc := range tests {
		if got := bgtext.Fold(tc.in); got != tc.want {
			t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBadInput(t *testing.T) {
	deep := "<html><body>" + strings.Repeat("<div>", 10000) + "x" + strings.Repeat("</div>", 10000) + "</body></html>"
	huge := bytes.Repeat([]byte("<p>Община Пещера, проект.</p>\n"), (MaxBodySize/30)+10)
	tests := []struct {
		name    string
		body    []byte
		wantErr error // nil: no error and no records
		anyErr  bool
	}{
		{"empty", nil, nil, false},
		{"white space", []byte(" \n\t "), nil, false},
		{"binary", []byte{0x89, 'P', 'N', 'G', 0, 0, 1, 2, 3}, ErrBinary, false},
		{"nul bytes", []byte("<html>\x00\x00\x00</html>"), ErrBinary, false},
		{"pdf", []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj"), ErrBinary, false},
		{"over the size limit", huge, ErrTooLarge, false},
		{"nested 10,000 deep", []byte(deep), nil, true},
		{"text, not html", []byte("Проектът е на стойност 65 410,72 лв."), nil, false},
		{"unclosed everything", []byte("<html><body><table><tr><td><p><b>Договор № 13-13-24"), nil, false},
		{"random high bytes", bytes.Repeat([]byte{0xC3, 0x28, 0xA0, 0xE2, 0x82}, 2000), nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Extract(tc.body, "https://example.bg/", "")
			switch {
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err %v, want %v", err, tc.wantErr)
				}
			case tc.anyErr:
				if err == nil && len(res.Projects) != 0 {
					t.Fatalf("no error and %d projects", len(res.Projects))
				}
			default:
				if err != nil {
					t.Fatalf("err %v", err)
				}
			}
			if res.Projects == nil {
				t.Error("Projects is nil; the output must be [] not null")
			}
		})
	}
}

// TestNoRecordWithoutProject checks that numbers alone make no record.
func TestNoRecordWithoutProject(t *testing.T) {
	page := `<html><head><title>Решение № 12 – Община Русе</title></head><body><h1>Решение № 12</h1>
<p>Общинският съвет реши да продаде имот при начална цена 187 300 лв. без ДДС на 12.03.2019 г.</p></body></html>`
	res, err := Extract([]byte(page), "https://www.ruse-bg.eu/r", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Projects) != 0 {
		t.Fatalf("%d projects from a council decision", len(res.Projects))
	}
}

func TestCanonicalAndDocuments(t *testing.T) {
	page := `<html><head><title>T</title><link rel="canonical" href="/proekti/x?id=1"></head><body>
<div class="content"><p>Документи: <a href="/files/dogovor.PDF">Договор</a>, <a href="spec.docx?v=2">Спецификация</a>,
<a href="https://cdn.example.bg/a.xlsx">Бюджет</a>, <a href="/news/2">Новина</a>, <a href="mailto:a@b.bg">a.pdf</a></p></div></body></html>`
	res, err := Extract([]byte(page), "https://www.obshtina.bg/proekti/x", "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Canonical != "https://www.obshtina.bg/proekti/x?id=1" {
		t.Errorf("canonical %q", res.Canonical)
	}
	want := []string{"https://www.obshtina.bg/files/dogovor.PDF", "https://www.obshtina.bg/proekti/spec.docx?v=2", "https://cdn.example.bg/a.xlsx"}
	if len(res.Documents) != len(want) {
		t.Fatalf("documents %+v", res.Documents)
	}
	for i, d := range res.Documents {
		if d.URL != want[i] {
			t.Errorf("document %d: %q, want %q", i, d.URL, want[i])
		}
	}
	if res.Documents[0].Text != "Договор" {
		t.Errorf("document text %q", res.Documents[0].Text)
	}
}

// BenchmarkExtract runs the extractor over the whole corpus; pages/s is
// reported as a metric (run with -cpu 1 for the one-core figure).
func BenchmarkExtract(b *testing.B) {
	pages := corpusPages(b, corpusDir)
	bodies := make([][]byte, len(pages))
	for i, pg := range pages {
		body, err := os.ReadFile(filepath.Join(corpusDir, pg.file))
		if err != nil {
			b.Fatal(err)
		}
		bodies[i] = body
	}
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		k := i % len(pages)
		if _, err := Extract(bodies[k], pages[k].url, ""); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "pages/s")
}

func FuzzExtract(f *testing.F) {
	f.Add([]byte(sample), "")
	f.Add([]byte("<table><tr><td rowspan=99999 colspan=0>№ 1</td></tr></table>"), "text/html; charset=koi8-r")
	f.Add([]byte("<ul><li>1. Дейности:<li>„„„“ 12,5 лв."), "")
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[[[{"@type":["Event",1]}]]]}</script><div class="tribe_events">№ 1</div>`), "")
	f.Add([]byte(`<div itemtype="https://schema.org/"><p>Project code: No. ROBG-1 / 2.3.2020</p><p>Обща стойност след Анекс № 2 от 1 г.: 3 лв.</p></div>`), "")
	for _, s := range []string{
		"Проектът е на стойност 65 410,72 лв. Периодът за реализация е от 08.11.2013г. до 08.08.2014г.",
		"Договор № 13-13-24 по проект №13-13-107 BG051PO002/13/1.3-07 BG161РО001/1.4-09/2012/002",
		"„НИКО 96” ЕООД гр. Стара Загора; ДЗЗД „Чист въздух Бургас“; 9 месеца (13.11.2013 г. – 13.11.2014 г.)",
	} {
		f.Add([]byte("<p>"+s+"</p>"), "")
	}
	if pages, err := filepath.Glob(filepath.Join(corpusDir, "pages", "*.html")); err == nil && len(pages) > 0 {
		for _, p := range pages[:3] {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b, "")
			}
		}
	}
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		res, err := Extract(body, "https://example.bg/p", ctype)
		if err != nil {
			return
		}
		if res.Projects == nil {
			t.Fatal("nil projects")
		}
		for _, r := range res.Projects {
			if r.Budget.Total != nil && *r.Budget.Total < 0 {
				t.Fatalf("negative total %v", *r.Budget.Total)
			}
			if _, err := json.Marshal(r); err != nil {
				t.Fatalf("record does not marshal: %v", err)
			}
		}
	})
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(sample), "")
	f.Add([]byte("\xEF\xBB\xBF<meta charset=utf-8>\xC0\xC1"), "text/html; charset=windows-1251")
	f.Add([]byte("\xFF\xFE<\x00p\x00>\x00"), "")
	f.Fuzz(func(t *testing.T, body []byte, ctype string) {
		text, cs, err := Decode(body, ctype)
		if err != nil {
			return
		}
		if len(body) > 0 && len(text) > 0 && cs == "" {
			t.Fatalf("no charset for %d bytes", len(body))
		}
		if cs == "utf-8" && !bytes.Equal(text, body) && !bytes.Equal(text, body[min(3, len(body)):]) {
			t.Fatalf("utf-8 text changed")
		}
	})
}
