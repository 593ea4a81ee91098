package demoweb

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The words of a generated municipal site: what its sections are called,
// the titles of its projects, news and documents, and their texts. They
// are written after real municipal sites (and the corpus); the labels of
// a site's project section vary from site to site as they do in life.

// projectLabels name a site's project section.
var projectLabels = []string{
	"Проекти", "Европейски проекти", "Проекти и програми", "Оперативни програми", "Реализирани проекти",
	"Текущи проекти", "Проекти по ОПРР", "Програма „Развитие на регионите“", "Проекти по НПВУ",
	"Проекти с европейско финансиране", "Финансирани проекти", "Програми и проекти", "Европроекти",
	"ПРСР 2014–2020", "Проекти и инвестиции",
}

// projectSlugs are the paths of a project section on a site with slugs
// (some say nothing of projects: the label has to).
var projectSlugs = []string{"proekti", "evroproekti", "bg/proekti-i-programi", "programi-i-proekti",
	"operativni-programi", "eu-proekti", "investicii", "deynosti/evropeyski-fondove", "bg/razvitie"}

// noiseKind is a kind of section a project crawl does not need.
type noiseKind struct {
	label, slug, item string // its label, its path, the word of its items' paths
	word              string // what its items are called
	items             int    // how many items at most
}

// noiseSections are the sections a project crawl does not need.
var noiseSections = []noiseKind{
	{"Решения на Общински съвет", "obshtinski-savet/resheniya", "reshenie", "Решение", 110},
	{"Обществени поръчки", "profil-na-kupuvacha", "porachka", "Обществена поръчка", 60},
	{"Обяви и съобщения", "obyavi", "obyava", "Обява", 50},
	{"Бюджет и финанси", "byudzhet", "dokument", "Бюджет и отчет", 16},
	{"Наредби", "naredbi", "naredba", "Наредба", 30},
	{"Събития", "sabitiya", "sabitie", "Събитие", 40},
}

// staticPages are the site's pages about itself.
var staticPages = []struct{ label, slug string }{
	{"История", "istoriya"}, {"Структура на администрацията", "struktura"}, {"Административни услуги", "uslugi"},
	{"Контакти", "kontakti"}, {"Туризъм", "turizam"}, {"Кмет", "kmet"},
}

var places = []string{"кв. „Изток“", "кв. „Запад“", "с. Горно поле", "с. Долно село", "централната градска част",
	"кв. „Младост“", "с. Бели брег", "кв. „Възраждане“", "с. Ново село", "кв. „Христо Ботев“"}

var projectActs = []string{
	"Реконструкция и рехабилитация на улична мрежа в %s",
	"Енергийна ефективност на сградата на ДГ „Слънце“ в %s",
	"Изграждане на спортна площадка в %s",
	"Подобряване на образователната среда в ОУ „Христо Ботев“, %s",
	"Благоустрояване на междублокови пространства в %s",
	"Модернизация на уличното осветление в %s",
	"Патронажна грижа за възрастни хора и лица с увреждания в %s",
	"Изграждане на канализация и водопровод в %s",
	"Обновяване на читалище „Просвета“ в %s",
	"Рехабилитация на общински път до %s",
	"Социално предприятие за обществено хранене в %s",
	"Зелени площи и детски площадки в %s",
}

// programmes are the programmes of the generated projects: name, contract
// number prefix, fund.
var programmes = []struct{ name, prefix, fund string }{
	{"Оперативна програма „Региони в растеж“ 2014-2020", "BG16RFOP001-%d.%03d-%04d-C01", "Европейския фонд за регионално развитие"},
	{"Програма за развитие на селските райони 2014-2020", "BG06RDNP001-7.%03d-%04d-C%02d", "Европейския земеделски фонд за развитие на селските райони"},
	{"Оперативна програма „Развитие на човешките ресурси“ 2014-2020", "BG05M9OP001-%d.%03d-%04d-C01", "Европейския социален фонд"},
	{"Програма „Развитие на регионите“ 2021-2027", "BG16FFPR003-%d.%03d-%04d-C01", "Европейския фонд за регионално развитие"},
}

