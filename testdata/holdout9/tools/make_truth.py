#!/usr/bin/env python3
"""Write truth/9NN.json and manifest.tsv for the holdout9 corpus.

The truth follows shared/corpus/dev/README.md (conventions + Clarifications) and the way
shared/corpus/real-peshtera treats similar pages. Every judgement call is listed in README.md.
Run tools/build_pages.py first (pages/), then this script, then
  python3 testdata/corpus/check_truth.py testdata/holdout9
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
S = "Средец"
SB = "Община Средец"
page("901", "https://www.sredets.bg/obshchinska-administratciia/proekti-i-programi/", "utf-8", "wordpress",
     "listing",
     "a table pasted from Excel into a WordPress page (x:num attributes, xl65-xl72 classes, <colgroup>, "
     "nbsp as the thousands separator) with 12 projects -> 12 records; nine colspan group rows carry the "
     "programme of the rows below them (OPRG, ПРСР, ПРР, ПРЧР, Програма за храни, НПВУ, Красива България, "
     "ПУДООС, a МОН national programme) - the rows print no programme of their own; merged cells: the "
     "'Бенефициент' cell 'Община Средец' spans rows 1-2 and 3-4 (rowspan) and 'Статус' spans rows too; "
     "row 1 carries two contract numbers after an annex ('…-C01<br>…-C02 (Анекс № 1)'); rows with a "
     "different beneficiary (a social-services complex, two schools); missing cells (no contract number, "
     "empty БФП, '–'); a title split by <br> inside its cell; periods as 'dd.mm.yyyy – dd.mm.yyyy', bare "
     "years ('2018 – 2020', '2023', '2024 – 2025 г.') -> null, '36 месеца' -> duration only, 'до 30.11.2022' "
     "-> end only; contract formats ДФЗ 02/07/2/0/00214, LAG ISUN BG06RDNP001-19.245-0011-C01, ПУДООС "
     "'РД-10-22/13.04.2022' (date dropped), МОН 'Д-34-56/2021' (year kept); currency only in the headers "
     "'Обща стойност (лв.)' / 'БФП (лв.)'; the БФП column of national-programme rows is empty -> grant null; "
     "an 'ОБЩО:' totals row is not a record; 'Последна актуализация' and article:modified_time are not a "
     "published date -> null; sidebar news with an amount and a ПРР application",
     [P("Повишаване на енергийната ефективност на административната сграда на Община Средец", S,
        contracts=["BG16RFOP001-2.002-0041-C01", "BG16RFOP001-2.002-0041-C02"], programme="OPRG",
        beneficiary=SB, total=1312406.18, grant=1312406.18, currency="BGN",
        start="2019-06-14", end="2021-09-30"),
      P("Реконструкция и модернизация на ДГ „Радост“ – гр. Средец", S,
        contracts=["BG16RFOP001-3.002-0017-C01"], programme="OPRG", beneficiary=SB,
        total=876402.15, grant=876402.15, currency="BGN"),
      P("Реконструкция и рехабилитация на улици в с. Драчево", S,
        contracts=["02/07/2/0/00214"], programme="RDP", beneficiary=SB,
        total=1956210.40, grant=1630175.33, currency="BGN", start="2020-05-11", end="2022-06-30"),
      P("Обновяване на спортна площадка в с. Белеврен", S,
        contracts=["BG06RDNP001-19.245-0011-C01"], programme="RDP", beneficiary=SB,
        total=148320.00, grant=133488.00, currency="BGN"),
      P("Реконструкция на централната градска част на гр. Средец – етап 1", S,
        contracts=["BG16FFPR003-2.004-0038-C01"], programme="PRR", beneficiary=SB,
        total=3412887.60, grant=3071598.84, currency="BGN", months=36),
      P("Грижа в дома в Община Средец", S,
        contracts=["BG05SFPR002-2.001-0212-C01"], programme="PHRD", beneficiary=SB,
        total=987345.60, grant=987345.60, currency="BGN", start="2023-02-01", end="2025-01-31"),
      P("Подкрепа за деца и семейства в Център за обществена подкрепа – Средец", S,
        contracts=["BG05SFPR002-2.005-0009-C01"], programme="PHRD",
        beneficiary="Комплекс за социални услуги – Средец",
        total=418250.40, grant=418250.40, currency="BGN", start="2024-03-01", end="2026-02-28"),
      P("Осигуряване на топъл обяд в Община Средец", S,
        contracts=["BG05SFPR003-1.001-0087-C01"], programme="OTHER", beneficiary=SB,
        total=412640.00, grant=412640.00, currency="BGN"),
      P("Създаване на STEM среда в ОУ „Св. Иван Рилски“ – гр. Средец", S,
        contracts=["BG-RRP-1.015-0287-C01"], programme="NRRP", beneficiary="ОУ „Св. Иван Рилски“",
        total=97800.00, currency="BGN"),
      P("Ремонт на покрива и фасадата на НЧ „Пробуда – 1899“ – с. Факия", S,
        programme="OTHER", beneficiary=SB, total=164812.46, currency="BGN"),
      P("Изграждане на зона за отдих и детска площадка в кв. „Изгрев“ – гр. Средец", S,
        contracts=["РД-10-22"], programme="OTHER", beneficiary=SB, total=48760.00, currency="BGN",
        end="2022-11-30"),
      P("Модернизация на кабинета по природни науки", S,
        contracts=["Д-34-56/2021"], programme="OTHER", beneficiary="СУ „Св. Климент Охридски“",
        total=24600.00, currency="BGN")])

# ---------------------------------------------------------------------------------------------
page("902", "https://www.nikopol.bg/index.php/novini", "utf-8", "joomla3", "negative-news-list",
     "a Joomla 3 category blog of nine news teasers, none of them about a project -> no record: a council "
     "session whose agenda includes the 2024 budget (14 286 300 лв.); an information meeting about a "
     "proposal the municipality is PREPARING under BG16FFPR003-2.002, with the requested БФП 1 874 520,00 "
     "лв. and '24 месеца' (an application, not a project); a procurement notice with an estimate (186 400,00 "
     "лв. без ДДС) and a deadline; a land-rent auction (72 лв. per decare); a national-holiday ceremony; a "
     "waste-collection schedule with dates; a public consultation on a tax ordinance; rabies vaccination; "
     "pupils' prizes (150 лв.); every teaser has a Joomla 'Публикувано:' date and a 'Прочетете повече' link "
     "repeating the headline; the header 'Днес е 26 март 2024 г.'; the sidebar 'Проекти' menu lists three "
     "project titles with a ДФЗ number and an ISUN contract number (a sidebar list of other projects -> "
     "nothing)",
     [])

# ---------------------------------------------------------------------------------------------
page("903", "https://www.belitsa.bg/news.php?id=1873", "utf-8", "custom-php", "news-one-project",
     "Word-pasted news body where <br><br> replaces paragraphs (one MsoNormal <p> holds most of the text); "
     "the headline ('От 1 юни 2023 г. стартира услугата „Грижа в дома“…') is not the title, the quoted name "
     "'Грижа в дома в Община Белица' is; the project's data sit only in the italic publicity footer in the "
     "standard wording ('Проект BG… „…“, финансиран от…, се изпълнява от Община Белица. Общата стойност на "
     "проекта е …, от които … европейско и … национално съфинансиране. Срок за изпълнение: от … до …'); "
     "amounts split across <span>/<i> boundaries and glued with &nbsp; ('1&nbsp;186&nbsp;732,' + '80'; "
     "'1&nbsp;008&nbsp;7' + '22,88'); no БФП amount, so the European part is the grant and the national part "
     "is not added; the procedure code BG05SFPR002-2.001 printed in the body; the goal sentence is bold; "
     "'•' items typed by hand over <br> lines with &nbsp;; the '60 потребители', '18 домашни помощници' "
     "figures are running text; 'Прочетена: 418 пъти' next to the date; left box with an OPHRD contract, an "
     "amount and an old Топъл обяд period",
     [P("Грижа в дома в Община Белица", "Белица",
        contracts=["BG05SFPR002-2.001-0134-C01"], procedures=["BG05SFPR002-2.001"], programme="PHRD",
        beneficiary="Община Белица", total=1186732.80, grant=1008722.88, currency="BGN",
        start="2023-06-01", end="2025-05-31",
        objectives=["Целта на проекта е да се подобри качеството на живот на възрастните хора и хората с "
                    "увреждания чрез предоставяне на интегрирани здравно-социални услуги в домашна среда."],
        activities=["подбор, наемане и обучение на домашни помощници и медицински специалисти",
                    "предоставяне на почасови мобилни интегрирани здравно-социални услуги в домашна среда",
                    "доставка на храна, лекарства и продукти от първа необходимост",
                    "психологическа подкрепа и консултиране на потребителите и техните семейства."],
        published="2023-06-06")])

# ---------------------------------------------------------------------------------------------
page("904", "https://www.simitli.bg/novini/2024/04/nova-gorska-tehnika-ogp", "utf-8", "custom-bootstrap",
     "news-one-project",
     "a news post with an 'Информация за проекта' Bootstrap card at the end (label/value rows in a grid of "
     "divs, not a table); the beneficiary is a MUNICIPAL ENTERPRISE ('Общинско предприятие „Общински гори – "
     "Симитли“'), not the municipality; ПРСР sub-measure 8.6 with a ДФЗ number '№ 01/08/6/0/00052 от "
     "14.11.2022 г.' (date dropped); 'подмярка 8.6' is a measure name, not a code; total printed only 'без "
     "ДДС' and 'лв' without a dot; БФП with '(60 %)'; 'до 31.05.2024 г.' end only; activities as '1)'-'4)' "
     "lines over <br> after 'Проектът включва следните дейности:'; the supplier is a contractor, its supply "
     "contract (381 250,00 лв без ДДС) and the 36-month warranty are not budget or duration; 'Целта на "
     "проекта е …' sentence; headline is descriptive; date only as an icon line '12.04.2024'; sidebar with "
     "an ISUN number, an amount and another ДФЗ number",
     [P("Закупуване на специализирана горска техника и оборудване за стопанисване на общинските горски "
        "територии на Община Симитли", "Симитли",
        contracts=["01/08/6/0/00052"], programme="RDP",
        beneficiary="Общинско предприятие „Общински гори – Симитли“",
        total=389400.00, grant=233640.00, currency="BGN", end="2024-05-31",
        objectives=["Целта на проекта е да се повиши ефективността на лесовъдските дейности и на добива на "
                    "дървесина в общинските горски територии чрез модернизиране на техниката на предприятието."],
        activities=["доставка на колесен горски трактор с лебедка",
                    "доставка на горско ремарке с хидравличен кран",
                    "доставка на моторни триони и лични предпазни средства за работниците",
                    "обучение на персонала за работа с новата техника."],
        contractors=["Агротехника Струма ЕООД"], published="2024-04-12")])

# ---------------------------------------------------------------------------------------------
ITI = "Подобряване на свързаността и достъпа до природни и културни обекти в общините Любимец, Тополовград и Маджарово"
page("905", "https://www.lubimets.bg/2024/02/14/dogovor-iti-patishta-tri-obshtini/", "utf-8", "wordpress",
     "news-one-project",
     "phase 1 of 3 of ONE project published on three municipalities' sites (905 signing, 906 first dig, 908 "
     "completion): each page gives its own record of what it prints, no cross-page merging; here the lead "
     "partner signs: the headline's 'над 6,8 млн. лв.' is approximate, the exact total and БФП are in the "
     "body (the partners' own share is not the grant); ИТИ procedure code and concept name (the concept is "
     "not the project); 'Срокът за изпълнение на проекта е 18 месеца' with no dates, and the signing date "
     "12.02.2024 is not the start; 'Проектът предвижда:' + '1)'-'4)' lines over <br>; partners are not the "
     "beneficiary; WordPress Astra post with article:published_time in <head>; visible date '14 февруари "
     "2024'; sidebar with a ДФЗ number and an amount of an older project",
     [P(ITI, "Любимец", contracts=["BG16FFPR003-2.001-0087-C01"], procedures=["BG16FFPR003-2.001"],
        programme="PRR", beneficiary="Община Любимец", total=6842315.08, grant=6121902.46, currency="BGN",
        months=18,
        objectives=["Целта на проекта е да се подобри транспортният достъп до природните и културните "
                    "забележителности в Сакар и Източните Родопи и да се създадат условия за развитие на "
                    "целогодишен туризъм в трите общини."],
        activities=["реконструкция на общински път HKV1152 Любимец – Малко Градище",
                    "рехабилитация на общински път HKV2160 Тополовград – Устрем",
                    "ремонт на улици в гр. Маджарово по маршрута към Посетителския център",
                    "поставяне на туристическа сигнализация и информационни табели в трите общини."],
        published="2024-02-14")])

# ---------------------------------------------------------------------------------------------
page("906", "https://topolovgrad.bg/index.php?page=news&id=1207", "windows-1251", "legacy-table",
     "news-one-project",
     "windows-1251 declared in <meta>; table layout; phase 2 of 3 (first dig) of the project of 905, on a "
     "PARTNER's site: the beneficiary is the lead partner Община Любимец ('се изпълнява от Община Любимец като "
     "водещ партньор'), municipality is Тополовград; the project total for the three municipalities is the "
     "total, the partner's part (2 214 608,12 лв.) and the works contract (1 786 420,00 лв. без ДДС) are not; "
     "the 8-month СМР term is not the duration; 'Проектът трябва да приключи до 31.08.2025 г.' -> end only "
     "(a date the signing page did not print); the works are described in one running sentence ('Ремонтът "
     "включва фрезоване…, полагане…, ремонт…') -> no activity items; two contractors (works and supervision); "
     "no grant printed on this page; the monastery and village names are not project data; left column with "
     "other news (one with an amount) and two project numbers",
     [P(ITI, "Тополовград", contracts=["BG16FFPR003-2.001-0087-C01"], programme="PRR",
        beneficiary="Община Любимец", total=6842315.08, currency="BGN", end="2025-08-31",
        contractors=["Сакар Пътстрой ООД", "Инвест Контрол Хасково ЕООД"], published="2024-06-03")])

# ---------------------------------------------------------------------------------------------
page("907", "https://www.kresna.bg/node/3318", "utf-8", "drupal7", "negative-award-decision",
     "a procurement AWARD DECISION on the buyer profile (Drupal 7 node): it names the project the procurement "
     "serves, its grant contract BG06RDNP001-7.020-0041-C01, the programme and the beneficiary, plus a "
     "ranking table of three bidders with scores and offered prices, the winner's price with and without VAT, "
     "a 240-day works term, the estimate 1 420 000,00 лв., decision/order/protocol numbers and dates, and an "
     "appeal deadline -> no record (procurement documents give no record, even when they quote the grant "
     "contract); Drupal 'пет, 09/15/2023 - 16:40' byline; sidebar with an NRRP contract number inside another "
     "procurement's title",
     [])

# ---------------------------------------------------------------------------------------------
page("908", "https://www.madzharovo.bg/index.php/novini/718-priklyuchi-proekt-iti-patishta", "utf-8",
     "joomla3", "news-one-project",
     "phase 3 of 3 (completion) of the project of 905/906, on the other partner's site: this page prints the "
     "contract and its annex ('№ …-C01, изменен с Анекс № …-C02') -> both numbers; the total AFTER the annex "
     "(6 514 870,44 лв., lower than the 905 figure) and its БФП -> this page's values, not 905's; the "
     "implementation period 01.03.2024 – 31.08.2025 (never printed on 905/906) with no months; the lead "
     "partner is the beneficiary ('изпълнен от Община Любимец в партньорство с…'); the value of the works "
     "done in Маджарово (1 214 006,30 лв. с ДДС) is not a budget figure; 'В резултат на проекта:' + '•' "
     "paragraphs -> results; the contractor named for the local works; the ribbon-cutting date (26 "
     "септември) is not the published date (30 септември 2025); a quote from the mayor; sidebar with an ISUN "
     "number and a ПУДООС amount",
     [P(ITI, "Маджарово",
        contracts=["BG16FFPR003-2.001-0087-C01", "BG16FFPR003-2.001-0087-C02"], programme="PRR",
        beneficiary="Община Любимец", total=6514870.44, grant=5829364.18, currency="BGN",
        start="2024-03-01", end="2025-08-31",
        results=["рехабилитирани са 14,6 км общински пътища в общините Любимец и Тополовград",
                 "ремонтирани са 2,3 км улици в гр. Маджарово",
                 "поставени са 48 туристически указателни и информационни табели",
                 "изградени са 3 места за отдих и наблюдение на птици."],
        contractors=["Родопи Инфраструктура ЕООД"], published="2025-09-30")])

# ---------------------------------------------------------------------------------------------
page("909", "https://www.varshets.bg/index.php?option=com_content&view=article&id=2318:2021-05-31-06-14-22&catid=3:2009-11-02-12-41-10&Itemid=3",
     "windows-1251", "joomla15", "news-one-project",
     "windows-1251 declared in <meta>; Joomla 1.5 article pasted from Word (conditional comments, <o:p>, "
     "MsoListParagraph items whose numbers '1.'-'5.' are typed text followed by a 7pt span of &nbsp;); the "
     "project's data are in a Word table 'Информация за проекта' (MsoTableGrid) with a merged 'Стойност' "
     "cell (rowspan) over two rows; the ДФЗ number is split over three spans ('№ 12/07/2/0/00' + '4' + '56 "
     "от 14.11.2018 г.'); the total '1.204.518,72 лв. с ДДС' (dot thousands) is split across two spans; БФП "
     "'1.003.765,60 лв' without a final dot (= the amount without VAT); the table states 'Период на "
     "изпълнение от 14.11.2018 г. до 31.05.2021 г.' (the start equals the contract date, taken because the "
     "page calls it the period); 'В рамките на проекта бяха извършени:' lead-in -> activities; a future "
     "proposal 'около 450 хил. лв.' is not this project's; the ribbon-cutting date 28 май 2021 and the "
     "header 'Вторник, 01 Юни 2021' are not the published date (createdate 'Понеделник, 31 Май 2021'); "
     "'Последна промяна'; left column with a budget-funded street repair amount and an OPHRD number",
     [P("Реконструкция и благоустрояване на Градски парк – гр. Вършец", "Вършец",
        contracts=["12/07/2/0/00456"], programme="RDP", beneficiary="Община Вършец",
        total=1204518.72, grant=1003765.60, currency="BGN", start="2018-11-14", end="2021-05-31",
        activities=["реконструкция на алейната мрежа с обща площ 6 820 кв. м",
                    "ремонт на чешмите и на фонтана при централния вход",
                    "изграждане на ново парково осветление и видеонаблюдение",
                    "поставяне на пейки, кошчета и информационни табели",
                    "озеленяване с 320 дървета и храсти и изграждане на поливна система."],
        contractors=["Паркстрой Монтана ООД"], published="2021-05-31")])

# ---------------------------------------------------------------------------------------------
T = "Царево"
TB = "Община Царево"
TP = "2025-01-21"
page("910", "https://www.tsarevo.bg/proekti/proekti-2019-2024", "utf-8", "joomla4", "multi-section",
     "one long Joomla 4 article pasted from Word with nine projects in hand-numbered bold sections ('1. "
     "Проект „…“') under two Roman-numbered group headings -> 9 records, each dated by the article "
     "('Публикувано: 21 януари 2025'; 'Информацията е актуална към 31.12.2024 г.' is not a date of "
     "publication); each section is a block of <br> lines with labels, and the set of labels differs from "
     "section to section (fields missing); nested quotes in titles ('ДГ „Морска звезда“', 'ул. "
     "„Черноморска“'); '100 % безвъзмездна финансова помощ' -> grant null; 'с ДДС, от които БФП …' split "
     "over spans; '1.118.402,64 лв.' dot thousands with 'безвъзмездно финансиране в размер на'; 'лв' without "
     "a dot and '420 000 лв' without decimals; an Interreg BG-TR project where the municipality is only a "
     "partner (beneficiary = the lead partner Община Малко Търново; total in euro; the partner's own budget "
     "is not the total; code CB005.2.22.089 and subsidy contract 'РД-02-29-187/12.04.2019 г.' both listed); "
     "national programmes: Красива България (national money, no grant), МРРБ ('РД-02-37-123/05.06.2023 г.', "
     "'Продължителност на проекта: 6 месеца'), ПУДООС ('безвъзмездна помощ' 312 450 лв = grant), МОН "
     "('Д09-234/2023', a school beneficiary, the school's co-financing), Министерство на културата (an "
     "читалище, only a value); hand-typed '•', '-' and '1)' lists: 'Дейности:' and 'Предвидени мерки:' -> "
     "activities, 'Постигнати резултати:' -> results; period forms 'от … до …', 'до …', '2023 – 2025 г.' "
     "(null), 'dd.mm.yyyy г. – dd.mm.yyyy г.'; the closing 'надхвърля 5,8 млн. лв.' is an aggregate; sidebar "
     "with a tender price",
     [P("Дневен център за възрастни хора с увреждания – гр. Царево", T,
        contracts=["BG05SFPR002-2.002-0061-C01"], procedures=["BG05SFPR002-2.002"], programme="PHRD",
        beneficiary=TB, total=612408.00, currency="BGN", start="2024-04-01", end="2026-03-31",
        activities=["наемане и обучение на персонал",
                    "ремонт и обзавеждане на помещенията на центъра",
                    "предоставяне на услугата в дневна форма за 30 потребители."],
        published=TP),
      P("Рехабилитация на общински път BGS3201 Бродилово – Кондолово", T,
        contracts=["02/07/2/0/00398"], programme="RDP", beneficiary=TB,
        total=2341016.52, grant=1950847.10, currency="BGN", end="2024-09-30",
        contractors=["Странджа Пътстрой ООД"], published=TP),
      P("Енергийно обновяване на сградата на ДГ „Морска звезда“ – гр. Царево", T,
        contracts=["BG-RRP-4.023-0514-C01"], procedures=["BG-RRP-4.023"], programme="NRRP",
        beneficiary=TB, total=1118402.64, grant=932002.20, currency="BGN",
        activities=["топлоизолация на външните стени, покрива и пода",
                    "подмяна на дограмата",
                    "изграждане на фотоволтаична система за собствени нужди",
                    "подмяна на осветлението с LED осветители."],
        published=TP),
      P("Морето и Странджа – общо природно наследство", T,
        contracts=["CB005.2.22.089", "РД-02-29-187"], programme="INTERREG",
        beneficiary="Община Малко Търново", total=498736.12, currency="EUR",
        start="2019-04-13", end="2021-10-12",
        results=["обновени 3 туристически маршрута в Странджа с обща дължина 27 км",
                 "издаден двуезичен пътеводител в 5 000 екземпляра",
                 "проведени 2 съвместни фестивала на природното наследство."],
        published=TP),
      P("Ремонт на сградата на кметство с. Лозенец", T,
        contracts=["КБ-02-17"], programme="OTHER", beneficiary=TB, total=212806.44, currency="BGN",
        contractors=["Лозенец Строй ЕООД"], published=TP),
      P("Основен ремонт на ул. „Черноморска“ в гр. Ахтопол", T,
        contracts=["РД-02-37-123"], programme="OTHER", beneficiary=TB, total=420000.00, currency="BGN",
        months=6, published=TP),
      P("Изграждане на канализация в с. Варвара – етап 1", T,
        contracts=["РД-10-47"], programme="OTHER", beneficiary=TB, total=347166.67, grant=312450.00,
        currency="BGN", end="2024-10-31", published=TP),
      P("Училищната библиотека – място за откривателство", T,
        contracts=["Д09-234/2023"], programme="OTHER", beneficiary="СУ „Св. Никола“",
        total=27060.00, currency="BGN", start="2023-09-01", end="2024-06-30", published=TP),
      P("Нови книги за читателите на Ахтопол", T,
        programme="OTHER", beneficiary="НЧ „Просвета – 1902“", total=6480.00, currency="BGN",
        published=TP)])

# ---------------------------------------------------------------------------------------------
page("911", "https://dzhebel.bg/budget/otchet-2023", "utf-8", "custom-php", "negative-budget-report",
     "the municipality's budget execution report for 2023: revenue and expense tables, a capital-expenditure "
     "table whose objects include two projects with their contract numbers (a ДФЗ number and an NRRP -C01) "
     "and the year's spending on them, a table of spending per programme naming 'Грижа в дома в община "
     "Джебел' with its ISUN contract number and 412 380 лв., 'около 6,4 млн. лв.' for seven projects, a "
     "council decision number and a ФЛАГ bridging loan with a repayment date -> no record (a budget report; "
     "the sums are the year's cash spending, not project budgets); 'Публикувано: 15.04.2024 г.'",
     [])

# ---------------------------------------------------------------------------------------------
page("912", "https://www.rakitovo.bg/2023/07/14/partnior-proekt-chitalishte-napredak/", "utf-8",
     "wordpress", "news-one-project",
     "a PHRD project of a community centre (читалище) where the site's municipality is only a PARTNER: the "
     "headline says 'Община Ракитово е партньор', the beneficiary is 'Народно читалище „Напредък – 1907“' as "
     "printed in the standard publicity text ('се изпълнява от … в партньорство с Община Ракитово'; the body "
     "adds '– гр. Ракитово'); the title is only in the italic publicity footer; 'от които … европейско и … "
     "национално съфинансиране' -> the European part is the grant; 'Срок: 2023 – 2025 г.' (bare years -> "
     "null) next to 'Проектът е с продължителност 24 месеца' (-> 24); '•' items typed in separate <p>s after "
     "a bold 'Дейностите по проекта включват:'; 'Целеви групи:' not copied; Twenty Sixteen footer date "
     "'14 юли 2023' after the article; post navigation with 'за 1,4 млн. лв.'; sidebar with another ISUN "
     "number, an amount and an NRRP number",
     [P("Читалището – място за включване на деца и младежи от уязвими групи", "Ракитово",
        contracts=["BG05SFPR002-1.011-0047-C01"], programme="PHRD",
        beneficiary="Народно читалище „Напредък – 1907“", total=387445.60, grant=329328.76,
        currency="BGN", months=24,
        activities=["организиране на клубове по интереси – фолклор, театър, роботика и дигитално изкуство",
                    "индивидуална и групова работа с деца, застрашени от отпадане от училище",
                    "летни образователни лагери за 60 деца",
                    "обучение на родители за подкрепа на образованието на децата им."],
        published="2023-07-14")])

# ---------------------------------------------------------------------------------------------
page("913", "http://gulyantsi.net/index.php?m=news&id=2217", "utf-8", "custom-php", "news-one-project",
     "a kindergarten's project under a ПУДООС national campaign published on the municipality's site: the "
     "beneficiary is the kindergarten ('Бенефициент по договора е ДГ „Слънце“'), the municipality only helps; "
     "the headline names the kindergarten, the title is the quoted name „Зелена класна стая в двора на "
     "градината“ (the campaign's name and theme are not the title); ПУДООС -> OTHER; '9 986,40 лв' (no dot) "
     "'изцяло финансирана от ПУДООС' -> total, grant null (national money without 'безвъзмездн…'); contract "
     "'№ 1684/27.05.2024 г.' -> '1684'; 'Проектът предвижда:' + '1.'-'4.' over <br>; 'трябва да приключат до "
     "15.10.2024 г.' -> end; campaign statistics (2 048 / 650) are not data; sidebar with a ДФЗ number, an "
     "amount and an ISUN number",
     [P("Зелена класна стая в двора на градината", "Гулянци",
        contracts=["1684"], programme="OTHER", beneficiary="ДГ „Слънце“",
        total=9986.40, currency="BGN", end="2024-10-15",
        activities=["засаждане на 25 броя декоративни дървета и храсти",
                    "изграждане на беседка – класна стая на открито",
                    "поставяне на компостер и съдове за разделно събиране на отпадъци",
                    "обособяване на цветна леха и билкова градина."],
        published="2024-05-29")])

# ---------------------------------------------------------------------------------------------
page("914", "https://www.bolyarovo.bg/kupuvach.php?id=00527-2022-0003", "windows-1251", "legacy-table",
     "negative-buyer-profile-contract",
     "windows-1251 declared in <meta>; a 'Профил на купувача' file of a COMPLETED procurement: the h2 is the "
     "project's short name, the 'Предмет' cell names the project in quotes with its ДФЗ grant contract "
     "'№ 28/07/2/0/00312 от 18.10.2021 г.' and the programme; then the works contract with a firm (№ 86 / "
     "14.07.2022 г., 824 613,40 лв. без ДДС / 989 536,08 лв. с ДДС, 150 календарни дни, an annex extending "
     "the term, completion date), a payments table and a dated document list -> no record (procurement "
     "files, including the firm's contract, give no record; the firm is not a contractor of any record "
     "here); sidebar with an ISUN number and an amount",
     [])

# ---------------------------------------------------------------------------------------------
page("915", "https://www.svoge.bg/bg/novini/obnovenata-dg-zornitsa-otvori-vrati", "utf-8", "drupal7",
     "news-one-project",
     "completion news (Drupal 7 field layout): headline 'инвестицията е над 1,2 млн. лв.' is approximate; "
     "the title is the quoted name with inner quotes ('ДГ „Зорница“'); the grant contract and its annex "
     "('№ …-0024-C01, изменен с Анекс № 1 – …-0024-C02') -> both; the footer prints the project number "
     "BG16RFOP001-3.002-0024, a prefix of the contract number -> not listed, and no procedure code is "
     "printed on its own; total with and without VAT -> with VAT; БФП 'в размер на' + own contribution; "
     "'от 14.05.2018 г. до 13.11.2020 г., с продължителност 30 месеца'; the works contract '№ 124/02.07.2019 "
     "г.' and its value are not the grant contract or a budget; three contractors (works, supervision, "
     "author supervision); 'Постигнати резултати:' + numbered <p>s keeping their final '.'; 'Публикувано "
     "на: 20 ноември 2020' in a Drupal date field; ОПРР tag (the tag is the old abbreviation, the text says "
     "ОП „Региони в растеж“ 2014 – 2020); sidebar with another ПРСР amount and an OPHRD number",
     [P("Реконструкция и модернизация на ДГ „Зорница“ – гр. Своге", "Своге",
        contracts=["BG16RFOP001-3.002-0024-C01", "BG16RFOP001-3.002-0024-C02"], programme="OPRG",
        beneficiary="Община Своге", total=1274380.92, grant=1236149.49, currency="BGN",
        start="2018-05-14", end="2020-11-13", months=30,
        results=["Реконструирана и модернизирана сграда с РЗП 1 420 кв. м.",
                 "Осигурени 6 групи с общо 138 места за деца.",
                 "Доставено ново обзавеждане и оборудване за всички занимални и кухненския блок.",
                 "Изградена достъпна среда за деца с увреждания."],
        contractors=["Еко Строй Своге ООД", "Надзор Консулт 2015 ЕООД", "Архитектурно студио Искър ООД"],
        published="2020-11-20")])

# ---------------------------------------------------------------------------------------------
page("916", "https://www.zavet.bg/obs/resheniya/2024/512", "utf-8", "custom-bootstrap",
     "negative-council-decision",
     "a municipal council decision APPROVING CO-FINANCING for a project under contract: it quotes the "
     "project's name, the NRRP grant contract BG-RRP-4.023-0744-C01 and the procedure code, the project's "
     "total 2 840 614,20 лв. and БФП 2 754 201,70 лв., the co-financing 86 412,50 лв., a budget paragraph, "
     "the voting numbers, protocol/report numbers and dates -> no record (council decisions give no record); "
     "'Публикувано на 04.03.2024 г.'",
     [])

# ---------------------------------------------------------------------------------------------
page("917", "http://madan.bg/novini.php?id=1642", "windows-1251", "custom-php", "news-one-project",
     "windows-1251 with NO declaration in the page (the manifest carries the server's charset); a legacy "
     "PHP news page with a Word-pasted body where <br><br> replaces paragraphs; Програма „Красива България“ "
     "(МТСП) -> OTHER; contract '№ ДОГ-М02-2023-041 от 02.06.2023 г.' (date dropped); the total split "
     "across bold spans ('<b>186&nbsp;540,</b>' + '<b>30 лв</b>'), 'лв' without a dot; half programme money "
     "and half municipal co-financing, no 'безвъзмездн…' wording -> grant null; 'от 15.06.2023 г. до "
     "30.11.2023 г.' -> start and end; 'Ремонтът предвижда:' + '-' lines -> activities; the 6 unemployed "
     "people hired, the building's 1958 date and the '30 години' are running text; no contractor yet; left "
     "box with a ДФЗ number, an amount and an ISUN number",
     [P("Ремонт и обновяване на сградата на НЧ „Родопска искра – 1928“ – гр. Мадан", "Мадан",
        contracts=["ДОГ-М02-2023-041"], programme="OTHER", beneficiary="Община Мадан",
        total=186540.30, currency="BGN", start="2023-06-15", end="2023-11-30",
        activities=["подмяна на покривната конструкция и покритието",
                    "топлоизолация на фасадата",
                    "подмяна на дограмата",
                    "ремонт на салона и сцената."],
        published="2023-06-05")])

# ---------------------------------------------------------------------------------------------
page("918", "https://www.galabovo.org/proekti/prr-2021-2027/BG16FFPR003-4.001-0019-C01", "utf-8",
     "custom-bootstrap", "single-project",
     "UTF-8 with a BOM; a project page whose h1 and <title> are only the contract number ('Проект "
     "BG16FFPR003-4.001-0019-C01'), the name is in the 'Наименование на проекта:' line; Just Transition "
     "money under ПРР (-> PRR); amounts written with 'BGN' ('2 486 310,40 BGN с ДДС (2 071 925,33 BGN без "
     "ДДС)') -> with VAT; 'безвъзмездна финансова помощ в размер на …, от които … от Фонда за справедлив "
     "преход и … национално съфинансиране' -> the БФП amount is the grant (equal to the total); 'от "
     "15.09.2023 г. до 14.03.2026 г. (30 месеца)'; 'Цел на проекта' heading + one paragraph -> one "
     "objective; 'Обекти на интервенция' numbered buildings are objects, not activities; 'Дейности по "
     "проекта' numbered <p>s keep their final '.'; 'Очаквани резултати' '•' lines over <br> with a <sub> in "
     "CO2; a ДЗЗД engineering contractor with its contract date; banner image alt text repeats the programme; "
     "the EU disclaimer; 'Дата на публикуване: 08.02.2024'; sidebar with another contract number and a BGN "
     "amount",
     [P("Енергийно обновяване на общински сгради с въвеждане на възобновяеми енергийни източници в гр. Гълъбово",
        "Гълъбово", contracts=["BG16FFPR003-4.001-0019-C01"], procedures=["BG16FFPR003-4.001"],
        programme="PRR", beneficiary="Община Гълъбово", total=2486310.40, grant=2486310.40,
        currency="BGN", start="2023-09-15", end="2026-03-14", months=30,
        objectives=["Да се намали потреблението на енергия от изкопаеми горива в общинските сгради и да се "
                    "подпомогне прехода на общината към нисковъглеродна икономика след намаляването на "
                    "въгледобива и производството на електроенергия от въглища."],
        activities=["Изготвяне на обследвания за енергийна ефективност и инвестиционни проекти.",
                    "Изпълнение на мерки за енергийна ефективност в трите сгради.",
                    "Изграждане на фотоволтаични системи и термопомпени инсталации.",
                    "Строителен и авторски надзор.",
                    "Информация и комуникация."],
        results=["спестена енергия 1 146 MWh годишно",
                 "инсталирана мощност на ВЕИ 240 kWp",
                 "намалени емисии на парникови газове с 412 т CO2 екв. годишно."],
        contractors=["ДЗЗД Енерджи Гълъбово 2024"], published="2024-02-08")])

# ---------------------------------------------------------------------------------------------
page("919", "https://www.glavinitsa.bg/index.php/news/1523-patronazhna-grizha-priklyuchi", "utf-8",
     "joomla3", "news-one-project",
     "completion news of an OPHRD 2014-2020 'Патронажна грижа' project: the body prints the ISUN project "
     "number BG05M9OP001-6.004-0047 (a prefix of the contract number) and the footer the contract "
     "'№ BG05M9OP001-6.004-0047-C01' -> only the contract number; 'изцяло безвъзмездно финансиране' -> grant "
     "null; 'Проектът стартира на 15.03.2021 г. и беше с продължителност 12 месеца' -> start and 12 months, "
     "the end is not computed; 'лв' without a dot; 'Основни дейности по проекта бяха:' + '-' lines over <br> "
     "-> activities; 'Постигнати резултати:' + '1)'-'4)' paragraphs -> results ('над 9 400 посещения' stays "
     "inside its item); headline figure '120 възрастни хора'; Joomla 'Публикувано на 22 март 2022' vs "
     "'Последна промяна на 24 март 2022'; sidebar with a Топъл обяд amount",
     [P("Патронажна грижа за възрастни хора и лица с увреждания в община Главиница", "Главиница",
        contracts=["BG05M9OP001-6.004-0047-C01"], programme="OPHRD14", beneficiary="Община Главиница",
        total=198614.40, currency="BGN", start="2021-03-15", months=12,
        activities=["предоставяне на почасови социални и здравни услуги в домовете на потребителите",
                    "доставка на храна, лекарства и продукти от първа необходимост",
                    "заплащане на битови сметки и административни услуги от името на потребителите",
                    "психологическа подкрепа в условията на пандемията от COVID-19."],
        results=["подкрепени 120 възрастни хора и лица с увреждания от 14 населени места",
                 "наети 16 домашни помощници и 2 медицински сестри",
                 "извършени над 9 400 посещения в домовете на потребителите",
                 "доставени 3 860 пакета с храна и лекарства."],
        published="2022-03-22")])

# ---------------------------------------------------------------------------------------------
page("920", "https://grad-rila.bg/turizam/zabelezhitelnosti/ekopateka-rilska-reka/", "utf-8", "wordpress",
     "negative-tourism",
     "a tourism page about an eco-trail built years ago: one sentence says it was built in 2013 'по проект "
     "на Община Рила, финансиран от Програмата за развитие на селските райони 2007 – 2013 г.' with no name, "
     "number, amount or period -> no record (a passing mention); many tempting numbers (4,2 км, 180 м, 4 "
     "bridges, 12 tables, GPS coordinates, distances, working hours); article:modified_time only; sidebar "
     "with an ISUN contract number and an amount",
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
