package api

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// The page for people speaks Bulgarian by default and English on request
// (?lang=en, remembered in a cookie). Every string the templates show is in
// one of the two catalogs below; a test checks that both hold every key the
// templates use.

const (
	langBG     = "bg"
	langEN     = "en"
	langCookie = "lang"
)

// catalog is one language's UI strings, by key.
type catalog struct {
	lang    string
	strings map[string]string
}

// T returns the string for key; with args it is a fmt format. A missing key
// shows the key itself, so a gap is visible rather than blank.
func (c *catalog) T(key string, args ...any) string {
	s, ok := c.strings[key]
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Field names a record field of the history (budget.grant …) in the
// catalog's language; a field with no label keeps its name.
func (c *catalog) Field(name string) string {
	key := "field." + name
	if k, ok := historyFields[name]; ok {
		key = k
	}
	if s, ok := c.strings[key]; ok {
		return s
	}
	return name
}

// historyFields maps the nested fields of a Change to their labels.
var historyFields = map[string]string{
	"budget.total": "field.total", "budget.grant": "field.grant", "budget.own_contribution": "field.own_contribution",
	"budget.cofinancing_rate": "field.cofinancing_rate", "budget.currency": "field.currency",
	"budget.total_eur": "field.total_eur", "budget.grant_eur": "field.grant_eur", "budget.eu": "field.eu",
	"budget.national": "field.national", "budget.own": "field.own", "period.start": "field.start",
	"period.end": "field.end", "period.duration_months": "field.duration", "budget.amount_eur": "field.amount_eur",
}

// Lang is the BCP 47 tag of the catalog, for <html lang>.
func (c *catalog) Lang() string { return c.lang }

// catalogs is the pair of languages; build it once with newCatalogs.
type catalogs map[string]*catalog

func newCatalogs() catalogs {
	return catalogs{
		langBG: {lang: langBG, strings: joinStrings(stringsBG, pageBG)},
		langEN: {lang: langEN, strings: joinStrings(stringsEN, pageEN)},
	}
}

// joinStrings is one catalog from several maps; a later map's key wins.
func joinStrings(maps ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return out
}

// pick chooses the language of a request: ?lang= first (and remember it in a
// cookie), then the cookie, then Bulgarian.
func (cs catalogs) pick(w http.ResponseWriter, r *http.Request) *catalog {
	if l := r.URL.Query().Get("lang"); l != "" {
		if c, ok := cs[l]; ok && !cookieSet(w) {
			http.SetCookie(w, &http.Cookie{
				Name: langCookie, Value: l, Path: "/", MaxAge: 365 * 24 * 3600,
				HttpOnly: true, SameSite: http.SameSiteLaxMode,
			})
			return c
		} else if ok {
			return c
		}
	}
	if ck, err := r.Cookie(langCookie); err == nil {
		if c, ok := cs[ck.Value]; ok {
			return c
		}
	}
	return cs[langBG]
}

// cookieSet reports whether this answer already sets the language cookie
// (pick may run twice for one request).
func cookieSet(w http.ResponseWriter) bool {
	for _, v := range w.Header().Values("Set-Cookie") {
		if strings.HasPrefix(v, langCookie+"=") {
			return true
		}
	}
	return false
}

var stringsBG = map[string]string{
	"site.name":               "Отворени данни за европейски проекти на общините",
	"site.description":        "Търсене в проектите, които българските общини изпълняват с европейски и национални средства: бюджети в лева и евро, срокове, програми, източници. Данните се изтеглят като CSV и JSON.",
	"site.short":              "Проекти на общините",
	"nav.search":              "Търсене",
	"nav.about":               "За данните",
	"nav.api":                 "API",
	"lang.switch":             "English",
	"lang.other":              "en",
	"skip":                    "Към съдържанието",
	"search.label":            "Търсене в проектите",
	"search.ph":               "напр. енергийна ефективност, Пещера, BG16RFOP001",
	"search.button":           "Търси",
	"search.help":             "Думите намират всички форми (мониторинг → мониторинга); \"фраза\" в кавички; -дума изключва; латиница намира кирилица; дума с грешка намира най-близката.",
	"search.didyoumean":       "Търсихте ли:",
	"match.corrected":         "„%s“ не се среща в нито един проект; търсено е „%s“.",
	"match.some":              "Няма проект с всички думи; показани са проектите с повечето от тях.",
	"match.some.part":         "Всички думи имат %s от проектите; след тях са проектите с повечето от думите.",
	"filters":                 "Филтри",
	"filters.apply":           "Приложи",
	"filters.clear":           "Изчисти всичко",
	"facet.municipality":      "Община",
	"facet.programme":         "Програма",
	"facet.fund":              "Фонд",
	"facet.year":              "Година",
	"facet.none":              "няма стойности",
	"year.from":               "от година",
	"year.to":                 "до година",
	"budget.range":            "Бюджет (евро)",
	"budget.min":              "от",
	"budget.max":              "до",
	"sort":                    "Подреждане",
	"sort.default":            "по подразбиране",
	"sort.relevance":          "по съответствие",
	"sort.-budget":            "по бюджет, най-голям първо",
	"sort.budget":             "по бюджет, най-малък първо",
	"sort.-start":             "по начало, най-нови първо",
	"sort.start":              "по начало, най-стари първо",
	"sort.-published":         "по публикуване, най-нови първо",
	"sort.published":          "по публикуване, най-стари първо",
	"sort.title":              "по заглавие",
	"sort.-updated":           "последно променени първо",
	"sort.updated":            "по промяна, най-старите първо",
	"feed.title":              "Нови и променени проекти",
	"feed.subtitle":           "Проекти на българските общини с европейско и национално финансиране, по последна промяна",
	"feed.kind.created":       "Нов",
	"feed.kind.changed":       "Променен",
	"feed.kind.withdrawn":     "Премахнат от сайта",
	"feed.kind.restored":      "Върнат на сайта",
	"feed.changes":            "Промени от %s:",
	"feed.link":               "Следете промените (Atom)",
	"updated.since":           "Променени от (дата)",
	"results.count":           "Намерени проекти: %s",
	"results.none":            "Няма проекти, които отговарят на търсенето. Опитайте с по-малко думи или филтри.",
	"results.nodata":          "Все още няма събрани проекти. Данните се появяват след първото обхождане на сайтовете (opendata crawl).",
	"result.withdrawn":        "премахнат от сайта",
	"result.grant_only":       "безвъзмездна помощ; общата стойност не е посочена",
	"results.range":           "показани %d–%d",
	"download":                "Изтегли резултатите",
	"download.pick":           "За Excel и LibreOffice изберете XLSX — сумите и датите се отварят вярно при всякакви настройки; CSV и JSON са за програми.",
	"download.which":          "Кой файл за какво?",
	"download.help":           "Файлът съдържа всички %s намерени проекта, не само тази страница.",
	"page.prev":               "← Предишна",
	"page.next":               "Следваща →",
	"page.nav":                "Страници",
	"page.current":            "страница %d",
	"field.id":                "Идентификатор",
	"field.title":             "Заглавие",
	"field.contract_numbers":  "Номер на договор",
	"field.procedure_codes":   "Процедура",
	"field.programme":         "Програма",
	"field.funds":             "Фондове",
	"field.beneficiary":       "Бенефициент",
	"field.municipality":      "Община",
	"field.municipality_code": "Код на общината по ЕКАТТЕ",
	"field.partners":          "Партньори",
	"field.contractors":       "Изпълнители",
	"field.budget":            "Бюджет",
	"field.total":             "Обща стойност",
	"field.grant":             "Безвъзмездна помощ",
	"field.own_contribution":  "Собствен принос",
	"field.cofinancing_rate":  "Съфинансиране",
	"field.eu":                "Европейско финансиране",
	"field.national":          "Национално финансиране",
	"field.own":               "Собствено финансиране",
	"field.period":            "Период",
	"field.duration":          "Продължителност",
	"field.objectives":        "Цели",
	"field.activities":        "Дейности",
	"field.results":           "Резултати",
	"field.target_groups":     "Целеви групи",
	"field.published":         "Публикуван",
	"field.first_seen":        "Открит от нас",
	"field.updated":           "Последна промяна",
	"field.withdrawn":         "Премахнат от сайта",
	"field.programme_name":    "Име на програмата",
	"field.currency":          "Валута",
	"field.total_eur":         "Обща стойност в евро",
	"field.grant_eur":         "Безвъзмездна помощ в евро",
	"field.start":             "Начало",
	"field.end":               "Край",
	"field.sources":           "Източници",
	"field.documents":         "Документи",
	"field.warnings":          "Забележки",
	"months":                  "%d месеца",
	"not.stated":              "не е посочено",
	"as.stated":               "както е посочено",
	"in.eur":                  "в евро",
	"eur.note":                "Левовете са превърнати в евро по фиксирания курс 1 евро = 1,95583 лв.",
	"warnings":                "Забележки",
	"warnings.help":           "Неща в страницата на общината, които не се връзват. Не сме ги „поправяли“.",
	"sources":                 "Източници",
	"sources.fetched":         "изтеглено на",
	"documents":               "Документи",
	"history":                 "История на промените",
	"history.none":            "Няма записани промени.",
	"history.field":           "Поле",
	"history.from":            "Преди",
	"history.to":              "След",
	"kind.created":            "добавен",
	"kind.changed":            "променен",
	"kind.withdrawn":          "премахнат",
	"kind.restored":           "възстановен",
	"project.json":            "Този проект като JSON",
	"project.history.json":    "Историята като JSON",
	"project.back":            "← Към търсенето",
	"project.withdrawn":       "Проектът вече не се показва на сайта на общината (от %s). Пазим последната му версия.",
	"about.title":             "За данните",
	"about.what":              "Какво събираме",
	"about.what.text":         "Обхождаме разделите за проекти на сайтовете на българските общини и извличаме от всяка страница проектите, финансирани от Европейския съюз и от национални програми: договор, програма, бюджет, период, цели, дейности и резултати. Всеки запис сочи страниците, от които е взет.",
	"about.sites":             "Общини с проекти в данните: %d.",
	"about.crawled":           "Сайтове в последното обхождане: %d.",
	"about.projects":          "Проекти: %s, с обща стойност %s.",
	"about.often":             "Колко често",
	"about.often.text":        "Сайтовете се обхождат по график, обикновено всяка нощ, учтиво: с пауза между заявките и спазване на robots.txt. Променените страници се извличат отново и промените се пазят в историята на всеки проект.",
	"about.last":              "Последно обхождане",
	"about.last.none":         "Все още няма обхождане.",
	"about.last.text":         "Започнато %s, завършено %s (%s). Изтеглени страници: %d, непроменени: %d, неуспешни: %d. Нови проекти: %d, променени: %d.",
	"about.running":           "тече",
	"about.recent":            "Последните обхождания",
	"crawl.started":           "Начало",
	"crawl.status":            "Състояние",
	"crawl.pages":             "Страници",
	"crawl.failed":            "Неуспешни",
	"crawl.added":             "Нови проекти",
	"crawl.changed":           "Променени",
	"about.licence":           "Лиценз",
	"about.licence.text":      "Данните се предоставят под лиценз",
	"about.licence.attr":      "При повторна употреба посочете „Отворени данни за европейски проекти на общините“ и оригиналните страници на общините.",
	"about.caveat":            "Внимание",
	"about.caveat.text":       "Данните са извлечени автоматично от страници, писани от хора. Сумите и датите не се досещаме: каквото страницата не казва, остава празно, а несъответствията са отбелязани като забележки. Проверявайте важните числа в източника.",
	"about.api":               "За програмисти",
	"about.api.search":        "Търсене (JSON)",
	"about.api.openapi":       "Описание на API (OpenAPI)",
	"about.api.datapackage":   "Описание на данните (Data Package)",
	"about.api.csv":           "Всички данни като CSV",
	"about.api.ndjson":        "Всички данни като NDJSON",
	"status.running":          "тече",
	"status.done":             "завършено",
	"status.interrupted":      "прекъснато",
	"status.failed":           "неуспешно",
	"error.title":             "Грешка",
	"error.400":               "Заявката не може да бъде изпълнена",
	"error.404":               "Няма такава страница",
	"error.404.project":       "Няма проект с идентификатор „%s“.",
	"error.500":               "Нещо се обърка при нас",
	"error.500.text":          "Опитайте отново след малко. Ако грешката остане, съобщете ни.",
	"error.429":               "Твърде много заявки",
	"error.429.text":          "От вашия адрес идват твърде много търсения. Изчакайте %d s и опитайте отново — или изтеглете всички данни наведнъж като CSV.",
	"error.503":               "Услугата е временно недостъпна",
	"error.home":              "Към началната страница",
	"fund.ESF":                "Европейски социален фонд",
	"fund.ERDF":               "Европейски фонд за регионално развитие",
	"fund.CF":                 "Кохезионен фонд",
	"fund.EAFRD":              "Европейски земеделски фонд за развитие на селските райони",
	"fund.EMFF":               "Европейски фонд за морско дело и рибарство",
	"fund.NRRP":               "Механизъм за възстановяване и устойчивост",
	"fund.OTHER":              "Друг фонд",
	"archive.title":           "Архивирано копие на страница",
	"archive.asfetched":       "Както е изтеглена от",
	"archive.on":              "на",
	"archive.note":            "Показваме само текста и подредбата на страницата: без скриптове, изображения и стилове и без нищо, заредено от сайта на общината.",
	"archive.frame":           "Архивираната страница",
	"archive.text":            "Видимият текст",
	"archive.text.title":      "Видимият текст на архивирана страница",
	"archive.text.mark":       "Маркираното е мястото, от което е прочетена стойността.",
	"archive.versions":        "Всички версии (%d)",
	"archive.versions.title":  "Версии на страница",
	"archive.versions.help":   "Пазим всяко изтегляне, при което страницата се е променила.",
	"archive.raw":             "Както е изтеглена (API)",
	"archive.original":        "Оригиналът на живо",
	"archive.view":            "копие",
	"archive.fetched":         "Изтеглена",
	"archive.status":          "Отговор",
	"archive.size":            "Байта",
	"archive.diff":            "какво се промени",
	"archive.diff.title":      "Промени в страница",
	"archive.diff.between":    "Промени във видимия текст между",
	"archive.diff.and":        "и",
	"archive.diff.none":       "Видимият текст не се е променил.",
	"archive.diff.bad":        "Посочете две версии с параметрите from и to (по 64 шестнадесетични знака SHA-256).",
	"archive.diff.removed":    "премахнато",
	"archive.diff.added":      "добавено",
	"archive.diff.skipped":    "… непроменени редове …",
	"evidence.link":           "виж на страницата",
	"evidence.label":          "Откъде е",
	"sources.archived":        "архивирано копие",
	"sources.versions":        "версии",
	"history.page":            "версия на страницата",
	"cite":                    "Цитиране",
	"cite.help":               "Постоянна връзка, идентификатор и дата, за да може всеки да намери същия запис и страниците, от които е взет.",
	"cite.permalink":          "Постоянна връзка",
	"cite.id":                 "Идентификатор на записа",
	"cite.version":            "Версия на записа от",
	"cite.retrieved":          "Извлечено на",
	"cite.sources":            "Източници и архивирани копия",
	"cite.text":               "Готов текст за цитиране",
	"cite.formats":            "Като",
	"about.cite":              "Как да цитирате данните",
	"about.cite.text":         "Цитирайте набора от данни така (с датата, на която сте ги извлекли); за отделен проект използвайте полето „Цитиране“ на страницата му — то дава постоянна връзка, идентификатора на записа и архивираните копия на страниците, от които е взет.",
	"footer.text":             "Данни от сайтовете на общините, събрани автоматично.",
}

var stringsEN = map[string]string{
	"site.name":               "Open data on municipal EU projects in Bulgaria",
	"site.description":        "Search the projects Bulgarian municipalities run with EU and national money: budgets in leva and euro, periods, programmes, sources. Download the data as CSV and JSON.",
	"site.short":              "Municipal projects",
	"nav.search":              "Search",
	"nav.about":               "About the data",
	"nav.api":                 "API",
	"lang.switch":             "Български",
	"lang.other":              "bg",
	"skip":                    "Skip to content",
	"search.label":            "Search the projects",
	"search.ph":               "e.g. energy efficiency, Пещера, BG16RFOP001",
	"search.button":           "Search",
	"search.help":             "Words match every Bulgarian form; \"a phrase\" in quotes; -word excludes; Latin letters find Cyrillic (peshtera → Пещера); a misspelt word finds the closest one.",
	"search.didyoumean":       "Did you mean:",
	"match.corrected":         "“%s” is in no project; searched for “%s” instead.",
	"match.some":              "No project has all the words; these have most of them.",
	"match.some.part":         "%s of the projects have all the words; after them come those with most of the words.",
	"filters":                 "Filters",
	"filters.apply":           "Apply",
	"filters.clear":           "Clear all",
	"facet.municipality":      "Municipality",
	"facet.programme":         "Programme",
	"facet.fund":              "Fund",
	"facet.year":              "Year",
	"facet.none":              "no values",
	"year.from":               "from year",
	"year.to":                 "to year",
	"budget.range":            "Budget (EUR)",
	"budget.min":              "from",
	"budget.max":              "to",
	"sort":                    "Sort",
	"sort.default":            "default order",
	"sort.relevance":          "by relevance",
	"sort.-budget":            "by budget, largest first",
	"sort.budget":             "by budget, smallest first",
	"sort.-start":             "by start, newest first",
	"sort.start":              "by start, oldest first",
	"sort.-published":         "by publication, newest first",
	"sort.published":          "by publication, oldest first",
	"sort.title":              "by title",
	"sort.-updated":           "last changed first",
	"sort.updated":            "by change, oldest first",
	"feed.title":              "New and changed projects",
	"feed.subtitle":           "Projects of Bulgarian municipalities with EU and national funding, by last change",
	"feed.kind.created":       "New",
	"feed.kind.changed":       "Changed",
	"feed.kind.withdrawn":     "Removed from the site",
	"feed.kind.restored":      "Back on the site",
	"feed.changes":            "Changes of %s:",
	"feed.link":               "Follow the changes (Atom)",
	"updated.since":           "Changed since (date)",
	"results.count":           "Projects found: %s",
	"results.none":            "No project matches the search. Try fewer words or filters.",
	"results.nodata":          "No project has been collected yet. The data appears after the first crawl of the sites (opendata crawl).",
	"result.withdrawn":        "removed from the site",
	"result.grant_only":       "grant; the total is not stated",
	"results.range":           "showing %d–%d",
	"download":                "Download the results",
	"download.pick":           "For Excel and LibreOffice pick XLSX — amounts and dates open right whatever the settings; CSV and JSON are for programs.",
	"download.which":          "Which file for what?",
	"download.help":           "The file holds all %s projects found, not only this page.",
	"page.prev":               "← Previous",
	"page.next":               "Next →",
	"page.nav":                "Pages",
	"page.current":            "page %d",
	"field.id":                "Identifier",
	"field.title":             "Title",
	"field.contract_numbers":  "Contract number",
	"field.procedure_codes":   "Procedure",
	"field.programme":         "Programme",
	"field.funds":             "Funds",
	"field.beneficiary":       "Beneficiary",
	"field.municipality":      "Municipality",
	"field.municipality_code": "Municipality's ЕКАТТЕ code",
	"field.partners":          "Partners",
	"field.contractors":       "Contractors",
	"field.budget":            "Budget",
	"field.total":             "Total value",
	"field.grant":             "Grant",
	"field.own_contribution":  "Own contribution",
	"field.cofinancing_rate":  "Co-financing rate",
	"field.eu":                "EU financing",
	"field.national":          "National financing",
	"field.own":               "Own financing",
	"field.period":            "Period",
	"field.duration":          "Duration",
	"field.objectives":        "Objectives",
	"field.activities":        "Activities",
	"field.results":           "Results",
	"field.target_groups":     "Target groups",
	"field.published":         "Published",
	"field.first_seen":        "First seen by us",
	"field.updated":           "Last changed",
	"field.withdrawn":         "Removed from the site",
	"field.programme_name":    "Programme name",
	"field.currency":          "Currency",
	"field.total_eur":         "Total value in euro",
	"field.grant_eur":         "Grant in euro",
	"field.start":             "Start",
	"field.end":               "End",
	"field.sources":           "Sources",
	"field.documents":         "Documents",
	"field.warnings":          "Notes",
	"months":                  "%d months",
	"not.stated":              "not stated",
	"as.stated":               "as stated",
	"in.eur":                  "in euro",
	"eur.note":                "Leva are converted to euro at the fixed rate 1 EUR = 1.95583 BGN.",
	"warnings":                "Notes",
	"warnings.help":           "Things on the municipality's page that do not add up. We did not \"fix\" them.",
	"sources":                 "Sources",
	"sources.fetched":         "fetched",
	"documents":               "Documents",
	"history":                 "History of changes",
	"history.none":            "No changes recorded.",
	"history.field":           "Field",
	"history.from":            "Before",
	"history.to":              "After",
	"kind.created":            "added",
	"kind.changed":            "changed",
	"kind.withdrawn":          "removed",
	"kind.restored":           "restored",
	"project.json":            "This project as JSON",
	"project.history.json":    "Its history as JSON",
	"project.back":            "← Back to search",
	"project.withdrawn":       "The project is no longer shown on the municipality's site (since %s). We keep its last version.",
	"about.title":             "About the data",
	"about.what":              "What we collect",
	"about.what.text":         "We crawl the project sections of Bulgarian municipalities' web sites and extract from each page the projects funded by the European Union and national programmes: contract, programme, budget, period, objectives, activities and results. Every record points to the pages it comes from.",
	"about.sites":             "Municipalities with projects in the data: %d.",
	"about.crawled":           "Sites in the last crawl: %d.",
	"about.projects":          "Projects: %s, worth %s in total.",
	"about.often":             "How often",
	"about.often.text":        "The sites are crawled on a schedule, usually every night, politely: with a pause between requests and obeying robots.txt. Changed pages are extracted again and the changes are kept in each project's history.",
	"about.last":              "Last crawl",
	"about.last.none":         "No crawl yet.",
	"about.last.text":         "Started %s, finished %s (%s). Pages fetched: %d, unchanged: %d, failed: %d. New projects: %d, changed: %d.",
	"about.running":           "running",
	"about.recent":            "The last crawls",
	"crawl.started":           "Started",
	"crawl.status":            "Status",
	"crawl.pages":             "Pages",
	"crawl.failed":            "Failed",
	"crawl.added":             "New projects",
	"crawl.changed":           "Changed",
	"about.licence":           "Licence",
	"about.licence.text":      "The data is available under the licence",
	"about.licence.attr":      "When you reuse it, credit \"Open data on municipal EU projects in Bulgaria\" and the municipalities' original pages.",
	"about.caveat":            "Caution",
	"about.caveat.text":       "The data is extracted automatically from pages written by people. Amounts and dates are never guessed: what a page does not say stays empty, and what does not add up is flagged in the notes. Check important figures against the source.",
	"about.api":               "For developers",
	"about.api.search":        "Search (JSON)",
	"about.api.openapi":       "API description (OpenAPI)",
	"about.api.datapackage":   "Data description (Data Package)",
	"about.api.csv":           "All the data as CSV",
	"about.api.ndjson":        "All the data as NDJSON",
	"status.running":          "running",
	"status.done":             "done",
	"status.interrupted":      "interrupted",
	"status.failed":           "failed",
	"error.title":             "Error",
	"error.400":               "The request cannot be answered",
	"error.404":               "No such page",
	"error.404.project":       "There is no project with the identifier \"%s\".",
	"error.500":               "Something went wrong on our side",
	"error.500.text":          "Please try again in a moment. If the error stays, tell us.",
	"error.429":               "Too many requests",
	"error.429.text":          "Too many searches come from your address. Wait %d s and try again — or download all the data at once as CSV.",
	"error.503":               "The service is temporarily unavailable",
	"error.home":              "To the front page",
	"fund.ESF":                "European Social Fund",
	"fund.ERDF":               "European Regional Development Fund",
	"fund.CF":                 "Cohesion Fund",
	"fund.EAFRD":              "European Agricultural Fund for Rural Development",
	"fund.EMFF":               "European Maritime and Fisheries Fund",
	"fund.NRRP":               "Recovery and Resilience Facility",
	"fund.OTHER":              "Other fund",
	"archive.title":           "Archived copy of a page",
	"archive.asfetched":       "As fetched from",
	"archive.on":              "on",
	"archive.note":            "We show only the page's text and layout: no scripts, images or styles, and nothing is loaded from the municipality's site.",
	"archive.frame":           "The archived page",
	"archive.text":            "Visible text",
	"archive.text.title":      "The visible text of an archived page",
	"archive.text.mark":       "The marked text is where the value was read.",
	"archive.versions":        "All versions (%d)",
	"archive.versions.title":  "Versions of a page",
	"archive.versions.help":   "We keep every fetch in which the page had changed.",
	"archive.raw":             "As fetched (API)",
	"archive.original":        "The live original",
	"archive.view":            "copy",
	"archive.fetched":         "Fetched",
	"archive.status":          "Answer",
	"archive.size":            "Bytes",
	"archive.diff":            "what changed",
	"archive.diff.title":      "Changes to a page",
	"archive.diff.between":    "Changes to the visible text between",
	"archive.diff.and":        "and",
	"archive.diff.none":       "The visible text did not change.",
	"archive.diff.bad":        "Name two versions with the from and to parameters (64 hexadecimal digits of SHA-256 each).",
	"archive.diff.removed":    "removed",
	"archive.diff.added":      "added",
	"archive.diff.skipped":    "… unchanged lines …",
	"evidence.link":           "see it on the page",
	"evidence.label":          "Where it comes from",
	"sources.archived":        "archived copy",
	"sources.versions":        "versions",
	"history.page":            "page version",
	"cite":                    "Cite",
	"cite.help":               "A permalink, the record's identifier and the date, so that anyone finds the same record and the pages it comes from.",
	"cite.permalink":          "Permalink",
	"cite.id":                 "Record identifier",
	"cite.version":            "Record version of",
	"cite.retrieved":          "Retrieved on",
	"cite.sources":            "Sources and archived copies",
	"cite.text":               "Ready to paste",
	"cite.formats":            "As",
	"about.cite":              "How to cite the data",
	"about.cite.text":         "Cite the dataset like this (with the date you retrieved it); for one project, use the \"Cite\" box on its page — it gives a permalink, the record's identifier and the archived copies of the pages it comes from.",
	"footer.text":             "Data from the municipalities' web sites, collected automatically.",
}

// errorsBG renders the query errors of dataset.ParseQuery (written in
// English for the API) in Bulgarian for the page. A message with no entry
// is shown as it is.
var errorsBG = []struct {
	re *regexp.Regexp
	bg string
}{
	{regexp.MustCompile(`^parameter "(.+)" is not valid UTF-8$`), "Параметърът „$1“ не е валиден UTF-8 текст."},
	{regexp.MustCompile(`^parameter "(.+)" is repeated (\d+) times; at most (\d+)$`), "Параметърът „$1“ е повторен $2 пъти; допустими са най-много $3."},
	{regexp.MustCompile(`^q is longer than (\d+) characters$`), "Търсеният текст е по-дълъг от $1 знака."},
	{regexp.MustCompile(`^year_(from|to) must be a year from (\d+) to (\d+), not "(.*)"$`), "„$4“ не е година: въведете година от $2 до $3."},
	{regexp.MustCompile(`^year_from \((\d+)\) is after year_to \((\d+)\)$`), "Началната година ($1) е след крайната ($2)."},
	{regexp.MustCompile(`^budget_(min|max) must be an amount in euro such as 150000 or 2500\.50, not "(.*)"$`), "„$2“ не е сума: въведете сума в евро, например 150000 или 2500.50."},
	{regexp.MustCompile(`^budget_min is larger than budget_max$`), "Минималният бюджет е по-голям от максималния."},
	{regexp.MustCompile(`^sort "(.*)" is not one of `), "Непознато подреждане „$1“."},
	{regexp.MustCompile(`^page must be a whole number from 1 to (\d+)$`), "Номерът на страница трябва да е цяло число от 1 до $1."},
	{regexp.MustCompile(`^per_page must be a whole number from 1 to (\d+)$`), "Броят резултати на страница трябва да е цяло число от 1 до $1."},
	{regexp.MustCompile(`^municipality_code "(.*)" is not an ЕКАТТЕ municipality code`), "„$1“ не е код по ЕКАТТЕ на община (например PAZ21)."},
	{regexp.MustCompile(`^the query string is malformed`), "Адресът на заявката е повреден; започнете ново търсене."},
}

// Problem returns a client error's message in the catalog's language.
func (c *catalog) Problem(msg string) string {
	if c.lang != langBG {
		return msg
	}
	for _, e := range errorsBG {
		if m := e.re.FindStringSubmatchIndex(msg); m != nil {
			return string(e.re.ExpandString(nil, e.bg, msg, m))
		}
	}
	return msg
}
