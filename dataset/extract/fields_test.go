package extract

import (
	"reflect"
	"testing"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
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
		{"lower-case second word", []string{"Община Сливо поле", "© Община Сливо поле"}, "", "Сливо поле"},
		{"Sofia", []string{"Столична община – район Младост", "СТОЛИЧНА ОБЩИНА", "партньор Община Божурище"}, "", "Столична"},
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
		if got := bgtext.QuotedNames(tc.in); !reflect.DeepEqual(got, tc.want) {
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
		l    block
		near bool
		want string
	}{
		{block{text: "Публикувано на 14 юни 2019 от Пресцентър"}, false, "2019-06-14"},
		{block{text: "Понеделник, 28 Април 2014г. 16:27ч."}, false, "2014-04-28"},
		{block{text: "Публикувано от pr_vt на пон, 07/18/2011 - 15:20"}, false, "2011-07-18"},
		{block{text: "29/7/2021", meta: true}, false, "2021-07-29"},
		{block{text: "[29-09-2014] На 19.09.2014 година се проведе"}, false, "2014-09-29"},
		{block{text: "Дата на публикуване: 19.03.2025"}, false, "2025-03-19"},
		{block{text: "Последна актуализация: 02.10.2025"}, false, ""},
		{block{text: "Дата на стартиране: 08.08.2019 г."}, false, ""},
		{block{text: "Начална дата: 14.03.2018", label: "Начална дата", value: "14.03.2018"}, false, ""},
		{block{text: "12.05.2019"}, false, ""},
		{block{text: "12.05.2019"}, true, "2019-05-12"},
		{block{text: "Информацията е актуална към 31.03.2015 г."}, false, ""},
		// the label is the lead's last clause; an update after the date is cut off
		{block{text: "от редактор — публикувано 04.02.2022 09:40", meta: true}, false, "2022-02-04"},
		{block{text: "Публикувано: 11.06.2024 Обновено: 02.09.2024"}, false, "2024-06-11"},
		{block{text: "Обновено: 02.09.2024 Публикувано: 11.06.2024"}, false, ""},
	}
	for _, tc := range tests {
		if got, _ := dateLine(tc.l, tc.near); got != tc.want {
			t.Errorf("dateLine(%q) = %q, want %q", tc.l.text, got, tc.want)
		}
	}
}

