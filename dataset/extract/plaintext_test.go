package extract

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestPlainTextDetected(t *testing.T) {
	tests := []struct {
		ctype, body string
		want        bool
	}{
		{"text/plain; charset=utf-8", "<p>a tag in a text file</p>", true},
		{"text/html", "Проект „Парк“\nОбща стойност: 100 лв.", true}, // served as HTML, written as text
		{"", "<html><body><p>Проект</p></body></html>", false},
		{"", "<DIV class=x>Проект</DIV>", false},
		{"", "Проект „Парк“\nСтойност < 100 000 лв.", true},
		{"application/pdf", "Проект", false},
	}
	for _, tt := range tests {
		if got := plainText(tt.ctype, []byte(tt.body)); got != tt.want {
			t.Errorf("plainText(%q, %q) = %v, want %v", tt.ctype, tt.body, got, tt.want)
		}
	}
}

// textLines runs plain text through the page reader and returns its blocks.
func textLines(t *testing.T, text string) []block {
	t.Helper()
	pg, err := readPage([]byte(text), "https://www.example-obshtina.bg/p", "")
	if err != nil {
		t.Fatal(err)
	}
	return pg.lines
}

func TestPlainTextAsBlocks(t *testing.T) {
	text := "Начало\nПроекти\nПоказване на № \t 20\n" +
		"Реконструкция на улици\n\n26.11.202110.01.2022\n" +
		"Община Х подписа договор за реконструкция на улиците в центъра на града по Програма „Развитие на регионите“.\n" +
		"Договор №:\tBG16FFPR003-2.001-0031-C01\nОбща стойност:\t100 000,00 лв.\n" +
		"№\tНаименование\tСтойност, лв.\n" +
		"Програма „Развитие на регионите“\n" +
		"1\tРемонт на училище\n(етап 2)\t200 000,00\n" +
		"Последни новини\nСесия на съвета\n"
	var got []string
	for _, l := range textLines(t, text) {
		s := l.text
		if l.label != "" {
			s = "[" + l.label + "] " + s
		}
		if l.meta {
			s = "(meta) " + s
		}
		got = append(got, s)
	}
	want := []string{
		"Начало", "Проекти", "Реконструкция на улици", "(meta) 26.11.2021 10.01.2022",
		"Община Х подписа договор за реконструкция на улиците в центъра на града по Програма „Развитие на регионите“.",
		"[Договор №] Договор №: BG16FFPR003-2.001-0031-C01", "[Обща стойност] Обща стойност: 100 000,00 лв.",
	}
	if len(got) < len(want) || !reflect.DeepEqual(got[:len(want)], want) {
		t.Fatalf("blocks\n%q\nwant them to start with\n%q", got, want)
	}
	rest := strings.Join(got[len(want):], " | ")
	for _, s := range []string{"Програма „Развитие на регионите“", "Ремонт на училище (етап 2)", "200 000,00"} {
		if !strings.Contains(rest, s) {
			t.Errorf("the table's blocks %q lack %q", rest, s)
		}
	}
	if strings.Contains(rest, "Сесия на съвета") {
		t.Errorf("the side list after 'Последни новини' was kept: %q", rest)
	}
}

func TestPlainTextRecord(t *testing.T) {
	text := "Община Пещера\nНачало\nНовини\nПроекти\n" +
		"Встъпителна пресконференция\n" +
		"Понеделник, 28 Април 2014г. 16:27ч.\n" +
		"Община Пещера ще проведе пресконференция по проект №13-13-107 „Ефективна координация и партньорство в Община Пещера“, финансиран по Оперативна програма „Административен капацитет“.\n" +
		"Проектът е на стойност 65 410,72 лв.\n" +
		"Периодът за реализация е от 08.11.2013г. до 08.08.2014г.\n"
	res, err := Extract([]byte(text), "https://www.peshtera.bg/p", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Projects) != 1 {
		t.Fatalf("%d records", len(res.Projects))
	}
	r := res.Projects[0]
	if r.Title != "Ефективна координация и партньорство в Община Пещера" || r.Budget.Total == nil || *r.Budget.Total != 65410.72 ||
		r.Period.Start != "2013-11-08" || r.Period.End != "2014-08-08" || r.Published != "2014-04-28" || r.Programme != "OPAC" {
		t.Errorf("record %+v", r)
	}
}

func TestContractLines(t *testing.T) {
	ls := []block{
		{text: "Сключени договори"},
		{text: "Договор № BG16RFOP001-2.001-0010-C01 - «Енергийна ефективност – ЛОТ 1»"},
		{text: "Договор № BG16RFOP001-2.001-0114-C01 - «Енергийна ефективност – ЛОТ 2»"},
		{text: "Договор № BG16RFOP001-2.001-0134-C01 - «Енергийна ефективност – ЛОТ 3»"},
		{text: "Прессъобщение"},
	}
	if got := contractLines(ls); !reflect.DeepEqual(got, []int{1, 2, 3}) {
		t.Errorf("contractLines = %v, want [1 2 3]", got)
	}
	if got := contractLines(ls[:3]); got != nil {
		t.Errorf("two lines are no list: %v", got)
	}
}

