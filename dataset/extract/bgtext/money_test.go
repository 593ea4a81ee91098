package bgtext

import (
	"math"
	"strings"
	"testing"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in       string
		value    float64
		currency string
		approx   bool
		vat      string
		ok       bool
	}{
		{"65 410,72 лв.", 65410.72, "BGN", false, "", true},
		{"79 829.24", 79829.24, "", false, "", true},
		{"1.234.567,89 лв.", 1234567.89, "BGN", false, "", true},
		{"245.320,00", 245320, "", false, "", true},
		{"427,222.06 евро", 427222.06, "EUR", false, "", true},
		{"1,946,812.50", 1946812.50, "", false, "", true},
		{"BGN 4,815,360", 4815360, "BGN", false, "", true},
		{"1 204 518, 72 лв.", 1204518.72, "BGN", false, "", true}, // a space typed after the decimal comma
		{"1 499 992,52 евро", 1499992.52, "EUR", false, "", true},
		{"1'234'567.89 лв.", 1234567.89, "BGN", false, "", true},
		{"1’234’567,89 лв.", 1234567.89, "BGN", false, "", true},
		{"€ 1 234", 1234, "EUR", false, "", true},
		{"1 234 €", 1234, "EUR", false, "", true},
		{"1 234 EUR", 1234, "EUR", false, "", true},
		{"1 234 лева", 1234, "BGN", false, "", true},
		{"1 234 лв", 1234, "BGN", false, "", true},
		{"1 234 ЛВ.", 1234, "BGN", false, "", true},
		{"1\u00a0234\u00a0567,89\u00a0лв.", 1234567.89, "BGN", false, "", true},
		{"1\u202f234,50 лв.", 1234.50, "BGN", false, "", true},
		{"1\u2009234,50 лв.", 1234.50, "BGN", false, "", true},
		{"28 417 552,06", 28417552.06, "", false, "", true},
		{"9 960,00", 9960, "", false, "", true},
		{"1.234", 1234, "", false, "", true}, // lone 3-digit group: thousands
		{"1,234", 1234, "", false, "", true},
		{"12,5", 12.5, "", false, "", true},
		{"0,50 лв.", 0.5, "BGN", false, "", true},
		{"2023", 2023, "", false, "", true},
		{"над 9,4 млн. лв.", 9400000, "BGN", true, "", true},
		{"около 120 хил. лв.", 120000, "BGN", true, "", true},
		{"1,250 млн. евро", 1250000, "EUR", true, "", true},
		{"близо 500 000 лв.", 500000, "BGN", true, "", true},
		{"до 50 000 лв.", 50000, "BGN", true, "", true},
		{"приблизително 10 000 лв.", 10000, "BGN", true, "", true},
		{"повече от 10 000 лв.", 10000, "BGN", true, "", true},
		{"1 958 220,40 лв. без ДДС", 1958220.40, "BGN", false, "without", true},
		{"248 960,00 лв. с ДДС", 248960, "BGN", false, "with", true},
		{"2 634 118,70 лв. с включен ДДС", 2634118.70, "BGN", false, "with", true},
		{"2 634 118,70 лв. (с ДДС)", 2634118.70, "BGN", false, "with", true},
		{"  65 410,72 лв.  ", 65410.72, "BGN", false, "", true},
		{"без ДДС: 1 000 лв.", 1000, "BGN", false, "without", true},
		{"65 410,72\nлв.", 65410.72, "BGN", false, "", true}, // one cell: a line break is a space
		{"", 0, "", false, "", false},
		{"лв.", 0, "", false, "", false},
		{"24 месеца", 0, "", false, "", false},
		{"85 %", 0, "", false, "", false},
		{"1 000 лв. и 2 000 лв.", 0, "", false, "", false},
		{"08.11.2013", 0, "", false, "", false},
		{"BG16RFOP001-1.001", 0, "", false, "", false},
		{"042 614 860", 0, "", false, "", false}, // leading zero: a phone number
		{"12,345", 12345, "", false, "", true},
		{"1 234,567", 0, "", false, "", false}, // three decimals after grouping: unclear
		{"99999999999999999999", 0, "", false, "", false},
	}
	for _, tt := range tests {
		a, ok := ParseAmount(tt.in)
		if ok != tt.ok {
			t.Errorf("ParseAmount(%q) ok = %v, want %v (%+v)", tt.in, ok, tt.ok, a)
			continue
		}
		if !ok {
			continue
		}
		if math.Abs(a.Value-tt.value) > 0.001 || a.Currency != tt.currency || a.Approx != tt.approx || a.VAT != tt.vat {
			t.Errorf("ParseAmount(%q) = %v %q approx=%v vat=%q, want %v %q approx=%v vat=%q",
				tt.in, a.Value, a.Currency, a.Approx, a.VAT, tt.value, tt.currency, tt.approx, tt.vat)
		}
		if a.Raw != tt.in[a.Start:a.End] {
			t.Errorf("ParseAmount(%q): Raw %q is not in[%d:%d]", tt.in, a.Raw, a.Start, a.End)
		}
	}
}