func TestPublishedOf(t *testing.T) {
	tests := []struct {
		name  string
		lines []block
		want  string
	}{
		{"byline beats the site's today header", []block{{text: "Сряда, 19 Юни 2024"}, {text: "Встъпителна пресконференция", heading: 1}, {text: "Понеделник, 28 Април 2014г. 16:27ч."}}, "2014-04-28"},
		{"label beats a bare date", []block{{text: "Нов парк", heading: 1}, {text: "12.05.2019"}, {text: "Публикувано на 14.05.2019"}}, "2019-05-14"},
		{"item opens with its date", []block{{text: "10.04.2024"}, {text: "Община подписа договор"}}, "2024-04-10"},
		{"no date line", []block{{text: "Проектът приключи на 30.11.2020 г."}}, ""},
	}
	for _, tc := range tests {
		if got := publishedOf(tc.lines); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
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
		{"Регистрационен номер в ИСУН 2020: BG05M9OP001-2.101-0022", []string{"BG05M9OP001-2.101-0022"}, nil},
		{"Референтен номер на проекта: 2007CB16IPO008-2011-2-093", []string{"2007CB16IPO008-2011-2-093"}, nil},
		{"по програмата, код ROBG-419", []string{"ROBG-419"}, nil},
		{"Проектното предложение е подадено с вх. № 94-00-123/12.03.2021 г.", nil, nil},
		{"Проектът е одобрен със Заповед № РД-09-123/15.04.2021 г. на министъра.", nil, nil},
		// real pages (issue 12)
		{"Договор за субсидия №.B3.7a.14/12.03.2020 г. по програма Интеррег", []string{"B3.7a.14"}, nil},
		{"по Административен договор № BG16RFOP001-3.004 - 0077 - C01 за предоставяне на БФП", []string{"BG16RFOP001-3.004-0077-C01"}, nil},
		{"Регистрационен № на проекта: BG16RFOP001-3.004 - 0077", []string{"BG16RFOP001-3.004-0077"}, nil},
		{"по договор № BG - RRP - 3.006 - 0596 - C02 за изпълнение", []string{"BG-RRP-3.006-0596-C02"}, nil},
		{"по договор № BG-RRP-3.006 - 0596 - C02 за изпълнение", []string{"BG-RRP-3.006-0596-C02"}, nil},
		{"Договор BG16RFOP001 - 1.004 - 0012 - C01 е подписан", []string{"BG16RFOP001-1.004-0012-C01"}, nil},
		{"Сключен е договор № 0047-ЕГП-1.2 от 14.05.2024 г. по схема за енергийна ефективност", []string{"0047-ЕГП-1.2"}, nil},
		{"Договор № BG16RFOP001-2.001-0134-C01-S-07 за строителство, по Договор за БФП № BG16RFOP001-2.001-0134-C01", []string{"BG16RFOP001-2.001-0134-C01"}, nil},
		{"по договор № ВG16RFОР001-2.001-0134-С01 (с кирилица)", []string{"BG16RFOP001-2.001-0134-C01"}, nil},
		{"в сградата на ул. „Васил Левски“ № 12 по Договор № BG-RRP-4.023-0011-C01", []string{"BG-RRP-4.023-0011-C01"}, nil},
		{"Договор № BG05M9OP001-6.002-0049-C01/15.03.2021 г.", []string{"BG05M9OP001-6.002-0049-C01"}, nil},
	}
	for _, tc := range tests {
		c, p := codes([]block{{text: tc.text}})
		if !reflect.DeepEqual(c, tc.contracts) || !reflect.DeepEqual(p, tc.procedures) {
			t.Errorf("codes(%q) = %q, %q; want %q, %q", tc.text, c, p, tc.contracts, tc.procedures)
		}
	}
}

func f64(v float64) *float64 { return &v }

