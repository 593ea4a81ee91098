package extract

import (
	"reflect"
	"strings"
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

func TestTableGroupRowsAndNumberHeader(t *testing.T) {
	page := `<html><body><h1>Проекти</h1><table>
<tr><td><b>№</b></td><td><b>Наименование на проекта</b></td><td><b>Договор №</b></td><th colspan="2">Стойност</th></tr>
<tr><td></td><td></td><td></td><th>лв. без ДДС</th><th>лв. с ДДС</th></tr>
<tr><td colspan="5"><strong>Програма за развитие на селските райони 2014 – 2020 г.</strong></td></tr>
<tr><td>1</td><td>Ремонт на улици в с. А</td><td>BG06RDNP001-7.001-0001-C01</td><td>100 000,00</td><td>120 000,00</td></tr>
<tr><td>2</td><td>Ремонт на площад в с. Б<br><small>(чрез МИГ „Х“)</small></td><td>BG06RDNP001-7.001-0002-C01</td><td>50 000,00</td><td>60 000,00</td></tr>
</table></body></html>`
	res, err := Extract([]byte(page), "https://www.example-obshtina.bg/proekti", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Projects) != 2 {
		t.Fatalf("%d records, want 2", len(res.Projects))
	}
	want := []struct {
		title string
		total float64
	}{{"Ремонт на улици в с. А", 120000}, {"Ремонт на площад в с. Б", 60000}}
	for i, r := range res.Projects {
		if r.Title != want[i].title || r.Programme != "RDP" || r.Budget.Total == nil || *r.Budget.Total != want[i].total || r.Budget.Currency != "BGN" {
			t.Errorf("row %d: %q %s total %v %s, want %q RDP %v BGN", i+1, r.Title, r.Programme, r.Budget.Total, r.Budget.Currency, want[i].title, want[i].total)
		}
	}
}

func TestLabelRoleAndVAT(t *testing.T) {
	tests := []struct {
		label string
		role  int
		vat   string
	}{
		{"Стойност, лв. с ДДС", rTotal, "with"},
		{"Стойност, лв. без ДДС", rTotal, "without"},
		{"Стойност евро", rTotal, ""},
		{"Обща стойност (лв.)", rTotal, ""},
		{"Срок на изпълнение", rNone, ""},
	}
	for _, tt := range tests {
		if got := labelRole(tt.label); got != tt.role {
			t.Errorf("labelRole(%q) = %d, want %d", tt.label, got, tt.role)
		}
		if got := labelVAT(tt.label); got != tt.vat {
			t.Errorf("labelVAT(%q) = %q, want %q", tt.label, got, tt.vat)
		}
	}
}

func TestRelatedTeasersHeadedAsHigh(t *testing.T) {
	ls := []block{
		{text: "Стартира проектът за парка", heading: 1},
		{text: "Договор № BG16FFPR003-2.001-0047-C01."},
		{text: "Свързани публикации", heading: 4},
		{text: "Завърши обновяването на ДГ по договор BG-RRP-4.026-0177-C01", heading: 4, item: 1},
		{text: "05 ноември 2025", item: 1},
		{text: "Продължава проектът „Грижа в дома“", heading: 4, item: 2},
	}
	got := dropRelated(ls)
	if len(got) != 2 {
		t.Errorf("dropRelated kept %d lines, want the article's 2: %+v", len(got), got)
	}
}

func TestAnnexNumberIsNoContract(t *testing.T) {
	c, _ := codes([]block{{text: "С Допълнително споразумение № 1 от 27.06.2025 г. към Административен договор № BG16FFPR003-2.001-0031-C01 срокът се удължава."}})
	if !reflect.DeepEqual(c, []string{"BG16FFPR003-2.001-0031-C01"}) {
		t.Errorf("codes = %q", c)
	}
}

func TestCallAndDecisionPages(t *testing.T) {
	call := []block{
		{text: "Информационен ден по нова процедура", heading: 1},
		{text: "Бюджет на процедурата: 1 250 000 евро"},
		{text: "Допустими кандидати са микро и малки предприятия."},
		{text: "Прием на проектни предложения: от 06.04.2026 г. до 29.05.2026 г."},
	}
	if !notAProjectPage(call, "Информационен ден – Община Х") {
		t.Error("a call's information day read as a project page")
	}
	decision := []block{
		{text: "Относно: съгласие за кандидатстване с проектно предложение", heading: 0},
		{text: "Р Е Ш И:", heading: 7},
		{text: "1. Дава съгласие Община Х да кандидатства с проектно предложение „Парк“."},
	}
	if !notAProjectPage(decision, "Общински съвет - Х") {
		t.Error("a council decision read as a project page")
	}
	if notAProjectPage([]block{{text: "Стартира проект „Парк“", heading: 1}, {text: "Решение на кмета е паркът да бъде обновен."}}, "Община Х") {
		t.Error("a project page read as a decision")
	}
}

func TestProjectSectionByPublicity(t *testing.T) {
	page := `<html><head><title>Зелен град | Община Х</title></head><body><div class="item-page"><h2>Зелен град</h2>
<p>Проектът се осъществява с финансовата подкрепа на Програма „Околна среда“ 2021-2027, съфинансирана от Европейския съюз.</p>
<ul><li><a href="/a">Първа копка</a></li><li><a href="/b">Подписан договор</a></li></ul></div></body></html>`
	res, err := Extract([]byte(page), "https://www.example-obshtina.bg/proekti/zelen-grad", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Projects) != 1 || res.Projects[0].Title != "Зелен град" || res.Projects[0].Programme != "PENV" {
		t.Fatalf("records %+v, want one: Зелен град, PENV", res.Projects)
	}
	// the same page without the statement names nothing funded
	bare := strings.Replace(page, "Проектът се осъществява с финансовата подкрепа на Програма „Околна среда“ 2021-2027, съфинансирана от Европейския съюз.", "Паркът е отворен всеки ден.", 1)
	if res, _ := Extract([]byte(bare), "https://www.example-obshtina.bg/proekti/zelen-grad", ""); len(res.Projects) != 0 {
		t.Errorf("%d records from a page with no statement", len(res.Projects))
	}
}

func TestJoomlaLeadingArticle(t *testing.T) {
	article := func(cls, title, date, code string) string {
		return `<div class="` + cls + `"><h2>` + title + `</h2><dd class="published">Публикувано на ` + date + `</dd><p>Община Х подписа договор № ` + code + ` по Програма „Развитие на регионите“ 2021-2027. Общата стойност на проекта е 100 000,00 лв.</p></div>`
	}
	page := `<html><body><div class="blog"><div class="items-leading">` + article("leading-0", "Нов парк", "20 ноември 2025", "BG16FFPR003-2.001-0031-C01") +
		`</div><div class="items-row">` + article("item column-1", "Нов площад", "10 септември 2024", "BG16FFPR003-2.001-0032-C01") +
		`</div><div class="items-row">` + article("item column-1", "Нова улица", "15 февруари 2024", "BG16FFPR003-2.001-0033-C01") + `</div></div></body></html>`
	res, err := Extract([]byte(page), "https://www.example-obshtina.bg/proekti", "")
	if err != nil {
		t.Fatal(err)
	}
	pub := map[string]string{}
	for _, r := range res.Projects {
		pub[r.ContractNumbers[0]] = r.Published
	}
	if pub["BG16FFPR003-2.001-0031-C01"] != "2025-11-20" || len(res.Projects) != 3 {
		t.Errorf("records by contract and date: %v", pub)
	}
}

// extractOne runs the extractor on a page of our writing.
func extractOne(t *testing.T, page string) Result {
	t.Helper()
	res, err := Extract([]byte(page), "https://www.example-obshtina.bg/proekti/x", "")
	if err != nil {
		t.Fatal(err)
	}
	return res
}

const projectBody = `<p>Община Х подписа договор № BG16FFPR003-2.001-0031-C01 по Програма „Развитие на регионите“ 2021-2027. Общата стойност на проекта е 100 000,00 лв.</p>`

func TestEventPageGivesNoRecord(t *testing.T) {
	base := `<html><head><title>Фестивал | Община Х</title>%s</head><body><div class="%s"><h1>Фестивал на киселото мляко</h1>` + projectBody + `</div></body></html>`
	tests := []struct {
		name, head, class string
		want              int
	}{
		{"json-ld event", `<script type="application/ld+json">{"@context":"https://schema.org","@type":"Event","name":"Фестивал"}</script>`, "entry", 0},
		{"json-ld graph with an event", `<script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":["Event"]}]}</script>`, "entry", 0},
		{"calendar plugin", "", "post-1 tribe_events type-tribe_events", 0},
		{"microdata event", "", `entry" itemscope itemtype="https://schema.org/Event`, 0},
		{"microdata event inside an article", "", `entry" itemscope itemtype="https://schema.org/NewsArticle"><div itemscope itemtype="https://schema.org/Event`, 1},
		{"an article about an event", `<script type="application/ld+json">[{"@type":"NewsArticle"},{"@type":"Event"}]</script>`, "entry", 1},
		{"broken json-ld", `<script type="application/ld+json">{"@type":"Event"</script>`, "entry", 1},
		{"no structured data", "", "entry", 1},
	}
	for _, tt := range tests {
		page := strings.Replace(strings.Replace(base, "%s", tt.head, 1), "%s", tt.class, 1)
		if got := len(extractOne(t, page).Projects); got != tt.want {
			t.Errorf("%s: %d records, want %d", tt.name, got, tt.want)
		}
	}
}

func TestReportAndApplicationHeads(t *testing.T) {
	tests := []struct {
		title string
		want  bool
	}{
		{"Отчет за дейността на общинската администрация за 2024 г. | Община Х", true},
		{"Отчет за дейността по проект „Грижа в дома“ | Община Х", false},
		{"Проекти в процес на кандидатстване | Община Х", true},
		{"Подадени проектни предложения – Община Х", true},
		{"Проектни предложения в процес на оценка", true},
		{"Одобрено проектно предложение на Община Х", false},
		{"Проекти в изпълнение | Община Х", false},
	}
	for _, tt := range tests {
		ls := []block{{text: "Договор № BG05SFPR002-2.009-0198-C01, обща стойност 412 806,00 лв."}}
		if got := notAProjectPage(ls, tt.title); got != tt.want {
			t.Errorf("notAProjectPage(%q) = %v, want %v", tt.title, got, tt.want)
		}
	}
}

func TestApplicationOnly(t *testing.T) {
	tests := []struct {
		name, text string
		contracts  []string
		start      string
		want       bool
	}{
		{"applied, no contract", "Община Х подаде проектно предложение „Стадион“ по процедура BG06RDNP002-3.005. Исканата безвъзмездна финансова помощ е 1 486 200,00 лв.", nil, "", true},
		{"a row in evaluation with its ISUN number", "Парк | BG16FFPR003-4.001-0231 | 2 345 678,00 | в процес на оценка", []string{"BG16FFPR003-4.001-0231"}, "", true},
		{"approved, contract to come", "Топъл обяд | одобрено – предстои сключване на договор", []string{"BG05SFPR003-1.003-0198"}, "", true},
		{"applied, then signed", "Община Х кандидатства с проект „Парк“ и на 12.03.2024 г. подписа договор.", nil, "", false},
		{"applied, contract named", "Исканата безвъзмездна помощ е 100 000 лв.", []string{"BG16FFPR003-4.001-0231-C01"}, "", false},
		{"applied, period started", "Община Х кандидатства по процедура BG05SFPR002-2.012.", nil, "2025-01-21", false},
		{"a project", "Проектът „Парк“ е на стойност 100 000 лв.", nil, "", false},
	}
	for _, tt := range tests {
		d := draft{lines: []block{{text: tt.text}}}
		d.lines[0].memo = &lineMemo{}
		d.rec.ContractNumbers = tt.contracts
		d.period.start = tt.start
		if got := applicationOnly(d); got != tt.want {
			t.Errorf("%s: applicationOnly = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestUpdatedTotal(t *testing.T) {
	tests := []struct {
		name  string
		lines []block
		want  float64
	}{
		{"label after the first value", []block{
			{text: "Стойност по договора: 412 560,00 лв."},
			{text: "Актуализирана стойност след Анекс № 1: 498 312,40 лв."}}, 498312.40},
		{"updated first, the first value after", []block{
			{text: "Обща стойност след Анекс № 2 от 05 юни 2022 г.: 3 412 006,85 лв.", label: "Обща стойност след Анекс № 2 от 05 юни 2022 г.", value: "3 412 006,85 лв."},
			{text: "Първоначална обща стойност по договора: 2 987 515,20 лв.", label: "Първоначална обща стойност по договора", value: "2 987 515,20 лв."}}, 3412006.85},
		{"in a sentence", []block{
			{text: "Общата стойност на проекта е 2 618 430 лв."},
			{text: "Общата стойност на проекта след сключения Анекс № 1 (BG16FFPR003-2.001-0058-C02) е 2 701 215,44 лв."}}, 2701215.44},
		{"no annex", []block{{text: "Обща стойност: 100 000,00 лв."}, {text: "Общата стойност на проекта е 90 000,00 лв."}}, 100000},
		{"a label after a sentence", []block{{text: "Проектът се изпълнява по договор № BG05M9OP001-6.004-0052-C01. Стойност: 186 240,12 лв. Период: 2021-05-06 – 2022-05-05."}}, 186240.12},
	}
	for _, tt := range tests {
		m := money(tt.lines, []string{"BG16FFPR003-2.001-0058-C01"})
		if m.total == nil || *m.total != tt.want {
			t.Errorf("%s: total %v, want %v", tt.name, m.total, tt.want)
		}
	}
}

func TestContractLabelOfAValue(t *testing.T) {
	ls := []block{
		{text: "Първоначална обща стойност по договора: 2 987 515,20 лв.", label: "Първоначална обща стойност по договора", value: "2 987 515,20 лв."},
		{text: "Срок на изпълнение по договор: 36 месеца", label: "Срок на изпълнение по договор", value: "36 месеца"},
		{text: "Договор №: BG16M1OP002-2.002-0021-C01", label: "Договор №", value: "BG16M1OP002-2.002-0021-C01"},
	}
	if c, _ := codes(ls); !reflect.DeepEqual(c, []string{"BG16M1OP002-2.002-0021-C01"}) {
		t.Errorf("codes = %q, want only the contract", c)
	}
}

func TestEnglishFactBox(t *testing.T) {
	page := `<html><head><title>Cycle Link | Municipality of X</title></head><body><div class="content"><h1>Cycle Link</h1>
<p>Programme: Interreg V-A Romania–Bulgaria Programme 2014–2020</p><p>Project code: ROBG-498</p><p>Subsidy contract: No. 118342 / 27.05.2019</p>
<p>Lead beneficiary: Municipality of X</p><p>Total eligible budget: EUR 2 187 430</p><p>ERDF contribution (85%): EUR 1 859 315.50</p>
<p>Start date: 2019-06-01</p><p>End date: 2021-11-30</p><h3>Overall objective</h3><p>The overall objective of the project is to build cycle lanes.</p>
<h3>Main activities</h3><ul><li>Project management</li><li>Construction of cycle lanes</li></ul><h3>Expected results</h3><ul><li>17.6 km of cycle lanes</li></ul></div></body></html>`
	res := extractOne(t, page)
	if len(res.Projects) != 1 {
		t.Fatalf("%d records", len(res.Projects))
	}
	r := res.Projects[0]
	got := []any{r.Beneficiary, r.ContractNumbers, r.Budget.Total != nil && *r.Budget.Total == 2187430, r.Budget.Grant != nil && *r.Budget.Grant == 1859315.5,
		r.Budget.Currency, r.Period.Start, r.Period.End, r.Activities, r.Results}
	want := []any{"Municipality of X", []string{"ROBG-498", "118342"}, true, true, "EUR", "2019-06-01", "2021-11-30",
		[]string{"Project management", "Construction of cycle lanes"}, []string{"17.6 km of cycle lanes"}}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("field %d = %v, want %v", i, got[i], want[i])
		}
	}
}

func TestCompanyHolder(t *testing.T) {
	tests := []struct{ text, want string }{
		{"„Общински пазари – Созопол“ ЕООД, 100 % собственост на Община Созопол, стартира изпълнението на проект „Пристанище“.", "„Общински пазари – Созопол“ ЕООД"},
		{"„Пътстрой“ ООД стартира строителството по проекта.", ""},
		{"Изпълнител е „Пътстрой“ ООД. Община Созопол изпълнява проекта.", "Община Созопол"},
	}
	for _, tt := range tests {
		if got, _ := bgtext.Holder(tt.text, "Созопол"); got != tt.want {
			t.Errorf("Holder(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestTodayHeaderIsNotPublished(t *testing.T) {
	ls := []block{
		{text: "Понеделник, 28 Март 2022", meta: true},
		{text: "Читалището ще бъде обновено", heading: 2},
		{text: "Вторник, 22 Март 2022 09:14", meta: true},
		{text: "Текст на новината."},
	}
	if got := publishedOf(ls); got != "2022-03-22" {
		t.Errorf("published %q, want the dated byline 2022-03-22", got)
	}
}

func TestActivityWithSubItems(t *testing.T) {
	ls := []block{
		{text: "Дейности по проекта:", heading: 7},
		{text: "Дейност 1: Управление на проекта"},
		{text: "Дейност 2: Услуги за деца, включително:"},
		{text: "работа с деца;", li: 1},
		{text: "подкрепа на родители.", li: 1},
		{text: "Дейност 3: Информация и комуникация"},
	}
	want := []string{"Управление на проекта", "Услуги за деца, включително", "работа с деца", "подкрепа на родители.", "Информация и комуникация"}
	if got := collectLists(ls).activities; !reflect.DeepEqual(got, want) {
		t.Errorf("activities %q, want %q", got, want)
	}
}

func TestLabelCellEndingInAnAbbreviation(t *testing.T) {
	page := `<html><body><div class="content"><h1>Компостираща инсталация</h1><p>Договор № BG16M1OP002-2.002-0021-C01, Оперативна програма „Околна среда 2014 – 2020 г.“</p>
<table><tr><td>Обща стойност след Анекс № 2 от 05 юни 2022 г.</td><td>3 412 006,85 лв.</td></tr><tr><td>Начална дата</td><td>2019-08-02</td></tr></table></div></body></html>`
	r := extractOne(t, page).Projects
	if len(r) != 1 || r[0].Budget.Total == nil || *r[0].Budget.Total != 3412006.85 {
		t.Errorf("records %+v, want the total of the labelled row", r)
	}
}

// Rules from the eighth holdout (testdata/holdout8).

func TestFoldingSectionHeads(t *testing.T) {
	tests := []struct {
		class string
		want  int
	}{
		{"su-spoiler-title", 3}, {"accordion-header", 3}, {"et_pb_toggle_title", 3}, {"elementor-tab-title", 3}, {"panel-title", 3},
		{"entry-title", 2}, {"page-title", 1}, {"widget-title", 0}, {"menu-item", 0},
	}
	for _, tt := range tests {
		if got := titleClassLevel(tt.class); got != tt.want {
			t.Errorf("titleClassLevel(%q) = %d, want %d", tt.class, got, tt.want)
		}
	}
	spoiler := func(title, code string) string {
		return `<div class="su-spoiler"><div class="su-spoiler-title">` + title + `</div><div class="su-spoiler-content"><p>Програма: ПРР 2021 – 2027</p><p>Договор №: ` + code +
			`</p><p>Обща стойност: 100 000,00 лв.</p></div></div>`
	}
	page := `<html><body><div class="content"><h1>Проекти</h1>` + spoiler("Основен ремонт на градския стадион в гр. Х", "BG16FFPR003-2.001-0031-C01") +
		spoiler("Реконструкция на улици в гр. Х", "BG16FFPR003-2.001-0032-C01") + `</div></body></html>`
	var titles []string
	for _, r := range extractOne(t, page).Projects {
		titles = append(titles, r.Title)
	}
	if want := []string{"Основен ремонт на градския стадион в гр. Х", "Реконструкция на улици в гр. Х"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("titles %q, want %q", titles, want)
	}
}

func TestMinistryProgrammeWithoutQuotes(t *testing.T) {
	tests := []struct{ text, want string }{
		{"Програма: Програма за изграждане, реконструкция и ремонт на спортни обекти на Министерството на младежта и спорта", "OTHER"},
		{"Програмата за развитие на селските райони 2014 – 2020 г.", "RDP"},
		{"Програма за работа на Министерството на младежта и спорта", "OTHER"},
		{"Програма за културни събития на общината", ""},
	}
	for _, tt := range tests {
		if got := bgtext.DetectProgramme(tt.text, nil); got != tt.want {
			t.Errorf("DetectProgramme(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestEarlierProjectMentioned(t *testing.T) {
	ls := func(texts ...string) []block {
		var out []block
		for _, s := range texts {
			out = append(out, block{text: s, memo: &lineMemo{}})
		}
		return out
	}
	tests := []struct {
		name string
		in   []block
		want []string
	}{
		{"a contract of an earlier phase", ls("Община Х подписа договор № 1079/2021 с НДЕФ.", "Проектът продължава изпълнения през 2019 г. проект „Осветление – I етап“ (договор № 845/2019). Тогава бяха подменени 420 тела."),
			[]string{"1079/2021"}},
		{"the only code is the earlier project's", ls("Общините подписаха споразумение за партньорство.", "Партньорството продължава сътрудничеството по проект „Килими“ (CB007.1.13.058), изпълнен през 2018 – 2020 г."),
			nil},
		{"both codes in the one sentence", ls("Старт на проекта.", "Проект BG16FFPR003-2.001-0031-C01 надгражда предходния проект BG16RFOP001-2.001-0007-C01."),
			[]string{"BG16FFPR003-2.001-0031-C01", "BG16RFOP001-2.001-0007-C01"}},
		{"no word of an earlier project", ls("Старт на проекта.", "Договор № BG16FFPR003-2.001-0031-C01 е подписан на 10.01.2024 г."),
			[]string{"BG16FFPR003-2.001-0031-C01"}},
	}
	for _, tt := range tests {
		c, _ := codes(dropMentions(tt.in))
		if !reflect.DeepEqual(c, tt.want) {
			t.Errorf("%s: codes %q, want %q", tt.name, c, tt.want)
		}
	}
}

func TestAgreementToApplyIsNoRecord(t *testing.T) {
	page := `<html><body><div class="content"><h1>Общините подписаха споразумение за партньорство</h1>
<p>Кметовете подписаха споразумение за партньорство за кандидатстване с проектно предложение „Стара планина – общо наследство“ по Програма Interreg VI-A ИПП България – Сърбия 2021-2027.</p>
<p>Общият бюджет на проектното предложение е 498 000 евро. Ако предложението бъде одобрено, проектът ще се изпълнява 24 месеца.</p></div></body></html>`
	if r := extractOne(t, page).Projects; len(r) != 0 {
		t.Errorf("%d records from an agreement to apply: %+v", len(r), r[0].Title)
	}
	signed := strings.Replace(page, "Кметовете подписаха споразумение за партньорство за кандидатстване с проектно предложение", "Община Чипровци подписа договор за изпълнение на проект", 1)
	signed = strings.Replace(signed, "Ако предложението бъде одобрено, проектът ще се изпълнява 24 месеца.", "Проектът ще се изпълнява 24 месеца.", 1)
	signed = strings.Replace(signed, "на проектното предложение", "на проекта", 1)
	if r := extractOne(t, signed).Projects; len(r) != 1 {
		t.Errorf("%d records from a signed project, want 1", len(r))
	}
}

func TestAbbreviationAfterAQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ОУ „Св. Паисий Хилендарски“", "ОУ „Св. Паисий Хилендарски“"},
		{"НЧ „Проф. Иван Шишманов“. Партньор е общината.", "НЧ „Проф. Иван Шишманов“"},
		{"Община Х. Партньор е читалището.", "Община Х"},
	}
	for _, tt := range tests {
		if got := bgtext.FirstSentence(tt.in); got != tt.want {
			t.Errorf("FirstSentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDrupalSubmittedByline(t *testing.T) {
	ls := []block{{text: "Проект за улици", heading: 1}, {text: "Изпратено от admin на пет, 10/17/2025 - 11:42", meta: true}, {text: "Текст."}}
	if got := publishedOf(ls); got != "2025-10-17" {
		t.Errorf("published %q, want 2025-10-17", got)
	}
}

func TestActivityHeadingsWithoutLeadIn(t *testing.T) {
	ls := []block{
		{text: "Специфични цели:", heading: 7},
		{text: "Консервация на обектите.", li: 1},
		{text: "Дейност 1. Подготовка на документация", heading: 5},
		{text: "Изпълнява се от водещия партньор."},
		{text: "Дейност 2. Реставрация на обектите", heading: 5},
		{text: "Включва достъпна среда."},
	}
	got := collectLists(ls)
	if want := []string{"Подготовка на документация", "Реставрация на обектите"}; !reflect.DeepEqual(got.activities, want) {
		t.Errorf("activities %q, want %q", got.activities, want)
	}
	if want := []string{"Консервация на обектите."}; !reflect.DeepEqual(got.objectives, want) {
		t.Errorf("objectives %q, want %q", got.objectives, want)
	}
}

func TestFollowUpByShortName(t *testing.T) {
	post := func(date, head, body string) string {
		return `<div class="post"><h2 class="date-header">` + date + `</h2><h3 class="post-title">` + head + `</h3><div class="post-body"><p>` + body + `</p></div></div>`
	}
	page := `<html><body><div class="blog-posts">` +
		post("петък, 5 януари 2024 г.", "Приключи проектът", "Община Кула приключи проект „Осигуряване на топъл обяд в община Кула“, договор № BG05SFPR003-1.001-0152-C01, финансиран по Програмата за храни.") +
		post("сряда, 17 май 2023 г.", "Кметът посети кухнята по проекта „Топъл обяд“", "Кметът посети кухнята на изпълнителя по проекта – „Кула Кетъринг“ ЕООД.") +
		`</div></body></html>`
	r := extractOne(t, page).Projects
	if len(r) != 1 || !reflect.DeepEqual(r[0].Contractors, []string{"Кула Кетъринг ЕООД"}) {
		t.Errorf("records %+v, want one with the caterer as contractor", r)
	}
}

func TestEnglishBoxOnABulgarianPage(t *testing.T) {
	page := `<html><body><div class="content"><h1>Заключителна конференция по проекта</h1>
<p>Община Трън е водещ партньор по проект „Съвместно развитие на планинския туризъм в Руй планина“, код CB007.1.11.087, финансиран по Програмата Interreg-IPA за трансгранично сътрудничество България – Сърбия 2014-2020. Общият бюджет на проекта е 387 456,20 евро.</p>
<p>Project title: Joint development of mountain tourism in Ruy</p><p>Lead partner: Municipality of Tran</p></div></body></html>`
	r := extractOne(t, page).Projects
	if len(r) != 1 || r[0].Title != "Съвместно развитие на планинския туризъм в Руй планина" || r[0].Beneficiary != "Община Трън" {
		t.Errorf("records %+v, want the Bulgarian title and holder", r)
	}
}

func TestEEAGrantsProcedure(t *testing.T) {
	if got := bgtext.ProcedureOf("BGENVIRONMENT-4.003-0012-C01"); got != "BGENVIRONMENT-4.003" {
		t.Errorf("ProcedureOf = %q", got)
	}
}

func TestAnnexRowInAFactBox(t *testing.T) {
	page := `<html><body><div class="content"><h1>Енергийна ефективност на училището</h1><table>
<tr><td>Програма:</td><td>Оперативна програма „Региони в растеж“ 2014-2020</td></tr>
<tr><td>Договор за БФП №:</td><td>BG16RFOP001-2.002-0019-C01 от 24.05.2019 г.</td></tr>
<tr><td>Анекс № 1:</td><td>BG16RFOP001-2.002-0019-C02 от 11.03.2021 г.</td></tr>
<tr><td>Обща стойност:</td><td>1 262 404,18 лв.</td></tr></table></div></body></html>`
	r := extractOne(t, page).Projects
	if len(r) != 1 || !reflect.DeepEqual(r[0].ContractNumbers, []string{"BG16RFOP001-2.002-0019-C01", "BG16RFOP001-2.002-0019-C02"}) {
		t.Errorf("records %+v, want one with both numbers", r)
	}
}