var newsPlain = []string{
	"Кметът на общината се срещна с граждани от %s", "График за сметоизвозване през празничните дни",
	"Отстранена е авария на водопровода в %s", "Празник на града: програма на тържествата",
	"Започва записването за летните занимания на децата", "Честит празник на учителите!",
	"Временна организация на движението в %s", "Информация за отоплителния сезон",
	"Кампания за почистване на речните корита", "Среща с представители на бизнеса",
	"Пролетно залесяване в %s", "Резултати от ученическото състезание по математика",
}

// newsProject announce projects; the last ones say nothing of a project
// in their titles, as some real announcements do not.
var newsProject = []string{
	"Община %[1]s подписа договор за безвъзмездна финансова помощ по %[2]s",
	"Стартира изпълнението на проект „%[3]s“",
	"Приключи проект „%[3]s“, финансиран по %[2]s",
	"Встъпителна пресконференция по проект „%[3]s“",
	"Община %[1]s спечели финансиране по %[2]s",
	"Започна ремонтът по проект „%[3]s“",
	"Нова придобивка за %[4]s",
}

// noiseSubjects are what the items of each noise section are about; a few
// speak of projects, as real decisions and tenders do.
var noiseSubjects = map[string][]string{
	"resheniya": {"приемане на отчет за изпълнение на бюджета", "отдаване под наем на общински имот",
		"промяна в състава на постоянните комисии", "кандидатстване с проектно предложение по ПРСР 2014-2020",
		"одобряване на подробен устройствен план", "отпускане на еднократна помощ", "продажба на общинско жилище",
		"осигуряване на съфинансиране по проект на общината", "приемане на годишен план за приватизация"},
	"kupuvacha": {"Доставка на гориво за нуждите на общината", "Зимно поддържане на общинската пътна мрежа",
		"Изпълнение на СМР по проект „Енергийна ефективност на общински сгради“", "Доставка на храни за детските градини",
		"Осъществяване на строителен надзор", "Застраховане на общинско имущество"},
	"obyavi": {"прекъсване на водоподаването", "обществено обсъждане на проектобюджета", "търг за отдаване под наем",
		"преброяване на селскостопанските животни", "публичен регистър на издадените разрешения"},
	"byudzhet": {"Бюджет 2025", "Отчет за касовото изпълнение", "Проектобюджет за следващата година", "Инвестиционна програма"},
	"naredbi": {"определянето и администрирането на местните такси", "управлението на общинската собственост",
		"обществения ред", "условията за отглеждане на домашни любимци", "поставяне на преместваеми обекти"},
	"sabitiya": {"Концерт на открито", "Изложба на местни художници", "Празник на града", "Коледен базар", "Фолклорен фестивал"},
}

// noiseItemTitle is the title of item i of a noise section.
func noiseItemTitle(rng *rand.Rand, slug, word string, i int) string {
	for k, subjects := range noiseSubjects {
		if strings.Contains(slug, k) {
			s := subjects[rng.IntN(len(subjects))]
			switch k {
			case "resheniya":
				return fmt.Sprintf("Решение № %d относно %s", 100+i, s)
			case "kupuvacha", "byudzhet", "sabitiya":
				return fmt.Sprintf("%s (%d)", s, i+1)
			case "naredbi":
				return "Наредба за " + s
			default:
				return fmt.Sprintf("%s № %d: %s", word, i+1, s)
			}
		}
	}
	return fmt.Sprintf("%s № %d", word, i+1)
}

// title returns a project's title.
func projectTitle(rng *rand.Rand) string {
	t := fmt.Sprintf(projectActs[rng.IntN(len(projectActs))], places[rng.IntN(len(places))])
	if rng.IntN(3) == 0 {
		t = "Проект „" + t + "“"
	}
	return t
}

// project is a generated project: what its pages say.
type project struct {
	title, contract, programme, fund string
	total, grant                     int // stotinki
	start, months                    int
}