func TestMoney(t *testing.T) {
	tests := []struct {
		name         string
		lines        []block
		total, grant *float64
		currency     string
	}{
		{"of which grant and own", []block{{text: "Обща стойност на проекта: 3 126 540,72 лв., от които безвъзмездна финансова помощ 2 969 213,68 лв. и собствен принос на Община Търговище 157 327,04 лв."}},
			f64(3126540.72), f64(2969213.68), "BGN"},
		{"with VAT wins", []block{{text: "Общата стойност на проекта е 248 960,00 лв. с ДДС (207 466,67 лв. без ДДС). От тях 124 480,00 лв. са безвъзмездно финансиране."}},
			f64(248960), f64(124480), "BGN"},
		{"dual display, lev first", []block{{text: "Стойността на проекта е 2 147 385,60 лв. (1 097 940,82 €) с ДДС."}}, f64(2147385.60), nil, "BGN"},
		{"its total, by a pronoun", []block{{text: "Общата му стойност е 704 210,50 лв. с ДДС, от които безвъзмездна финансова помощ – 650 000,00 лв."}}, f64(704210.50), f64(650000), "BGN"},
		{"the grant's abbreviation after its amount", []block{{text: "Общата стойност на проекта е 1 200 000,00 лв., от които 1 020 000,00 лв. БФП (85 %) и 180 000,00 лв. собствено участие."}}, f64(1200000), f64(1020000), "BGN"},
		{"an English label", []block{{text: "Total value: BGN 268,442.10"}}, f64(268442.10), nil, "BGN"},
		{"the object funded is the project", []block{{text: "Обектът се финансира по Инвестиционната програма за общински проекти."}, {text: "Общата стойност на обекта е 962 412,34 лв. с ДДС."}}, f64(962412.34), nil, "BGN"},
		{"a project's object is its works", []block{{text: "Проектът обхваща ремонт на три обекта."}, {text: "Общата стойност на обекта е 962 412,34 лв. с ДДС."}}, nil, nil, ""},
		{"with a budget", []block{{text: "Проектът по договор № Х е с бюджет 415 300,00 лв."}}, f64(415300), nil, "BGN"},
		{"approximate total", []block{{text: "Проектът е на стойност над 9,4 млн. лв., от които 8 996 412,17 лв. са безвъзмездна финансова помощ."}}, nil, f64(8996412.17), "BGN"},
		{"construction contract", []block{{text: "Договорът за строителство е на стойност 1 611 904,00 лв. без ДДС."}}, nil, nil, ""},
		{"partner's share", []block{{text: "Общият бюджет на проекта е 987 420,30 евро, като частта на Община Кърджали възлиза на 512 300,00 евро."}}, f64(987420.30), nil, "EUR"},
		{"european financing is the grant", []block{{text: "Обща стойност: 1.482.960,00 лв.", label: "Обща стойност", value: "1.482.960,00 лв."},
			{text: "Европейско финансиране: 1.260.516,00 лв.", label: "Европейско финансиране", value: "1.260.516,00 лв."}}, f64(1482960), f64(1260516), "BGN"},
		{"percentage is not money", []block{{text: "Дял в процентно изражение от общата стойност на проекта: 100", label: "Дял в процентно изражение от общата стойност на проекта", value: "100"}}, nil, nil, ""},
		{"column header currency", []block{{text: "Обща стойност, лв.: 9 960,00", label: "Обща стойност, лв.", value: "9 960,00"}}, f64(9960), nil, "BGN"},
		{"funded by the ERDF describes the project", []block{{text: "Обща стойност на проекта, финансиран от ЕФРР: 1 000 000,00 лв."}}, f64(1000000), nil, "BGN"},
		{"a procedure's maximum grant", []block{{text: "Максималният размер на безвъзмездната финансова помощ по процедурата е 391 166 лв."}}, nil, nil, ""},
		{"a procedure's budget", []block{{text: "Общият бюджет на процедурата е 30 000 000 лв."}}, nil, nil, ""},
		{"a measure's grant", []block{{text: "Общият размер на БФП по мярката е 5 000 000 лв."}}, nil, nil, ""},
		{"all projects", []block{{text: "Общата стойност на всички проекти на общината е 45 000 000 лв."}}, nil, nil, ""},
		{"a project under a measure", []block{{text: "Проектът е финансиран по подмярката 7.2 и е на стойност 400 000 лв."}}, f64(400000), nil, "BGN"},
		{"an advance payment", []block{{text: "Общината получи авансово плащане в размер на 20 % от БФП – 78 233 лв."}}, nil, nil, ""},
		{"verified costs", []block{{text: "Верифицирани са разходи в размер на 150 000 лв. от безвъзмездната помощ."}}, nil, nil, ""},
		{"the rest of the grant", []block{{text: "Остатъкът от БФП в размер на 90 000 лв. ще бъде изплатен след одит."}}, nil, nil, ""},
		{"total of the eligible costs", []block{{text: "Общата стойност на допустимите разходи по проекта е 1 000 000 лв."}}, f64(1000000), nil, "BGN"},
		{"the value of the works done", []block{{text: "Общата стойност на изпълнените дейности е 800 000 лв."}}, nil, nil, ""},
		{"the sum spent", []block{{text: "Общата стойност на усвоените средства е 700 000 лв."}}, nil, nil, ""},
		{"the projects won", []block{{text: "Общата стойност на спечелените от общината проекти е 30 000 000 лв."}}, nil, nil, ""},
		{"column header in euro", []block{{text: "Стойност (евро): 312 400,00", label: "Стойност (евро)", value: "312 400,00"}}, f64(312400), nil, "EUR"},
		{"inline label in euro", []block{{text: "Бюджет на проекта (евро): 120 000,00"}}, f64(120000), nil, "EUR"},
		{"European is no euro", []block{{text: "Обща стойност: 1 482 960,00", label: "Обща стойност", value: "1 482 960,00"},
			{text: "Европейско финансиране: 1 260 516,00", label: "Европейско финансиране", value: "1 260 516,00"}}, f64(1482960), f64(1260516), "BGN"},
		{"budget by the project", []block{{text: "Бюджетът по проекта е 250 000 лева."}}, f64(250000), nil, "BGN"},
		{"the grant contract's value", []block{{text: "Договорът № BG-RRP-4.024-0057-C01 е на стойност 1 372 846,20 лв. без ДДС, от които 1 098 276,96 лв. са безвъзмездно финансиране."}},
			f64(1372846.20), f64(1098276.96), "BGN"},
		// real pages (issue 12): pronouns, bare labels, split decimals, fund labels, glued sentences, titles with money words
		{"a pronoun before the amount", []block{{text: "Община Лом започна изпълнението на проект „Зелен двор“. Стойността ѝ възлиза на 61 204 лв."}}, f64(61204), nil, "BGN"},
		{"the project as 'той'", []block{{text: "Община Лом започна работа по проект „Зелен двор“. Той е на стойност 248 310,40 лв."}}, f64(248310.40), nil, "BGN"},
		{"a bare label and a dash", []block{{text: "Бюджет – 412 008.90 лв."}}, f64(412008.90), nil, "BGN"},
		{"a space after the decimal comma", []block{{text: "Общата стойност на проекта е 1 204 518, 72 лв."}}, f64(1204518.72), nil, "BGN"},
		{"a fund's label is the EU share", []block{{text: "Обща стойност: 1 200 000 лв.", label: "Обща стойност", value: "1 200 000 лв."}, {text: "ЕФРР: 1 020 300 лв."}, {text: "Национално съфинансиране: 179 700 лв."}}, f64(1200000), f64(1020300), "BGN"},
		{"a glued sentence after a quote", []block{{text: "Проектът се финансира по ОП „Региони в растеж“.Общата стойност на проекта е 733 100 лв."}}, f64(733100), nil, "BGN"},
		{"the lead partner's share", []block{{text: "Общият бюджет е 900 000 евро. Бюджетът на водещия партньор е 400 000 евро."}}, f64(900000), nil, "EUR"},
		{"a title with money words", []block{{text: "Проектът „Строителство и доставка на оборудване за детска градина“ е на стойност 500 000 лв."}}, f64(500000), nil, "BGN"},
		{"a title with a budget word", []block{{text: "Проект „Бюджетна прозрачност и контрол“ на стойност 120 000 лв."}}, f64(120000), nil, "BGN"},
	}
	for _, tc := range tests {
		cs, _ := codes(tc.lines)
		b := money(tc.lines, cs).budget("2020-01-01")
		if !sameF(b.Total, tc.total) || !sameF(b.Grant, tc.grant) || b.Currency != tc.currency {
			t.Errorf("%s: total %v grant %v %q; want %v %v %q", tc.name, deref(b.Total), deref(b.Grant), b.Currency, deref(tc.total), deref(tc.grant), tc.currency)
		}
	}
}

