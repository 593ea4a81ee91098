package bgtext

import (
	"reflect"
	"strings"
	"testing"
)

func TestFindFirms(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"seed 002", "представител на фирмата изпълнител на дейностите по информация и публичност „НИКО 96” ЕООД гр. Стара Загора.",
			[]string{"НИКО 96 ЕООД"}},
		{"form first", "Доставката и монтажът на новите уреди се извършват от „Термо Еко Системс“ ЕАД и ДЗЗД „Чист въздух Бургас“.",
			[]string{"Термо Еко Системс ЕАД", "ДЗЗД Чист въздух Бургас"}},
		{"two firms in one sentence", "се изпълняват от „Марица Инфраструктура“ ЕООД по договор № 18-ДГ-412. Строителният надзор се упражнява от „Консулт Надзор Пловдив“ ООД.",
			[]string{"Марица Инфраструктура ЕООД", "Консулт Надзор Пловдив ООД"}},
		{"ДЗЗД with a year", "Изпълнител на строително-монтажните работи е ДЗЗД „Пътстрой Карлово 2019“, избрано след открита процедура",
			[]string{"ДЗЗД Пътстрой Карлово 2019"}},
		{"ASCII quotes", `Изпълнител е "Лумен Билд" ООД.`, []string{"Лумен Билд ООД"}},
		{"guillemets", "Изпълнител е «Лумен Билд» ООД.", []string{"Лумен Билд ООД"}},
		{"curly English quotes", "Изпълнител е “Лумен Билд” ООД.", []string{"Лумен Билд ООД"}},
		{"unquoted", "Изпълнител Светлина Инженеринг ЕООД", []string{"Светлина Инженеринг ЕООД"}},
		{"unquoted ДЗЗД", "Изпълнител е ДЗЗД Енерджи Поморие, с което е сключен договор", []string{"ДЗЗД Енерджи Поморие"}},
		{"ЕТ quoted", "Доставчик е ЕТ „Иван Петров – 55“ от гр. Русе", []string{"ЕТ Иван Петров – 55"}},
		{"ЕТ unquoted is ignored", "ЕТ и други", nil},
		{"АД", "„Холдинг Пътища“ АД - София", []string{"Холдинг Пътища АД"}},
		{"town after a dash", "„Хидро Надзор“ ЕООД – Сливен", []string{"Хидро Надзор ЕООД"}},
		{"nbsp between name and form", "„Хидро Надзор“\u00a0ЕООД", []string{"Хидро Надзор ЕООД"}},
		{"duplicates once", "„Хидро Надзор“ ЕООД и пак „Хидро Надзор“ ЕООД", []string{"Хидро Надзор ЕООД"}},
		{"Latin look-alike in form", "„Хидро Надзор“ EООД", []string{"Хидро Надзор ЕООД"}},
		{"Latin form", "“Hydro Nadzor” EOOD", []string{"Hydro Nadzor EOOD"}},
		{"no firm", "Община Сливен, ДДС, АДМИНИСТРАЦИЯ, ООДЕ, „Проект“ и ул. „Солна“ № 5", nil},
		{"lowercase words do not make a name", "сключен с изпълнителя ЕООД", nil},
		{"form glued to the next word (Word)", "подписа договор с „Речен пясък“ ЕАДза изпълнение на СМР", []string{"Речен пясък ЕАД"}},
		{"glued form needs a quoted name", "ЕООДкомпания и ОООДът", nil},
		{"Latin look-alike glued", "с „Тера Строй 7“ EOОДна стойност", []string{"Тера Строй 7 ЕООД"}},
	}
	for _, tt := range tests {
		if got := FindFirms(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: FindFirms = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestNormalizeFirm(t *testing.T) {
	tests := []struct{ in, want string }{
		{"„НИКО 96” ЕООД гр. Стара Загора", "НИКО 96 ЕООД"},
		{"ДЗЗД „Чист въздух Бургас“", "ДЗЗД Чист въздух Бургас"},
		{"  „Лумен   Билд“  ООД ", "Лумен Билд ООД"},
		{"Марица Инфраструктура ЕООД", "Марица Инфраструктура ЕООД"},
		{"„Някаква фирма“", "Някаква фирма"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeFirm(tt.in); got != tt.want {
			t.Errorf("NormalizeFirm(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func BenchmarkFindFirms(b *testing.B) {
	text := strings.Repeat("Доставката и монтажът на новите уреди се извършват от „Термо Еко Системс“ ЕАД и ДЗЗД „Чист въздух Бургас“. "+
		"Строителният надзор се упражнява от „Консулт Надзор Пловдив“ ООД. Община Бургас, ул. „Александровска“ № 26. ", 50)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		FindFirms(text)
	}
}
