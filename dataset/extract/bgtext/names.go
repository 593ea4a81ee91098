package bgtext

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// QuotedNames reads a quoted name starting at an opening quote. Nested
// quotes are followed. A balanced name gives one candidate; when the outer
// quote is never closed, every cut after an inner closing quote is a
// candidate (titleOf picks the one a heading confirms, else the first).
func QuotedNames(s string) []string {
	names, _ := QuotedName(s)
	return names
}

// QuotedName is QuotedNames, and says whether the outer quote was closed
// (the one name returned is whole) or not (the names are cuts).
func QuotedName(s string) (names []string, closed bool) {
	if len(s) > 1200 {
		s = s[:1200] // a name is never longer; keeps many quotes on a line linear
	}
	depth := 0
	_, first := utf8.DecodeRuneInString(s)
	var cuts []string
	for i, r := range s {
		switch {
		case i == 0:
			depth = 1
		case IsOpenQuote(r) || r == '"' && straightOpens(s, i):
			depth++
		case IsCloseQuote(r) || r == '"':
			depth--
			if depth <= 0 {
				return []string{s[first:i]}, true
			}
			if depth == 1 {
				cuts = append(cuts, s[first:i+utf8.RuneLen(r)])
			}
		case (r == '.' || r == ';') && depth <= 1:
			if _, ok := SentenceEnd(s, i); ok && i+1 < len(s) {
				return cuts, false
			}
		}
	}
	return cuts, false
}

// straightOpens: a straight quote after a space or bracket and before a
// letter or digit opens a (nested) name: НЧ "Просвета-1929" в с. Конуш".
func straightOpens(s string, i int) bool {
	if i == 0 || i+1 >= len(s) {
		return false
	}
	p, _ := utf8.DecodeLastRuneInString(s[:i])
	n, _ := utf8.DecodeRuneInString(s[i+1:])
	return (p == ' ' || p == '(') && (unicode.IsLetter(n) || unicode.IsDigit(n))
}

// TitleCase turns "СТАРА" into "Стара".
func TitleCase(s string) string {
	rs := []rune(strings.ToLower(s))
	if len(rs) > 0 {
		rs[0] = []rune(strings.ToUpper(string(rs[0])))[0]
	}
	return string(rs)
}

