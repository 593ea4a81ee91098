package bgtext

import (
	"reflect"
	"strings"
	"testing"
)

func TestNormalizeCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"№13-13-107", "13-13-107"},
		{"№ 13-13-24", "13-13-24"},
		{"Договор № 13-13-24", "13-13-24"},
		{"No 13-13-24", "13-13-24"},
		{"No. 13-13-24", "13-13-24"},
		{"N: 13-13-24", "13-13-24"},
		{"13 - 13 - 24", "13-13-24"},
		{"BG16RFOP001-1.001-0039-C01", "BG16RFOP001-1.001-0039-C01"},
		{"BG16RFOP001-1.001-\n0039-C01", "BG16RFOP001-1.001-0039-C01"},
		{"BG16RFOP001-1.001-\u00a00039-C01", "BG16RFOP001-1.001-0039-C01"},
		{"BG161PO001/1.4-09/2012/002", "BG161PO001/1.4-09/2012/002"},
		{"BG161PO001 / 1.4-09 / 2012 / 002", "BG161PO001/1.4-09/2012/002"},
		{"BG161РО001/1.4-09/2012/002", "BG161PO001/1.4-09/2012/002"}, // Cyrillic Р and О
		{"ВG16RFOP001-1.001", "BG16RFOP001-1.001"},                   // Cyrillic В
		{"РД-02-29-117/15.06.2021", "РД-02-29-117"},
		{"РД-11-208/2022", "РД-11-208/2022"},
		{"0822/2022", "0822/2022"},
		{"PД-02-29-117", "РД-02-29-117"}, // Latin P in a Cyrillic code
		{"Д-34-33", "Д-34-33"},
		{"ИПК-1-0104/08.08.2019", "ИПК-1-0104"},
		{"B2.6c.21/04.07.2019", "B2.6c.21"},
		{"В2.6с.21", "В2.6с.21"}, // only look-alikes, all Cyrillic: nothing says it is Latin
		{"B2.6с.21", "B2.6c.21"}, // Latin B, Cyrillic с: majority Latin
		{"21/321/01329", "21/321/01329"},
		{"DIR-5112122-C014", "DIR-5112122-C014"},
		{"BG-RRP-4.025-0012-C01", "BG-RRP-4.025-0012-C01"},
		{"ROBG-512", "ROBG-512"},
		{"18\u2011ДГ\u2011412", "18-ДГ-412"},
		{"13-13-24.", "13-13-24"},
		{"(BG16RFOP001-1.001-0039-C01)", "BG16RFOP001-1.001-0039-C01"},
		{"„13-13-24“,", "13-13-24"},
		{"[№ 13-13-24]", "13-13-24"},
		{"N° 13-13-24", "13-13-24"},
		{"Nº13-13-24", "13-13-24"},
		{"ВС-12", "ВС-12"}, // all look-alikes, all Cyrillic: kept
		{"BG16RFOP001-2.001-0021-C01-S-03за изпълнение", "BG16RFOP001-2.001-0021-C01-S-03"}, // a word glued on (Word)
		{"12-34за", "12-34"},
		{"BG16RFOP001-2.002-0031-C01.Стойността", "BG16RFOP001-2.002-0031-C01"}, // the next sentence glued on
		{"", ""},
	}
	for _, tt := range tests {
		if got := NormalizeCode(tt.in); got != tt.want {
			t.Errorf("NormalizeCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIsProcedureCode(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"BG051PO002/13/1.3-07", true},
		{"BG16RFOP001-2.001", true},
		{"BG06RDNP001-19.207", true},
		{"BGENERGY-2.001", true},
		{"BG-RRP-4.025", true},
		{"BG05SFPR002-2.001", true},
		{"BG051PO001-5.2.09", true},
		{"BG161PO001/1.4-06/2010", true},
		{"BG161PO005/10/1.11/02/16", true},
		{"BG16RFOP001-1.001-0039-C01", false},
		{"BG16RFOP001-1.001-0027", false},
		{"BG161PO001/1.4-09/2012/002", false},
		{"13-13-24", false},
		{"DIR-5112122-C014", false},
		{"ROBG-512", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := IsProcedureCode(tt.in); got != tt.want {
			t.Errorf("IsProcedureCode(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestFindCodes(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		contracts  []string
		procedures []string
	}{
		{"seed 001", "ще се проведе встъпителна пресконференция по проект №13-13-107 „Ефективна координация“",
			[]string{"13-13-107"}, nil},
		{"seed 002", "по Договор № 13-13-24 за предоставяне на безвъзмездна финансова помощ ... Бюджетна линия BG051PO002/13/1.3-07. " +
			"съгласно Договор № 13-13-24 от 13.11.2013 г.",
			[]string{"13-13-24"}, []string{"BG051PO002/13/1.3-07"}},
		{"2014-2020 contract and procedure", "договор за безвъзмездна финансова помощ № BG16RFOP001-1.001-0027-C01, " +
			"одобрен по процедура BG16RFOP001-1.001 „Изпълнение на интегрирани планове“. Проект BG16RFOP001-1.001-0027 „Благоустрояване“",
			[]string{"BG16RFOP001-1.001-0027-C01"}, []string{"BG16RFOP001-1.001"}},
		{"construction contract with a firm", "се изпълняват от „Марица Инфраструктура“ ЕООД по договор № 18-ДГ-412 от 03.12.2018 г. на стойност",
			nil, nil},
		{"construction contract by words", "Сключен е договор за строителство № 45-00-12 от 03.12.2018 г.", nil, nil},
		{"construction contract, firm after", "Общината подписа договор № 45-00-12 от 03.12.2018 г. с „Пътстрой“ ЕООД за ремонта", nil, nil},
		{"construction contract, words after", "Сключен е договор № 45-00-12 за строителство на обекта", nil, nil},
		{"grant contract with words after", "Договор № 13-13-24 за предоставяне на безвъзмездна финансова помощ", []string{"13-13-24"}, nil},
		{"registration number alone", "Проект BG06RDNP001-19.207-0012 „Ремонт“", []string{"BG06RDNP001-19.207-0012"}, nil},
		{"split by line break", "договор № BG16RFOP001-1.001-\n0039-C01 по процедура BG16RFOP001-1.001",
			[]string{"BG16RFOP001-1.001-0039-C01"}, []string{"BG16RFOP001-1.001"}},
		{"Cyrillic look-alikes", "договор № BG161РО001/1.4-09/2012/002 по схема BG161РО001/1.4-09/2012",
			[]string{"BG161PO001/1.4-09/2012/002"}, []string{"BG161PO001/1.4-09/2012"}},
		{"date glued after slash", "Договорът за финансиране е № ИПК-1-0104/08.08.2019 г.", []string{"ИПК-1-0104"}, nil},
		{"date after от", "Договор № 11-31-14 от 14.03.2012 г., бюджетна линия BG051PO002/11/3.1-04",
			[]string{"11-31-14"}, []string{"BG051PO002/11/3.1-04"}},
		{"year kept", "по договор № РД-11-208/2022 и договор № 0822/2022", []string{"РД-11-208/2022", "0822/2022"}, nil},
		{"Cyrillic code", "Договорът е с № РД-КБ-22-018 от 26.04.2022 г.", []string{"РД-КБ-22-018"}, nil},
		{"Д code", "Договор № Д-34-33", []string{"Д-34-33"}, nil},
		{"GR-BG", "по договор за субсидия № B2.6c.12, сключен на 11.04.2018 г.", []string{"B2.6c.12"}, nil},
		{"GR-BG with date", "договор № B2.6c.21/04.07.2019", []string{"B2.6c.21"}, nil},
		{"RDP", "Община Самоков подписа договор № 23/321/00845 от 14.02.2012 г.", []string{"23/321/00845"}, nil},
		{"RDP 2014", "Договорът за безвъзмездна финансова помощ № 16/07/2/0/00312 беше подписан", []string{"16/07/2/0/00312"}, nil},
		{"Interreg", "Код на проекта: ROBG-512\nДоговор за субсидия: № 106733 от 17.09.2019 г.", []string{"ROBG-512", "106733"}, nil},
		{"OPE", "Договор № DIR-5112122-C014, процедура BG161PO005/10/1.11/02/16",
			[]string{"DIR-5112122-C014"}, []string{"BG161PO005/10/1.11/02/16"}},
		{"NRRP", "Договорът № BG-RRP-4.024-0057-C01 е на стойност ..., процедура BG-RRP-4.024 „Подкрепа“",
			[]string{"BG-RRP-4.024-0057-C01"}, []string{"BG-RRP-4.024"}},
		{"EEA", "BGENERGY-2.001-0027-C01 по процедура BGENERGY-2.001", []string{"BGENERGY-2.001-0027-C01"}, []string{"BGENERGY-2.001"}},
		{"old OPHRD", "№ BG051PO001-5.2.09-0094-C0001 по схема BG051PO001-5.2.09 „Алтернативи“",
			[]string{"BG051PO001-5.2.09-0094-C0001"}, []string{"BG051PO001-5.2.09"}},
		{"decisions, protocols, deeds, addresses, annexes", "Решение № 1412, прието с Протокол № 56 от 28.03.2019 г., актуван с АОС № 9876 от 12.02.2019 г. " +
			"Община Русе · пл. „Свобода“ № 6, 7000 Русе. Край (след анекс № 3 от 14.06.2023 г.): 20.06.2025 г. Решение № РД24003456ВН/29.05.2024 г.",
			nil, nil},
		{"no-break space before the suffix", "договор № BG16RFOP001-1.001-0039\u00a0-C01", []string{"BG16RFOP001-1.001-0039-C01"}, nil},
		{"spaced dashes", "Договор № 13 - 13 - 24 от 13.11.2013 г.", []string{"13-13-24"}, nil},
		{"a year range is not a code", "Договор № 13-13-24 за периода 2014 - 2020 г.", []string{"13-13-24"}, nil},
		{"year letter glued to a trailing date", "Договор № 12-11-35/25.06.2012г. за БФП", []string{"12-11-35"}, nil},
		{"other number signs", "Договор N° 12-11-35 и договор Nº 12-11-36", []string{"12-11-35", "12-11-36"}, nil},
		{"ДБФП label", "ДБФП № 12-11-35 от 2012 г.", []string{"12-11-35"}, nil},
		{"IPA CBC contract", "Проект CB005.1.12.034 „Заедно“", []string{"CB005.1.12.034"}, nil},
		{"an item number is not a contract", "Проект № 2 „Ремонт на училище“ и договор № 7", nil, nil},
		{"duplicates once", "BG16RFOP001-2.001-0061-C01 и пак BG16RFOP001-2.001-0061-C01", []string{"BG16RFOP001-2.001-0061-C01"}, nil},
		{"no codes", "COVID-19, PM2.5, 2014-2020 г., 08.11.2013, тел. 042 614 860, Z6_12345", nil, nil},
	}
	for _, tt := range tests {
		c, p := FindCodes(tt.in)
		if !reflect.DeepEqual(c, tt.contracts) || !reflect.DeepEqual(p, tt.procedures) {
			t.Errorf("%s: FindCodes = %q, %q; want %q, %q", tt.name, c, p, tt.contracts, tt.procedures)
		}
	}
}

func TestFindCodeMatches(t *testing.T) {
	text := "се изпълняват от „Марица Инфраструктура“ ЕООД по договор № 18-ДГ-412 от 03.12.2018 г. " +
		"Договор № ИПК-1-0104/08.08.2019 г. Решение № 1412, прието с Протокол № 56"
	want := []struct {
		code, raw, lead string
		kind            CodeKind
	}{
		{"18-ДГ-412", "18-ДГ-412", "works", KindOther},
		{"ИПК-1-0104", "ИПК-1-0104", "contract", KindOther},
		{"1412", "1412", "decision", KindOther},
		{"56", "56", "protocol", KindOther},
	}
	got := FindCodeMatches(text)
	if len(got) != len(want) {
		t.Fatalf("FindCodeMatches found %d codes, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Code != w.code || g.Raw != w.raw || g.Lead != w.lead || g.Kind != w.kind || !g.Numbered {
			t.Errorf("match %d = %+v, want code %q raw %q lead %q kind %v numbered", i, g, w.code, w.raw, w.lead, w.kind)
		}
		if text[g.Start:g.End] != g.Raw {
			t.Errorf("match %d: offsets %d:%d give %q, not Raw %q", i, g.Start, g.End, text[g.Start:g.End], g.Raw)
		}
	}
}

func BenchmarkFindCodes(b *testing.B) {
	text := strings.Repeat("Община Септември подписа Договор № 13-13-24 за предоставяне на безвъзмездна финансова помощ "+
		"по Оперативна програма „Административен капацитет”, Бюджетна линия BG051PO002/13/1.3-07, "+
		"договор № BG16RFOP001-1.001-0039-C01 на стойност 65 410,72 лв. от 08.11.2013г. ", 50)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		FindCodes(text)
	}
}
