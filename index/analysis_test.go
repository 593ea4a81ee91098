package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/registry"
)

// analyze runs a registered analyzer and returns the terms, with terms at
// the same position joined by "|".
func analyze(t testing.TB, analyzer, text string) []string {
	t.Helper()
	a, err := registry.NewCache().AnalyzerNamed(analyzer)
	if err != nil {
		t.Fatalf("analyzer %s: %v", analyzer, err)
	}
	var out []string
	last := -1
	for _, tok := range a.Analyze([]byte(text)) {
		if tok.Position == last && len(out) > 0 {
			out[len(out)-1] += "|" + string(tok.Term)
			continue
		}
		out = append(out, string(tok.Term))
		last = tok.Position
	}
	return out
}

// stems returns the set of terms one word analyzes to.
func stems(t testing.TB, analyzer, word string) []string {
	t.Helper()
	got := analyze(t, analyzer, word)
	if len(got) != 1 {
		t.Fatalf("%q analyzed to %d positions %q; want 1", word, len(got), got)
	}
	return strings.Split(got[0], "|")
}

func meet(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

func TestStemFamiliesMeet(t *testing.T) {
	families := [][]string{
		{"общински", "общинските", "общинска", "общинската", "общинския", "общинският", "общинско"},
		{"проект", "проекта", "проектът", "проекти", "проектите"},
		{"ремонт", "ремонта", "ремонтът", "ремонти", "ремонтите"},
		{"път", "пътя", "пътят", "пътища", "пътищата"},
		{"градина", "градини", "градините", "градината"},
		{"мониторинг", "мониторинга", "мониторингът", "мониторинги"},
		{"община", "общини", "общината", "общините"},
		{"резултат", "резултата", "резултатът", "резултати", "резултатите"},
		{"дейност", "дейности", "дейността", "дейностите"},
		{"стратегия", "стратегии", "стратегията", "стратегиите"},
		{"обучение", "обучения", "обучението", "обученията"},
		{"улица", "улици", "улицата", "улиците"},
		{"участник", "участници", "участника", "участниците"},
		{"училище", "училища", "училището", "училищата"},
		{"бюджет", "бюджета", "бюджети"},
		{"център", "центъра", "центрове", "центровете"},
		{"основен", "основна", "основни", "основния", "основният"},
		{"образец", "образци", "образеца"},
		{"музей", "музея", "музеи", "музеят"},
		{"град", "града", "градът", "градове", "градовете"},
		{"пещера", "пещерата", "пещери"},
		{"институт", "института", "институти"},
		{"сграда", "сгради", "сградата", "сградите"},
		{"отпадък", "отпадъци", "отпадъците"},
		{"услуга", "услуги", "услугата", "услугите"},
		{"зона", "зони", "зоната", "зоните"},
		{"инсталация", "инсталации", "инсталацията", "инсталациите"},
	}
	for _, fam := range families {
		base := stems(t, AnalyzerBG, fam[0])
		for _, w := range fam[1:] {
			if got := stems(t, AnalyzerBG, w); !meet(base, got) {
				t.Errorf("%s → %v and %s → %v do not meet", fam[0], base, w, got)
			}
		}
	}
}

func TestStemKeepsApart(t *testing.T) {
	pairs := [][2]string{
		{"град", "градина"},
		{"градове", "градини"},
		{"път", "пътник"},
		{"пътища", "пътници"},
		{"община", "общински"}, // the noun and the adjective are different searches
		{"село", "селище"},
		{"парк", "паркинг"},
		{"проект", "проектиране"},
		{"кмет", "кметство"},
		{"училище", "учил"},
		{"ресурси", "ресурх"}, // Savoy's си → х only after a vowel (кожуси)
	}
	for _, p := range pairs {
		a, b := stems(t, AnalyzerBG, p[0]), stems(t, AnalyzerBG, p[1])
		if meet(a, b) {
			t.Errorf("%s → %v and %s → %v meet; want them apart", p[0], a, p[1], b)
		}
	}
}

func TestStemStressAndShortI(t *testing.T) {
	tests := []struct{ a, b string }{
		{"проѐкт", "проект"},
		{"прое\u0301кта", "проект"},
		{"ремо\u0300нт", "ремонт"},
		{"ѝ", "и"},
		{"райо\u0301н", "район"},
		{"и\u0306", "й"},
		{"Мо\u0301ят", "моят"},
		{"Oбщина", "община"},         // a Latin O
		{"oбщинските", "общинските"}, // a Latin o
		{"Пeщepa", "Пещера"},         // Latin e, e, p, a
	}
	for _, tt := range tests {
		if got, want := analyze(t, AnalyzerBG, tt.a+" ремонт"), analyze(t, AnalyzerBG, tt.b+" ремонт"); !slices.Equal(got, want) {
			t.Errorf("%q → %q; want %q (as %q)", tt.a, got, want, tt.b)
		}
	}
	// й stays й: район is not раион.
	if got := stems(t, AnalyzerBG, "район"); got[0] != "район" {
		t.Errorf("район → %v; want район", got)
	}
	if got := stems(t, AnalyzerBG, "Района"); got[0] != "район" {
		t.Errorf("Района → %v; want район", got)
	}
}

func TestStemWordTable(t *testing.T) {
	tests := []struct{ in, want, alt string }{
		{"проекта", "проект", ""},
		{"ремонта", "ремонт", "ремон"}, // the second reading (as песен-та) is harmless: no word stems to it
		{"пътищата", "път", "пътищат"}, // the second reading is harmless: no word stems to it
		{"градината", "градин", "градинат"},
		{"резултата", "резулт", "резултат"},
		{"участници", "участниц", "участник"},
		{"бази", "баз", ""},
		{"диалози", "диалоз", "диалог"},
		{"злато", "злат", ""},
		{"златото", "злат", ""},
		{"дом", "дом", ""},
		{"bg16", "bg16", ""},
		{"2014", "2014", ""},
	}
	for _, tt := range tests {
		p, alt := stemWord(tt.in)
		if p != tt.want || alt != tt.alt {
			t.Errorf("stemWord(%q) = %q, %q; want %q, %q", tt.in, p, alt, tt.want, tt.alt)
		}
	}
}

func TestStopWords(t *testing.T) {
	got := analyze(t, AnalyzerBG, "Ремонт на пътища и улици в община Пещера")
	want := []string{"ремонт", "път", "улиц|улик", "общин", "пещер"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q; want %q", got, want)
	}
}

func TestTranslit(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Пещера", "Peshtera"},
		{"община", "obshtina"},
		{"патронажна грижа", "patronazhna grizha"},
		{"Живот", "Zhivot"},
		{"ЖИВОТ", "ZHIVOT"},
		{"Цар Самуил", "Tsar Samuil"},
		{"чешма", "cheshma"},
		{"шосе", "shose"},
		{"път", "pat"},
		{"юли", "yuli"},
		{"ябълка", "yabalka"},
		{"Благоевград", "Blagoevgrad"},
		{"История на София", "Istoria na Sofia"},
		{"Златията е тук", "Zlatiyata e tuk"},
		{"йод", "yod"},
		{"Велико Търново", "Veliko Tarnovo"},
		{"BG16RFOP001 № 5", "BG16RFOP001 № 5"},
	}
	for _, tt := range tests {
		if got := Translit(tt.in); got != tt.want {
			t.Errorf("Translit(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestLatinAnalyzerMeetsCyrillic(t *testing.T) {
	tests := []struct{ latin, cyr string }{
		{"peshtera", "Пещера"},
		{"Peshtera", "пещерата"},
		{"obshtina", "Общината"},
		{"obshtinski", "общинските"},
		{"patronazhna", "патронажна"},
		{"grizha", "грижа"},
		{"strategia", "стратегия"},
		{"strategiya", "стратегиите"},
		{"remont", "ремонта"},
		{"pat", "пътища"},
		{"Septemvri", "Септември"},
		{"ulitsi", "улицата"},
		{"Nesebar", "Несебър"}, // ъ and а are both "a" in Latin
		{"tsentar", "центъра"},
		{"tsentrove", "центъра"},
		{"pazar", "пазара"},
	}
	for _, tt := range tests {
		l, c := stems(t, AnalyzerLatin, tt.latin), stems(t, AnalyzerLatin, tt.cyr)
		if !meet(l, c) {
			t.Errorf("%s → %v and %s → %v do not meet", tt.latin, l, tt.cyr, c)
		}
	}
	// Latin stop words are dropped like Cyrillic ones.
	if got := analyze(t, AnalyzerLatin, "remont na patishta i ulitsi"); len(got) != 3 {
		t.Errorf("latin stop words kept: %q", got)
	}
}

func TestNormCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"BG16RFOP001-1.001-0039-C01", "BG16RFOP001-1.001-0039-C01"},
		{"№ BG16RFOP001-1.001-0039-C01", "BG16RFOP001-1.001-0039-C01"},
		{"bg16rfop001 - 1.001 - 0039 - c01", "BG16RFOP001-1.001-0039-C01"},
		{"\u0412G16RF\u041eP001-1.001-0039-\u042101", "BG16RFOP001-1.001-0039-C01"}, // Cyrillic В, О, С
		{"№13-13-24", "13-13-24"},
		{"13–13–24.", "13-13-24"},
		{"РД-02-37-12", NormCode("рд-02-37-12")},
		{"BG-RRP-4.025", "BG-RRP-4.025"},
		{"N° 5", "5"},
	}
	for _, tt := range tests {
		if got := NormCode(tt.in); got != tt.want {
			t.Errorf("NormCode(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestJoinCodes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"BG05M9OP001 - 2.019 - 0150 - C02", "BG05M9OP001-2.019-0150-C02"},
		{"bg16rfop001 - 1.001 - 0039 - c01", "bg16rfop001-1.001-0039-c01"},
		{"BG05M9OP001 – 2.040 – 0112 – C01", "BG05M9OP001-2.040-0112-C01"}, // en dashes
		{"№ BG16RFOP001 -1.001- 0039 -C01 ремонт", "№ BG16RFOP001-1.001-0039-C01 ремонт"},
		{"рд - 02 - 29 - 210", "рд-02-29-210"},
		{"ROBG - 512", "ROBG-512"},
		{"BG06RDNP001 - 7.008", "BG06RDNP001-7.008"},
		{"13 - 13 - 24", "13-13-24"},
		{"ремонт -BG16RFOP001 - 1.001", "ремонт -BG16RFOP001-1.001"}, // an excluded code
		{"BG16RFOP001-1.001-0039-C01", "BG16RFOP001-1.001-0039-C01"},
		// Not codes: a period, a word and a year, an exclusion.
		{"ремонт 2014 - 2020", "ремонт 2014 - 2020"},
		{"парк - 2019", "парк - 2019"},
		{"ремонт - 2019", "ремонт - 2019"},
		{"ремонт -2019", "ремонт -2019"},
		{"ремонт -- BG16", "ремонт -- BG16"},
		{"BG16 - - 1.001", "BG16 - - 1.001"},
	}
	for _, tt := range tests {
		if got := joinCodes(tt.in); got != tt.want {
			t.Errorf("joinCodes(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
