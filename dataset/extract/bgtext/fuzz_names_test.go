package bgtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNames runs the readers of names and sentences over any text: no
// panic, every offset inside the text, masked text as long as the text.
func FuzzNames(f *testing.F) {
	for _, s := range []string{
		"Община Бяла Слатина, в качеството си на бенефициент по договор № BG16RFOP001-2.001-0136-C01",
		"Сдружение „Дунавски хоризонти“ в с. Оброчище спечели проект. Проектът се реализира от Община Пещера.",
		"ОБЩИНА ПЕЩЕРА\nИМА УДОВОЛСТВИЕТО ДА ВИ ПОКАНИ",
		"…„Региони в растеж“.Общата стойност е 5 лв. в гр.Пещера, ул. „Гурко“ № 5; 1.5 м.",
		"Столична община и Общината кандидатстват", "площадкатапонеделник, 3 Юни 2014", "„„„“", "община", "Община ",
		"www.veliko-tarnovo.bg", "\xff\xfe„", "Водещ партньор е Община Кълъраш (Румъния).",
		"„Пазари – Созопол“ ЕООД, 100 % собственост на Община Созопол, стартира изпълнението на проект", "„x“ЕАД„“ ООД, ,",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			s = s[:4096]
		}
		if h, ok := Holder(s, "Пещера"); ok && h == "" {
			t.Fatal("a holder with no name")
		}
		for _, n := range MunicipalitiesIn(s) {
			if !IsMunicipality(n) {
				t.Fatalf("%q is no municipality", n)
			}
		}
		MunicipalityOfHost(s)
		if m := MaskQuoted(s); len(m) != len(s) {
			t.Fatalf("MaskQuoted changed the length %d → %d", len(s), len(m))
		}
		for i := 0; i < len(s); i++ {
			if st := SentenceStart(s, i); st < 0 || st > i {
				t.Fatalf("SentenceStart(%d) = %d", i, st)
			}
			if next, ok := SentenceEnd(s, i); ok && (next <= i || next > len(s)) {
				t.Fatalf("SentenceEnd(%d) = %d", i, next)
			}
		}
		for _, sent := range Sentences(s) {
			if !strings.Contains(s, sent) {
				t.Fatalf("sentence %q is not in the text", sent)
			}
		}
		for _, ds := range FindDates(s) {
			WeekdayBefore(s, ds.Start)
		}
		for _, code := range []string{"PHRD", "NRRP", "OPRG", "OTHER"} {
			if i, j, ok := ProgrammeMention(s, code); ok && (i < 0 || j > len(s) || i >= j) {
				t.Fatalf("ProgrammeMention = %d, %d", i, j)
			}
		}
		if utf8.ValidString(s) {
			for _, q := range QuotedNames(s) {
				if !strings.Contains(s, q) {
					t.Fatalf("quoted name %q is not in the text", q)
				}
			}
		}
	})
}
