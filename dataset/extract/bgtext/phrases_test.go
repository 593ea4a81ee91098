package bgtext

import (
	"reflect"
	"strings"
	"testing"
)

func TestPhraseSet(t *testing.T) {
	s := NewPhraseSet([]string{"оферти", "обществена поръчка", "възложител:", "цаис еоп", "номер в роп"})
	tests := []struct {
		text string
		want []string
	}{
		{"подаване на офертите до 12.05.2024", []string{"оферти"}},
		{"открита процедура за обществена поръчка с предмет", []string{"обществена поръчка"}},
		{"възложител: община х. номер в роп 00123", []string{"възложител:", "номер в роп"}},
		{"преоферти и нееоп", nil}, // inside a word: not a phrase of it
		{"„оферти“ (цаис еоп)", []string{"оферти", "цаис еоп"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		s.Each(tt.text, func(p string) { got = append(got, p) })
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Each(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func FuzzPhraseSet(f *testing.F) {
	phrases := []string{"оферти", "обществена поръчка", "възложител:", "а", "ab"}
	s := NewPhraseSet(phrases)
	f.Add("подаване на офертите")
	f.Add("\xd0")
	f.Fuzz(func(t *testing.T, text string) {
		s.Each(text, func(p string) {
			if !strings.Contains(text, p) {
				t.Fatalf("%q reported in %q", p, text)
			}
		})
	})
}