func TestCofinancingRate(t *testing.T) {
	tests := []struct {
		name  string
		lines []block
		want  *float64
	}{
		{"computed", []block{{text: "Обща стойност: 200 000,00 лв.", label: "Обща стойност", value: "200 000,00 лв."}, {text: "БФП: 170 000,00 лв.", label: "БФП", value: "170 000,00 лв."}}, f64(85)},
		{"printed after the grant", []block{{text: "Обща стойност: 200 000,00 лв.", label: "Обща стойност", value: "200 000,00 лв."}, {text: "Безвъзмездна финансова помощ: 196 000,00 лв. (98 %)", label: "Безвъзмездна финансова помощ", value: "196 000,00 лв. (98 %)"}}, f64(98)},
		{"intensity without a total", []block{{text: "Размер на БФП: 50 000,00 лв.", label: "Размер на БФП", value: "50 000,00 лв."}, {text: "Интензитет на помощта: 100 %", label: "Интензитет на помощта", value: "100 %"}}, f64(100)},
		{"a maximum intensity is no rate", []block{{text: "Размер на БФП: 50 000,00 лв."}, {text: "Максималният интензитет на помощта по процедурата е 100 %."}}, nil},
		{"a fund's share is no rate", []block{{text: "Размер на БФП: 50 000,00 лв., от които 85 % от ЕФРР."}}, nil},
	}
	for _, tc := range tests {
		cs, _ := codes(tc.lines)
		b := money(tc.lines, cs).budget("2020-01-01")
		if !sameF(b.CofinancingRate, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, deref(b.CofinancingRate), deref(tc.want))
		}
	}
}