func newProject(rng *rand.Rand, n int) project {
	p := programmes[rng.IntN(len(programmes))]
	var contract string
	if strings.HasPrefix(p.prefix, "BG06") {
		contract = fmt.Sprintf(p.prefix, 1+rng.IntN(20), 1+n%9999, 1+rng.IntN(3))
	} else {
		contract = fmt.Sprintf(p.prefix, 1+rng.IntN(5), 1+rng.IntN(20), 1+n%9999)
	}
	total := 5_000_000 + rng.IntN(300_000_000)
	return project{title: projectTitle(rng), contract: contract, programme: p.name, fund: p.fund,
		total: total, grant: total * (80 + rng.IntN(20)) / 100, start: 1 + rng.IntN(27), months: 12 + rng.IntN(24)}
}

// leva writes stotinki as "1 234 567,89 лв.".
func leva(st int) string {
	s := fmt.Sprintf("%d", st/100)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return fmt.Sprintf("%s,%02d лв.", b.String(), st%100)
}

// projectBody is a project's page in one of the layouts municipal sites use.
func (p project) body(muni string, layout int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(p.title))
	end := fmt.Sprintf("%02d.%02d.%d г.", p.start, 1+(p.months%12), 2025+p.months/12)
	switch layout % 3 {
	case 0:
		fmt.Fprintf(&b, `<table><tr><th>Договор №</th><td>%s</td></tr><tr><th>Програма</th><td>%s</td></tr>
<tr><th>Бенефициент</th><td>Община %s</td></tr><tr><th>Обща стойност</th><td>%s</td></tr>
<tr><th>Безвъзмездна финансова помощ</th><td>%s</td></tr><tr><th>Начало</th><td>%02d.03.2024 г.</td></tr><tr><th>Край</th><td>%s</td></tr></table>
`, p.contract, esc(p.programme), esc(muni), leva(p.total), leva(p.grant), p.start, end)
	case 1:
		fmt.Fprintf(&b, `<p>Община %s изпълнява проект „%s“ по договор за безвъзмездна финансова помощ № %s по %s.</p>
<p>Общата стойност на проекта е %s, от които %s безвъзмездна финансова помощ. Продължителността на проекта е %d месеца, от %02d.03.2024 г.</p>
`, esc(muni), esc(strings.TrimSuffix(strings.TrimPrefix(p.title, "Проект „"), "“")), p.contract, esc(p.programme), leva(p.total), leva(p.grant), p.months, p.start)
	default:
		fmt.Fprintf(&b, `<dl><dt>Наименование на проекта</dt><dd>%s</dd><dt>Номер на договора</dt><dd>%s</dd>
<dt>Оперативна програма</dt><dd>%s</dd><dt>Стойност</dt><dd>%s</dd><dt>Срок на изпълнение</dt><dd>%02d.03.2024 г. – %s</dd></dl>
`, esc(p.title), p.contract, esc(p.programme), leva(p.total), p.start, end)
	}
	fmt.Fprintf(&b, `<h2>Цел на проекта</h2><p>Основната цел на проекта е подобряване на условията и качеството на живот в община %s.</p>
<h2>Дейности</h2><ul><li>Изготвяне на инвестиционен проект</li><li>Строително-монтажни работи</li><li>Строителен надзор</li><li>Информация и публичност</li></ul>
<p>Проектът се изпълнява с финансовата подкрепа на Европейския съюз чрез %s.</p>
`, esc(muni), esc(p.fund))
	return b.String()
}

// newsProjectBody announces a project in a news item.
func (p project) newsBody(muni, title string) string {
	return fmt.Sprintf(`<h1>%s</h1><p class="date">Публикувано на %02d.%02d.2025</p>
<p>Община %s подписа договор № %s за предоставяне на безвъзмездна финансова помощ по %s. Проектът „%s“ е на обща стойност %s и ще се изпълнява %d месеца.</p>
<p>Проектът се финансира от Европейския съюз чрез %s. Кметът на общината благодари на екипа, подготвил проектното предложение.</p>
`, esc(title), p.start, 1+p.months%12, esc(muni), p.contract, esc(p.programme),
		esc(strings.TrimSuffix(strings.TrimPrefix(p.title, "Проект „"), "“")), leva(p.total), p.months, esc(p.fund))
}