func FuzzTextAsHTML(f *testing.F) {
	for _, s := range []string{"", "a\tb\tc\n1\t2\n3\tx\ty", "Показване на №\t5\n", "26.11.202110.01.2022", "\t\t\n\r\n<", "Последни новини"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<14 {
			s = s[:1<<14]
		}
		out := textAsHTML([]byte(s))
		if _, err := parse(out); err != nil {
			t.Fatalf("the page written from text does not parse: %v", err)
		}
		if _, err := Extract([]byte(s), "https://example.bg/p", "text/plain"); err != nil && !errors.Is(err, ErrBinary) {
			t.Fatalf("extract: %v", err)
		}
	})
}

func TestPlainTextSubHeaderAndPosts(t *testing.T) {
	if got := subHeader([]string{"№", "Име", "Стойност, лв.", "Период"}, []string{"без ДДС", "с ДДС", "начало", "край"}, 6); !reflect.DeepEqual(got,
		[]string{"№", "Име", "Стойност, лв. без ДДС", "Стойност, лв. с ДДС", "Период начало", "Период край"}) {
		t.Errorf("subHeader = %q", got)
	}
	if got := subHeader([]string{"a", "b"}, []string{"c", "d", "e"}, 9); got != nil {
		t.Errorf("widths that do not add up merged: %q", got)
	}
	text := "Новини\nПриключи обновяването на ДГ „Пролет“\n18.03.2026 | Прочетена 214 пъти\nНа 16.03.2026 г. с церемония „Рязане на лента“ беше открита обновената сграда на детската градина в града.\n" +
		"Стартира проект „Грижа в дома“\n16.01.2023 | Прочетена 1 122 пъти\nОбщината стартира изпълнението на проекта за почасови услуги в домашна среда за възрастни хора.\n" +
		"Срок\nНачална дата:\n01.01.2023\nКрайна дата:\n31.12.2024\n"
	var titles, metas []string
	for _, l := range textLines(t, text) {
		if l.title {
			titles = append(titles, l.text)
		}
		if l.meta {
			metas = append(metas, l.text)
		}
	}
	if want := []string{"Приключи обновяването на ДГ „Пролет“", "Стартира проект „Грижа в дома“"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("post titles %q, want %q", titles, want)
	}
	for _, m := range metas {
		if strings.Contains(m, "2024") {
			t.Errorf("the end date under its label read as a post's date: %q", metas)
		}
	}
}

func TestBreadcrumbHead(t *testing.T) {
	lines := func(ss ...string) []textLine {
		var out []textLine
		for _, s := range ss {
			out = append(out, textLine{text: s})
		}
		return out
	}
	tests := []struct {
		name string
		in   []textLine
		want int
	}{
		{"one line", lines("Меню", "Начало / Бюджет и финанси / Отчет 2024", "Отчет за изпълнението на бюджета", "Текст", "Текст", "Текст"), 2},
		{"one crumb a line", lines("Вие сте тук:", "Начало /", "Проекти /", "Проекти в процес на кандидатстване", "Проекти в процес на кандидатстване", "Текст", "Текст", "Текст", "Текст"), 4},
		{"no separators", lines("Сряда, 19 Юни 2024", "Вие сте тук: Начало ОПАК-ОПР Пресконференция", "Пресконференция Печат Е-поща", "Текст", "Текст", "Текст"), 2},
		{"a menu is no breadcrumb", lines("Начало | Общината | Новини | Проекти", "Архив новини", "Текст", "Текст", "Текст"), -1},
		{"none", lines("Проект „Парк“", "Текст"), -1},
	}
	for _, tt := range tests {
		if got := breadcrumbHead(tt.in); got != tt.want {
			t.Errorf("%s: breadcrumbHead = %d, want %d", tt.name, got, tt.want)
		}
	}
	if got := textLines(t, "Начало\nВие сте тук: Начало ОПАК-ОПР Пресконференция\nПресконференция Печат Е-поща\nТекст на новината.\n"); len(got) < 3 || got[2].text != "Пресконференция" || got[2].heading != 1 {
		t.Errorf("the heading under the breadcrumb: %+v", got)
	}
}