func sameF(a, b *float64) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestPeriodOf(t *testing.T) {
	tests := []struct {
		name       string
		lines      []block
		start, end string
		months     int
	}{
		{"from to", []block{{text: "Периодът за реализация е от 08.11.2013г. до 08.08.2014г."}}, "2013-11-08", "2014-08-08", 0},
		{"duration and range", []block{{text: "Период за изпълнение: 9 месеца (13.11.2013 г. – 13.11.2014 г.)", label: "Период за изпълнение", value: "9 месеца (13.11.2013 г. – 13.11.2014 г.)"}}, "2013-11-13", "2014-11-13", 9},
		{"signing is not the start", []block{{text: "Община Самоков подписа договор № 23/321/00845 от 14.02.2012 г."}, {text: "Срок за изпълнение: 36 месеца, с краен срок 14.02.2015 г."}}, "", "2015-02-14", 36},
		{"construction term is not the duration", []block{{text: "Срокът за изпълнение на СМР е 9 месеца от откриването на строителната площадка."}}, "", "", 0},
		{"entry into force", []block{{text: "Срокът за изпълнение е 30 месеца, считано от датата на влизане в сила на договора – 11.03.2025 г."}}, "2025-03-11", "", 30},
		{"annex date is not the end", []block{{text: "Край (след анекс № 3 от 14.06.2023 г.): 20.06.2025 г."}}, "", "2025-06-20", 0},
		{"started and ends", []block{{text: "Проектът стартира на 12 април 2018 г. и след удължаване приключва на 11 октомври 2020 г."}}, "2018-04-12", "2020-10-11", 0},
		{"until", []block{{text: "Срокът за изпълнение на всички дейности е до 30.06.2026 г."}}, "", "2026-06-30", 0},
		{"the project goes on until", []block{{text: "Проектът ще продължи 18 месеца, до 13.09.2026 г."}}, "", "2026-09-13", 18},
		{"a post's weekday date is not the start", []block{{text: "Започна ремонтът на площадкатапонеделник, 3 Юни 2024"}}, "", "", 0},
		{"a contract's date is not the end", []block{{text: "Приключи изпълнението на договор № BG-RRP-4.023-1405-C01 от 16.01.2025 г."}}, "", "", 0},
		{"application deadline", []block{{text: "Срокът за подаване на заявления е до 30.06.2019 г."}}, "", "", 0},
		{"month only", []block{{text: "Период на изпълнение: м. юли 2012 г. – м. декември 2014 г."}}, "", "", 0},
		{"within", []block{{text: "Проектът ще бъде реализиран в рамките на 12 месеца."}}, "", "", 12},
		{"works within", []block{{text: "Строителството ще приключи в рамките на 6 месеца."}}, "", "", 0},
		{"the works' term is not the project's", []block{{text: "Срокът за изпълнение на договора за строителство е до 30.06.2022 г."}}, "", "", 0},
		{"the works' dates are not the project's", []block{{text: "Срокът за изпълнение на СМР е от 01.03.2022 г. до 30.09.2022 г."}}, "", "", 0},
		{"a project named 'Строителство на …'", []block{{text: "Проектът „Строителство на канализация“ ще се изпълнява от 01.03.2022 г. до 30.09.2023 г."}}, "2022-03-01", "2023-09-30", 0},
		{"a delivery's term", []block{{text: "Срокът за изпълнение на доставката е 2 месеца."}}, "", "", 0},
		{"the durability period", []block{{text: "Периодът на устойчивост е 5 години."}}, "", "", 0},
		{"an engineering term", []block{{text: "Инженерингът ще бъде изпълнен в срок от 10 месеца."}}, "", "", 0},
		{"a term that is one date", []block{{text: "Срок на изпълнение: 31.12.2020", label: "Срок на изпълнение", value: "31.12.2020"}}, "", "2020-12-31", 0},
		{"an inline term", []block{{text: "Срок за изпълнение на проекта: 30.06.2021 г."}}, "", "2021-06-30", 0},
		{"a term for bids is no end", []block{{text: "Срок за подаване на оферти: 30.06.2021 г."}}, "", "", 0},
		{"the project lasts", []block{{text: "Проектът стартира на 25.06.2018 г. и ще продължи 24 месеца."}}, "2018-06-25", "", 24},
		{"the repair lasts", []block{{text: "Ремонтът на покрива ще продължи 3 месеца."}}, "", "", 0},
		{"the project's works last", []block{{text: "Строителството по проекта ще продължи 10 месеца."}}, "", "", 0},
		{"an end before the range", []block{{text: "Проектът приключи на 30.09.2020 г."}, {text: "Срокът е 18 месеца – от 01.04.2019 г. до 30.09.2020 г."}}, "2019-04-01", "2020-09-30", 18},
	}
	for _, tc := range tests {
		p := periodOf(tc.lines)
		if p.start != tc.start || p.end != tc.end || p.months != tc.months {
			t.Errorf("%s: %q %q %d; want %q %q %d", tc.name, p.start, p.end, p.months, tc.start, tc.end, tc.months)
		}
	}
}