// want is an amount FindAmounts should report: its raw text and its fields.
type want struct {
	raw      string
	value    float64
	currency string
	approx   bool
	vat      string
}

func TestFindAmounts(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []want
	}{
		{"seed 001", "Проектът е на стойност 65 410,72 лв. Периодът за реализация е от 08.11.2013г. до 08.08.2014г.",
			[]want{{"65 410,72 лв.", 65410.72, "BGN", false, ""}}},
		{"table cells without currency", "Стойност в лева\n79 829.24\n79 829.24\n100\n",
			[]want{{"79 829.24", 79829.24, "", false, ""}, {"79 829.24", 79829.24, "", false, ""}}},
		{"dot thousands", "Стойност на проекта: 245.320,00 лв.", []want{{"245.320,00 лв.", 245320, "BGN", false, ""}}},
		{"a comma and a space before the cents", "на стойност 1 204 518, 72 лв., от които", []want{{"1 204 518, 72 лв.", 1204518.72, "BGN", false, ""}}},
		{"a list after a comma is no decimal", "сгради 1, 12 и 14 на стойност 300 лв.", []want{{"300 лв.", 300, "BGN", false, ""}}},
		{"brackets with digits are not words", "Обща стойност: 1 234 567,89 (един милион … лева и 89 ст.) лева",
			[]want{{"1 234 567,89", 1234567.89, "", false, ""}}},
		{"words in brackets before the currency", "Обща стойност: 98 760 (деветдесет и осем хиляди седемстотин и шестдесет) лв.", []want{{"98 760 (деветдесет и осем хиляди седемстотин и шестдесет) лв.", 98760, "BGN", false, ""}}},
		{"apostrophe thousands", "Обща стойност: 1'234'567.89 лв.", []want{{"1'234'567.89 лв.", 1234567.89, "BGN", false, ""}}},
		{"an apostrophe group is never a number of its own", "Обща стойност: 12'50 лв.", nil},
		{"comma thousands", "Обща стойност 1,946,812.50 лв. Безвъзмездна финансова помощ 1,654,790.63 лв.",
			[]want{{"1,946,812.50 лв.", 1946812.50, "BGN", false, ""}, {"1,654,790.63 лв.", 1654790.63, "BGN", false, ""}}},
		{"prefix currency", "budget BGN 4,815,360 and € 1 234.", []want{{"BGN 4,815,360", 4815360, "BGN", false, ""}, {"€ 1 234", 1234, "EUR", false, ""}}},
		{"euro word", "Общ бюджет: 1 248 765,40 евро", []want{{"1 248 765,40 евро", 1248765.40, "EUR", false, ""}}},
		{"hedge and million", "Проектът е на стойност над 9,4 млн. лв., от които 8 996 412,17 лв. са безвъзмездни.",
			[]want{{"9,4 млн. лв.", 9400000, "BGN", true, ""}, {"8 996 412,17 лв.", 8996412.17, "BGN", false, ""}}},
		{"headline million", "Варна подписа договор за над 9 млн. лв. за нова спортна зала",
			[]want{{"9 млн. лв.", 9000000, "BGN", true, ""}}},
		{"dual display with VAT after", "Стойността на проекта е 2 147 385,60 лв. (1 097 940,82 €) с ДДС. Безвъзмездната помощ е 1 789 488,00 лв. (914 950,69 €), а разликата",
			[]want{{"2 147 385,60 лв.", 2147385.60, "BGN", false, "with"}, {"1 097 940,82 €", 1097940.82, "EUR", false, "with"},
				{"1 789 488,00 лв.", 1789488, "BGN", false, ""}, {"914 950,69 €", 914950.69, "EUR", false, ""}}},
		{"dual display lev euro", "1 955,83 лв. (1 000,00 евро)",
			[]want{{"1 955,83 лв.", 1955.83, "BGN", false, ""}, {"1 000,00 евро", 1000, "EUR", false, ""}}},
		{"with and without VAT", "Общата стойност на проекта е 248 960,00 лв. с ДДС (207 466,67 лв. без ДДС). От тях 124 480,00 лв. са безвъзмездно финансиране",
			[]want{{"248 960,00 лв.", 248960, "BGN", false, "with"}, {"207 466,67 лв.", 207466.67, "BGN", false, "without"},
				{"124 480,00 лв.", 124480, "BGN", false, ""}}},
		{"space-dot decimals", "26 482 917.35 лв.\nБФП\n25 158 771.48 лв.",
			[]want{{"26 482 917.35 лв.", 26482917.35, "BGN", false, ""}, {"25 158 771.48 лв.", 25158771.48, "BGN", false, ""}}},
		{"not money", "тел. 042 614 860, 85 %, 100 % от разходите, BG16RFOP001-1.001-0039-C01, 60 kWp, 420 MWh, 9 000 тома, 6 безработни, " +
			"08.11.2013г. от 13,30 часа, 2014-2020 г., Прегледи: 1 204, 8 400 домакинства, 1 384 кв. м, 16:27ч., версия 2.5.1, ФПЧ10",
			nil},
		{"ticket prices are money (the caller decides)", "Билет – 15 лв., деца до 12 години – безплатно. Билети от 10 до 25 лв.",
			[]want{{"15 лв.", 15, "BGN", false, ""}, {"25 лв.", 25, "BGN", true, ""}}},
		{"nbsp thousands", "стойност\u00a01\u00a0234\u00a0567,89\u00a0лв.", []want{{"1\u00a0234\u00a0567,89\u00a0лв.", 1234567.89, "BGN", false, ""}}},
		{"measures are not money", "с площ 1 384,50 кв. м, 2 450,75 м2, 1 200,00 kWh, 3 500,00 броя, 12 345,60 т", nil},
		{"a table label after a shaped amount", "Обща стойност 79 829.24 Безвъзмездна помощ 79 829.24",
			[]want{{"79 829.24", 79829.24, "", false, ""}, {"79 829.24", 79829.24, "", false, ""}}},
		{"european is not euro", "Европейския социален фонд 2 000 души", nil},
		{"levski is not lev", "стадион 1 000 Левски", nil},
		{"without VAT", "Договорът за строителство е на стойност 1 611 904,00 лв. без ДДС, а срокът",
			[]want{{"1 611 904,00 лв.", 1611904, "BGN", false, "without"}}},
		{"VAT label before", "Стойност без ДДС: 207 466,67 лв.; с ДДС: 248 960,00 лв.; общо 300 000,00 лв.",
			[]want{{"207 466,67 лв.", 207466.67, "BGN", false, "without"}, {"248 960,00 лв.", 248960, "BGN", false, "with"},
				{"300 000,00 лв.", 300000, "BGN", false, ""}}},
		{"VAT phrase serves one amount", "1 000,00 лв. без ДДС 2 000,00 лв.",
			[]want{{"1 000,00 лв.", 1000, "BGN", false, "without"}, {"2 000,00 лв.", 2000, "BGN", false, ""}}},
		{"VAT in parentheses before", "Обща стойност (с ДДС) – 2 634 118,70 лв.",
			[]want{{"2 634 118,70 лв.", 2634118.70, "BGN", false, "with"}}},
		{"thousands word", "около 120 хиляди лева", []want{{"120 хиляди лева", 120000, "BGN", true, ""}}},
		{"million without currency is not money", "над 9 млн. души", nil},
		{"sentence end after currency", "Стойността е 1 000 лв.Следващо", []want{{"1 000 лв.", 1000, "BGN", false, ""}}},
		{"label glued with a colon", "Стойност:1 000,00 лв.", []want{{"1 000,00 лв.", 1000, "BGN", false, ""}}},
		{"nothing attaches across a line break", "Дял 100\nЛева\nСтойност: 1 000,00 лв.\nБез ДДС: 833,33 лв.\nнад\n9 000,00 лв.",
			[]want{{"1 000,00 лв.", 1000, "BGN", false, ""}, {"833,33 лв.", 833.33, "BGN", false, "without"}, {"9 000,00 лв.", 9000, "BGN", false, ""}}},
		{"integer with currency", "Общата рамка на бюджета е 98 764 320 лв. по приходите",
			[]want{{"98 764 320 лв.", 98764320, "BGN", false, ""}}},
	}
	for _, tt := range tests {
		got := FindAmounts(tt.in)
		if len(got) != len(tt.want) {
			t.Errorf("%s: FindAmounts found %d amounts, want %d: %+v", tt.name, len(got), len(tt.want), got)
			continue
		}
		for i, w := range tt.want {
			a := got[i]
			if a.Raw != w.raw || math.Abs(a.Value-w.value) > 0.001 || a.Currency != w.currency || a.Approx != w.approx || a.VAT != w.vat {
				t.Errorf("%s: amount %d = %q %v %q approx=%v vat=%q, want %q %v %q approx=%v vat=%q", tt.name, i,
					a.Raw, a.Value, a.Currency, a.Approx, a.VAT, w.raw, w.value, w.currency, w.approx, w.vat)
			}
			if tt.in[a.Start:a.End] != a.Raw {
				t.Errorf("%s: amount %d offsets %d:%d give %q, not Raw %q", tt.name, i, a.Start, a.End, tt.in[a.Start:a.End], a.Raw)
			}
		}
	}
}

func BenchmarkFindAmounts(b *testing.B) {
	text := strings.Repeat("Общата стойност на проекта е 248 960,00 лв. с ДДС (207 466,67 лв. без ДДС), "+
		"от 08.11.2013г. до 08.08.2014г., договор № BG16RFOP001-1.001-0039-C01, тел. 042 614 860, 85 %. ", 50)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		FindAmounts(text)
	}
}
