package extract

import (
	"reflect"
	"testing"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
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
		{"2. Проект „Ремонт на стадион в с. Х“", "Ремонт на стадион в с. Х"},
		// one closing quote printed for two: the outer one stays open
		{"3. Проект „Площадка за компостиране в м. „Бялата вода“", "Площадка за компостиране в м. „Бялата вода“"},
		{"„Ремонт на зала“ и „Двор“", "„Ремонт на зала“ и „Двор“"},
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

func TestNotAProjectPageHeads(t *testing.T) {
	tests := []struct {
		title, heading string
		want           bool
	}{
		{"Общински съвет - Х :: Решение № 44", "Р Е Ш Е Н И Е", true},
		{"Обява за подбор на персонал | Община Х", "ОБЯВА", true},
		{"Община Х", "Конкурс за длъжността „Експерт проекти“", true},
		{"Община Х - Обществени обсъждания", "Обществени обсъждания", true},
		{"Община Х", "Съобщение за обществено обсъждане на проектно предложение „Път“", true},
		{"Община Х – Новини", "Община Х стартира проект „Грижа в дома“", false},
		{"Проект „Подбор и обучение на младежи“ – Община Х", "Проект „Подбор и обучение на младежи“", false},
	}
	for _, tt := range tests {
		ls := []block{{text: tt.heading, heading: 1}, {text: "Договор № BG05SFPR002-2.009-0198-C01, обща стойност 412 806,00 лв."}}
		if got := notAProjectPage(ls, tt.title); got != tt.want {
			t.Errorf("notAProjectPage(%q, %q) = %v, want %v", tt.title, tt.heading, got, tt.want)
		}
	}
}

func TestReflow(t *testing.T) {
	wrapped := []block{
		{text: "Община Х успешно приключи изпълнението на Договор за безвъзмездна финансова"},
		{text: "помощ № BG05M9OP001-2.010-0176-C01 по процедура BG05M9OP001-2.010 „Социално"},
		{text: "включване в общността“. Общата стойност на проекта е 418 506,32 лв., от които"},
		{text: "355 730,37 лв. европейско финансиране. Проектът се изпълни в периода 01.03.2020 г. –"},
		{text: "31.08.2022 г. Проведено е обучение на персонала, включително супер-"},
		{text: "визия на работата с потребителите."},
		{text: "Постигнати резултати:"},
		{text: "• Създаден център"},
	}
	got := reflow(wrapped)
	var texts []string
	for _, l := range got {
		texts = append(texts, l.text)
	}
	want := []string{
		"Община Х успешно приключи изпълнението на Договор за безвъзмездна финансова помощ № BG05M9OP001-2.010-0176-C01 по процедура BG05M9OP001-2.010 „Социално включване в общността“. Общата стойност на проекта е 418 506,32 лв., от които 355 730,37 лв. европейско финансиране. Проектът се изпълни в периода 01.03.2020 г. – 31.08.2022 г. Проведено е обучение на персонала, включително супервизия на работата с потребителите.",
		"Постигнати резултати:",
		"• Създаден център",
	}
	if !reflect.DeepEqual(texts, want) {
		t.Errorf("reflow:\n got %q\nwant %q", texts, want)
	}
	// list items and a page without hard wraps stay as they are
	items := []block{
		{text: "топлоизолация на външните стени, покрива и пода над сутерена", li: 1},
		{text: "подмяна на дограмата с енергоспестяваща", li: 1},
		{text: "реконструкция на отоплителната инсталация и изграждане на термопомпа", li: 1},
		{text: "монтаж на фотоволтаична система с мощност 30 kWp", li: 1},
	}
	if got := reflow(items); len(got) != len(items) {
		t.Errorf("reflow joined list items: %d lines", len(got))
	}
	one := []block{{text: "Проектът се изпълнява от Община Х в партньорство с читалище"}, {text: "в с. Y и приключва през 2026 г."}, {text: "Новини"}}
	if got := reflow(one); len(got) != len(one) {
		t.Errorf("reflow joined the lines of a page that is not hard-wrapped")
	}
}

func TestSpansRange(t *testing.T) {
	tests := []struct {
		sentence string
		months   int
		want     bool
	}{
		{"Дейностите ще се изпълняват от 01.03.2026 г. до 28.02.2028 г., т.е. в рамките на ", 24, true},
		{"Проектът започна на 01.01.2024 г. и приключва на 31.12.2024 г., или ", 12, true},
		{"Договорът е подписан на 10.04.2021 г., а строителството започна на 20.04.2021 г. и ще продължи ", 10, false},
		{"Срокът е ", 18, false},
	}
	for _, tt := range tests {
		if got := spansRange(tt.sentence, tt.months); got != tt.want {
			t.Errorf("spansRange(%q, %d) = %v, want %v", tt.sentence, tt.months, got, tt.want)
		}
	}
}

func TestStatedHolder(t *testing.T) {
	tests := []struct{ text, want string }{
		{"На 2 юни 2025 г. кметът на Община Елхово и директорът подписаха споразумението. Бенефициент е Детска градина „Здравец“, а Община Елхово осигурява съфинансирането.", "Детска градина „Здравец“"},
		{"Бенефициент и по двата договора е Община Севлиево.", "Община Севлиево"},
		{"Кметът на Община Елхово подписа договора.", "Община Елхово"},
	}
	for _, tt := range tests {
		if got, _ := bgtext.Holder(tt.text, "Елхово"); got != tt.want {
			t.Errorf("Holder(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestBankLineHasNoContractor(t *testing.T) {
	ls := []block{
		{text: "Строителството се извършва от „Строй Север“ ЕООД."},
		{text: "ЕИК 000291812 | IBAN BG93 IORT 7375 8400 0010 00 | BIC IORTBGSF – Инвестбанк АД"},
	}
	if got, want := firmsOf(ls), []string{"Строй Север ЕООД"}; !reflect.DeepEqual(got, want) {
		t.Errorf("firmsOf = %q, want %q", got, want)
	}
}
