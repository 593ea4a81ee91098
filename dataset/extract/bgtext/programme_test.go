package bgtext

import (
	"reflect"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

func TestDetectProgramme(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		codes []string
		want  string
	}{
		{"OPAC by name", "по Оперативна програма „Административен капацитет”, съфинансирана от Европейския социален фонд Приоритетна ос I „Добро управление”", nil, "OPAC"},
		{"OPAC by abbreviation", "Проекти по ОПАК", nil, "OPAC"},
		{"OPAC by code", "", []string{"BG051PO002/13/1.3-07"}, "OPAC"},
		{"OPRD by name", "Оперативна програма „Регионално развитие“ 2007-2013", nil, "OPRD"},
		{"OPRD by code with look-alikes", "", []string{"BG161РО001/1.4-09/2012/002"}, "OPRD"},
		{"ОПРР 2014-2020 is OPRG", "Категория: ОПРР 2014-2020", nil, "OPRG"},
		{"ОПРР alone is OPRD", "Други проекти по ОПРР", nil, "OPRD"},
		{"OPRG by name", "по Оперативна програма „Региони в растеж“ 2014-2020", nil, "OPRG"},
		{"spaced abbreviation", "финансиран по ОП РЧР 2014-2020", nil, "OPHRD14"},
		{"spaced ОП РР 2014-2020 is OPRG", "по ОП РР 2014-2020", nil, "OPRG"},
		{"a bare ОС is no programme", "ОС на сградата е ремонтирана", nil, ""},
		{"food aid programme", "по Оперативна програма за храни и/или основно материално подпомагане", nil, "OTHER"},
		{"PRR", "по Програма „Развитие на регионите“ 2021-2027", nil, "PRR"},
		{"PRR abbreviation", "финансиран по ПРР 2021-2027", nil, "PRR"},
		{"OPHRD 2007-2013", "Оперативна програма „Развитие на човешките ресурси“ 2007-2013", nil, "OPHRD"},
		{"OPHRD14", "по Оперативна програма „Развитие на човешките ресурси“ 2014-2020 г.", nil, "OPHRD14"},
		{"PHRD by name", "финансиран по Програма „Развитие на човешките ресурси“ 2021-2027", nil, "PHRD"},
		{"PHRD without years and without Оперативна", "по Програма „Развитие на човешките ресурси“", nil, "PHRD"},
		{"ПРЧР is PHRD", "Грижа в дома ПРЧР 2021-2027", nil, "PHRD"},
		{"ОПРЧР 2007-2013", "Проекти - ОПРЧР, програмен период 2007-2013 г.", nil, "OPHRD"},
		{"ОПРЧР without years", "Проекти - ОПРЧР", nil, "OPHRD14"},
		{"PHRD by code alone", "", []string{"BG05SFPR002-2.001-0298-C01"}, "PHRD"},
		{"OPE", "Програма: Оперативна програма „Околна среда 2007-2013 г.“", nil, "OPE"},
		{"OPE14", "по Оперативна програма „Околна среда“ 2014-2020 г.", nil, "OPE14"},
		{"Програма Околна среда 2021-2027 is PENV", "по Програма „Околна среда“ 2021-2027", nil, "PENV"},
		{"Програма Конкурентоспособност и иновации в предприятията", "по Програма „Конкурентоспособност и иновации в предприятията“ 2021-2027", nil, "PCIE"},
		{"СПРЗСР", "по интервенция II.Г.1 от СПРЗСР 2023-2027", nil, "RDP27"},
		{"a ministry's scheme", "Проектът е по схема „Подкрепа за спортни площадки“ на Министерството на младежта и спорта.", nil, "OTHER"},
		{"funded by a ministry", "Ремонтът е финансиран от Министерството на регионалното развитие и благоустройството.", nil, "OTHER"},
		{"a ministry's investment programme", "Програма: Инвестиционна програма „Ефективни градски пространства“ (ЕГП) на Министерството на регионалното развитие", nil, "OTHER"},
		{"a national programme", "по Национална програма „Достъпна среда“ 2024 г.", nil, "OTHER"},
		{"a known programme still wins", "по Програма „Развитие на регионите“ 2021-2027, по схема „Устойчиво градско развитие“", nil, "PRR"},
		{"a municipal programme is not named in quotes", "Общинската програма за развитие на туризма предвижда", nil, ""},
		{"Транспортна свързаност code", "договор BG16FFPR001-1.001-0001-C01", []string{"BG16FFPR001-1.001-0001-C01"}, "PTC"},
		{"OPGG abbreviation", "ОПДУ 2014-2020", nil, "OPGG"},
		{"OPGG by name", "по Оперативна програма „Добро управление“", nil, "OPGG"},
		{"an axis named Добро управление is not OPGG", "Приоритетна ос I „Добро управление”", nil, ""},
		{"OPIC", "по Оперативна програма „Иновации и конкурентоспособност“ 2014-2020", nil, "OPIC"},
		{"OPCOMP", "ОП „Развитие на конкурентоспособността на българската икономика“", nil, "OPCOMP"},
		{"OPSESG", "ОП „Наука и образование за интелигентен растеж“", nil, "OPSESG"},
		{"PEDU", "по Програма „Образование“ 2021-2027", nil, "PEDU"},
		{"PEDU by code", "", []string{"BG05SFPR001-3.004-0021-C01"}, "PEDU"},
		{"RDP", "от Програмата за развитие на селските райони 2007-2013 г.", nil, "RDP"},
		{"RDP abbreviation", "Етикети: ПРСР , Ведраре", nil, "RDP"},
		{"RDP via МИГ", "по Стратегията за Водено от общностите местно развитие на МИГ – Велинград", nil, "RDP"},
		{"RDP by code", "", []string{"BG06RDNP001-19.207-0008-C01"}, "RDP"},
		{"RDP by ДФЗ contract shape", "", []string{"23/321/00845"}, "RDP"},
		{"NRRP", "по Националния план за възстановяване и устойчивост", nil, "NRRP"},
		{"NRRP abbreviation", "НПВУ", nil, "NRRP"},
		{"NRRP by code", "", []string{"BG-RRP-4.026-0044-C01"}, "NRRP"},
		{"Interreg", "Програма: Interreg V-A Румъния – България 2014-2020", nil, "INTERREG"},
		{"Interreg by code", "", []string{"ROBG-512"}, "INTERREG"},
		{"GR-BG contract", "", []string{"B2.6c.12"}, "INTERREG"},
		{"IPA CBC", "Програма за трансгранично сътрудничество ИПП България – Сърбия", nil, "INTERREG"},
		{"Красива България", "безвъзмездно финансиране от Проект „Красива България“", nil, "OTHER"},
		{"НДЕФ", "Безвъзмездно финансиране от НДЕФ (85 %)", nil, "OTHER"},
		{"ПУДООС", "ПУДООС – Национална кампания „Чиста околна среда“", nil, "OTHER"},
		{"EEA grants", "чрез Финансовия механизъм на ЕИП 2014-2021", nil, "OTHER"},
		{"EEA code", "", []string{"BGENERGY-2.001-0027-C01"}, "OTHER"},
		{"OPE by DIR contract", "", []string{"DIR-5112122-C014"}, "OPE"},
		{"code beats name", "Оперативна програма „Административен капацитет“", []string{"BG16RFOP001-1.001"}, "OPRG"},
		{"running text beats a menu", "• ОП „Околна среда“\n• ОПРР\nподписа договор по мярка 321 от Програмата за развитие на селските райони 2007-2013 г.", nil, "RDP"},
		{"PRR with за", "по програмата за развитие на регионите", nil, "PRR"},
		{"RDP by подмярка", "по подмярка 7.2 „Инвестиции в създаването“", nil, "RDP"},
		{"IPA CBC code", "", []string{"CB005.1.12.034"}, "INTERREG"},
		{"a ministry's investment programme", "Програма: Инвестиционна програма „Ефективни градски пространства“ (ЕГП) на Министерството на регионалното развитие", nil, "OTHER"},
		{"a national programme", "по Национална програма „Заедно в изкуството и спорта“", nil, "OTHER"},
		{"transport programme", "по Оперативна програма „Транспорт и транспортна инфраструктура“ 2014-2020", nil, "OTHER"},
		{"transport as a word", "обществен транспорт в града", nil, ""},
		{"an operational programme not in the table", "по Оперативна програма „Рибарство и аквакултури“", nil, "OTHER"},
		{"a known programme beats the fallback", "Оперативна програма „Региони в растеж“ и Оперативна програма „Рибарство и аквакултури“", nil, "OPRG"},
		{"nothing stated", "Община Пещера обявява конкурс", nil, ""},
		{"unknown code", "", []string{"13-13-24"}, ""},
		{"a POS terminal is not ПОС", "плащане с ПОС терминал", nil, ""},
	}
	for _, tt := range tests {
		if got := DetectProgramme(tt.text, tt.codes); got != tt.want {
			t.Errorf("%s: DetectProgramme = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDetectProgrammeGivesTableCodes(t *testing.T) {
	valid := map[string]bool{"": true}
	for _, p := range dataset.Programmes {
		valid[p.Code] = true
	}
	for _, r := range progRules {
		for _, era := range []string{"", " 2007-2013", " 2014-2020", " 2021-2027"} {
			// Each rule's own pattern cannot be re-generated, so feed the
			// placeholders through resolveEra to check every outcome is a code.
			cache := "?"
			code := resolveEra(r.code, "ОП Х"+era, 0, 4, &cache)
			if !valid[code] {
				t.Errorf("rule %s resolves to %q, not a programme code", r.re, code)
			}
		}
	}
}

func TestFundsOf(t *testing.T) {
	tests := []struct {
		programme, text string
		want            []string
	}{
		{"OPAC", "съфинансиран от Европейския съюз чрез Европейския социален фонд", []string{"ESF"}},
		{"OPRG", "от ЕФРР и национално съфинансиране", []string{"ERDF"}},
		{"OPE14", "съфинансиран от Европейския съюз чрез Кохезионния фонд", []string{"CF"}},
		{"OPE", "от Европейския фонд за регионално развитие и Кохезионния фонд", []string{"ERDF", "CF"}},
		{"RDP", "Европейски земеделски фонд за развитие на селските райони: Европа инвестира в селските райони", []string{"EAFRD"}},
		{"NRRP", "чрез Механизма за възстановяване и устойчивост на Европейския съюз", []string{"NRRP"}},
		{"PHRD", "Европейския социален фонд плюс", []string{"ESF"}},
		{"PHRD", "ЕСФ+", []string{"ESF"}},
		{"OPE14", "", []string{"ERDF", "CF"}}, // the programme's usual funds
		{"OTHER", "Красива България", []string{"OTHER"}},
		{"", "", nil},
		{"OPRG", "КФ", []string{"CF"}},
	}
	for _, tt := range tests {
		if got := FundsOf(tt.programme, tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FundsOf(%q, %q) = %q, want %q", tt.programme, tt.text, got, tt.want)
		}
	}
}

func BenchmarkDetectProgramme(b *testing.B) {
	text := strings.Repeat("Проектът се осъществява с финансовата подкрепа на Оперативна програма „Развитие на човешките ресурси“ 2014-2020 г., "+
		"съфинансирана от Европейския съюз чрез Европейския социален фонд. На стойност 65 410,72 лв. от 08.11.2013г. ", 50)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		DetectProgramme(text, nil)
	}
}
