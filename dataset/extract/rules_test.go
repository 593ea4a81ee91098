package extract

import (
	"reflect"
	"testing"
)

// Table tests of the rules added for real pages (issue 12), one row per
// shape; each input is our own writing.

func TestCleanTitle(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Договор № BG16RFOP001-2.001-0010-C01 - «Повишаване на енергийна ефективност – ЛОТ 1»", "Повишаване на енергийна ефективност – ЛОТ 1"},
		{"Проект BG05M9OP001-6.002-0049 „Патронажна грижа + в община Х“", "Патронажна грижа + в община Х"},
		{"Договор № BG16RFOP001-2.002-0028-C01 за реализация на проект: “Обновяване на сгради в гр. Х- II“", "Обновяване на сгради в гр. Х- II"},
		{"„Ремонт на читалище „Светлина“ в гр. Х“", "Ремонт на читалище „Светлина“ в гр. Х"},
		{"BG-RRP-4.023-1339-C01", ""}, // a bare code names nothing
		{"Проект: Обновяване на парк", "Обновяване на парк"},
		{"Договор № 15 от 12.05.2019 г. за доставка", "Договор № 15 от 12.05.2019 г. за доставка"}, // no name follows the number
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.in); got != tt.want {
			t.Errorf("cleanTitle(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLeadingContract(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Договор № BG16RFOP001-2.001-0007-C01 «Име».Проектът е на стойност 5 лв.", "BG16RFOP001-2.001-0007-C01"},
		{"Проект № BG05SFPR002-2.012-0157-C01 „Име“", "BG05SFPR002-2.012-0157-C01"},
		{"Договор № BG16RFOP001-2.001-0134-C01-S-07 за строителство", ""}, // a works contract leads nothing
		{"На 28.10.2016 г. бяха подписани договори № …", ""},
		{"Договор № 12 от 03.03.2020 г.", ""}, // not a grant contract's shape
	}
	for _, tt := range tests {
		if got := leadingContract(tt.in); got != tt.want {
			t.Errorf("leadingContract(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFirmRowsAreNoContracts(t *testing.T) {
	ls := []block{
		{text: "Договор за БФП: DIR-51011119-C037", label: "Договор за БФП", value: "DIR-51011119-C037"},
		{text: "Договор №: Д-112/21.08.2012", label: "Договор №", value: "Д-112/21.08.2012", row: 1},
		{text: "Изпълнител: ДЗЗД „ГО Аква 2012“", label: "Изпълнител", value: "ДЗЗД „ГО Аква 2012“", row: 1},
		{text: "Договор №: Д-113/21.08.2012", label: "Договор №", value: "Д-113/21.08.2012", row: 2},
		{text: "Изпълнител: „Янтра“ АД", label: "Изпълнител", value: "„Янтра“ АД", row: 2},
	}
	if c, _ := codes(ls); !reflect.DeepEqual(c, []string{"DIR-51011119-C037"}) {
		t.Errorf("codes = %q, want only the grant contract", c)
	}
	// a listing of projects with a contractor column stays a listing
	ls = []block{
		{text: "Проект: Ремонт на училище", label: "Проект", value: "Ремонт на училище", row: 1},
		{text: "Договор: BG16RFOP001-1.001-0001-C01", label: "Договор", value: "BG16RFOP001-1.001-0001-C01", row: 1},
		{text: "Изпълнител: „Строй“ ООД", label: "Изпълнител", value: "„Строй“ ООД", row: 1},
	}
	if c, _ := codes(ls); !reflect.DeepEqual(c, []string{"BG16RFOP001-1.001-0001-C01"}) {
		t.Errorf("codes = %q, want the row's grant contract", c)
	}
}

func TestNewerItemEndWins(t *testing.T) {
	older := draft{published: "2021-02-08", period: periodFound{start: "2021-02-01", end: "2022-07-31", months: 18, hasMonths: true}}
	newer := draft{published: "2022-06-14", period: periodFound{end: "2022-11-30", months: 22, hasMonths: true}}
	m := mergeTwo(older, newer)
	if m.period.end != "2022-11-30" || m.period.otherEnd != "2022-07-31" || m.period.months != 22 || m.period.start != "2021-02-01" {
		t.Errorf("merged period %+v: want the annex's end and duration, the old end as a warning, the start kept", m.period)
	}
	// an undated item does not override
	m = mergeTwo(older, draft{period: periodFound{end: "2023-01-01"}})
	if m.period.end != "2022-07-31" || m.period.otherEnd != "2023-01-01" {
		t.Errorf("merged period %+v: an undated item's other end is a warning only", m.period)
	}
}

func TestTeaserRows(t *testing.T) {
	post := func(row int, head, text string) []block {
		return []block{{text: head, heading: 2, row: row}, {text: text, row: row}}
	}
	long := "Община Х сключи договор за изпълнение на проект „Реконструкция на улици“, финансиран по ПРСР 2014-2020, на стойност 100 000 лв."
	rows := [][]block{post(1, "Започва ремонтът", long), post(2, "Спиране на водата", long), post(3, "Нова детска площадка", long)}
	if !teaserRows(rows) {
		t.Error("headed paragraphs in table rows are a news list")
	}
	data := [][]block{{{text: "Проект: Ремонт", label: "Проект", value: "Ремонт", row: 1}}, {{text: "Проект: Улици", label: "Проект", value: "Улици", row: 2}}}
	if teaserRows(data) {
		t.Error("label/value rows are data")
	}
}
