#!/usr/bin/env python3
"""Write truth/5NN.json and manifest.tsv for the holdout5 corpus.

The pages in pages/ are written by hand; this script holds the expected extract output for each
of them (dev truth format: {"url": ..., "projects": [...]}) and the manifest row.

Usage: python3 tools/make_truth.py        (from anywhere; paths are relative to this file)
Then:  python3 testdata/corpus/check_truth.py testdata/holdout5
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def P(title, municipality, *, contracts=(), procedures=(), programme=None, beneficiary=None,
      total=None, grant=None, currency=None, start=None, end=None, months=None,
      objectives=(), activities=(), results=(), contractors=(), published=None):
    if currency is None and (total is not None or grant is not None):
        raise ValueError(f"{title}: amount without currency")
    return {
        "title": title,
        "contract_numbers": list(contracts),
        "procedure_codes": list(procedures),
        "programme": programme,
        "municipality": municipality,
        "beneficiary": beneficiary,
        "budget": {"total": total, "grant": grant, "currency": currency},
        "period": {"start": start, "end": end, "duration_months": months},
        "objectives": list(objectives),
        "activities": list(activities),
        "results": list(results),
        "contractors": list(contractors),
        "published": published,
    }


PAGES = []


def page(num, url, charset, cms_style, kind, what_is_hard, projects):
    PAGES.append((num, url, charset, cms_style, kind, what_is_hard, projects))


# ---------------------------------------------------------------- 501 Айтос, TYPO3
page(501,
     "https://aytos.bg/index.php?id=57&tx_news_pi1%5Baction%5D=detail&tx_news_pi1%5Bcontroller%5D=News&tx_news_pi1%5Bnews%5D=1284&cHash=7c1e0f4a2b9d3e5f6a8b0c2d4e6f8a1b",
     "utf-8", "typo3", "news-one-project-word",
     "TYPO3 tx_news article with a Word-pasted body: contract number and total split over <span>s "
     "(`BG16FFPR003-2.001-00`+`87-C01`, `3 1`+`84 602,15`), nbsp thousands; headline 'над 3 млн.' is "
     "approximate; lev first with euro in brackets; 30 months of the project vs 14 months of works; "
     "mso-list '·' bullets inside <!--[if !supportLists]--> comments; '1.' results typed as text; partner "
     "Община Руен is not the beneficiary; sidebar lists three other contract numbers; "
     "'Последна промяна' and article:modified_time are not the published date",
     [P("Обновяване на градски парк „Славянска“ и прилежащи пешеходни зони в гр. Айтос", "Айтос",
        contracts=["BG16FFPR003-2.001-0087-C01"], procedures=["BG16FFPR003-2.001"], programme="PRR",
        beneficiary="Община Айтос", total=3184602.15, grant=3025372.04, currency="BGN", months=30,
        objectives=["Целта на проекта е подобряване на качеството на градската среда и създаване на достъпни "
                    "зелени пространства за жителите и гостите на гр. Айтос."],
        activities=["Реконструкция на алейната мрежа и осветлението в парк „Славянска“",
                    "Изграждане на детска площадка и зона за фитнес на открито",
                    "Обновяване на пешеходната зона по ул. „Цар Освободител“ в участъка до площад „Свобода“",
                    "Мерки за информация и комуникация."],
        results=["Обновени 18 400 кв. м зелени площи",
                 "Изградени 2,1 км алеи с енергоспестяващо LED осветление",
                 "Осигурена достъпна среда за хора с увреждания по цялото трасе на пешеходната зона."],
        published="2025-07-14")])

# ---------------------------------------------------------------- 502 Севлиево, Sitefinity
page(502, "https://sevlievo.bg/bg/novini/2026/02/12/dva-dogovora-grizha-v-doma-i-ou-vasil-levski",
     "utf-8", "sitefinity", "news-two-contracts",
     "two contracts signed the same day in one Sitefinity news item → 2 records; 2026 page: euro first, "
     "lev in brackets → EUR; 'изцяло безвъзмездна' gives no grant; the second grant is printed in euro and "
     "lev; '10 месеца' of works is not a duration; 'Целеви групи' not copied; one beneficiary sentence "
     "covers both; headline 'над 1,4 млн. евро' is approximate; sidebar has another contract and '2,1 млн. евро'",
     [P("Грижа в дома в община Севлиево – етап 2", "Севлиево",
        contracts=["BG05SFPR002-2.009-0142-C01"], procedures=["BG05SFPR002-2.009"], programme="PHRD",
        beneficiary="Община Севлиево", total=874316.20, currency="EUR",
        start="2026-03-01", end="2028-02-28", months=24,
        objectives=["Целта на проекта е осигуряване на достъп до интегрирани здравно-социални услуги в домашна "
                    "среда за 180 потребители от 22 населени места в общината."],
        activities=["Предоставяне на почасови мобилни интегрирани здравно-социални услуги в домашна среда",
                    "Доставка на храна, лекарства и хранителни продукти",
                    "Психологическа подкрепа за потребителите и техните семейства."],
        published="2026-02-12"),
      P("Модернизация на образователната инфраструктура в ОУ „Васил Левски“ – гр. Севлиево", "Севлиево",
        contracts=["BG16FFPR003-2.004-0012-C01"], programme="PRR", beneficiary="Община Севлиево",
        total=572940.00, grant=544293.00, currency="EUR", end="2027-12-31",
        activities=["саниране на сградата и подмяна на дограмата",
                    "изграждане на STEM кабинет и модернизация на физкултурния салон",
                    "осигуряване на достъпна среда – асансьор и рампа."],
        published="2026-02-12")])

# ---------------------------------------------------------------- 503 Банско, SharePoint
page(503, "https://bansko.bg/bg/proekti/Pages/interreg-bgmk-pirmal.aspx",
     "utf-8", "sharepoint", "definition-table",
     "SharePoint 2013 publishing page (ms-rtestate-field, ms-rteTable); every cell starts with a zero-width "
     "space U+200B; heading is only the acronym 'Проект PIRMAL', the name is in the cell with '(PIRMAL)' "
     "after the quotes; Interreg project code + subsidy contract with a date after '/' → 2 numbers; partner "
     "share 263 118,75 and national co-financing are not total/grant; 'Европейско финансиране' is the grant; "
     "'Специфична цел N –' and 'Дейност N „…“' labels stripped; a firm contract number/value; CCI code in "
     "the disclaimer is not a procedure code; only 'Последна промяна' → published null",
     [P("Пирин – Малешево: съвместно опазване и популяризиране на планинското наследство", "Банско",
        contracts=["CB006.2.21.047", "РД-02-29-184"], programme="INTERREG", beneficiary="Община Банско",
        total=498762.40, grant=423948.04, currency="EUR", start="2019-07-15", end="2022-01-14", months=30,
        objectives=["Общата цел на проекта е опазването и устойчивото използване на природното и културното "
                    "наследство на планинските райони Пирин и Малешево чрез съвместни действия на двете общини.",
                    "рехабилитация и обозначаване на туристически маршрути с трансгранично значение",
                    "съвместно популяризиране на природните и културните забележителности на региона."],
        activities=["Управление на проекта",
                    "Рехабилитация на екопътека „Бъндеришка поляна – Демянишки водопад“",
                    "Изработване на мобилно приложение и двуезична карта на маршрутите",
                    "Съвместен фестивал на планинските традиции",
                    "Информация и публичност"],
        results=["Рехабилитирани 12,4 км екопътеки на територията на община Банско",
                 "Изработено мобилно приложение с 40 точки на интерес",
                 "Проведени 2 издания на съвместния фестивал с над 3000 посетители."],
        contractors=["Пирин Строй Инвест ЕООД", "Медиа Арт Банско ООД"])])

# ---------------------------------------------------------------- 504 Гоце Делчев, DotNetNuke
GD = "Гоце Делчев"
page(504, "https://www.gotsedelchev.bg/Проекти/tabid/87/language/bg-BG/Default.aspx",
     "utf-8", "dotnetnuke", "listing-table-rowspan",
     "DNN HTML module with a 6-row table; the programme column uses rowspan (rows 2 and 5 have no programme "
     "cell); the 'Срок' column mixes a date range, '12 месеца', '–', 'до 30.09.2024' and bare years "
     "'2023 – 2025'; empty and '–' БФП cells; one row's beneficiary is a читалище; currency only in the "
     "header '(лв.)'; RDP contract numbers with slashes; DNN header date (today) and 'Последна "
     "актуализация' are not published; left pane lists programme categories with counts",
     [P("Реконструкция и рехабилитация на улична мрежа в гр. Гоце Делчев – етап II", GD,
        contracts=["BG16RFOP001-1.022-0009-C01"], programme="OPRG", beneficiary="Община Гоце Делчев",
        total=4812366.08, grant=4812366.08, currency="BGN", start="2018-04-18", end="2020-10-18"),
      P("Енергийна ефективност в сградата на СУ „Христо Ботев“ – гр. Гоце Делчев", GD,
        contracts=["BG16RFOP001-1.022-0014-C02"], programme="OPRG", beneficiary="Община Гоце Делчев",
        total=1206455.30, grant=1146132.54, currency="BGN", start="2019-02-01", end="2021-12-31"),
      P("Повишаване на капацитета на общинската администрация за работа с граждани и бизнеса", GD,
        contracts=["BG05SFOP001-2.009-0127-C01"], programme="OPGG", beneficiary="Община Гоце Делчев",
        total=142870.00, grant=142870.00, currency="BGN", months=12),
      P("Реконструкция на водопроводна мрежа в с. Баничан", GD,
        contracts=["10/07/2/0/00412"], programme="RDP", beneficiary="Община Гоце Делчев",
        total=2934117.62, currency="BGN"),
      P("Ремонт и оборудване на сградата на читалище „Пробуда – 1926“ в с. Баничан", GD,
        contracts=["10/07/6/0/00078"], programme="RDP", beneficiary="НЧ „Пробуда – 1926“",
        total=486209.14, currency="BGN", end="2024-09-30"),
      P("Изграждане на фотоволтаична инсталация за собствено потребление в сградата на общинската администрация", GD,
        contracts=["BG-RRP-4.024-0061-C01"], programme="NRRP", beneficiary="Община Гоце Делчев",
        total=389520.00, grant=324600.00, currency="BGN")])

# ---------------------------------------------------------------- 505 Каварна, MODX (negative)
page(505, "https://kavarna.bg/obyavleniya/obshhestveni-porachki/2024/rekonstrukcziya-na-ulichnoto-osvetlenie.html",
     "utf-8", "modx", "negative-procurement",
     "procurement notice for the works of a grant project: the project's name, its grant contract number "
     "and programme are printed, with an estimate with/without VAT, an 8-month term, a ЦАИС ЕОП number, "
     "a decision number and dates → no record",
     [])

# ---------------------------------------------------------------- 506 Дряново, OpenCms
page(506, "https://www.dryanovo.bg/bg/novini/2024/obshtina-dryanovo-startira-proekt-ulitsi.html",
     "utf-8", "opencms", "news-no-contract",
     "OpenCms (Mercury) news 'стартира изпълнението': no contract number; 'подмярка 7.2' is a measure name, "
     "not a code; 'около 2,3 млн. лв.' and 'изцяло безвъзмездно' → total and grant null; the works "
     "contract value 1 912 660,40 без ДДС and its 7-month term are traps; first-spade date is not a start; "
     "'•' bullets as text with <br>; ДФ „Земеделие“ is not the beneficiary; 'Последна редакция' is not "
     "published; sidebar mentions another contract",
     [P("Реконструкция на улици в гр. Дряново и с. Геша", "Дряново", programme="RDP",
        beneficiary="Община Дряново", end="2025-11-30",
        activities=["подмяна на асфалтовата настилка на ул. „Шипка“, ул. „Бачо Киро“ и ул. „Паисий“ в гр. Дряново",
                    "изграждане на нови тротоари и отводнителни съоръжения",
                    "реконструкция на ул. „Първа“ и ул. „Балканска“ в с. Геша."],
        contractors=["Трансстрой Север ЕООД", "Консулт Инженеринг 2010 ООД"],
        published="2024-05-28")])

# ---------------------------------------------------------------- 507 Свиленград, Plone
page(507, "https://www.svilengrad.bg/bg/novini/zaklyuchitelna-preskonferentsiya-zeleni-marshruti",
     "utf-8", "plone", "news-closing-no-contract",
     "Plone news item on a closing press conference: no contract number or project code; the headline "
     "quotes a short name, the body the full name; Interreg–ИПП BG–TR → INTERREG; the municipality's "
     "budget 318 904,50 is not the total; 'европейско финансиране' is the grant; the conference date is "
     "not published (documentPublished is; documentModified is not); '-' results after a lead-in naming "
     "achieved results; CCI code in the disclaimer; portlet calendar and news with another contract",
     [P("Зелени маршрути без граници – съвместно развитие на екотуризма в района на Свиленград и Одрин",
        "Свиленград", programme="INTERREG", beneficiary="Община Свиленград",
        total=612480.26, grant=520608.22, currency="EUR", start="2021-05-15", end="2023-11-14",
        objectives=["Целта на проекта беше да се създадат условия за устойчив екотуризъм чрез съвместно "
                    "развитие и популяризиране на природните забележителности по поречието на р. Марица от "
                    "двете страни на границата."],
        results=["обозначени и рехабилитирани 46 км туристически маршрути по поречието на р. Марица",
                 "изграден посетителски информационен център в гр. Свиленград",
                 "издаден двуезичен пътеводител в 3000 екземпляра",
                 "проведени 2 съвместни фестивала на местните продукти в Свиленград и Одрин."],
        contractors=["Марица Билд ООД", "Тракия Принт АД"],
        published="2023-11-23")])

# ---------------------------------------------------------------- 508 Елхово, concrete5
page(508, "https://elhovo.bg/index.php/novini/dg-zdravets-krasiva-bulgaria",
     "utf-8", "concrete5", "news-school-beneficiary",
     "concrete5 blog entry: the beneficiary is a kindergarten, not the municipality (which co-finances); "
     "Проект „Красива България“ → OTHER; its 50 % share (93 725 лв.) is national money without "
     "'безвъзмездн…' → no grant; 'Мярка 01' is a measure name; period only as months ('юни – август "
     "2025') → null; no contract number; the signing date of the agreement is not a start; date "
     "printed as '4 юни 2025'",
     [P("Ремонт и обновяване на физкултурния салон и входната зона на ДГ „Здравец“ – гр. Елхово", "Елхово",
        programme="OTHER", beneficiary="Детска градина „Здравец“", total=187450, currency="BGN",
        activities=["подмяна на подовата настилка във физкултурния салон с ударопоглъщаща настилка",
                    "подмяна на дограмата и осветлението",
                    "изграждане на рампа за достъп на деца с увреждания",
                    "обновяване на входната зона и козирката над главния вход."],
        published="2025-06-04")])

# ---------------------------------------------------------------- 509 Бобошево, Wix (negative)
page(509, "https://www.boboshevo.bg/obyavi/podbor-na-personal-grizha-v-doma",
     "utf-8", "wix", "negative-job-ad",
     "Wix page (mesh containers, wixui-rich-text, JSON models in <script>): a job advertisement for staff "
     "of a PHRD project; it names the project, its contract number, the programme, a total value, a "
     "24-month duration, salaries and deadlines, but it is an announcement about hiring → no record",
     [])

# ---------------------------------------------------------------- 510 Ардино, Google Sites (negative)
page(510, "https://sites.google.com/view/obshtina-ardino/obshtestveni-obsazhdaniya",
     "utf-8", "google-sites", "negative-consultation",
     "new Google Sites markup (obfuscated classes, jsaction): public consultation of a project proposal "
     "that is not yet submitted (future project), with an SPRZSR procedure code, an indicative value and a "
     "24-month term; plus an events table with another project code and an event budget → no record",
     [])

# ---------------------------------------------------------------- 511 Летница, uCoz (windows-1251)
page(511, "https://www.letnitsa.bg/news/podpisan_dogovor_vodoprovodi_karpachevo_gorsko_slivovo/2019-10-23-412",
     "windows-1251", "ucoz", "news-one-project-word",
     "uCoz news in windows-1251 (meta after two scripts); Word-pasted: contract number with Cyrillic "
     "look-alikes В, Р, С and split over spans (`ВG06RDNР001-7.020-00`+`41-С01`), total split "
     "`3`+` 8`+`12 476,19`; total with and without VAT (с ДДС wins) and a grant equal to the without-VAT "
     "amount, also in words; raw <![if !supportLists]> bullets; 18 months of works is not a duration; "
     "'Дата:' in eDetails is published, the header shows today's date",
     [P("Реконструкция на водопроводната мрежа в с. Кърпачево и с. Горско Сливово, община Летница", "Летница",
        contracts=["BG06RDNP001-7.020-0041-C01"], procedures=["BG06RDNP001-7.020"], programme="RDP",
        beneficiary="Община Летница", total=3812476.19, grant=3177063.49, currency="BGN", end="2022-10-15",
        objectives=["Основната цел на проекта е осигуряване на непрекъснато и качествено водоподаване на "
                    "населението на двете села и намаляване на загубите на питейна вода."],
        activities=["Подмяна на 14,6 км водопроводни клонове в с. Кърпачево",
                    "Подмяна на 9,2 км водопроводни клонове в с. Горско Сливово",
                    "Изграждане на 612 бр. сградни водопроводни отклонения",
                    "Възстановяване на уличните настилки след полагане на водопроводите."],
        published="2019-10-23")])

# ---------------------------------------------------------------- 512 Берковица, PHP-Fusion (windows-1251)
BK = "Берковица"
page(512, "https://www.berkovitsa.bg/news.php?readmore=1187",
     "windows-1251", "php-fusion", "annual-report-multi",
     "PHP-Fusion news in windows-1251: an annual report describing 4 projects in numbered paragraphs → 4 "
     "records; headings '1. Проект „…“' (number and 'Проект' dropped); '2024 – 2026' years, 'м. април "
     "2024' and 'около 1,1 млн.' → null; 'хил. лв.' payment figures and 'над 4,3 млн.' are not values; "
     "ПУДООС contract '№ 0214/2024' keeps its year; 'безвъзмездно финансиране от ПУДООС' is a grant; "
     "'бюджет' is the total; the SPRZSR works are running text → no activities; 2 proposals awaiting "
     "evaluation are not projects; the council decision number is not a contract",
     [P("Подобряване на енергийната ефективност на сградата на ОУ „Иван Вазов“ – гр. Берковица", BK,
        contracts=["BG-RRP-4.024-0178-C01"], programme="NRRP", beneficiary="Община Берковица",
        total=1648903.27, grant=1374086.06, currency="BGN",
        contractors=["Енерджи Билд Север ООД"], published="2025-01-22"),
      P("Грижа в дома в община Берковица", BK,
        contracts=["BG05SFPR002-2.001-0211-C01"], programme="PHRD", beneficiary="Община Берковица",
        total=1096538.40, currency="BGN", start="2023-02-01", end="2025-12-31", published="2025-01-22"),
      P("Изграждане на площадка за компостиране на зелени отпадъци в м. „Бялата вода“", BK,
        contracts=["0214/2024"], programme="OTHER", beneficiary="Община Берковица",
        total=318600, grant=286740, currency="BGN", end="2025-06-30", published="2025-01-22"),
      P("Модернизация на уличното осветление в 9 населени места на община Берковица", BK,
        contracts=["BG06RDNP002-4.001-0027-C01"], programme="RDP27", beneficiary="Община Берковица",
        months=18, published="2025-01-22")])

# ---------------------------------------------------------------- 513 Панагюрище, Nuxt 3
page(513, "https://panagyurishte.org/proekti/prr-2021-2027/obnovyavane-ploshtad-20-april",
     "utf-8", "nuxt3-vue", "single-project-2026-euro",
     "Nuxt 3 SSR page with hydration comments <!--[-->, data-v-* attributes and a __NUXT_DATA__ JSON "
     "payload (not visible text); <dl> key/value cards; euro first with lev in brackets → EUR; "
     "'2024–2026 г.' bare years → null, but '30 месеца, до 31.12.2026 г.'; the works contract value "
     "1 463 880,00 € and 14 months are traps; partner Община Стрелча; '72%' progress; related-project "
     "cards with another contract and amounts; 'Обновено' is not published",
     [P("Обновяване на площад „20 април“ и прилежащите зелени площи в гр. Панагюрище", "Панагюрище",
        contracts=["BG16FFPR003-2.001-0144-C01"], programme="PRR", beneficiary="Община Панагюрище",
        total=1842307.66, grant=1750192.28, currency="EUR", end="2026-12-31", months=30,
        objectives=["Целта на проекта е превръщането на площад „20 април“ в съвременно, достъпно и зелено "
                    "обществено пространство, което насърчава социалния и културния живот в града."],
        activities=["Реконструкция на настилките на площада и прилежащите улици",
                    "Обновяване на зелените площи и изграждане на автоматична поливна система",
                    "Изграждане на сух фонтан и кът за почивка с водни елементи",
                    "Монтаж на енергоефективно улично осветление и видеонаблюдение",
                    "Информация и комуникация"],
        results=["21 300 кв. м обновено обществено пространство",
                 "6 800 кв. м нови и рехабилитирани зелени площи",
                 "Намалени емисии на парникови газове от уличното осветление с 62 %"],
        contractors=["ДЗЗД Площад Панагюрище 2025", "Надзор Консулт ЕООД"],
        published="2026-03-09")])

# ---------------------------------------------------------------- 514 Първомай, Word "Save as Web Page"
page(514, "http://www.parvomai.bg/proekti/oprr/ulitsi_parvomai.htm",
     "windows-1251", "word2003-frontpage", "single-project-word-export",
     "Word 2003 'Save as Web Page' inside FrontPage shared borders; NO charset declared anywhere (bytes are "
     "windows-1251; only 'mso-font-charset' in the CSS); amounts '1.486.392,57 лева' with the total also in "
     "words; no БФП amount, so the ЕФРР part is the grant, national part not added; OPRD 2007-2013 "
     "contract '-C0001' and scheme 'BG161PO001/4.1-05/2011'; raw <![if !supportLists]> numbered and Symbol "
     "'·' lists with hard line breaks inside items; firm contract № 112 and its value; hidden "
     "o:LastSaved and the footer's 'Последна актуализация' are not published; sidebar has another scheme code",
     [P("Реконструкция и рехабилитация на улична мрежа в гр. Първомай", "Първомай",
        contracts=["BG161PO001-4.1.05-0071-C0001"], procedures=["BG161PO001/4.1-05/2011"], programme="OPRD",
        beneficiary="Община Първомай", total=1486392.57, grant=1263433.68, currency="BGN",
        start="2011-06-14", end="2012-12-14", months=18,
        objectives=["Подобряване на транспортната достъпност и безопасността на движението в централната "
                    "градска част на гр. Първомай чрез реконструкция и рехабилитация на улици с обща дължина 4,7 км."],
        activities=["Организация и управление на проекта.",
                    "Строително-монтажни работи по ул. „Христо Ботев“, ул. „Княз Борис I“ и ул. „Васил Левски“.",
                    "Строителен надзор.",
                    "Информация и публичност."],
        results=["Реконструирани 4,7 км улична мрежа с нова асфалтова настилка, бордюри и тротоари",
                 "Изградени 2 повдигнати пешеходни пътеки пред СОУ „Христо Смирненски“ и ЦДГ „Звънче“",
                 "Подобрено отводняване на уличните платна."],
        contractors=["Пътища и мостове Родопи АД", "Стройконтрол – 2005 ООД", "Рекламна агенция Маги ЕООД"],
        published="2011-09-05")])

# ---------------------------------------------------------------- 515 Радомир, pdf2htmlEX embed
page(515, "https://www.radomir.bg/bg/proekti/opchr-2014-2020/nezavisim-zhivot-zaklyuchitelno-pressaobshtenie",
     "utf-8", "pdf2htmlex-embed", "press-release-pdf-lines",
     "a press release converted by pdf2htmlEX and embedded in a Bootstrap page: one absolutely positioned "
     "<div> per printed line, so the title, sentences and bullet items wrap over 2 lines and one word is "
     "hyphenated across lines ('супер-'/'визия'); some gaps are <span class=\"_ _N\"> spans; the PDF's "
     "own date (06.09.2022) vs the page's date line (07.09.2022, published); European and national "
     "parts printed, no БФП → grant is the European part; training firm counts as contractor; the PDF "
     "footer repeats contract and programme",
     [P("Независим живот – интегрирани услуги в общността за хора с увреждания в община Радомир", "Радомир",
        contracts=["BG05M9OP001-2.010-0176-C01"], procedures=["BG05M9OP001-2.010"], programme="OPHRD14",
        beneficiary="Община Радомир", total=418506.32, grant=355730.37, currency="BGN",
        start="2020-03-01", end="2022-08-31", months=30,
        objectives=["Целта на проекта беше да се подобри качеството на живот на хората с увреждания и "
                    "възрастните хора в невъзможност за самообслужване чрез предоставяне на интегрирани услуги "
                    "в общността и в домашна среда."],
        results=["Предоставени почасови услуги за лична помощ на 86 лица с увреждания и възрастни хора в "
                 "невъзможност за самообслужване",
                 "Създаден Център за социална подкрепа в гр. Радомир с капацитет 25 места",
                 "Назначени 34 лица като лични асистенти и 3 лица административен персонал",
                 "Проведено въвеждащо и надграждащо обучение на персонала, включително супервизия на работата "
                 "с потребителите."],
        contractors=["Социални иновации Консулт ООД", "Строй Комфорт 2008 ЕООД"],
        published="2022-09-07")])

# ---------------------------------------------------------------- 516 Белене, classic ASP (negative)
page(516, "http://belene.bg/obshtinski_savet/reshenia.asp?id=1453",
     "utf-8", "asp-classic", "negative-council-decision",
     "classic-ASP council site, <font>/table layout: a council decision approving co-financing and a "
     "bridge loan for a PRR project, with the grant contract number (twice), procedure code, total "
     "4 293 611,02 лв., own contribution, loan amount, 24-month repayment term, EURIBOR → no record; "
     "sidebar lists other decisions with amounts and a procedure code",
     [])

# ---------------------------------------------------------------- 517 Кнежа, Acstre
page(517, "http://kneja.acstre.com/subsection-214-content.html",
     "utf-8", "acstre", "news-same-contract",
     "Acstre municipal CMS project page with 3 dated news items (newest first) about one contract → 1 "
     "record: merge oldest first, 'Извършени дейности' duplicates dropped by key (5 activities), expected "
     "then achieved results (5), contractors from all items, published = latest item; Word-pasted oldest "
     "item with the total split `3 6`+`48 015,20`; the works contract № 58, its value and 10-month term are "
     "traps; signing date is the start only because the closing item states the period",
     [P("Изграждане на компостираща инсталация за разделно събрани зелени и/или биоразградими отпадъци в община Кнежа",
        "Кнежа", contracts=["BG16M1OP002-2.005-0031-C01"], procedures=["BG16M1OP002-2.005"], programme="OPE14",
        beneficiary="Община Кнежа", total=3648015.20, grant=3100812.92, currency="BGN",
        start="2020-09-21", end="2022-12-21", months=27,
        objectives=["Целта на проекта е намаляване на количеството депонирани биоразградими отпадъци и "
                    "постигане на целите за рециклиране и оползотворяване на битовите отпадъци."],
        activities=["Изграждане на компостираща инсталация в местност „Равнището“",
                    "Доставка на специализирана техника и съдове за разделно събиране на зелени отпадъци",
                    "Организация и управление на проекта",
                    "Информация и комуникация.",
                    "Въвеждане в експлоатация и 6-месечна проба на инсталацията."],
        results=["Намаляване на депонираните биоразградими отпадъци с 3 800 т годишно",
                 "Производство на качествен компост за нуждите на общината.",
                 "изградена компостираща инсталация с капацитет 4 500 т/год.",
                 "доставени 2 бр. специализирани сметосъбиращи автомобили и 1 200 бр. контейнери за зелени отпадъци",
                 "проведена информационна кампания за разделно събиране в 10 населени места."],
        contractors=["ДЗЗД Еко Кнежа 2021", "Евро Контрол Инженеринг ЕООД", "Ейч Ар Комюникейшънс ООД"],
        published="2022-12-12")])

# ---------------------------------------------------------------- 518 Велики Преслав, Kentico
VP = "Велики Преслав"
page(518, "https://velikipreslav.bg/bg/proekti/programi-i-proekti",
     "utf-8", "kentico", "listing-accordion",
     "Kentico page with a Bootstrap accordion of programmes, 5 projects in collapsed cards → 5 records, "
     "each card in a different shape (<br> labels, table, prose); OPE and OPHRD 2007-2013 contract formats "
     "(DIR-…, -C0001); 'BGN 268,442.10' in English format; month-only period → null; one card names no "
     "beneficiary → null; EEA grants → OTHER with EUR; MRRB agreement 'РД-02-37-218/2023' keeps the year, "
     "ПМС № 326 is not a contract; MRRB money without 'безвъзмездн…' is not a grant; running-text works "
     "give no activities; the Архив card and sidebar are not records; 'Последна редакция' → published null",
     [P("Интегриран проект за водния цикъл на гр. Велики Преслав", VP,
        contracts=["DIR-5112122-C053"], programme="OPE", beneficiary="Община Велики Преслав",
        total=24817463.15, currency="BGN", start="2013-02-12", end="2015-08-11",
        contractors=["ДЗЗД Воден цикъл – Преслав"]),
      P("Подкрепа за достоен живот в община Велики Преслав", VP,
        contracts=["BG051PO001-5.2.09-0074-C0001"], programme="OPHRD",
        total=268442.10, currency="BGN"),
      P("Мерки за превенция на риска от наводнения по р. Тича в регулацията на гр. Велики Преслав", VP,
        contracts=["BG16FFPR002-3.002-0007-C01"], programme="PENV", beneficiary="Община Велики Преслав",
        total=5116372.80, grant=4860554.16, currency="BGN", end="2028-12-31",
        activities=["укрепване на бреговете на р. Тича в участък с дължина 2,4 км",
                    "почистване и разширяване на речното корито",
                    "изграждане на система за ранно предупреждение."]),
      P("Културно наследство на Велики Преслав – дигитално и достъпно", VP,
        contracts=["BGCULTURE-1.001-0019-C01"], programme="OTHER", beneficiary="Община Велики Преслав",
        total=412750.00, grant=371475.00, currency="EUR", start="2022-09-01", end="2024-04-30",
        activities=["3D сканиране и дигитализация на 120 експоната",
                    "създаване на виртуална разходка из Златната църква",
                    "осигуряване на достъп за хора с увреждания до експозициите."],
        contractors=["Дигитално наследство ООД"]),
      P("Основен ремонт на общински път SHU1171 Велики Преслав – Миланово", VP,
        contracts=["РД-02-37-218/2023"], programme="OTHER", beneficiary="Община Велики Преслав",
        total=1962412.34, currency="BGN", end="2025-09-30")])


def main():
    os.makedirs(os.path.join(ROOT, "truth"), exist_ok=True)
    rows = ["file\turl\tcharset\tcms_style\tkind\twhat_is_hard"]
    nrec = 0
    for num, url, charset, style, kind, hard, projects in PAGES:
        with open(os.path.join(ROOT, "truth", f"{num}.json"), "w", encoding="utf-8") as f:
            json.dump({"url": url, "projects": projects}, f, ensure_ascii=False, indent=2)
            f.write("\n")
        for field in (url, charset, style, kind, hard):
            assert "\t" not in field and "\n" not in field, (num, field)
        rows.append("\t".join([f"{num}.html", url, charset, style, kind, hard]))
        nrec += len(projects)
    with open(os.path.join(ROOT, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{len(PAGES)} pages, {nrec} records")


if __name__ == "__main__":
    main()
