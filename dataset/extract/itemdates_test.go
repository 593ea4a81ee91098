package extract

import "testing"

// TestLatestDatedHead: an item's date is the latest of its dated headline
// rows, in whatever order the page prints them; date ranges, bare dates
// and plain lines are not item headers.
func TestLatestDatedHead(t *testing.T) {
	bold := func(s string) block { return block{text: s, heading: 7} }
	plain := func(s string) block { return block{text: s} }
	tests := []struct {
		name string
		ls   []block
		want string
	}{
		{"newest first", []block{bold("ПРОЕКТ „ЗЕЛЕН ГРАД“"), bold("20.06.2011 Започна строителството"), plain("текст"), bold("15.11.2010 Подписан договор"), plain("текст")}, "2011-06-20"},
		{"oldest first", []block{bold("15.11.2010 Подписан договор"), plain("текст"), bold("20.06.2011 Започна строителството")}, "2011-06-20"},
		{"h3 with dash", []block{{text: "09.12.2020 г. – Приключи проектът", heading: 3}}, "2020-12-09"},
		{"date range is no header", []block{bold("01.03.2020 – 31.12.2021 г. изпълнение")}, ""},
		{"bare date is no header", []block{bold("15.11.2010")}, ""},
		{"plain line is no header", []block{plain("20.06.2011 Започна строителството по проекта")}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := latestDatedHead(tc.ls); got != tc.want {
				t.Errorf("latestDatedHead = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestInlineContractLabel: contract labels printed inline in a line.
func TestInlineContractLabel(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Номер на договора: 02/07/2/0/00234 от 20.07.2016 г.", "02/07/2/0/00234"},
		{"Номер на договор: РД-50-118", "РД-50-118"},
		{"№ на договора: 1219/03.10.2023 г.", "1219"},
		{"Договор номер 14-06-2/11.05.2020", "14-06-2"},
		{"Номер на договора за строителство: 45/2019", ""},
	}
	for _, tc := range tests {
		cs, _ := codes([]block{{text: tc.text}})
		got := ""
		if len(cs) > 0 {
			got = cs[0]
		}
		if got != tc.want {
			t.Errorf("codes(%q) = %v, want %q", tc.text, cs, tc.want)
		}
	}
}

// TestFirmParty: a contract number in a sentence that names a firm.
func TestFirmParty(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Доставчик на оборудването е „Smart Lab Solutions“ ООД по договор № Д-14/20.03.2026 г.", nil},
		{"Обученията провежда „Академия Знание“ ЕООД по договор № 118 от 02.06.2024 г.", nil},
		{"„ВиК Дунав“ ЕООД подписа договор № BG16M1OP002-1.016-0003-C01 за проекта.", []string{"BG16M1OP002-1.016-0003-C01"}},
		{"Община Белене подписа договор № РД-02-37-112 за финансиране.", []string{"РД-02-37-112"}},
	}
	for _, tc := range tests {
		cs, _ := codes([]block{{text: tc.text}})
		if len(cs) != len(tc.want) || len(cs) > 0 && cs[0] != tc.want[0] {
			t.Errorf("codes(%q) = %v, want %v", tc.text, cs, tc.want)
		}
	}
}
