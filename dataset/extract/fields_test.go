package extract

import (
	"reflect"
	"testing"
)

func TestMunicipalityOf(t *testing.T) {
	tests := []struct {
		name  string
		texts []string
		host  string
		want  string
	}{
		{"most named", []string{"Община Пещера", "в Община Пещера", "партньор Община Брацигово"}, "", "Пещера"},
		{"two words", []string{"Община Велико Търново", "Община Велико Търново, пл."}, "", "Велико Търново"},
		{"two words once beside one-word mentions", []string{"Община Русе Информационен", "Община Русе", "Община Русе", "Община Русе"}, "", "Русе"},
		{"upper case only", []string{"ОБЩИНА СЕПТЕМВРИ - ОФИЦИАЛЕН WEB САЙТ"}, "", "Септември"},
		{"host breaks a tie", []string{"Община Калафат", "Община Видин"}, "vidin.bg", "Видин"},
		{"none", []string{"Общински съвет"}, "", ""},
	}
	for _, tc := range tests {
		if got := municipalityOf(tc.texts, tc.host); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestQuotedNames(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"„Ремонт на НЧ „Просвета-1929“ в с. Конуш“ по Мярка", []string{"Ремонт на НЧ „Просвета-1929“ в с. Конуш"}},
		{"„Благоустрояване в район „Тракия“ по договор № 1, сключен по ОП „Региони в растеж“. Нов ред",
			[]string{"Благоустрояване в район „Тракия“", "Благоустрояване в район „Тракия“ по договор № 1, сключен по ОП „Региони в растеж“"}},
		{"\"Прости кавички\" и още", []string{"Прости кавички"}},
		{"„без край", nil},
	}
	for _, tc := range tests {
		if got := quotedNames(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("quotedNames(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestCleanItem(t *testing.T) {
	tests := []struct{ in, want string }{
		{"· Формулирани препоръки;", "Формулирани препоръки"},
		{"1. Подбор на персонал;", "Подбор на персонал"},
		{"- създадени 24 работни места;", "създадени 24 работни места"},
		{"Дейност 1 „Информация и публичност”", "Информация и публичност"},
		{"Специфична цел 2 - подготовката на администрацията;", "подготовката на администрацията"},
		{"• клас „B“.", "клас „B“."},
		{"2014-2020 г. план:", "2014-2020 г. план"},
		{"18 месеца", "18 месеца"},
	}
	for _, tc := range tests {
		if got := cleanItem(tc.in); got != tc.want {
			t.Errorf("cleanItem(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClassifyHeading(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Основни дейности", fActivities},
		{"Очаквани резултати:", fResults},
		{"Цел на проекта", fObjectives},
		{"Специфични цели:", fObjectives},
		{"Целеви групи", fTargets},
		{"Какво включва ремонтът", fActivities},
		{"Мерките включват:", fActivities},
		{"Акцентира се върху заложените дейности и постигнатите резултати:", fMixed},
		{"Достигането на тази цел включва постигането и на следните специфични цели:", fObjectives},
		{"Мерки за енергийна ефективност в три училища", fNone},
		{"Финансиране", fNone},
	}
	for _, tc := range tests {
		if got := classifyHeading(tc.in); got != tc.want {
			t.Errorf("classifyHeading(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestDateLine(t *testing.T) {
	tests := []struct {
		l    line
		near bool
		want string
	}{
		{line{text: "Публикувано на 14 юни 2019 от Пресцентър"}, false, "2019-06-14"},
		{line{text: "Понеделник, 28 Април 2014г. 16:27ч."}, false, "2014-04-28"},
		{line{text: "Публикувано от pr_vt на пон, 07/18/2011 - 15:20"}, false, "2011-07-18"},
		{line{text: "29/7/2021", meta: true}, false, "2021-07-29"},
		{line{text: "[29-09-2014] На 19.09.2014 година се проведе"}, false, "2014-09-29"},
		{line{text: "Дата на публикуване: 19.03.2025"}, false, "2025-03-19"},
		{line{text: "Последна актуализация: 02.10.2025"}, false, ""},
		{line{text: "Дата на стартиране: 08.08.2019 г."}, false, ""},
		{line{text: "Начална дата: 14.03.2018", label: "Начална дата", value: "14.03.2018"}, false, ""},
		{line{text: "12.05.2019"}, false, ""},
		{line{text: "12.05.2019"}, true, "2019-05-12"},
		{line{text: "Информацията е актуална към 31.03.2015 г."}, false, ""},
	}
	for _, tc := range tests {
		if got := dateLine(tc.l, tc.near); got != tc.want {
			t.Errorf("dateLine(%q) = %q, want %q", tc.l.text, got, tc.want)
		}
	}
}

func TestCodes(t *testing.T) {
	tests := []struct {
		text       string
		contracts  []string
		procedures []string
	}{
		{"по Договор № 13-13-24 за предоставяне на БФП, Бюджетна линия BG051PO002/13/1.3-07.", []string{"13-13-24"}, []string{"BG051PO002/13/1.3-07"}},
		{"Договорът за финансиране е № ИПК-1-0104/08.08.2019 г.", []string{"ИПК-1-0104"}, nil},
		{"Строителството се изпълнява от „Марица“ ЕООД по договор № 18-ДГ-412 от 03.12.2018 г.", nil, nil},
		{"Договор № 15 от 12.05.2019 г. с изпълнител „Строй“ ООД", nil, nil},
		{"Решение № 1412, прието с Протокол № 56", nil, nil},
		{"Договор № BG161РО001/1.4-09/2012/002 по схема BG161PO001/1.4-09/2012", []string{"BG161PO001/1.4-09/2012/002"}, []string{"BG161PO001/1.4-09/2012"}},
		{"по договор № BG16RFOP001-1.001-0027-C01. Проект BG16RFOP001-1.001-0027 „Х“", []string{"BG16RFOP001-1.001-0027-C01"}, nil},
		{"Код на проекта: ROBG-512. Договор за субсидия: № 106733 от 17.09.2019 г.", []string{"ROBG-512", "106733"}, nil},
		{"по проект №13-13-107 „Ефективна координация“", []string{"13-13-107"}, nil},
	}
	for _, tc := range tests {
		c, p := codes([]line{{text: tc.text}})
		if !reflect.DeepEqual(c, tc.contracts) || !reflect.DeepEqual(p, tc.procedures) {
			t.Errorf("codes(%q) = %q, %q; want %q, %q", tc.text, c, p, tc.contracts, tc.procedures)
		}
	}
}