func TestCardsAsText(t *testing.T) {
	text := "Проекти\n" +
		"ОПРР 2014-2020 Приключил\nОбновяване на туристическа атракция в гр. Х\nПрограма\nОП „Региони в растеж“ 2014-2020\nДоговор\nBG16RFOP001-6.002-0018-C01\nОбща стойност\n1 482 306,17 лв.\n" +
		"Предвидени дейности:\nремонт на покрива;\nподмяна на дограмата.\n" +
		"НПВУ В изпълнение\nЕнергийно обновяване на административната сграда\nПрограма: Национален план за възстановяване и устойчивост\nДоговор: BG-RRP-4.024-0071-C01\nОбща стойност: 1 197 814,37 лв.\n" +
		"Проект „Грижа в дома в община Х“\nБенефициент: Община Х\nДоговор: BG05SFPR002-2.001-0078-C01\nОбща стойност: 412 560,00 лв.\n"
	res, err := Extract([]byte(text), "https://www.example-obshtina.bg/p", "")
	if err != nil {
		t.Fatal(err)
	}
	type rec struct {
		title, contract string
		total           float64
		acts            int
	}
	var got []rec
	for _, r := range res.Projects {
		g := rec{title: r.Title, acts: len(r.Activities)}
		if len(r.ContractNumbers) > 0 {
			g.contract = r.ContractNumbers[0]
		}
		if r.Budget.Total != nil {
			g.total = *r.Budget.Total
		}
		got = append(got, g)
	}
	want := []rec{
		{"Обновяване на туристическа атракция в гр. Х", "BG16RFOP001-6.002-0018-C01", 1482306.17, 2},
		{"Енергийно обновяване на административната сграда", "BG-RRP-4.024-0071-C01", 1197814.37, 0},
		{"Грижа в дома в община Х", "BG05SFPR002-2.001-0078-C01", 412560, 0},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("records\n%+v\nwant\n%+v", got, want)
	}
}

func TestPlainTextHeadlineAsHeading(t *testing.T) {
	body := "Община Ихтиман, в качеството си на бенефициент по проект „Грижа в дома“, обявява подбор на домашни помощници за почасови услуги.\n"
	job := "Начало\nОбяви\nОБЯВА за подбор на персонал по проект „Грижа в дома в община Ихтиман“\nПубликувано на 10.03.2025 от Администратор\n" + body
	if ls := textLines(t, job); len(ls) < 3 || ls[2].heading != 1 {
		t.Errorf("the headline over the date line is not the page's heading: %+v", ls)
	}
	if r, _ := Extract([]byte(job+"Договор № BG05SFPR002-2.001-0088-C01, обща стойност 624 870,00 лв.\n"), "https://www.ihtiman.bg/p", ""); len(r.Projects) != 0 {
		t.Errorf("a job ad as text gave %d records", len(r.Projects))
	}
	teaser := "Начало\n18.02.2019Заседание на Общински съвет – 28.02.2019 г.\n28.02.2019\n" + body
	for _, l := range textLines(t, teaser) {
		if l.heading == 1 {
			t.Errorf("a teaser with its own date taken for the heading: %q", l.text)
		}
	}
}

func TestPlainTextFlattenedTable(t *testing.T) {
	text := "Читалището приключи ремонта.\nБенефициент\nДоговор №\nОбща стойност\nНЧ „Светлина“\nBG06RDNP001-19.412-0007-C01\n97 640,00 лв.\nИзвършени дейности:\n"
	want := map[string]string{"Бенефициент": "НЧ „Светлина“", "Договор №": "BG06RDNP001-19.412-0007-C01", "Обща стойност": "97 640,00 лв."}
	got := map[string]string{}
	for _, l := range textLines(t, text) {
		if l.label != "" {
			got[l.label] = l.value
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("labels and values %v, want %v", got, want)
	}
}

func TestNewsListWithATender(t *testing.T) {
	body := func(s string) string {
		return s + " Информацията е публикувана за жителите на общината и за всички заинтересовани граждани.\n"
	}
	text := "Община Брезник\nВторник, 9 Декември 2025\nНачало Общината Администрация Общински съвет Новини Проекти Контакти Профил на купувача Обяви и съобщения\nНовини\n" +
		"Стартира проект „Патронажна грижа в община Брезник“\n06.04.2020\n" + body("Община Брезник сключи договор № BG05M9OP001-6.002-0143-C01 по ОП „Развитие на човешките ресурси“.") +
		"Обществена поръчка за доставка на горива\n10.02.2020\n" + body("Община Брезник обявява открита процедура по Закона за обществените поръчки; прогнозна стойност, срок за подаване на оферти и критерий за възлагане.") +
		"Подписан договор за водопровод в с. Красава\n17.02.2020\n" + body("Община Брезник подписа договор № BG06RDNP001-7.002-0045-C01 по Програмата за развитие на селските райони.")
	res, err := Extract([]byte(text), "https://www.breznik.bg/news", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Projects) != 2 {
		t.Errorf("%d records from a news list with a tender among its posts, want 2", len(res.Projects))
	}
	for _, l := range textLines(t, text) {
		if l.title && l.text == "Община Брезник" {
			t.Error("the site's name over the header's date read as a post's title")
		}
	}
}

func TestTodayDateOverTheMenu(t *testing.T) {
	text := "ОБЩИНА ГЪРМЕН\nвторник, 17 юни 2025 г.\nНачало | Общината | Кмет | Общински съвет | Администрация | Проекти\nНовини\n" +
		"Символична първа копка за рехабилитацията на улици в селата Огняново и Марчево, петък, 6 октомври 2023\n" +
		"Днес кметът на общината направи символична първа копка на строителството по проект „Рехабилитация на улици в Огняново“ по ПРСР.\n"
	for _, l := range textLines(t, text) {
		if strings.Contains(l.text, "17 юни 2025") {
			t.Errorf("the header's today date kept as content: %q", l.text)
		}
	}
}
