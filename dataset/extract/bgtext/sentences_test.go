package bgtext

import (
	"reflect"
	"strings"
	"testing"
)

func TestClauseBefore(t *testing.T) {
	tests := []struct {
		name, text, before, want string
	}{
		{"a full stop and a space", "Проектът е одобрен. Стойността на договора е 10 лв.", "10 лв", "Стойността на договора е "},
		{"glued after a closing quote", "проект „Региони в растеж“.Общата стойност е 5 лв.", "5 лв", "Общата стойност е "},
		{"glued after a word", "за безвъзмездна финансова помощ за сградата.Стойността на договора е 7 лв.", "7 лв", "Стойността на договора е "},
		{"glued after the year mark", "подписан на 12.05.2017 г.Стойността е 7 лв.", "7 лв", "Стойността е "},
		{"an abbreviation glued to a name", "в гр.Пещера на стойност 7 лв.", "7 лв", "в гр.Пещера на стойност "},
		{"an abbreviation and a space", "ул. Гурко № 5, на стойност 7 лв.", "7 лв", "ул. Гурко № 5, на стойност "},
		{"a code is no sentence end", "по процедура BG16RFOP001-2.001 на стойност 7 лв.", "7 лв", "по процедура BG16RFOP001-2.001 на стойност "},
		{"glued after a code", "по договор № BG16RFOP001-2.002-0031-C01.Стойността на договора е 7 лв.", "7 лв", "Стойността на договора е "},
		{"a semicolon", "дейност 1; обща стойност 7 лв.", "7 лв", "обща стойност "},
		{"a decimal is no end", "площ 1.5 кв. м и стойност 7 лв.", "7 лв", "площ 1.5 кв. м и стойност "},
	}
	for _, tt := range tests {
		i := len(tt.text) - len(tt.before) - 1
		if got := ClauseBefore(tt.text, i); got != tt.want {
			t.Errorf("%s: ClauseBefore = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	got := Sentences("Проектът стартира през 2017 г. Общината е бенефициент.Стойността е 5 лв. в гр.Пещера.")
	want := []string{"Проектът стартира през 2017 г.", "Общината е бенефициент.", "Стойността е 5 лв. в гр.Пещера."}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
	if got := FirstSentence("Община Гюргево (Румъния). Партньор: Община Русе"); got != "Община Гюргево (Румъния)" {
		t.Errorf("FirstSentence = %q", got)
	}
}

func TestMaskQuoted(t *testing.T) {
	in := "проект „Строителство на „Зала“ в гр. Х“ на стойност 5 лв."
	got := MaskQuoted(in)
	if len(got) != len(in) {
		t.Fatalf("MaskQuoted changed the length: %d, want %d", len(got), len(in))
	}
	if want := "на стойност 5 лв."; got[len(got)-len(want):] != want || strings.Contains(got, "Строителство") || strings.Contains(got, "Зала") {
		t.Errorf("MaskQuoted = %q", got)
	}
}
