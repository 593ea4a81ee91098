package bgtext

import (
	"encoding/csv"
	"os"
	"reflect"
	"sort"
	"testing"
)

func TestMunicipalitiesIn(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"Община Долни чифлик стартира проект", []string{"Долни чифлик"}},
		{"ОБЩИНА СЛИВО ПОЛЕ и община Русе", []string{"Сливо поле", "Русе"}},
		{"Община Бяла Слатина, Община Бяла", []string{"Бяла Слатина", "Бяла"}},
		{"Столична община и община Нова Загора", []string{"Столична", "Нова Загора"}},
		{"Община Добрич-селска", []string{"Добрич-селска"}},
		{"Община Х започна работа; общината и общинският съвет", nil},
		{"Община Нови Искър е район", nil},
	}
	for _, tt := range tests {
		if got := MunicipalitiesIn(tt.text); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("MunicipalitiesIn(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestMunicipalityOfHost(t *testing.T) {
	tests := []struct{ host, want string }{
		{"www.peshtera.bg", "Пещера"},
		{"veliko-tarnovo.bg", "Велико Търново"},
		{"www.byala-slatina.com", "Бяла Слатина"},
		{"obshtina-ruse.bg", "Русе"},
		{"carevo.bg", "Царево"},
		{"www.dolni-chiflik.bg", "Долни чифлик"},
		{"example.bg", ""},
	}
	for _, tt := range tests {
		if got := MunicipalityOfHost(tt.host); got != tt.want {
			t.Errorf("MunicipalityOfHost(%q) = %q, want %q", tt.host, got, tt.want)
		}
	}
}

func TestHolder(t *testing.T) {
	tests := []struct {
		text, site, want string
	}{
		{"Проектът се реализира от Община Пещера и е на обща стойност 1 000 лв.", "", "Община Пещера"},
		{"Община Пещера кандидатства с проектно предложение по процедура …", "", "Община Пещера"},
		{"Община Хасково, в качеството си на водещ партньор, подписа договор за субсидия", "", "Община Хасково"},
		{"Община Пазарджик и Държавен фонд „Земеделие“ сключиха договор за финансиране", "", "Община Пазарджик"},
		{"Водещ партньор по проекта е Община Кърджали, а партньори са …", "", "Община Кърджали"},
		{"Кметът на Община Долни чифлик Иван Иванов подписа договора", "", "Община Долни чифлик"},
		{"Собствен принос на Община Пещера: 261.00 лева", "", "Община Пещера"},
		{"Общината кандидатства по мярка 7.2", "Сливо поле", "Община Сливо поле"},
		{"Столична община изпълнява проекта", "", "Столична община"},
		{"Община Бяла Слатина, в качеството си на бенефициент по Административен договор № BG… за реализация на проект", "", "Община Бяла Слатина"},
		{"Водещ партньор е Община Кълъраш (Румъния).", "", "Община Кълъраш"},
		{"Сдружение „Дунавски хоризонти“ стартира изпълнението на проект „Заедно“", "", "Сдружение „Дунавски хоризонти“"},
		{"Бенефициент по проекта е СУ „Неофит Рилски“ – гр. Дупница.", "", "СУ „Неофит Рилски“"},
		// not a holder
		{"Община Исперих, в качеството си на партньор по проекта, ще организира срещи.", "", ""},
		{"Община Кълъраш е известна с пристанището си.", "", ""},
		{"Проектът е в полза на жителите на Община Пещера.", "", ""},
		{"Общият бюджет е 100 евро, от които 50 евро за дейностите на Община Хасково.", "", ""},
		{"Общината призовава гражданите за търпение.", "Карлово", ""},
		{"Приключи изпълнението на договор с Министерство на регионалното развитие", "Пещера", ""},
	}
	for _, tt := range tests {
		got, ok := Holder(tt.text, tt.site)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("Holder(%q) = %q, %v; want %q", tt.text, got, ok, tt.want)
		}
	}
}

// TestMunicipalityNames compares the project's own list of municipalities
// with the gazetteer in ../shared (third-party data, read when present).
func TestMunicipalityNames(t *testing.T) {
	f, err := os.Open("../../../../shared/gazetteer/municipalities.tsv")
	if err != nil {
		t.Skip("no ../shared/gazetteer beside the project")
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma, r.LazyQuotes, r.FieldsPerRecord = '\t', true, -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "name" {
			col = i
		}
	}
	if col < 0 {
		t.Fatal("gazetteer has no name column")
	}
	set := map[string]bool{}
	for _, row := range rows[1:] {
		set[row[col]] = true
	}
	var want []string
	for n := range set {
		want = append(want, n)
	}
	got := append([]string(nil), municipalityNames...)
	sort.Strings(want)
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("municipalityNames differ from the gazetteer: %d names, gazetteer %d", len(got), len(want))
	}
	if len(rows)-1 != 265 {
		t.Errorf("gazetteer lists %d municipalities, want 265", len(rows)-1)
	}
}

func TestHolderOverLines(t *testing.T) {
	// an invitation printed as separate paragraphs
	if got, ok := Holder("ПОКАНА\nОБЩИНА ЛОВЕЧ\nИМА УДОВОЛСТВИЕТО ДА ВИ ПОКАНИ НА ПРЕСКОНФЕРЕНЦИЯ", ""); !ok || got != "Община Ловеч" {
		t.Errorf("Holder = %q, %v", got, ok)
	}
}