// noiseBody is a page of a section a project crawl does not need. Some
// speak of projects, as council decisions and tenders do.
func noiseBody(rng *rand.Rand, muni, slug, title string, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<h1>%s</h1>\n", esc(title))
	mention := rng.IntN(8) == 0
	switch {
	case strings.Contains(slug, "resheniya"):
		fmt.Fprintf(&b, `<p>Общински съвет %s на заседание, проведено на %02d.%02d.2025 г., Протокол № %d, на основание чл. 21, ал. 1 от ЗМСМА реши:</p><ol><li>Приема отчета за дейността на общинската администрация.</li><li>Възлага на кмета да предприеме необходимите действия.</li></ol>`,
			esc(muni), 1+n%28, 1+n%12, 10+n)
		if mention {
			b.WriteString(`<p>Дава съгласие Общината да кандидатства с проектно предложение по Програма „Развитие на регионите“ 2021-2027 и осигурява съфинансиране.</p>`)
		}
	case strings.Contains(slug, "kupuvacha"):
		fmt.Fprintf(&b, `<p>Обществена поръчка с предмет „Доставка на гориво за нуждите на Община %s“, открита с Решение № %d. Краен срок за подаване на оферти: %02d.%02d.2025 г.</p><p>Прогнозна стойност: %s без ДДС.</p>`,
			esc(muni), 100+n, 1+n%28, 1+n%12, leva(1_000_000+n*1000))
		if mention {
			b.WriteString(`<p>Поръчката се възлага във връзка с изпълнението на проект, финансиран по Програма за развитие на селските райони 2014-2020.</p>`)
		}
	case strings.Contains(slug, "byudzhet"):
		fmt.Fprintf(&b, `<p>Общински съвет %s прие бюджета на общината. Приходите са в размер на %s, разходите – %s.</p>`, esc(muni), leva(3_000_000_000+n), leva(2_900_000_000+n))
	case strings.Contains(slug, "naredbi"):
		fmt.Fprintf(&b, `<p>Глава първа. Общи разпоредби. Чл. 1. С тази наредба се уреждат редът и условията за %s на територията на Община %s.</p><p>Чл. 2. Наредбата се прилага от %02d.%02d.2024 г.</p>`,
			esc(strings.ToLower(title)), esc(muni), 1+n%28, 1+n%12)
	case strings.Contains(slug, "sabitiya"):
		fmt.Fprintf(&b, `<p>Заповядайте на %02d.%02d.2025 г. от 18:00 ч. в читалище „Просвета“. Вход свободен.</p><p>Програма: концерт на танцов състав, изложба на местни художници.</p>`, 1+n%28, 1+n%12)
	default:
		fmt.Fprintf(&b, `<p>Община %s съобщава на гражданите, че на %02d.%02d.2025 г. ще бъде %s. За справки: телефон 0%d.</p>`,
			esc(muni), 1+n%28, 1+n%12, []string{"прекъснато водоподаването в централната част", "проведено обществено обсъждане", "извършено пръскане срещу комари"}[n%3], 30000+n)
	}
	b.WriteString(`<p>Документът е публикуван на основание Закона за достъп до обществена информация. Всички права запазени.</p>`)
	return b.String()
}

// translit writes a Bulgarian title in Latin letters, as slugs do.
func translit(s string) string {
	var b strings.Builder
	dash := true
	for _, r := range strings.ToLower(s) {
		if t, ok := latin[r]; ok {
			b.WriteString(t)
			dash = false
		} else if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-")
	if len(out) > 48 {
		out = strings.TrimRight(out[:48], "-")
	}
	return out
}

var latin = map[rune]string{'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'е': "e", 'ж': "zh", 'з': "z", 'и': "i",
	'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p", 'р': "r", 'с': "s", 'т': "t", 'у': "u",
	'ф': "f", 'х': "h", 'ц': "ts", 'ч': "ch", 'ш': "sh", 'щ': "sht", 'ъ': "a", 'ь': "y", 'ю': "yu", 'я': "ya"}

// esc escapes text for HTML.
func esc(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