func TestTitleOf(t *testing.T) {
	tests := []struct {
		name  string
		lines []block
		page  string
		want  string
	}{
		{"name cell wins", []block{{text: "Грижа", heading: 1}, {text: "Наименование на проекта: Грижа в дома в община Монтана", label: "Наименование на проекта", value: "Грижа в дома в община Монтана"}}, "", "Грижа в дома в община Монтана"},
		{"quoted after проект", []block{{text: "Първа копка", heading: 1}, {text: "Стартира проект „Реконструкция на улици в с. Ведраре, община Карлово“. Кметът присъства."}}, "", "Реконструкция на улици в с. Ведраре, община Карлово"},
		{"a Recovery Plan proposal, not its investment", []block{
			{text: "Приключи договор № BG-RRP-4.023-0711-C01 с МРРБ, изпълняващо функциите на Структура за наблюдение по инвестиция „Подкрепа за обновяване на сградния фонд“."},
			{text: "Предложение за изпълнение на инвестиция:", heading: 7}, {text: "„Обновяване на блок „Изгрев“", heading: 7}, {text: "в гр. Нова Загора“", heading: 7}},
			"", "Обновяване на блок „Изгрев“ в гр. Нова Загора"},
		{"на тема", []block{{text: "Община Бургас изпълнява проект на тема „Зелен Бургас“ по програма „Околна среда“."}}, "", "Зелен Бургас"},
		{"the project's name beats a site's", []block{{text: "Започна ремонтът на обект „Читалище „Светлина“ в с. Мокрен“, включен в проект „Енергийна ефективност на обществени сгради в община Котел“."}}, "", "Енергийна ефективност на обществени сгради в община Котел"},
		{"a site's name when no project is named", []block{{text: "Започна ремонтът на обект „Читалище „Светлина“ в с. Мокрен“."}}, "", "Читалище „Светлина“ в с. Мокрен"},
		{"programme name is not the title", []block{{text: "Обект „Ремонт на читалище“ по Проект „Красива България“."}}, "", "Ремонт на читалище"},
		{"heading the page title repeats", []block{{text: "Проекти по програми", heading: 7}, {text: "Реконструкция на водопровода в с. Говедарци", heading: 7}}, "Община Самоков - ПРСР - Реконструкция на водопровода в с. Говедарци", "Реконструкция на водопровода в с. Говедарци"},
		{"bare ПРОЕКТ heading", []block{{text: "ПРОЕКТ", heading: 7}, {text: "„Подкрепа за независим живот“", heading: 7}}, "Община Девня - Проекти", "Подкрепа за независим живот"},
		{"bold line without h-tags", []block{{text: "Дата: 23.11.2009"}, {text: "ОБНОВЯВАНЕ НА ЦЕНТРАЛНИЯ ПАЗАР В ГР. ЛОМ", heading: 7}, {text: "Договор: 1234"}}, "Община Лом - Проекти", "ОБНОВЯВАНЕ НА ЦЕНТРАЛНИЯ ПАЗАР В ГР. ЛОМ"},
		{"a bold lead-in is not a title", []block{{text: "Основни дейности по проекта:", heading: 7}}, "Община Лом - Проекти", ""},
		{"a section heading is not a title", []block{{text: "Европейски проекти", heading: 1}, {text: "Реконструкция на пристанищния парк", heading: 2}}, "Европейски проекти – Община Лом", "Реконструкция на пристанищния парк"},
		{"a section name is not a title", []block{{text: "Общината изпълнява проект по ОПРР."}}, "Европейски проекти | Община Лом", ""},
		{"a page title that names the project", []block{{text: "Общината изпълнява проект по ОПРР."}}, "Ремонт на площад „Свобода“ | Община Лом", "Ремонт на площад „Свобода“"},
	}
	for _, tc := range tests {
		if got, _, _ := titleOf(tc.lines, tc.page); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestListingRowTitle(t *testing.T) {
	row := []block{
		{text: "Предмет: Ремонт на покрива на кметството в с. Равно поле", label: "Предмет", value: "Ремонт на покрива на кметството в с. Равно поле", row: 3},
		{text: "Програма: Програма за развитие на селските райони", label: "Програма", value: "Програма за развитие на селските райони", row: 3},
		{text: "Стойност, лв.: 118 200,00", label: "Стойност, лв.", value: "118 200,00", row: 3},
		{text: "Договор: 16/07/2/0/00412", label: "Договор", value: "16/07/2/0/00412", row: 3},
	}
	if got := labelTitle(row); got != "" {
		t.Errorf("labelTitle: %q, want none", got)
	}
	if got, want := rowTitle(row), "Ремонт на покрива на кметството в с. Равно поле"; got != want {
		t.Errorf("rowTitle: %q, want %q", got, want)
	}
	for _, tc := range []struct {
		label string
		want  bool
	}{{"обект", true}, {"проект", true}, {"наименование на проекта", true}, {"project title", true},
		{"стойност на проекта", false}, {"номер на проекта", false}, {"код на проекта", false}, {"срок на проекта", false}, {"цел на проекта", false}} {
		if got := titleLabel(tc.label); got != tc.want {
			t.Errorf("titleLabel(%q) = %v", tc.label, got)
		}
	}
}

func TestGoalSentences(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"Общата цел на проекта е подобряване на средата. Второ изречение.", 1},
		{"Целта на настоящия проект е да се намалят разходите.", 1},
		{"Проектът има за цел обновяване на парка.", 1},
		{"Проектът цели намаляване на потреблението.", 1},
		{"С изпълнените дейности е постигната заложената обща цел „Х“.", 0},
		{"Целеви групи са децата.", 0},
		{"Основната цел е подобряване на достъпа до образование.", 1},
		{"Целта е ясна.", 0},
	}
	for _, tc := range tests {
		if got := goalSentences(tc.in); len(got) != tc.want {
			t.Errorf("goalSentences(%q) = %q, want %d", tc.in, got, tc.want)
		}
	}
}

func TestInlineNumbered(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"1. подобряване на достъпа; 2. намаляване на отпадането.", 2},
		{"1) организация, 2) обучения, 3) публичност.", 3},
		{"1. едно; 3. три", 0},
		{"1.5 км нов път и 2. етап", 0},
		{"подобряване на достъпа; 2. намаляване", 0},
	}
	for _, tc := range tests {
		if got := inlineNumbered(tc.in); len(got) != tc.want {
			t.Errorf("inlineNumbered(%q) = %q, want %d parts", tc.in, got, tc.want)
		}
	}
}

func TestSameTitle(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Енергийна ефективност на многофамилни жилищни сгради в гр. Поморие", "„Енергийна ефективност на многофамилни жилищни сгради в гр. Поморие“", true},
		{"Енергийна ефективност на многофамилни жилищни сгради в гр. Поморие", "Енергийна ефективност на многофамилни жилищни сгради", true},
		{"Ремонт на улици в с. Огняново", "Ремонт на улици в с. Говедарци", false},
		{"Парк", "Парк „Острова“", false},
		{"", "", false},
	}
	for _, tc := range tests {
		if got := sameTitle(tc.a, tc.b); got != tc.want {
			t.Errorf("sameTitle(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}