var translitTable = map[rune]string{'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t",
	'у': "u", 'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "sht", 'ъ': "a", 'ь': "y", 'ю': "yu", 'я': "ya"}

// Translit writes a Bulgarian name in Latin letters the way municipal
// hosts do (the official streamlined system, spaces and dashes dropped).
func Translit(name string) string {
	var b strings.Builder
	for _, r := range Lower(name) {
		if t, ok := translitTable[r]; ok {
			b.WriteString(t)
		}
	}
	return b.String()
}

// municipalityNames are the names of Bulgaria's 265 municipalities as the
// law names them, without „Община“ (Бяла is two: in Варна and in Русе
// provinces). TestMunicipalityNames compares the list with the gazetteer
// in ../shared when it is there.
var municipalityNames = []string{
	"Аврен", "Айтос", "Аксаково", "Алфатар", "Антон", "Антоново", "Априлци", "Ардино", "Асеновград", "Балчик",
	"Баните", "Банско", "Батак", "Белене", "Белица", "Белово", "Белоградчик", "Белослав", "Берковица",
	"Благоевград", "Бобов дол", "Бобошево", "Божурище", "Бойница", "Бойчиновци", "Болярово", "Борино",
	"Борован", "Борово", "Ботевград", "Братя Даскалови", "Брацигово", "Брегово", "Брезник", "Брезово",
	"Брусарци", "Бургас", "Бяла", "Бяла Слатина", "Варна", "Велики Преслав", "Велико Търново", "Велинград",
	"Венец", "Ветово", "Ветрино", "Видин", "Враца", "Вълчедръм", "Вълчи дол", "Върбица", "Вършец", "Габрово",
	"Генерал Тошево", "Георги Дамяново", "Главиница", "Годеч", "Горна Малина", "Горна Оряховица", "Гоце Делчев",
	"Грамада", "Гулянци", "Гурково", "Гълъбово", "Гърмен", "Две могили", "Девин", "Девня", "Джебел",
	"Димитровград", "Димово", "Добрич", "Добрич-селска", "Долна Митрополия", "Долна баня", "Долни Дъбник",
	"Долни чифлик", "Доспат", "Драгоман", "Дряново", "Дулово", "Дупница", "Дългопол", "Елена", "Елин Пелин",
	"Елхово", "Етрополе", "Завет", "Земен", "Златарица", "Златица", "Златоград", "Ивайловград", "Иваново",
	"Искър", "Исперих", "Ихтиман", "Каварна", "Казанлък", "Кайнарджа", "Калояново", "Камено", "Каолиново",
	"Карлово", "Карнобат", "Каспичан", "Кирково", "Кнежа", "Ковачевци", "Козлодуй", "Копривщица", "Костенец",
	"Костинброд", "Котел", "Кочериново", "Кресна", "Криводол", "Кричим", "Крумовград", "Крушари", "Кубрат",
	"Куклен", "Кула", "Кърджали", "Кюстендил", "Левски", "Лесичово", "Летница", "Ловеч", "Лозница", "Лом",
	"Луковит", "Лъки", "Любимец", "Лясковец", "Мадан", "Маджарово", "Макреш", "Малко Търново", "Марица",
	"Медковец", "Мездра", "Мизия", "Минерални бани", "Мирково", "Момчилград", "Монтана", "Мъглиж", "Невестино",
	"Неделино", "Несебър", "Никола Козлево", "Николаево", "Никопол", "Нова Загора", "Нови пазар", "Ново село",
	"Омуртаг", "Опака", "Опан", "Оряхово", "Павел баня", "Павликени", "Пазарджик", "Панагюрище", "Перник",
	"Перущица", "Петрич", "Пещера", "Пирдоп", "Плевен", "Пловдив", "Полски Тръмбеш", "Поморие", "Попово",
	"Пордим", "Правец", "Приморско", "Провадия", "Първомай", "Раднево", "Радомир", "Разград", "Разлог",
	"Ракитово", "Раковски", "Рила", "Родопи", "Роман", "Рудозем", "Руен", "Ружинци", "Русе", "Садово",
	"Самоков", "Самуил", "Сандански", "Сапарева баня", "Сатовча", "Свиленград", "Свищов", "Своге", "Севлиево",
	"Септември", "Силистра", "Симеоновград", "Симитли", "Ситово", "Сливен", "Сливница", "Сливо поле", "Смолян",
	"Смядово", "Созопол", "Сопот", "Средец", "Стамболийски", "Стамболово", "Стара Загора", "Столична",
	"Стражица", "Стралджа", "Стрелча", "Струмяни", "Суворово", "Сунгурларе", "Сухиндол", "Съединение",
	"Сърница", "Твърдица", "Тервел", "Тетевен", "Тополовград", "Трекляно", "Троян", "Трън", "Трявна", "Тунджа",
	"Тутракан", "Търговище", "Угърчин", "Хаджидимово", "Хайредин", "Харманли", "Хасково", "Хисаря", "Хитрино",
	"Цар Калоян", "Царево", "Ценово", "Чавдар", "Челопеч", "Чепеларе", "Червен бряг", "Черноочене", "Чипровци",
	"Чирпан", "Чупрене", "Шабла", "Шумен", "Ябланица", "Якимово", "Якоруда", "Ямбол",
}

// municipalityByKey maps a name's key (Key: lower case, letters and digits)
// to the name; municipalityWords is the most words a name has.
var municipalityByKey, municipalityWords = func() (map[string]string, int) {
	m := make(map[string]string, len(municipalityNames))
	w := 1
	for _, n := range municipalityNames {
		m[Key(n)] = n
		w = max(w, len(strings.FieldsFunc(n, func(r rune) bool { return r == ' ' || r == '-' })))
	}
	return m, w
}()

// IsMunicipality reports whether name is a municipality's official name
// (any case: "ПЕЩЕРА", "Долни чифлик").
func IsMunicipality(name string) bool {
	_, ok := municipalityByKey[Key(name)]
	return ok
}

// MunicipalitiesIn returns the municipalities text names as "Община X"
// ("ОБЩИНА X", "община X", "Столична община"), each by its official name and
// read whole ("Община Долни чифлик", "Община Бяла Слатина"), in order,
// repeats kept. A word after „Община“ that starts no municipality's name is
// not one ("Община Х започна …" names none).
func MunicipalitiesIn(text string) []string {
	var out []string
	lt := Lower(text)
	for from := 0; ; {
		i := strings.Index(lt[from:], "община")
		if i < 0 {
			break
		}
		i += from
		from = i + len("община")
		if isStolichna(lt, i) {
			out = append(out, "Столична")
			continue
		}
		if from < len(lt) && !isSpaceAt(lt, from) {
			continue // "общината", "общински"
		}
		if n := municipalityAfter(text, from); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// municipalityAfter reads the longest municipality name of one to
// municipalityWords words that starts at text[i] (after spaces).
func municipalityAfter(text string, i int) string {
	i = skipSpaces(text, i)
	best := ""
	var k strings.Builder
	j := i
	for w := 0; w < municipalityWords && j < len(text); w++ {
		e := j
		for e < len(text) {
			r, n := utf8.DecodeRuneInString(text[e:])
			if !unicode.IsLetter(r) {
				break
			}
			e += n
		}
		if e == j {
			break
		}
		if w == 0 {
			if r, _ := utf8.DecodeRuneInString(text[j:]); !unicode.IsUpper(r) {
				return "" // "община и областта"
			}
		}
		k.WriteString(Lower(text[j:e]))
		if n, ok := municipalityByKey[k.String()]; ok {
			best = n
		}
		if e >= len(text) || (text[e] != ' ' && text[e] != '-') {
			break
		}
		j = e + 1
	}
	return best
}

// hostSpellings are the ways a host writes a name's letters besides the
// official transliteration (Translit): "ruse", "tsarevo" and "carevo",
// "shumen" and "choumen" are all seen.
var hostSpellings = map[rune][]string{'ъ': {"u"}, 'щ': {"sh"}, 'ж': {"j"}, 'ц': {"c"}, 'й': {"i"}, 'я': {"ia"}, 'ю': {"iu"}, 'х': {"kh"}}

// MunicipalityOfHost returns the municipality a site's host names
// ("www.peshtera.bg" → Пещера, "veliko-tarnovo.bg" → Велико Търново), the
// longest name when several fit, "" when none does.
func MunicipalityOfHost(host string) string {
	h := strings.NewReplacer("-", "", "_", "").Replace(Lower(host))
	best := ""
	// every substring of the host's labels, looked up: a host is short
	for _, label := range strings.Split(h, ".") {
		for i := 0; i < len(label); i++ {
			for j := i + minSpelling; j <= len(label) && j-i <= maxSpelling; j++ {
				if n, ok := hostSpelling[label[i:j]]; ok && utf8.RuneCountInString(n) > utf8.RuneCountInString(best) {
					best = n
				}
			}
		}
	}
	return best
}

// hostSpelling maps every Latin spelling of a name of three letters or
// more to the name, the longest name winning a shared spelling.
var hostSpelling, minSpelling, maxSpelling = func() (map[string]string, int, int) {
	m := map[string]string{}
	lo, hi := 1<<30, 0
	for _, n := range municipalityNames {
		if utf8.RuneCountInString(n) < 3 {
			continue
		}
		for _, sp := range spellings(Lower(n)) {
			if o, ok := m[sp]; ok && utf8.RuneCountInString(o) >= utf8.RuneCountInString(n) {
				continue
			}
			m[sp] = n
			lo, hi = min(lo, len(sp)), max(hi, len(sp))
		}
	}
	return m, lo, hi
}()

// spellings lists a name's Latin spellings: the official one and, for
// each letter with another common spelling, that one (at most 16).
func spellings(name string) []string {
	out := []string{""}
	for _, r := range name {
		t, ok := translitTable[r]
		if !ok {
			continue
		}
		alts := append([]string{t}, hostSpellings[r]...)
		var next []string
		for _, o := range out {
			for _, a := range alts {
				if len(next) < 16 {
					next = append(next, o+a)
				}
			}
		}
		out = next
	}
	return out
}

// holderVerbs follow the municipality that holds or runs a project:
// "Община Пещера кандидатства / изпълнява / реализира / подписа …".
var holderVerbs = []string{"кандидатства", "кандидатствува", "изпълнява", "изпълни", "ще изпълни", "реализира", "ще реализира",
	"осъществява", "осъществи", "спечели", "сключи", "подписа", "получи", "стартира", "започна", "започва", "приключи",
	"завърши", "внедрява", "е бенефициент", "е конкретен бенефициент", "е водещ партньор", "е водеща организация",
	"в качеството си на бенефициент", "е получател", "покани", "кани", "организира", "обявява", "обяви", "уведомява",
	"информира", "успешно", "има удоволствието"}

// holderBefore are the phrases a holding municipality follows: "Проектът
// се реализира от Община Пещера", "бенефициент е Община …", "Кметът на
// Община … подписа", "Собствен принос на Община …".
var holderBefore = []string{"реализира от", "реализиран от", "реализирано от", "реализиран е от", "изпълнява от", "изпълняван от",
	"изпълнявано от", "изпълнен от", "изпълнява се от", "осъществява от", "осъществяван от", "осъществен от", "бенефициент е",
	"бенефициентът е", "бенефициент:", "бенефициент по проекта е", "кмета на", "кметът на", "кмет на", "собствен принос на",
	"собственият принос на", "собственото участие на", "съфинансиране от", "между", "водещ партньор е",
	"водещ партньор по проекта е", "водеща организация е", "бенефициенти са", "бенефициент на проекта е", "с бенефициент",
	"реализира се от", "осъществява се от", "се реализира от", "се изпълнява от", "се осъществява от",
	// a list's heading: "Изпълнени проекти на Община Тервел", "Проекти, изпълнени от Община Белене"
	"проекти на", "проектите на", "изпълнени от", "изпълнявани от", "реализирани от", "съфинансирането от"}

// Holder returns who text says holds or runs the project: a
// municipality ("Община Пещера", "Столична община") or another body
// printed with its name ("Сдружение „Дунавски хоризонти“", "СУ „Неофит
// Рилски“"), followed by one of holderVerbs (after an aside: "Община
// Хасково, в качеството си на водещ партньор, подписа …"; or with its
// counterpart: "Община Пазарджик и Държавен фонд „Земеделие“ сключиха
// договор"), or after one of holderBefore, within its sentence ("Водещ
// партньор е Община Кълъраш" names a municipality abroad too). "Общината"
// with a holder verb is the site's municipality, site. ok is false when
// the text says nothing of the kind: the site's municipality is never
// assumed.
func Holder(text, site string) (string, bool) {
	return HolderIn(text, Lower(text), site)
}

// HolderIn is Holder for a text whose lower-cased form lt (Lower) the
// caller has.
func HolderIn(text, lt, site string) (string, bool) {
	ms := holderCandidates(text, lt, site)
	// a stated holder first: "Бенефициент е Детска градина „Здравец“, а
	// Община Х осигурява съфинансирането" — whoever a mayor or a share
	// names earlier in the text
	if strings.Contains(lt, "бенефициент") || strings.Contains(lt, "водещ") {
		for _, m := range ms {
			if before := lt[SentenceStart(lt, m.start):m.start]; statedHolderRe.MatchString(before) {
				return m.name, true
			}
		}
	}
	for _, m := range ms {
		after := lt[m.end:min(len(lt), m.end+240)]
		if m.firm && !firmRunsProject(after) {
			// "„Понт Марин Билд“ ООД стартира строителството": the
			// builder; "„Общински пазари“ ЕООД … стартира изпълнението на
			// проект …": the holder
			continue
		}
		if holderAfter(after) && !strings.HasPrefix(strings.TrimLeft(lt[m.end:], " "), "\n\n") {
			return m.name, true
		}
		before := strings.TrimRight(lt[SentenceStart(lt, m.start):m.start], " ")
		for _, p := range holderBefore {
			if strings.HasSuffix(before, p) {
				return m.name, true
			}
		}
	}
	return "", false
}

// statedHolderRe ends the words that state a holder: "Бенефициент е",
// "Бенефициентът по проекта е", "Бенефициент и по двата договора е",
// "Водещ партньор е", "Бенефициент:".
var statedHolderRe = regexp.MustCompile(`(?:бенефициент(?:ът)?|водещ(?:ият)? партньор|водеща(?:та)? организация)(?:\s+[^.;:\n]{0,40}?)?(?:\s+е|:)\s*$`)

// mention is a body named in text at [start, end).
type mention struct {
	name       string
	start, end int
	firm       bool // a company („X“ ЕООД): a holder only of a project it is said to run
}

// orgWords name bodies other than municipalities, printed before their
// quoted name: "Сдружение „Дунавски хоризонти“", "СУ „Неофит Рилски“".
var orgWords = []string{"Сдружение", "СДРУЖЕНИЕ", "Фондация", "ФОНДАЦИЯ", "Народно читалище", "НЧ", "Читалище", "Асоциация",
	"Местна инициативна група", "МИГ", "СУ", "ОУ", "ОбУ", "НУ", "ПГ", "ПМГ", "ППМГ", "ДГ", "ЦДГ", "МБАЛ", "ДКЦ",
	"Областна администрация", "Университет", "СОУ", "ОДЗ", "ЦПЛР", "ЦСОП", "ПГИ", "ПГСС", "ПГМЕТ",
	"Детска градина", "детска градина", "Детска ясла", "Основно училище", "основно училище", "Средно училище", "средно училище",
	"Обединено училище", "Начално училище", "Професионална гимназия", "Профилирана гимназия", "Езикова гимназия",
	"Математическа гимназия", "Природоматематическа гимназия", "Гимназия", "Исторически музей", "Регионален исторически музей",
	"Художествена галерия", "Регионална библиотека", "Спортен клуб"}

// orgMentions finds bodies named by one of orgWords and a quoted name,
// looking only before each opening quote (a pattern searched over the
// whole text costs a quarter of the extractor's time).
func orgMentions(text string) []mention {
	var out []mention
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r != '„' && r != '"' && r != '“' && r != '«' {
			i += n
			continue
		}
		before := strings.TrimRight(text[max(0, i-40):i], " \u00a0")
		for _, w := range orgWords {
			if !strings.HasSuffix(before, w) {
				continue
			}
			start := len(before) - len(w) + max(0, i-40)
			if start > 0 && unicode.IsLetter(lastRune(text[:start])) {
				continue // "…ОУ" inside a word
			}
			end := strings.IndexAny(text[i+n:], "“”\"»\n")
			if end < 2 || end > 160 || text[i+n+end] == '\n' {
				break
			}
			close := i + n + end
			_, cn := utf8.DecodeRuneInString(text[close:])
			out = append(out, mention{text[start : close+cn], start, close + cn, false})
			break
		}
		i += n
	}
	return out
}

// firmForms are the legal forms printed after a company's quoted name.
var firmForms = []string{"ЕООД", "ООД", "ЕАД", "АД", "ДЗЗД"}

// firmMentions finds companies named by a quoted name and a legal form
// ("„Общински пазари и пристанища – Созопол“ ЕООД").
func firmMentions(text string) []mention {
	var out []mention
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		if r != '„' {
			continue
		}
		end := strings.IndexAny(text[i:], "“”\n")
		if end < 2 || end > 160 || text[i+end] == '\n' {
			continue
		}
		close := i + end
		_, cn := utf8.DecodeRuneInString(text[close:])
		rest := text[close+cn:]
		form := strings.TrimLeft(rest, " \u00a0")
		for _, f := range firmForms {
			if strings.HasPrefix(form, f) && (len(form) == len(f) || !unicode.IsLetter(firstRune(form[len(f):]))) {
				e := close + cn + (len(rest) - len(form)) + len(f)
				out = append(out, mention{text[i-n : e], i - n, e, true})
				break
			}
		}
	}
	return out
}

// firmRunsProject: after a company's name, a holder verb whose object is
// the project ("стартира изпълнението на проект", "е бенефициент по"),
// not works.
func firmRunsProject(after string) bool {
	after = strings.TrimLeft(after, " ")
	if strings.HasPrefix(after, ",") {
		if j := strings.Index(after[1:], ","); j >= 0 && utf8.RuneCountInString(after[1:j+1]) <= 60 {
			after = after[j+2:]
		}
	}
	clause := FirstRunes(after, 60)
	return ContainsAny(clause, "проект", "бенефициент", "безвъзмездна", "административен договор") &&
		!ContainsAny(clause, "строител", "смр", "доставк", "изпълнител", "ремонт")
}

// holderCandidates lists the bodies text names, in order: municipalities
// ("Община X", "Столична община", "Общината" for site) and other bodies
// named in quotes.
func holderCandidates(text, lt, site string) []mention {
	var out []mention
	for from := 0; ; {
		i := strings.Index(lt[from:], "община")
		if i < 0 {
			break
		}
		i += from
		from = i + len("община")
		end := from
		switch {
		case strings.HasPrefix(lt[end:], "та") && (end+len("та") == len(lt) || !unicode.IsLetter(firstRune(lt[end+len("та"):]))) &&
			(i == 0 || !unicode.IsLetter(lastRune(lt[:i]))):
			// "Общината кандидатства …": the site's own
			if site != "" {
				out = append(out, mention{officialName(site), i, end + len("та"), false})
			}
		case isStolichna(lt, i):
			out = append(out, mention{"Столична община", i, end, false})
		case end < len(lt) && isSpaceAt(lt, end):
			if n := municipalityAfter(text, end); n != "" {
				out = append(out, mention{"Община " + n, i, skipSpaces(text, end) + len(n), false})
			} else if n := capitalizedAfter(text, end); n != "" {
				// a municipality abroad ("Община Кълъраш"): a holder only
				// after a holder phrase, which Holder checks before it
				out = append(out, mention{"Община " + n, i, skipSpaces(text, end) + len(n), false})
			}
		}
	}
	out = append(out, orgMentions(text)...)
	out = append(out, firmMentions(text)...)
	sort.SliceStable(out, func(a, b int) bool { return out[a].start < out[b].start })
	return out
}

// capitalizedAfter reads one or two capitalized words at text[i] (after
// spaces): a name the gazetteer does not hold.
func capitalizedAfter(text string, i int) string {
	i = skipSpaces(text, i)
	j := i
	for w := 0; w < 2 && j < len(text); w++ {
		r, _ := utf8.DecodeRuneInString(text[j:])
		if !unicode.IsUpper(r) {
			break
		}
		e := j
		for e < len(text) {
			r, n := utf8.DecodeRuneInString(text[e:])
			if !unicode.IsLetter(r) {
				break
			}
			e += n
		}
		if utf8.RuneCountInString(text[j:e]) < 3 {
			break
		}
		j = e
		if j >= len(text) || text[j] != ' ' {
			break
		}
		if r, _ := utf8.DecodeRuneInString(text[j+1:]); !unicode.IsUpper(r) {
			break
		}
		j++
	}
	return strings.TrimSpace(text[i:j])
}

// holderAfter: the words after a body's name make it the holder: a holder
// verb, after an aside between commas ("…, в качеството си на бенефициент
// по …") or after "и <counterpart>" and a plural verb.
func holderAfter(after string) bool {
	after = strings.TrimLeft(after, " \n")
	if m := placeAfterRe.FindStringIndex(after); m != nil {
		// "Народно читалище „X“ в с. Оброчище спечели …": a place of one
		// word or two before the verb
		if holderAfter(after[m[1]:]) {
			return true
		}
		if k := strings.IndexByte(after[m[1]:], ' '); k > 0 && holderAfter(after[m[1]+k+1:]) {
			return true
		}
	}
	if strings.HasPrefix(after, ",") {
		aside := strings.TrimLeft(after[1:], " ")
		if strings.HasPrefix(aside, "в качеството си на") || strings.HasPrefix(aside, "като ") {
			role := lastRunesAfter(aside, 40)
			return strings.Contains(role, "бенефициент") || strings.Contains(role, "водещ партньор") || strings.Contains(role, "водеща организация")
		}
		if j := strings.Index(after[1:], ","); j >= 0 && utf8.RuneCountInString(after[1:j+1]) <= 60 {
			after = strings.TrimLeft(after[j+2:], " ")
		}
	}
	for _, v := range holderVerbs {
		if strings.HasPrefix(after, v) {
			return true
		}
	}
	if strings.HasPrefix(after, "и ") {
		end := len(after)
		if k := strings.IndexAny(after, ".;"); k >= 0 {
			end = k
		}
		for _, v := range []string{"сключиха", "подписаха", "изпълняват", "реализират", "ще изпълняват", "ще реализират", "са бенефициенти"} {
			if k := strings.Index(after[:end], v); k >= 0 && utf8.RuneCountInString(after[:k]) <= 80 {
				return true
			}
		}
	}
	return false
}

// placeAfterRe is where a body is ("в с. Оброчище", "– гр. Дупница"),
// between its name and what it does.
var placeAfterRe = regexp.MustCompile(`^(?:в|от|[-–—,])\s*(?:с\.|гр\.|село|град)\s*\p{L}+,?\s+`)

// lastRunesAfter returns the first n runes of s.
func lastRunesAfter(s string, n int) string {
	i := 0
	for ; n > 0 && i < len(s); n-- {
		_, m := utf8.DecodeRuneInString(s[i:])
		i += m
	}
	return s[:i]
}

func isStolichna(lt string, i int) bool {
	j := strings.LastIndex(lt[max(0, i-20):i], "столична")
	return j >= 0 && strings.TrimSpace(lt[max(0, i-20)+j+len("столична"):i]) == ""
}

// officialName writes a municipality as its holder is named: "Община
// Пещера", "Столична община".
func officialName(muni string) string {
	switch muni {
	case "":
		return ""
	case "Столична":
		return "Столична община"
	}
	return "Община " + muni
}

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
