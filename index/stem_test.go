package index

import "testing"

// TestStemRules checks each rule that joins forms (stem.go) with the forms
// it must join and the pairs it must keep apart, side by side.
func TestStemRules(t *testing.T) {
	rules := []struct {
		rule  string
		meet  [][]string
		apart [][2]string
	}{
		{"neuter plural -ета",
			[][]string{
				{"дърво", "дървото", "дървета", "дърветата"},
				{"море", "морето", "морета", "моретата"},
				{"поле", "полето", "полета", "полетата"},
				{"момче", "момчета", "момчетата"},
				{"бюджет", "бюджета", "бюджетът", "бюджети"}, // the masculine -ет + -а reading stays
				{"съвет", "съвета", "съветът"},
				{"предмет", "предмета", "предмети"},
			},
			[][2]string{{"планета", "план"}, {"кабинета", "кабина"}, {"ракета", "рак"}},
		},
		{"feminine article -та after н",
			[][]string{
				{"песен", "песента", "песни", "песните"},
				{"есен", "есента", "есени"},
				{"ремонт", "ремонта", "ремонтът", "ремонти"},
				{"документ", "документа", "документи"},
			},
			[][2]string{{"спорта", "спор"}, {"старта", "стар"}, {"ремонта", "ремонтен"}},
		},
		{"-еве: plural of -й after a vowel",
			[][]string{
				{"строй", "строя", "строят", "строеве", "строевете"},
				{"бой", "боеве", "боевете"},
				{"крал", "краля", "кралеве"},
			},
			[][2]string{{"боеве", "боя"}, {"строеве", "строеж"}},
		},
		{"-си: plural of -х after a vowel",
			[][]string{
				{"кожух", "кожуха", "кожухът", "кожуси", "кожусите"},
				{"монах", "монаси", "монасите"},
				{"автобус", "автобуса", "автобуси"}, // the -с reading stays
				{"ресурс", "ресурси", "ресурсите"},
			},
			[][2]string{{"маси", "мах"}, {"ресурси", "ресурх"}},
		},
		{"-овци: plural of a masculine -о",
			[][]string{
				{"дядо", "дядото", "дядовци", "дядовците"},
				{"чичо", "чичовци"},
				{"търговец", "търговеца", "търговци", "търговците"},
			},
			[][2]string{{"търговци", "търг"}, {"търговци", "търгове"}},
		},
		{"я/е alternation",
			[][]string{
				{"промяна", "промяната", "промени", "промените"},
				{"смяна", "смени"},
				{"бряг", "брега", "брегът", "брегове", "бреговете"},
				{"място", "мястото", "места", "местата"},
				{"голям", "голяма", "големи", "големите"},
				{"мярка", "мерки", "мерките"},
			},
			[][2]string{{"тяло", "тел"}, {"дял", "дело"}, {"поляна", "пълен"}},
		},
	}
	for _, r := range rules {
		for _, fam := range r.meet {
			base := stems(t, AnalyzerBG, fam[0])
			for _, w := range fam[1:] {
				if got := stems(t, AnalyzerBG, w); !meet(base, got) {
					t.Errorf("%s: %s → %v and %s → %v do not meet", r.rule, fam[0], base, w, got)
				}
			}
		}
		for _, p := range r.apart {
			if a, b := stems(t, AnalyzerBG, p[0]), stems(t, AnalyzerBG, p[1]); meet(a, b) {
				t.Errorf("%s: %s → %v and %s → %v meet; want them apart", r.rule, p[0], a, p[1], b)
			}
		}
	}
}

// TestStemLuceneWords runs the 101 words of Lucene's Bulgarian stemmer test
// (TestBulgarianStemmer): every word must meet the first word of its group.
// Where Lucene itself splits a group, the note says what we do and why.
func TestStemLuceneWords(t *testing.T) {
	groups := []struct {
		words []string
		note  string
	}{
		{[]string{"град", "града", "градът", "градове", "градовете"}, ""},
		{[]string{"народ", "народа", "народът", "народи", "народите", "народе"}, ""},
		{[]string{"път", "пътя", "пътят", "пътища", "пътищата"}, ""},
		{[]string{"градец", "градеца", "градецът"}, ""},
		{[]string{"градовце", "градовцете"}, "a rare plural; they meet each other, not градец (as in Lucene)"},
		{[]string{"дядо", "дядото", "дядовци", "дядовците"}, ""},
		{[]string{"мъж", "мъжа", "мъже", "мъжете", "мъжо", "мъжът"}, "мъжът joins too (Lucene finds it too short)"},
		{[]string{"крак", "крака", "кракът", "краката"}, ""},
		{[]string{"брат", "брата", "братът", "братя", "братята", "брате"}, ""},
		{[]string{"вест", "вестта", "вести", "вестите"}, ""},
		{[]string{"дърво", "дървото", "дърва", "дървета", "дървата", "дърветата"}, ""},
		{[]string{"море", "морето", "морета", "моретата"}, ""},
		{[]string{"изключение", "изключението", "изключенията", "изключения"}, "изключения joins too (Lucene splits it)"},
		{[]string{"красив", "красивия", "красивият", "красива", "красивата", "красиво", "красивото", "красиви", "красивите"}, ""},
		{[]string{"собственик", "собственика", "собственикът", "собственици", "собствениците"}, ""},
		{[]string{"подлог", "подлога", "подлогът", "подлози", "подлозите"}, ""},
		{[]string{"кожух", "кожуха", "кожухът", "кожуси", "кожусите"}, ""},
		{[]string{"център", "центъра", "центърът", "центрове", "центровете"}, ""},
		{[]string{"промяна", "промяната", "промени", "промените"}, ""},
		{[]string{"песен", "песента", "песни", "песните"}, ""},
		{[]string{"строй", "строеве", "строевете", "строя", "строят"}, "строя and строят join too (Lucene splits them)"},
	}
	n := 0
	for _, g := range groups {
		base := stems(t, AnalyzerBG, g.words[0])
		n++
		for _, w := range g.words[1:] {
			n++
			if got := stems(t, AnalyzerBG, w); !meet(base, got) {
				t.Errorf("%s → %v and %s → %v do not meet %s", g.words[0], base, w, got, g.note)
			}
		}
	}
	if n != 101 {
		t.Errorf("%d words; Lucene's test has 101", n)
	}
	// The split Lucene keeps: градовце is not градец.
	if meet(stems(t, AnalyzerBG, "градовце"), stems(t, AnalyzerBG, "градец")) {
		t.Errorf("градовце and градец meet")
	}
}
