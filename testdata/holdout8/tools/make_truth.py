#!/usr/bin/env python3
"""Write truth/8NN.json and manifest.tsv for the holdout8 corpus.

The truth follows shared/corpus/dev/README.md (conventions + Clarifications) and the way
shared/corpus/real-peshtera treats similar pages. Every judgement call is listed in README.md.
Run tools/build_pages.py first (pages/), then this script, then
  python3 testdata/corpus/check_truth.py testdata/holdout8
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def P(title, municipality, *, contracts=(), procedures=(), programme=None, beneficiary=None,
      total=None, grant=None, currency=None, start=None, end=None, months=None,
      objectives=(), activities=(), results=(), contractors=(), published=None):
    if (total is not None or grant is not None) and currency is None:
        raise ValueError(f"{title}: amount without currency")
    if total is None and grant is None and currency is not None:
        raise ValueError(f"{title}: currency without an amount")
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


PAGES = []  # (n, url, charset, cms_style, kind, what_is_hard, [projects])


def page(n, url, charset, style, kind, hard, projects):
    PAGES.append((n, url, charset, style, kind, hard, projects))


# ---------------------------------------------------------------------------------------------
page("801", "http://www.smyadovo.bg/bg/content/proekt-fotovoltaichna-sistema-administrativna-sgrada",
     "utf-8", "drupal7", "single-project",
     "euro printed FIRST with the lev equivalent in brackets ('214 620,46 € (419 761,13 лв.)', 2025 dual "
     "display) -> currency EUR, the lev figures are conversions; the h1 is a short label, the full name is "
     "quoted in the body; programme only as 'ПВУ' + BG-RRP code; period given only by months ('от м. април "
     "2025 г. до м. юни 2026 г.') -> start/end null, '15 месеца' kept; signing date 12.02.2025 is not the "
     "start; expected results are the 'Очакван резултат' column of a 3-column table (the 'Източник на "
     "проверка' column is not copied); the engineering contract's value (176 400,00 € без ДДС) and the "
     "120-day СМР term are not budget/duration; Drupal m/d/yyyy submitted line 'пет, 10/17/2025'; sidebar "
     "with other contract numbers, lev amounts and a 09/02/2025 date",
     [P("Изграждане на фотоволтаична система за собствено потребление в административната сграда на Община Смядово",
        "Смядово", contracts=["BG-RRP-4.026-0187-C01"], procedures=["BG-RRP-4.026"], programme="NRRP",
        beneficiary="Община Смядово", total=214620.46, grant=182427.39, currency="EUR", months=15,
        objectives=["Целта на проекта е намаляване на разходите за електрическа енергия и на въглеродните "
                    "емисии от административната сграда чрез производство на енергия от възобновяеми "
                    "източници за собствено потребление."],
        activities=["изготвяне на инвестиционен проект и оценка на съответствието",
                    "доставка и монтаж на фотоволтаични панели и инвертори на покрива на сградата",
                    "доставка и монтаж на система за съхранение на електрическа енергия",
                    "въвеждане в експлоатация и мониторинг на произведената енергия."],
        results=["Инсталирана фотоволтаична система с мощност 48,6 kWp",
                 "Изградена система за съхранение на енергия с капацитет 60 kWh",
                 "Произведени 58 320 kWh електрическа енергия от ВЕИ годишно",
                 "Намалени емисии на парникови газове с 41,2 т CO2 екв. годишно"],
        contractors=["Солар Проджект Инженеринг ООД", "Консулт Надзор 2010 ЕООД"],
        published="2025-10-17")])

# ---------------------------------------------------------------------------------------------
page("802", "http://new.bobovdol.eu/index.php?option=com_content&view=article&id=612:2019-05-14-08-12-44&catid=34:2010-05-25-07-55-25&Itemid=60",
     "windows-1251", "joomla15", "news-one-project",
     "windows-1251 declared in <meta>; Word-pasted body (MsoNormal spans, <o:p>, conditional comments, "
     "Symbol-font '·' bullets followed by runs of &nbsp;); the grant contract number is split over three "
     "<span>s AND typed with Cyrillic look-alikes ('ВG06RDNP001-7.' + '007-01' + '12-С01', Cyrillic В and С) "
     "-> written in Latin; programme only as 'ПРСР 2014 – 2020'; total printed with VAT and spelled out in "
     "words in brackets; БФП = the eligible cost without VAT (differs from the total; the VAT amount is not a "
     "budget figure); period only as '18 месеца от датата на подписване на договора' with no signing date "
     "printed -> start/end null, 18 months; the 'до 8 месеца' construction term is not the duration; "
     "'Проектът предвижда:' lead-in; Joomla 1.5 createdate vs 'Последна промяна'; sidebar with a ДФЗ number "
     "and an OPHRD contract with amounts",
     [P("Реконструкция и рехабилитация на общински път KNL1063 /II-62, Бобов дол – Мламолово/ – Шатрово",
        "Бобов дол", contracts=["BG06RDNP001-7.007-0112-C01"], procedures=["BG06RDNP001-7.007"],
        programme="RDP", beneficiary="Община Бобов дол", total=1467902.38, grant=1223251.98,
        currency="BGN", months=18,
        objectives=["Целта на проекта е да се осигури безопасен и целогодишен транспортен достъп до с. Шатрово "
                    "и с. Мламолово и да се подобрят условията за живот и за развитие на земеделието и бизнеса "
                    "в северната част на общината."],
        activities=["фрезоване на съществуващата настилка и полагане на нова асфалтова настилка в участък с дължина 6,2 км",
                    "ремонт на два моста и на водостоците",
                    "изграждане на отводнителни окопи и укрепване на банкетите",
                    "поставяне на хоризонтална и вертикална пътна сигнализация и ограничителни системи."],
        published="2019-05-14")])

# ---------------------------------------------------------------------------------------------
page("803", "https://satovcha.bg/news/517/tri-proekta-prsr-vodoprovodi", "utf-8", "custom-php",
     "multi-section",
     "one news article with three numbered <h3> sections, one project each -> 3 records (the section "
     "number '1.' is not part of the title); the intro's combined value '4 812,3 хил. лв.' is a rounded "
     "aggregate, not any project's budget; section 1: month-only period ('от м. юни 2020 г. до м. ноември "
     "2021 г.') -> null, 'Ремонтът включва:' list; section 2: ДФЗ number 01/07/2/0/00587 with 'от <date>', "
     "'около 1,8 млн. лв.' -> total null (currency null), 'до 30.06.2021 г.' end only, ДЗЗД contractor; "
     "section 3: only the БФП is printed (total null), signing date 02.07.2020 is not the start, '24 месеца', "
     "and only this section prints the procedure code; the intro 'Община Сатовча изпълнява три проекта' "
     "names the beneficiary of all three; 'подмярка 7.2' is not a code; sidebar with another ДФЗ number, "
     "amounts and '2 345,7 хил. лв.'",
     [P("Реконструкция на водопроводна мрежа в с. Кочан", "Сатовча",
        contracts=["BG06RDNP001-7.007-0045-C01"], programme="RDP", beneficiary="Община Сатовча",
        total=1912480.55, currency="BGN",
        activities=["подмяна на 8,4 км етернитови водопроводни тръби с тръби от полиетилен висока плътност",
                    "подмяна на 312 сградни водопроводни отклонения",
                    "възстановяване на уличните настилки след полагането на тръбите."],
        contractors=["Хидрострой Места ООД"], published="2020-09-23"),
      P("Реконструкция на водопроводна мрежа в с. Долен", "Сатовча",
        contracts=["01/07/2/0/00587"], programme="RDP", beneficiary="Община Сатовча",
        end="2021-06-30", contractors=["ДЗЗД Водоснабдяване Долен 2019"], published="2020-09-23"),
      P("Изграждане на водопровод и водоем в с. Ваклиново", "Сатовча",
        contracts=["BG06RDNP001-7.007-0061-C01"], procedures=["BG06RDNP001-7.007"], programme="RDP",
        beneficiary="Община Сатовча", grant=1104936.20, currency="BGN", months=24,
        objectives=["Целта на проекта е да се осигури непрекъснато водоподаване с питейна вода с добро "
                    "качество за жителите на с. Ваклиново и махалите към него."],
        published="2020-09-23")])

# ---------------------------------------------------------------------------------------------
page("804", "https://shabla.bg/proekti/ezera-i-krajbrezhie-eea/", "utf-8", "wordpress", "single-project",
     "WordPress + Elementor page builder (deeply nested widget divs, icon-list widgets with inline <svg> for "
     "activities and results, counter widgets whose visible text is '0' and whose real numbers sit in "
     "data-to-value); EEA Grants (ФМ на ЕИП 2014-2021) -> OTHER, euro amounts; an NGO is the beneficiary and "
     "the site's municipality only a partner (its partner budget 96 450,00 € is not the total); mixed "
     "language: an English subtitle and an English 'About the project' paragraph next to the Bulgarian "
     "fields; 'Цел на проекта:' inline label; a page with no visible date but an article:published_time "
     "meta in <head> -> published null; footer menu with an aggregate 'ПРСР (8 проекта, 6 412 880 лв.)' "
     "and an NRRP contract number",
     [P("Възстановяване на крайбрежните влажни зони при Шабленското и Езерецкото езеро", "Шабла",
        contracts=["BGENVIRONMENT-4.003-0012-C01"], procedures=["BGENVIRONMENT-4.003"], programme="OTHER",
        beneficiary="Сдружение „Добруджански влажни зони“", total=486920.00, grant=438228.00,
        currency="EUR", start="2022-05-01", end="2024-04-30", months=24,
        objectives=["Подобряване на природозащитното състояние на крайбрежните влажни зони и на местообитанията "
                    "на водолюбивите птици в защитените зони „Шабленски езерен комплекс“ и „Шабла – Езерец“ чрез "
                    "възстановяване на естествения воден режим и ограничаване на инвазивните видове."],
        activities=["Хидроложко проучване и проект за възстановяване на водния режим на езерата",
                    "Почистване на канала между Шабленското и Езерецкото езеро и ремонт на шлюза",
                    "Премахване на инвазивни растителни видове от крайбрежните ливади",
                    "Изграждане на две наблюдателници за птици и информационни табла",
                    "Обмен на опит с норвежкия партньор и обучения за местни заинтересовани страни"],
        results=["Възстановен естествен воден режим на 68 ха крайбрежни влажни зони",
                 "Подобрено състояние на местообитанията на червеногушата гъска и на други видове водолюбиви птици",
                 "Две наблюдателници и екопътека с дължина 3,2 км за посетителите на защитените зони"])])

# ---------------------------------------------------------------------------------------------
page("805", "https://www.dimitrovgrad.bg/bg/proekti/prr-2021-2027/iti-kulturen-marshrut", "utf-8",
     "custom-bootstrap", "single-project",
     "Bootstrap nav-tabs: goals, activities, financing, results and documents sit in tab panes that are in "
     "the HTML but hidden until clicked; ИТИ partnership project where the site's municipality is a PARTNER "
     "and the lead partner Община Хасково is the beneficiary; 'Наименование на проекта' cell is longer than "
     "the h1; programme only as 'ПРР 2021 – 2027' in the card (full name in the footer note); financing "
     "table with ЕФРР / national / 'Общо безвъзмездна финансова помощ' / 'Обща стойност' rows (grant = "
     "total; the ЕФРР and national parts are not the grant) plus the partner's own share 1 204 718,40 "
     "(not the total); currency only in the column header 'Сума (лв.)'; activities are 'Дейност N.' <h5> "
     "headings each followed by a description paragraph (the descriptions are not items); linked PDF/DOCX "
     "documents; 'Последна редакция' is not the published date; sidebar with another contract and amount",
     [P("Културно-исторически маршрут „Тракийски следи“ – социализация и достъпност на обекти на културното "
        "наследство в общините Хасково и Димитровград", "Димитровград",
        contracts=["BG16FFPR003-2.002-0117-C01"], procedures=["BG16FFPR003-2.002"], programme="PRR",
        beneficiary="Община Хасково", total=3675953.88, grant=3675953.88, currency="BGN",
        start="2024-05-15", end="2026-11-14", months=30,
        objectives=["Да се повиши туристическата привлекателност на Хасково и Димитровград чрез опазване, "
                    "социализация и интегрирано представяне на обекти на тракийското културно наследство.",
                    "Консервация, реставрация и осигуряване на достъпност до 4 обекта на културното наследство.",
                    "Създаване на общ маркиран маршрут и на посетителска инфраструктура.",
                    "Съвместен маркетинг и популяризиране на маршрута."],
        activities=["Подготовка на инвестиционни проекти и на документация за обществени поръчки",
                    "Консервация, реставрация и социализация на обектите в община Хасково",
                    "Консервация и социализация на античния пътен участък при с. Черногорово",
                    "Изграждане на посетителски център в гр. Димитровград",
                    "Маркетинг на маршрута, организация и управление, информация и комуникация"],
        results=["4 консервирани и социализирани обекта на културното наследство",
                 "1 посетителски център",
                 "маркиран маршрут с дължина 47 км с 12 информационни табла",
                 "увеличение на посещенията в обектите с 18 000 годишно."],
        published="2024-07-03")])

# ---------------------------------------------------------------------------------------------
page("806", "https://vratza.bg/bg/Pages/Projects/Projects.aspx?status=completed", "utf-8", "aspnet-webforms",
     "listing",
     "big city; ASP.NET GridView table of six completed projects -> 6 records; every value is in THOUSANDS "
     "('Стойност (хил. лв.)', '4 215,7', caption says rounded) -> no total anywhere, currency null (never "
     "multiply by 1000); periods are bare years ('2012 – 2014', '2017') -> null; programmes only as "
     "abbreviations in a column (ОПРР 2007-2013 -> OPRD, ОПДУ -> OPGG, ОПОС 2014-2020 -> OPE14, ПРЧР "
     "2021-2027 -> PHRD, ПВУ -> NRRP, Красива България -> OTHER); a 2007-2013 contract "
     "BG161PO001/1.1-12/2011/023 and a national 'РД-04-83/2017' (year part of the number, kept); a "
     "'Бенефициент' column where one row is a museum, not the municipality; total row 'Общо 10 615,1'; "
     "header 'today' date and 'Последна актуализация' are not published dates; sidebar with current "
     "projects, full amounts and dates",
     [P("Интегриран проект за обновяване на градската среда в централната градска част на гр. Враца", "Враца",
        contracts=["BG161PO001/1.1-12/2011/023"], programme="OPRD", beneficiary="Община Враца"),
      P("Повишаване на ефективността на общинската администрация чрез въвеждане на електронни услуги", "Враца",
        contracts=["BG05SFOP001-2.009-0047-C01"], programme="OPGG", beneficiary="Община Враца"),
      P("Подобряване качеството на атмосферния въздух в гр. Враца чрез подмяна на отоплителни уреди в домакинствата",
        "Враца", contracts=["BG16M1OP002-5.003-0012-C01"], programme="OPE14", beneficiary="Община Враца"),
      P("Грижа в дома в община Враца", "Враца", contracts=["BG05SFPR002-2.001-0203-C01"], programme="PHRD",
        beneficiary="Община Враца"),
      P("Енергийно обновяване на сградата на Регионален исторически музей – Враца", "Враца",
        contracts=["BG-RRP-4.023-0714-C01"], programme="NRRP",
        beneficiary="Регионален исторически музей – Враца"),
      P("Ремонт и обновяване на Младежкия дом в гр. Враца", "Враца", contracts=["РД-04-83/2017"],
        programme="OTHER", beneficiary="Община Враца")])

# ---------------------------------------------------------------------------------------------
page("807", "http://alfatar.egov.bg/ALFATAR/home.nsf/pages/bg/NT0000B2F4?OpenDocument", "utf-8",
     "domino-egov", "negative-job-ad",
     "job advertisement for staff of a project (Domino egov page, d/m/yyyy dates '5/2/2024', '16/2/2024', "
     "'21/2/2024'): it names the project, its grant contract BG05SFPR002-2.001-0088-C01, the programme, the "
     "beneficiary, the project period 01.01.2024 – 31.12.2025 and its total 624 870,00 лв., plus a salary "
     "table (933,00 лв. …), a numbered list of required documents and '-' requirement lines -> no record "
     "(a hiring notice, like a procurement notice, is not a page about the project); left box with another "
     "contract and amount",
     [])

# ---------------------------------------------------------------------------------------------
page("808", "https://zlatitsa.egov.bg/wps/portal/municipality-zlatitsa/actual/news/obshtestveno-obsazhdane-proektno-predlozhenie",
     "utf-8", "wps-portal", "negative-consultation",
     "public consultation on a project PROPOSAL the municipality is preparing (egov WPS portal): quoted name, "
     "procedure code BG16FFPR003-2.003, programme, 'индикативен бюджет 1 250 000 лв. с ДДС', '18 месеца след "
     "сключване на договор', 'Предвидени дейности' and 'Очаквани резултати' lists, a meeting date and a "
     "deadline for opinions; the ИТИ concept partner is another municipality -> no record (no contract "
     "exists yet); left box with two real projects' numbers and amounts",
     [])

# ---------------------------------------------------------------------------------------------
page("809", "https://www.lesichovo.bg/index.php/proekti/2412-erasmus-ou-tserovo", "utf-8", "joomla3",
     "news-one-project",
     "Erasmus+ school mobility project published on the municipality's site: the school is the beneficiary "
     "(bilingual 'Бенефициент / Beneficiary' table row), the programme Erasmus+ is not in the table -> OTHER; "
     "the project number 2024-1-BG01-KA122-SCH-000214536 is the grant agreement number; headline differs from "
     "the quoted name, which is followed by its English name in brackets (title = the Bulgarian name); "
     "bilingual label cells, foreign host schools (not partners in the contract sense, not contractors); "
     "'38 460 евро' described as 'изцяло безвъзмездно финансиране' -> total EUR, grant null; ISO "
     "datetime only in attributes, visible 'Създадено на 27 септември 2024' vs 'Последна промяна на 03 "
     "октомври 2024'; 'job shadowing' English phrase inside a list item; pager titles with another contract "
     "number and an amount",
     [P("Учим отвъд класната стая", "Лесичово", contracts=["2024-1-BG01-KA122-SCH-000214536"],
        programme="OTHER", beneficiary="ОУ „Св. Паисий Хилендарски“", total=38460.00, currency="EUR",
        start="2024-09-01", end="2025-08-31",
        objectives=["Целта на проекта е да въведе в училището методи за учене извън класната стая и да повиши "
                    "мотивацията на учениците за учене."],
        activities=["курс за учители „Проектно-базирано обучение на открито“ в Лисабон, Португалия",
                    "job shadowing (наблюдение на работния процес) за двама учители в основно училище в Гранада, Испания",
                    "групова мобилност на 16 ученици от V до VII клас и 4 придружаващи учители в Гранада, Испания",
                    "споделяне на резултатите с учителите от общината."],
        results=["6 учители, обучени да прилагат методи за учене на открито",
                 "16 ученици с опит в учене в международна среда",
                 "разработени 8 урока на открито по природни науки и история"],
        published="2024-09-27")])

# ---------------------------------------------------------------------------------------------
page("810", "http://apriltsi.acstre.com/section-214-content.html", "windows-1251", "custom-php",
     "news-same-contract",
     "windows-1251 with NO declaration in the page (only the server header would say it); a project section "
     "page with three dated items on one contract, OLDEST first -> one record: signing (total, БФП-like "
     "'безвъзмездно финансиране от НДЕФ' amount, 18 months, goal, '-' activity and result lines over <br>), "
     "works start (contractor and supervisor, works contract value and 6-month СМР term - not budget or "
     "duration), completion (implementation period, achieved results, the goal repeated); a national fund "
     "(НДЕФ, programme 'Инвестиции в климата') -> OTHER; contract '1079/2021' (number/year, kept); a "
     "previous-phase project with its own contract '845/2019' mentioned in passing (no record, not listed); "
     "merged results oldest first with one duplicate dropped; published = the latest item; left column with "
     "another news amount",
     [P("Енергийна ефективност и ВЕИ в сградата на общинската администрация и модернизация на уличното "
        "осветление в гр. Априлци", "Априлци", contracts=["1079/2021"], programme="OTHER",
        beneficiary="Община Априлци", total=486312.40, grant=413365.54, currency="BGN",
        start="2021-07-12", end="2022-12-15", months=18,
        objectives=["Целта на проекта е да се намалят разходите за енергия и емисиите на парникови газове от "
                    "общинската сграда и уличното осветление."],
        activities=["топлоизолация на стените, покрива и пода на сградата на общинската администрация",
                    "подмяна на дограмата",
                    "изграждане на фотоволтаична система с мощност 30 kWp",
                    "подмяна на 640 улични осветителни тела с LED осветители."],
        results=["спестена енергия 412 MWh годишно",
                 "намалени емисии на CO2 с 198 т годишно.",
                 "топлоизолирана сграда на общинската администрация с РЗП 1 860 кв. м",
                 "изградена фотоволтаична система с мощност 30 kWp",
                 "подменени 640 улични осветителни тела"],
        contractors=["Енерджи Билд ООД", "Стройконтрол Ловеч ЕООД"],
        published="2022-12-21")])

# ---------------------------------------------------------------------------------------------
page("811", "http://tvarditsa.iradeum.com/index2.php?idnews=1412&lang=bg", "windows-1251", "legacy-table",
     "negative-council-decision",
     "windows-1251 declared in <meta>; legacy table layout; a council decision to take a bridging loan "
     "from ФЛАГ for a project: it names the project, its grant contract BG06RDNP001-7.007-0231-C01 (three "
     "times), the programme, the total and БФП (2 418 765,40 лв.), the project deadline 30.09.2023, plus the "
     "loan parameters (1 200 000 лв., 12 months, EURIBOR + 3,8 %), decision/protocol numbers and dates -> no "
     "record (council decision); left column with other projects' number and amount",
     [])

# ---------------------------------------------------------------------------------------------
page("812", "https://www.tran.bg/index.php/novini/1184-zakluchitelna-konferentsia-ruy-vlashka", "utf-8",
     "joomla4", "news-one-project",
     "Interreg-IPA CBC Bulgaria-Serbia 2014-2020 with the site's municipality as LEAD partner; news of the "
     "closing conference (an event report that is about the project -> a record); mixed language: Bulgarian "
     "text, an English project box (title, number, 'Total budget: € 387 456.20') and a Serbian-Latin "
     "funding line; Serbian partner named in Cyrillic Serbian ('Општина Бабушница') and Latin "
     "('Opština Babušnica'); two numbers: project code CB007.1.11.087 and subsidy contract "
     "'РД-02-29-211/21.03.2018 г.' (date dropped); IPA co-financing amount is the grant, the lead partner's "
     "own budget 214 380,00 евро is not the total; start/end and '24 месеца' stated; 'постигнатите "
     "резултати:' lead-in; two contractors; conference date 12.03.2020 is not the published date (14 март "
     "2020); sidebar with other CB007 codes and a budget",
     [P("Съвместно развитие на планинския туризъм в Руй и Влашка планина", "Трън",
        contracts=["CB007.1.11.087", "РД-02-29-211"], programme="INTERREG", beneficiary="Община Трън",
        total=387456.20, grant=329337.77, currency="EUR", start="2018-03-22", end="2020-03-21", months=24,
        objectives=["Целта на проекта е да се повиши туристическата привлекателност на граничния планински район "
                    "чрез общ туристически продукт и подобрена туристическа инфраструктура."],
        results=["изградени 3 туристически заслона в Руй планина и 2 във Влашка планина",
                 "маркирани 64 км трансгранични туристически маршрути",
                 "издаден двуезичен туристически пътеводител и карта в 6 000 екземпляра",
                 "проведени 4 съвместни събития за популяризиране на планинския туризъм."],
        contractors=["Руй Строй ЕООД", "Планинска пътека ООД"],
        published="2020-03-14")])

# ---------------------------------------------------------------------------------------------
page("813", "https://www.kula.bg/search/label/%D0%A2%D0%BE%D0%BF%D1%8A%D0%BB%20%D0%BE%D0%B1%D1%8F%D0%B4",
     "utf-8", "blogger", "news-same-contract",
     "Blogger label page on a custom domain: three posts on one contract, newest first, each under a "
     "'date-header' with a weekday and month name ('петък, 5 януари 2024 г.') and a time-only timestamp "
     "link -> one record dated by the latest post; 'Програма за храни и основно материално подпомагане "
     "2021 – 2027' (code prefix BG05SFPR003, not BG05SFPR002) -> OTHER, not PHRD; '… е изцяло безвъзмездна "
     "финансова помощ' -> grant null; the catering firm is a contractor, its contract value 226 512,00 лв. is "
     "not the budget; the newest post's results are '-' lines in <div>s; the goal repeated in the newest "
     "post is dropped by the merge; 'Целеви групи' not copied; sidebar 'Популярни публикации' with an RDP "
     "contract number, an amount and a date; archive counts",
     [P("Осигуряване на топъл обяд в община Кула", "Кула", contracts=["BG05SFPR003-1.001-0152-C01"],
        procedures=["BG05SFPR003-1.001"], programme="OTHER", beneficiary="Община Кула", total=312480.00,
        currency="BGN", start="2023-01-01", end="2025-12-31",
        objectives=["Целта на проекта е осигуряване на топъл обяд на лица и семейства в затруднено положение в "
                    "община Кула."],
        activities=["приготвяне и доставка на топъл обяд в работните дни",
                    "осигуряване на хранителни продукти за празничните дни",
                    "реализиране на съпътстващи мерки за потребителите."],
        results=["осигурен топъл обяд за 90 потребители дневно",
                 "реализирани съпътстващи мерки за всички потребители.",
                 "подпомогнати 90 лица от гр. Кула и селата Тополовец, Полетковци, Старопатица и Извор махала",
                 "доставени 21 780 порции топъл обяд (супа, основно ястие, хляб и десерт)",
                 "проведени 6 съпътстващи мерки – консултации и информационни срещи."],
        contractors=["Кула Кетъринг ЕООД"], published="2024-01-05")])

# ---------------------------------------------------------------------------------------------
page("814", "https://www.chervenbryag.bg/proekti/tekushti-proekti/", "utf-8", "wordpress", "listing",
     "accordion (Shortcodes Ultimate spoilers, content in the HTML but collapsed) with four projects -> 4 "
     "records: (1) spoiler title is a short label '… (ПВУ)', the name is the quoted 'Наименование' with inner "
     "quotes; value 'с ДДС (… без ДДС)' -> with VAT; '100 % безвъзмездно финансиране' -> grant null; "
     "'Предвидени мерки за енергийна ефективност:' -> activities; (2) programme only 'ПОС 2021 – 2027' -> "
     "PENV; no БФП amount, so the ЕФРР part is the grant; '36 месеца, считано от 01.03.2024 г.' -> start and "
     "duration, no end; 'Цел:' label; (3) a national sports programme of the ministry -> OTHER, contract "
     "'01-112/15.05.2023 г.' (date dropped), national money without 'безвъзмездн…' -> grant null, 'до "
     "31.12.2024 г.' end only; (4) OPRD 2007-2013 with a printed scheme code (a prefix of the contract "
     "number, but printed separately), 'изцяло безвъзмездна' -> grant null, 'Период: 2012 – 2013 г.' -> "
     "null, 'Постигнати резултати'; a page, no published date; sidebar news with an aggregate budget and a "
     "ДФЗ number",
     [P("Енергийно обновяване на сградата на ДГ „Слънце“ – гр. Червен бряг", "Червен бряг",
        contracts=["BG-RRP-4.024-0551-C01"], programme="NRRP", beneficiary="Община Червен бряг",
        total=1356210.55, currency="BGN", start="2024-01-18", end="2026-01-17",
        activities=["топлоизолация на външните стени и покрива", "подмяна на дограмата",
                    "подмяна на осветлението с LED осветители",
                    "монтаж на фотоволтаична система за собствени нужди."],
        contractors=["Термострой Инженеринг ЕООД"]),
      P("Защита от наводнения на гр. Червен бряг – корекция и укрепване на десния бряг на р. Искър",
        "Червен бряг", contracts=["BG16FFPR002-3.002-0014-C01"], programme="PENV",
        beneficiary="Община Червен бряг", total=2045318.00, grant=1738520.30, currency="BGN",
        start="2024-03-01", months=36,
        objectives=["Намаляване на риска от наводнения за жителите и имуществото в крайречните квартали на "
                    "гр. Червен бряг."]),
      P("Основен ремонт на градския стадион в гр. Червен бряг", "Червен бряг", contracts=["01-112"],
        programme="OTHER", beneficiary="Община Червен бряг", total=298440.00, currency="BGN",
        end="2024-12-31", contractors=["Спортна база Строй ООД"]),
      P("Подобряване на физическата среда и осигуряване на достъпна среда в ДГ „Детелина“ – гр. Червен бряг",
        "Червен бряг", contracts=["BG161PO001/4.1-05/2011/047"], procedures=["BG161PO001/4.1-05/2011"],
        programme="OPRD", beneficiary="Община Червен бряг", total=487215.03, currency="BGN",
        results=["обновена сграда с РЗП 1 240 кв. м",
                 "осигурена достъпна среда за деца с увреждания",
                 "обзаведени 6 занимални."])])

# ---------------------------------------------------------------------------------------------
page("815", "https://tsarkaloyan.bg/novini/2026/02/ploshtadka-razdelno-sabirane", "utf-8",
     "custom-bootstrap", "news-one-project",
     "UTF-8 with a BOM; a 2026 news item after the euro changeover: every project amount is in euro only "
     "(total, БФП, own share) -> EUR; programme only as 'ПОС 2021 – 2027' in the body (-> PENV, not the "
     "'ОПОС 2014 – 2020' of an earlier project named in passing with its own contract number - no record, "
     "not listed); 'Срокът за изпълнение е 20 месеца, до 30.09.2027 г.' -> end + 20 months, no start; "
     "activities are <br> lines with Cyrillic letter markers 'а)', 'б)', 'в)', 'г)' (markers dropped); the "
     "procurement estimate 486 000 евро is not a budget; sidebar with a euro budget and a lev amount of "
     "another project",
     [P("Изграждане на площадка за безвъзмездно предаване на разделно събрани отпадъци и компостираща "
        "площадка в гр. Цар Калоян", "Цар Калоян", contracts=["BG16FFPR002-2.005-0031-C01"],
        procedures=["BG16FFPR002-2.005"], programme="PENV", beneficiary="Община Цар Калоян",
        total=612405.18, grant=520544.40, currency="EUR", end="2027-09-30", months=20,
        activities=["изграждане на площадка за безвъзмездно предаване на разделно събрани отпадъци от домакинствата",
                    "изграждане на площадка за компостиране на зелени отпадъци с капацитет 1 500 т годишно",
                    "доставка на техника – челен товарач, шредер и сита за компост",
                    "информационна кампания за населението."],
        results=["намаляване на количеството депонирани битови отпадъци с 30 %",
                 "1 500 т компост годишно за озеленяване на общински площи."],
        published="2026-02-11")])

# ---------------------------------------------------------------------------------------------
page("816", "http://vetovo.com/?p=6124", "utf-8", "wordpress", "negative-call",
     "a local action group's call for proposals published on the municipality's WordPress site: procedure "
     "code BG06RDNP001-19.561, total БФП of the call 1 466 874,00 лв., min/max per project, intensity, "
     "opening/closing dates and an info meeting, eligible applicants (the municipality among them) and "
     "eligible activities lists -> no record (a call is not a project); post navigation titles and the "
     "sidebar carry another contract number and amounts",
     [])

# ---------------------------------------------------------------------------------------------
page("817", "https://www.elinpelin.org/currentNews-8412-newitem.html", "utf-8", "custom-php",
     "news-one-project",
     "the project's name appears ONLY as the text of a link at the end ('Повече информация: Проект „Заедно в "
     "училище – Елин Пелин“'); the headline is descriptive; programme only as 'ОП НОИР' with its full name "
     "(OPSESG); the grant contract number is broken over a line ('BG05M2OP001-3.005-<br>0041-C01'); amounts "
     "with dot thousands ('484.216,72 лв.'); 'изцяло безвъзмездна финансова помощ' -> the ESF amount is the "
     "grant, the national part is not added; '(24 месеца)' in brackets; 'По проекта бяха изпълнени следните "
     "дейности:' + numbered <p>s; partner school/kindergarten/NGO are not the beneficiary; a training firm is a "
     "contractor; the header 'today' date differs from the news date; the final meeting date 27.02.2019 is "
     "not the published date; sidebar with another ОП НОИР contract",
     [P("Заедно в училище – Елин Пелин", "Елин Пелин", contracts=["BG05M2OP001-3.005-0041-C01"],
        programme="OPSESG", beneficiary="Община Елин Пелин", total=484216.72, grant=411584.21,
        currency="BGN", start="2017-02-28", end="2019-02-27", months=24,
        activities=["Допълнително обучение по български език за 86 деца и ученици, за които българският език не е майчин.",
                    "Занимания по интереси – театър, народни танци, роботика и спорт.",
                    "Работа с родителите – 12 срещи и индивидуални консултации с образователни медиатори.",
                    "Обучение на 34 педагогически специалисти за работа в мултикултурна среда."],
        results=["обхванати 212 деца и ученици от уязвими групи",
                 "намален брой на отпадналите ученици от 11 на 2",
                 "назначени 3 образователни медиатори."],
        contractors=["Образователен център Перспектива ООД"], published="2019-02-28")])

# ---------------------------------------------------------------------------------------------
page("818", "https://kaspichan.org/wps/portal/municipality-kaspichan/administration/activities/projects/sprzsr/kalugeritsa",
     "utf-8", "wps-portal", "single-project",
     "programme of 2023-2027: 'Стратегически план за развитие на земеделието и селските райони 2023 – 2027 "
     "г. (СПРЗСР)' with a BG06RDNP002 code -> RDP27, not RDP; lev first with euro in brackets ('244 620,00 "
     "лв. (125 072,22 €)', 2025) -> BGN; short h2 vs the longer quoted name; the activities are only in an "
     "image's alt text (the publicity poster) and in linked PDFs -> activities empty; ДФ „Земеделие“ is the "
     "paying agency, not the beneficiary; left box with another contract and a lev/euro amount",
     [P("Обновяване на централния площад и зона за обществен отдих в с. Калугерица", "Каспичан",
        contracts=["BG06RDNP002-7.002-0019-C01"], procedures=["BG06RDNP002-7.002"], programme="RDP27",
        beneficiary="Община Каспичан", total=244620.00, grant=244620.00, currency="BGN",
        start="2025-07-01", end="2026-06-30", published="2025-08-14")])

# ---------------------------------------------------------------------------------------------
page("819", "https://straldzha.bg/index.php/obyavi/1876-uvedomlenie-investitsionno-predlozhenie-zimnitsa",
     "utf-8", "joomla3", "negative-eia-notice",
     "an environmental-assessment notice (ЗООС 'обява за инвестиционно предложение'): quoted name of a "
     "future investment, the municipality as 'Възложител', an intended application under ПОС 2021 – 2027 "
     "with procedure code BG16FFPR002-1.004, 'прогнозна стойност 4 850 000 лв. без ДДС', '36 месеца', land "
     "parcel identifiers (30973.34.12), legal references and a deadline -> no record (no project under "
     "contract, a regulatory notice); sidebar with an NRRP contract number and an amount",
     [])

# ---------------------------------------------------------------------------------------------
page("820", "https://chiprovtsi.bg/currentNews-1415-newitem.html", "utf-8", "custom-php",
     "negative-partnership-agreement",
     "news about a partnership agreement signed to APPLY under Interreg VI-A IPA Bulgaria-Serbia 2021-2027: "
     "quoted name of the proposal, the municipality as future lead partner, a proposal budget (498 000 евро, "
     "85 % EU, its own share 276 400 евро), '24 месеца' if approved, a planned-activities list and a "
     "submission deadline -> no record (not under contract); a past project (CB007.1.13.058) is mentioned in "
     "passing -> no record; sidebar of completed projects with a contract number, an amount and dates",
     [])


def main():
    os.makedirs(os.path.join(ROOT, "truth"), exist_ok=True)
    rows = ["file\turl\tcharset\tcms_style\tkind\twhat_is_hard"]
    total = 0
    for n, url, charset, style, kind, hard, projects in PAGES:
        for s in (url, charset, style, kind, hard):
            assert "\t" not in s and "\n" not in s
        with open(os.path.join(ROOT, "truth", n + ".json"), "w", encoding="utf-8") as f:
            json.dump({"url": url, "projects": projects}, f, ensure_ascii=False, indent=2)
            f.write("\n")
        rows.append("\t".join([n + ".html", url, charset, style, kind, hard]))
        total += len(projects)
    with open(os.path.join(ROOT, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print(f"{len(PAGES)} pages, {total} records")


if __name__ == "__main__":
    main()
