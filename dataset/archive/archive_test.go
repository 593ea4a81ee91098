package archive

import (
	"os"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

func hostile(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/hostile.html")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The safe copy of a hostile page keeps its text and structure and nothing
// that runs or loads: no script, handler, link target, image, style, base,
// meta refresh, frame, object or form.
func TestSafeHTMLIsInert(t *testing.T) {
	out, err := Viewer{}.SafeHTML(hostile(t), "https://www.example.bg/p", "text/html; charset=windows-1251")
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{"Ремонт на училище „Христо Ботев“", "2 147 385,60 лв.", "<table>", "BG16RFOP001-1.001-0039-C01", "кликни", "връзка"} {
		if !strings.Contains(s, want) {
			t.Errorf("the safe copy lost %q:\n%s", want, s)
		}
	}
	// Our own style is the one <style>; nothing else may name an address.
	rest := strings.Replace(s, "<style>"+frameStyle+"</style>", "", 1)
	for _, bad := range []string{"<script", "onerror", "onload", "href", "src=", "<meta http-equiv", "<base", "<link",
		"url(", "@import", "<style", "style=", "<iframe", "<object", "<form", "<img", "<svg", "hostile.invalid", "javascript:"} {
		if strings.Contains(strings.ToLower(rest), bad) {
			t.Errorf("the safe copy holds %q:\n%s", bad, s)
		}
	}
	if csp := (Viewer{}).FrameCSP(); !strings.Contains(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("FrameCSP = %q", csp)
	}
}

// The visible text is the extractor's: the page's words without its
// script, style or markup.
func TestVisibleText(t *testing.T) {
	got, err := Viewer{}.VisibleText(hostile(t), "https://www.example.bg/p", "text/html; charset=windows-1251")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Ремонт на училище „Христо Ботев“", "Общата стойност на проекта е 2 147 385,60 лв.", "BG16RFOP001-1.001-0039-C01"} {
		if !strings.Contains(got, want) {
			t.Errorf("visible text lacks %q:\n%s", want, got)
		}
	}
	for _, bad := range []string{"pwned", "fetch(", "hostile.invalid", "url("} {
		if strings.Contains(got, bad) {
			t.Errorf("visible text holds %q:\n%s", bad, got)
		}
	}
}

func TestDiffLines(t *testing.T) {
	a := "Проект\nСтойност: 100 лв.\nСрок: 12 месеца\nКрай"
	b := "Проект\nСтойност: 120 лв.\nСрок: 12 месеца\nНов ред\nКрай"
	got := Viewer{}.DiffLines(a, b)
	var parts []string
	for _, l := range got {
		parts = append(parts, l.Op+l.Text)
	}
	want := []string{"=Проект", "-Стойност: 100 лв.", "+Стойност: 120 лв.", "=Срок: 12 месеца", "+Нов ред", "=Край"}
	if strings.Join(parts, "|") != strings.Join(want, "|") {
		t.Errorf("diff = %q\nwant %q", parts, want)
	}
	if d := (Viewer{}).DiffLines(a, a); len(d) != 4 || d[0] != (dataset.DiffLine{Op: "=", Text: "Проект"}) {
		t.Errorf("diff of equal texts = %+v", d)
	}
}
