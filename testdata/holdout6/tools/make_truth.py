#!/usr/bin/env python3
"""Write truth/6NN.json and manifest.tsv for the holdout6 corpus.

The pages in pages/ are hand-written; this script holds the expected extract output for each of
them (the dev corpus truth shape and conventions, see README.md) and the manifest.

    python3 tools/make_truth.py          # from the corpus root or anywhere
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rec(title, municipality, *, contracts=(), procedures=(), programme=None, beneficiary=None,
        total=None, grant=None, currency=None, start=None, end=None, months=None,
        objectives=(), activities=(), results=(), contractors=(), published=None):
    if currency is None and (total is not None or grant is not None):
        raise ValueError("amount without currency: " + title)
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


PAGES = []  # (file, url, charset, cms_style, kind, what_is_hard, projects)


def page(n, url, charset, style, kind, hard, projects):
    PAGES.append(("pages/%d.html" % n, url, charset, style, kind, hard, projects))


# ---------------------------------------------------------------- 601 Велинград
page(601, "https://velingrad.bg/index.php/proekti/programa-razvitie-na-regionite/rekonstruktsiya-peshehodna-zona",
     "utf-8", "joomla3", "hub-one-project",
     "Joomla 3 category blog of 5 articles on one PRR contract (application, signing, first sod, annex, closing) -> one record; "
     "annex changes the number -C01 -> -C02 (both kept) and the end date 12.08.2025 -> 30.11.2025 (the annexed end wins, the stated 18 months stay); "
     "approximate amounts ('около 2,5 млн.', 'близо 2,5 млн.') are not values; the firm's works contract (1 964 220,00 лв. с ДДС, 10 months) is neither total nor duration; "
     "published = latest article (20 ноември 2025), not the 'Последна промяна' date; sidebar lists three other projects with numbers",
     [rec("Реконструкция на централна пешеходна зона и прилежащи обществени пространства в гр. Велинград", "Велинград",
          contracts=["BG16FFPR003-2.001-0031-C01", "BG16FFPR003-2.001-0031-C02"],
          procedures=["BG16FFPR003-2.001"], programme="PRR", beneficiary="Община Велинград",
          total=2486309.55, grant=2113363.12, currency="BGN",
          start="2024-02-13", end="2025-11-30", months=18,
          objectives=["Целта на проекта е да се подобри качеството на градската среда в централната част на Велинград чрез реконструкция на пешеходните пространства, осигуряване на достъпна среда и увеличаване на зелените площи."],
          activities=["Изготвяне на работен проект и авторски надзор",
                      "Строително-монтажни работи по реконструкция на пешеходната зона",
                      "Строителен надзор",
                      "Информация и комуникация",
                      "Организация и управление на проекта."],
          results=["Реконструирани 11 240 кв. м пешеходни площи и площади",
                   "Подменено улично осветление с 86 енергоефективни LED осветителни тела",
                   "Изградени 2 детски площадки и зона за отдих",
                   "Засадени 64 дървета и оформени 1 800 кв. м нови тревни площи."],
          contractors=["ДЗЗД Велинград Център 2024", "Консулт Инженеринг 07 ЕООД"],
          published="2025-11-20")])

# ---------------------------------------------------------------- 602 Карнобат
page(602, "http://karnobat.acstre.com/?page=news&cat=12", "utf-8", "custom-php", "blog-multi",
     "hosted CMS news category showing 6 full items: 2 on an NRRP kindergarten (signing 2024, completion 2026), 2 on an RDP street project "
     "(first sod, completion), 1 on a PHRD project (ISUN project number only, no -C01), 1 water-outage notice (no project) -> 3 records; "
     "total printed с ДДС and без ДДС (с ДДС wins); 'над 620 хил. евро' is approximate; 'изцяло безвъзмездна' leaves grant null; "
     "results as '-' lines split by <br>; 5-month construction term is not the duration; site 'Днес е' date in the header",
     [rec("Енергийно обновяване на сградата на ДГ „Пролет“ – гр. Карнобат", "Карнобат",
          contracts=["BG-RRP-4.026-0093-C01"], procedures=["BG-RRP-4.026"], programme="NRRP",
          beneficiary="Община Карнобат", total=1214560.80, currency="BGN", end="2026-06-30",
          activities=["топлоизолация на външните стени и покрива", "подмяна на дограмата",
                      "ремонт на отоплителната инсталация", "монтаж на фотоволтаична система с мощност 30 kWp"],
          results=["намаляване на годишното потребление на енергия с 62 %",
                   "постигнат клас на енергопотребление „B“",
                   "подобрени условия за отглеждане и възпитание на 140 деца."],
          published="2026-03-18"),
      rec("Реконструкция и рехабилитация на улици в с. Церковски, община Карнобат", "Карнобат",
          contracts=["BG06RDNP001-7.007-0112-C01"], programme="RDP", beneficiary="Община Карнобат",
          total=1146872.34, currency="BGN", contractors=["Стройинвест Юг 2010 ЕООД"], published="2025-11-20"),
      rec("Грижа в дома в община Карнобат", "Карнобат",
          contracts=["BG05SFPR002-2.001-0264"], programme="PHRD", beneficiary="Община Карнобат",
          total=987405.60, currency="BGN", start="2023-01-01", end="2024-12-31",
          objectives=["Целта на проекта е да се осигурят почасови интегрирани здравно-социални услуги в домашна среда за възрастни хора и хора с увреждания в невъзможност за самообслужване."],
          published="2023-01-16")])

# ---------------------------------------------------------------- 603 Разлог
R = "Разлог"
OR = "Община Разлог"
page(603, "https://razlog.bg/proekti/realizirani-proekti/", "utf-8", "wordpress", "listing",
     "TablePress table of 12 projects under 7 programme group rows (the programme is only in the group row); two-row header with merged cells "
     "(Стойност, лв.: без ДДС / с ДДС / в т.ч. БФП; Период: начало / край); с ДДС wins, and where only без ДДС is printed that amount is the total; "
     "a chitalishte as beneficiary of a LAG row; Cyrillic С and В inside two contract numbers; a row without contract; a Красива България number with a year "
     "(М10-14/2023); ОП за храни -> OTHER; totals row (ОБЩО) is not a project; 'актуална към' date is not published",
     [rec("Реконструкция на улична мрежа в гр. Разлог – ул. „Пирин“ и ул. „Иглика“", R,
          contracts=["BG06RDNP001-7.001-0087-C01"], programme="RDP", beneficiary=OR,
          total=1472318.06, grant=1472318.06, currency="BGN", start="2019-04-18", end="2021-06-30"),
      rec("Обновяване на спортна площадка в с. Баня", R,
          contracts=["BG06RDNP001-7.008-0021-C01"], programme="RDP", beneficiary=OR,
          total=389640.00, grant=389640.00, currency="BGN", start="2020-05-12", end="2021-11-11"),
      rec("Реконструкция на водопроводна мрежа в с. Бачево", R,
          contracts=["BG06RDNP001-7.006-0032-C01"], programme="RDP", beneficiary=OR,
          total=2618904.71, grant=2618904.71, currency="BGN", start="2020-09-30", end="2023-09-29"),
      rec("Ремонт и оборудване на читалищната сграда в с. Добърско", R,
          contracts=["BG06RDNP001-19.266-0004-C01"], programme="RDP", beneficiary="НЧ „Пробуда 1902“ – с. Добърско",
          total=97780.20, grant=97780.20, currency="BGN", start="2021-07-15", end="2022-07-14"),
      rec("Повишаване на капацитета за разделно събиране на отпадъци в община Разлог", R,
          contracts=["BG16M1OP002-2.010-0045-C01"], programme="OPE14", beneficiary=OR,
          total=486120.00, grant=486120.00, currency="BGN", start="2021-03-01", end="2022-08-31"),
      rec("Независим живот в община Разлог", R,
          contracts=["BG05M9OP001-2.040-0118-C01"], programme="OPHRD14", beneficiary=OR,
          total=218460.00, grant=218460.00, currency="BGN", start="2020-04-15", end="2021-12-31"),
      rec("Осигуряване на топъл обяд в община Разлог", R,
          contracts=["BG05FMOP001-5.001-0043-C01"], programme="OTHER", beneficiary=OR,
          total=142896.00, grant=142896.00, currency="BGN", start="2020-06-01", end="2022-12-31"),
      rec("Енергийно обновяване на многофамилна жилищна сграда в гр. Разлог, ул. „Иглика“ № 4", R,
          contracts=["BG-RRP-4.023-0772-C01"], programme="NRRP", beneficiary=OR,
          total=1137482.56, grant=1001084.52, currency="BGN", end="2026-06-30"),
      rec("Енергийно обновяване на сградата на ДГ „Синчец“ – гр. Разлог", R,
          contracts=["BG-RRP-4.026-0128-C01"], programme="NRRP", beneficiary=OR,
          total=842610.90, grant=842610.90, currency="BGN", start="2024-11-14", end="2026-06-30"),
      rec("Интегрирани здравно-социални услуги в домашна среда в община Разлог", R,
          contracts=["BG05SFPR002-2.001-0312-C01"], programme="PHRD", beneficiary=OR,
          total=1024733.28, grant=1024733.28, currency="BGN", start="2023-01-01", end="2024-12-31"),
      rec("Рехабилитация на зелени площи в кв. „Запад“ – гр. Разлог", R,
          programme="OTHER", beneficiary=OR, total=49860.00, currency="BGN", start="2022-06-06", end="2022-11-30"),
      rec("Ремонт и обновяване на общинския пазар – гр. Разлог", R,
          contracts=["М10-14/2023"], programme="OTHER", beneficiary=OR,
          total=194820.00, currency="BGN", start="2023-07-03", end="2023-12-20")])

# ---------------------------------------------------------------- 604 Брацигово
page(604, "https://bratsigovo.egov.bg/wps/portal/municipality-bratsigovo/administration/projects/proekt-elektronni-uslugi",
     "utf-8", "wps-portal", "definition-table",
     "egov.bg WebSphere portal page: one project as a th/td label table; contract printed with Cyrillic В, О, С and a trailing date "
     "(ВG05SFОP001-2.019-0034-С01/15.03.2021 -> BG05SFOP001-2.019-0034-C01); БФП cell also carries the EU and national parts (not added, not the grant); "
     "activities as '<br>' lines with 'Дейност N:' labels; results ending in ';'; contractors in one cell with their tasks; "
     "'Последна промяна' is not published; heading is a short name, the 'Наименование на проекта' cell wins",
     [rec("Подобряване на административното обслужване в Община Брацигово чрез въвеждане на електронни услуги и обучение на служителите", "Брацигово",
          contracts=["BG05SFOP001-2.019-0034-C01"], procedures=["BG05SFOP001-2.019"], programme="OPGG",
          beneficiary="Община Брацигово", total=148612.40, grant=148612.40, currency="BGN",
          start="2021-03-16", end="2022-09-15", months=18,
          objectives=["Подобряване на качеството и достъпността на административното обслужване на гражданите и бизнеса чрез въвеждане на електронни административни услуги и повишаване на квалификацията на служителите в общинската администрация."],
          activities=["Анализ на предоставяните административни услуги и на възможностите за електронизацията им",
                      "Разработване и внедряване на 12 електронни административни услуги",
                      "Обучение на служители на общинската администрация",
                      "Организация и управление на проекта",
                      "Информация и комуникация"],
          results=["Внедрени 12 електронни административни услуги",
                   "Обучени 34 служители на общинската администрация",
                   "Намалено средно време за обслужване на гише с 20 %."],
          contractors=["Инфосистеми БГ ООД", "Академия Консулт ЕООД"],
          published="2021-03-22")])

# ---------------------------------------------------------------- 605 Кубрат
page(605, "https://kubrat.bg/index.php?option=com_content&view=category&id=74&Itemid=153", "utf-8", "joomla15", "project-index",
     "Joomla 1.5 category page named only by its contract number (heading, page title, breadcrumb, menu item); banner image, an EAFRD/ПРСР "
     "publicity line and a list of 4 article links, one of which quotes the project name; the left menu lists other project categories by number; "
     "no holder, money or dates; header 'today' date and visitor counter",
     [rec("Реконструкция и модернизация на градски стадион – гр. Кубрат", "Кубрат",
          contracts=["BG06RDNP001-7.008-0037-C01"], programme="RDP")])

# ---------------------------------------------------------------- 606 Тетевен
page(606, "https://teteven.bg/novini?page=1", "utf-8", "drupal7", "news-list-multi",
     "Drupal 7 view, page 2 of the news: 10 teasers with Drupal's m/d/Y dates ('чет, 03/12/2026' is 12 March, shown by the list order); "
     "one teaser on a PRR contract (euro first, lev in brackets -> EUR) and two on one СПРЗСР contract (number in the older teaser, amount, "
     "programme and firm in the newer) -> 2 records; a budget teaser, a LAG call with its budget and a sidebar NRRP number are not projects",
     [rec("Реконструкция и модернизация на сградата и двора на ОУ „Св. Иван Рилски“ – гр. Тетевен", "Тетевен",
          contracts=["BG16FFPR003-2.004-0019-C01"], programme="PRR", beneficiary="Община Тетевен",
          total=1284330.17, currency="EUR", months=24, published="2026-03-12"),
      rec("Реконструкция и рехабилитация на улици в с. Глогово, община Тетевен", "Тетевен",
          contracts=["BG06RDNP002-4.001-0033-C01"], programme="RDP27", beneficiary="Община Тетевен",
          total=612480.55, currency="EUR", end="2026-06-30", contractors=["Пътстрой 2002 ЕООД"],
          published="2026-02-27")])

# ---------------------------------------------------------------- 607 Лом
page(607, "https://lom.bg/project.php?id=47", "windows-1251", "custom-php", "definition-table",
     "windows-1251 declared only by <meta http-equiv>; Interreg V-A RO-BG project as a <dl>: project code ROBG-571 and subsidy contract "
     "'№ 91418/05.06.2018 г.' (both contract numbers, date dropped); total, ERDF (the grant) and the lead partner's own share in euro; "
     "'Дейност N:' labels in an <ol>; contractors in prose with their tasks; 'Последна редакция' and header date are not published",
     [rec("Съвместни действия за превенция на наводнения в трансграничния регион Лом – Бекет", "Лом",
          contracts=["ROBG-571", "91418"], programme="INTERREG", beneficiary="Община Лом",
          total=1187456.30, grant=1009337.86, currency="EUR",
          start="2018-06-06", end="2020-06-05", months=24,
          objectives=["Подобряване на съвместното управление на риска от наводнения в трансграничния регион Лом – Бекет чрез общ план за действие, специализирано оборудване и обучени екипи за реагиране."],
          activities=["Управление на проекта",
                      "Изготвяне на съвместен план за действие при наводнения",
                      "Доставка на специализирано оборудване за реагиране при бедствия",
                      "Съвместни учения и обучения на доброволните формирования",
                      "Информация и публичност"],
          results=["1 съвместен план за действие при наводнения, приет от двете общини",
                   "2 комплекта оборудване за реагиране при бедствия",
                   "60 обучени доброволци от Лом и Бекет."],
          contractors=["Спасителна техника ООД", "Евроконсулт 2000 ЕООД"],
          published="2018-06-12")])

# ---------------------------------------------------------------- 608 Кирково
K = "Кирково"
OK = "Община Кирково"
page(608, "http://www.kirkovo.bg/index.php?p=proekti", "windows-1251", "legacy-table", "listing",
     "windows-1251 with NO meta tag (only the HTTP header says so); 2015 table layout with <font> tags; 8 rows with the programme in its own column "
     "(ОПРР/ПРСР/ОПРЧР 2007-2013, ОПАК, GR-BG 2007-2013, ПУДООС); amounts as 1.876.420,36; contract numbers with a trailing date after '/' or 'от'; "
     "road code KRZ1062 in a title; year-only periods give no dates; a row without a contract; beneficiary stated once in the lead-in",
     [rec("Рехабилитация на общински път KRZ1062 /III-509, Кирково – Чакаларово/", K,
          contracts=["BG161PO001/2.1-02/2010/027"], programme="OPRD", beneficiary=OK,
          total=1876420.36, currency="BGN", start="2011-06-15", end="2012-12-14"),
      rec("Внедряване на мерки за енергийна ефективност в ОУ „Св. св. Кирил и Методий“ – с. Бенковски", K,
          contracts=["BG161PO001/1.1-09/2010/014"], programme="OPRD", beneficiary=OK,
          total=924718.50, currency="BGN", start="2011-03-01", end="2012-08-31"),
      rec("Реконструкция на водопроводна мрежа в с. Фотиново и с. Бенковски", K,
          contracts=["09/321/00718"], programme="RDP", beneficiary=OK, total=2941306.12, currency="BGN"),
      rec("Ремонт и обновяване на читалищната сграда в с. Кирково", K,
          contracts=["09/322/01254"], programme="RDP", beneficiary=OK,
          total=389990.00, currency="BGN", start="2012-09-20", end="2013-09-19"),
      rec("Социални услуги в домашна среда в община Кирково", K,
          contracts=["BG051PO001-5.2.06-0098-C0001"], programme="OPHRD", beneficiary=OK,
          total=187342.80, currency="BGN", start="2012-10-01", end="2013-09-30"),
      rec("Повишаване на капацитета на общинската администрация в Кирково за стратегическо планиране", K,
          contracts=["12-13-46"], programme="OPAC", beneficiary=OK,
          total=142613.44, currency="BGN", start="2012-03-12", end="2012-12-11"),
      rec("Съвместно развитие на културния туризъм в района Кирково – Ксанти", K,
          contracts=["B1.12.05"], programme="INTERREG", beneficiary=OK,
          total=807478.87, currency="BGN", start="2013-02-01", end="2014-07-31"),
      rec("Изграждане на детска площадка в с. Кирково", K,
          programme="OTHER", beneficiary=OK, total=49918.20, currency="BGN")])

# ---------------------------------------------------------------- 609 Сандански
page(609, "https://sandanski.bg/2026/02/18/startira-proektat-za-obnovyavane-na-tsentralniya-gradski-park/", "utf-8", "wordpress", "news-one-project",
     "WordPress (Newsup) post of 2026: euro first, lev in brackets (-> EUR); contract number split over two <strong> tags "
     "(BG16FFPR003-2.001-</strong><strong>0047-C01); published time glued to the hidden 'updated' time ('18 февруари 202620 февруари 2026'); "
     "headline differs from the quoted project name; procurement estimate (2 960 000 евро без ДДС) is not the total; design firm is a contractor; "
     "header 'today' date; related posts with other contract numbers",
     [rec("Обновяване и модернизация на централния градски парк и прилежащите зелени площи в гр. Сандански", "Сандански",
          contracts=["BG16FFPR003-2.001-0047-C01"], procedures=["BG16FFPR003-2.001"], programme="PRR",
          beneficiary="Община Сандански", total=3418552.40, grant=3247624.78, currency="EUR",
          start="2026-02-10", end="2028-08-10", months=30,
          activities=["реконструкция на алейната мрежа и площадните пространства в парка",
                      "обновяване на системата за поливане и засаждане на над 400 растения",
                      "изграждане на нова детска площадка и фитнес на открито",
                      "подмяна на парковото осветление с енергоспестяващо",
                      "осигуряване на достъпна среда за хора с увреждания."],
          contractors=["Арх Студио Пирин ООД"],
          published="2026-02-18")])

# ---------------------------------------------------------------- negatives
page(610, "https://www.devin.bg/index.php/profil-na-kupuvacha/1245-op-smr-ulitsi-devin", "utf-8", "joomla25", "negative-procurement",
     "buyer-profile notice for works under a named project and its grant contract (BG16FFPR003-2.005-0011-C01): estimated values per lot, "
     "total with and without VAT, 240-day term, deadlines, УНП, decision number, attachment dates; a procurement notice -> no record; "
     "sidebar project links", [])
page(611, "https://svishtov.bg/bg/obshtinski-savet/resheniya/protokol-58-2024", "utf-8", "custom-bootstrap", "negative-council",
     "three council decisions: consent to apply with a named proposal (procedure code, total с ДДС, 10 % co-financing, deadline), "
     "a promissory note for an advance under an existing RDP contract (contract number, date, project name, amount), a property decision; "
     "council decisions -> no record; sidebar of projects with numbers", [])
page(612, "https://lyaskovets.bg/index.php?m=budget&id=2024-otchet", "windows-1251", "custom-php", "negative-budget",
     "windows-1251 declared by <meta charset>; budget report 2024: summary table and a table of 5 capital projects with contract numbers, "
     "funding source, plan and execution amounts and a total row; a budget -> no record; sidebar news with a contract number", [])
page(613, "https://www.kazanlak.bg/2026/03/04/informatsionen-den-mig-kazanlak-protsedura/", "utf-8", "wordpress", "negative-event",
     "information day of the local action group on a new call (procedure code BG06RDNP002-19.044, call budget 1 250 000 евро, min/max project size, "
     "intensity, application window) plus the previous call's total in lev; no project of the municipality -> no record; prev/next post links and "
     "sidebar titles carry other contract numbers", [])
page(614, "https://chirpan.bg/bg/node/2184", "utf-8", "drupal7", "negative-call",
     "Drupal 7 node about an SME call (BG16RFPR001-1.004) of Програма „Конкурентоспособност и иновации в предприятията“: call budget in euro "
     "and lev, grant range, deadline, eligibility; the municipality says it is not an eligible applicant -> no record; sidebar view of the "
     "municipality's projects with numbers", [])

# ---------------------------------------------------------------- 615 Омуртаг
page(615, "https://www.omurtag.bg/index.php?option=com_content&view=section&layout=blog&id=6&Itemid=58", "utf-8", "joomla15", "blog-multi",
     "Joomla 1.5 section blog with 4 articles: two on one OPE14 contract (signing 2018: grant and 24 months; commissioning 2020: total, "
     "grant, firms, results under 'В резултат на проекта:') -> one record; one on an OPHRD14 project ('100% безвъзмездна' -> grant null, "
     "'-' activities as separate <p>, target groups not copied); one ZUT notice with an order number -> nothing; 'Последно обновяване' and "
     "the header date are not published; 'Още статии' links carry another contract number",
     [rec("Изграждане на площадка за компостиране на зелени и биоразградими отпадъци на територията на община Омуртаг", "Омуртаг",
          contracts=["BG16M1OP002-2.002-0017-C01"], procedures=["BG16M1OP002-2.002"], programme="OPE14",
          beneficiary="Община Омуртаг", total=1812604.90, grant=1748316.22, currency="BGN", months=24,
          objectives=["Целта на проекта е да се намали количеството на депонираните биоразградими отпадъци чрез изграждане на площадка за компостиране с капацитет 3 000 тона годишно."],
          results=["изградена площадка с капацитет 3 000 т годишно",
                   "доставени челен товарач, шредер и сито барабан",
                   "намалено количеството на депонираните биоразградими отпадъци."],
          contractors=["Екострой Север ООД", "Агромашини БГ ЕООД"],
          published="2020-11-11"),
      rec("Подкрепа за независим живот на хора с увреждания в община Омуртаг", "Омуртаг",
          contracts=["BG05M9OP001-2.040-0061-C01"], procedures=["BG05M9OP001-2.040"], programme="OPHRD14",
          beneficiary="Община Омуртаг", total=386712.45, currency="BGN",
          start="2020-03-01", end="2021-11-30", months=21,
          activities=["предоставяне на почасови социални услуги в домашна среда",
                      "психологическа подкрепа на потребителите и техните семейства",
                      "обучение и супервизия на персонала."],
          published="2020-03-03")])

# ---------------------------------------------------------------- 616 Етрополе
page(616, "https://www.etropolebg.com/index.php/proekti/123-rekonstruktsiya-tsentralen-ploshtad", "utf-8", "joomla25", "single-project",
     "facts only in prose (OPRD 2007-2013): scheme code printed as a prefix of the contract number; total, БФП and its EU/national parts "
     "(the grant is the БФП amount, parts not added); 'започна на 14.03.2011 г. и ще продължи 24 месеца' gives start and duration but no end; "
     "planned works as running text (no activities); works contract value and 14-month term are not the project's; 'Създадено на' vs 'Последна промяна на'",
     [rec("Реконструкция и благоустрояване на централния площад и прилежащите улици в гр. Етрополе", "Етрополе",
          contracts=["BG161PO001/1.4-07/2010/031"], procedures=["BG161PO001/1.4-07/2010"], programme="OPRD",
          beneficiary="Община Етрополе", total=3127440.15, grant=2970068.14, currency="BGN",
          start="2011-03-14", months=24,
          objectives=["Целта на проекта е да се подобри физическата среда и привлекателността на централната градска част на Етрополе чрез реконструкция на площада и прилежащите улици."],
          contractors=["Инфрастрой 2005 ЕООД", "Надзор Консулт ООД"],
          published="2011-03-22")])

# ---------------------------------------------------------------- 617 Тервел
page(617, "https://www.tervel.bg/News.aspx?id=2871", "utf-8", "aspnet-webforms", "news-one-project",
     "ASP.NET WebForms news item: contract printed with spaces around the dashes and a trailing 'от' date ('BG06RDNP001 - 7.007 - 0045 - C01 от 22.11.2022 г.') "
     "and, after the annex, as …-C03 (both kept; -C02 is never printed); road code DOB2181 /III-2105 inside the title; '100% безвъзмездна' -> grant null; "
     "annexed end date only; progress '78%'; header date of the site is not published; sidebar item with another contract",
     [rec("Рехабилитация на общински път DOB2181 /III-2105, Тервел – Безмер/ – Коньовец", "Тервел",
          contracts=["BG06RDNP001-7.007-0045-C01", "BG06RDNP001-7.007-0045-C03"], procedures=["BG06RDNP001-7.007"],
          programme="RDP", beneficiary="Община Тервел", total=2389145.52, currency="BGN", end="2025-09-30",
          contractors=["Пътни строежи Добруджа ЕООД", "Инвест Надзор ООД"], published="2025-05-14")])

# ---------------------------------------------------------------- 618 Хисаря
page(618, "https://hisar.bg/category/novini/page/2/", "utf-8", "wordpress", "news-list-multi",
     "WordPress (Divi) category archive page 2 with 10 teasers: a PHRD teaser with Cyrillic В and Р inside the contract number and euro first "
     "(lev in brackets), a PENV teaser with only the grant (total null); a street repair paid from the municipal budget, an information meeting "
     "on an NRRP call, a mayor's report with approximate totals and a tax teaser with an IBAN are not projects -> 2 records",
     [rec("Интегрирани услуги за възрастни хора в община Хисаря", "Хисаря",
          contracts=["BG05SFPR002-2.009-0047-C01"], programme="PHRD", beneficiary="Община Хисаря",
          total=486210.40, currency="EUR", end="2027-12-31", published="2026-03-13"),
      rec("Доставка на техника за разделно събиране на биоразградими отпадъци в община Хисаря", "Хисаря",
          contracts=["BG16FFPR002-2.009-0015-C01"], programme="PENV", beneficiary="Община Хисаря",
          grant=812400.00, currency="EUR", published="2026-02-27")])

# ---------------------------------------------------------------- 619 Козлодуй
Z = "Козлодуй"
OZ = "Община Козлодуй"
page(619, "https://kozloduy.bg/index.php/proekti/proekti-v-izpalnenie", "utf-8", "joomla4", "listing",
     "Joomla 4 article with a 9-row table of projects in 2026: merged 'Стойност' header over 'евро' and 'лв.' columns (euro printed first -> EUR); "
     "programme column with abbreviations (НПВУ, ПРЧР, СПРЗСР) and full names; contract with a trailing '/08.11.2023', one printed only as -C02, "
     "one with a year (Д-0142/2025), one missing; 'до …' end-only periods; totals row; the article's own date does not date the rows",
     [rec("Реконструкция на градски площад и пешеходни зони в гр. Козлодуй – етап 2", Z,
          contracts=["BG16FFPR003-2.001-0058-C01"], programme="PRR", beneficiary=OZ,
          total=2145812.40, currency="EUR", end="2027-10-31"),
      rec("Енергийно обновяване на сградата на ДГ „Звездица“ – гр. Козлодуй", Z,
          contracts=["BG-RRP-4.026-0166-C01"], programme="NRRP", beneficiary=OZ,
          total=618440.26, currency="EUR", end="2026-06-30"),
      rec("Изграждане на фотоволтаична система за собствено потребление в сградата на общинската администрация", Z,
          contracts=["BG-RRP-4.028-0047-C01"], programme="NRRP", beneficiary=OZ,
          total=187300.00, currency="EUR", end="2026-06-30"),
      rec("Грижа в дома в община Козлодуй", Z,
          contracts=["BG05SFPR002-2.001-0133-C02"], programme="PHRD", beneficiary=OZ,
          total=742615.90, currency="EUR", start="2025-01-01", end="2026-12-31"),
      rec("Закупуване на техника за разделно събиране на отпадъци в община Козлодуй", Z,
          contracts=["BG16FFPR002-2.009-0031-C01"], programme="PENV", beneficiary=OZ,
          total=455000.00, currency="EUR", start="2025-05-15", end="2026-11-14"),
      rec("Реконструкция на улици в с. Хърлец", Z,
          contracts=["BG06RDNP002-4.001-0012-C01"], programme="RDP27", beneficiary=OZ,
          total=904118.33, currency="EUR", end="2026-09-30"),
      rec("Съвместно опазване на крайбрежната екосистема на р. Дунав", Z,
          contracts=["ROBG00287"], programme="INTERREG", beneficiary=OZ,
          total=1102540.00, currency="EUR", start="2024-09-01", end="2027-08-31"),
      rec("Ремонт на читалищната сграда в с. Гложене", Z,
          programme="OTHER", beneficiary=OZ, total=96200.00, currency="EUR", end="2026-11-30"),
      rec("Почистване и укрепване на дере в кв. „Пристанище“", Z,
          contracts=["Д-0142/2025"], programme="OTHER", beneficiary=OZ,
          total=71580.00, currency="EUR", end="2026-07-31")])

# ---------------------------------------------------------------- 620 Котел
page(620, "https://kotel.bg/index.php/proekti/zelen-kotel", "utf-8", "joomla25", "project-index",
     "Joomla 2.5 category list named only by a short project name ('Зелен Котел'): banner image, a publicity line naming Програма „Околна среда“ "
     "2021-2027, four article links without the name; no number, holder, money or dates; the sibling menu item and a sidebar news title carry "
     "another project's contract number",
     [rec("Зелен Котел", "Котел", programme="PENV")])


def main():
    os.makedirs(os.path.join(ROOT, "truth"), exist_ok=True)
    rows = ["\t".join(("file", "url", "charset", "cms_style", "kind", "what_is_hard"))]
    n_rec = 0
    for fname, url, charset, style, kind, hard, projects in PAGES:
        num = os.path.basename(fname)[:-5]
        with open(os.path.join(ROOT, "truth", num + ".json"), "w", encoding="utf-8") as f:
            json.dump({"url": url, "projects": projects}, f, ensure_ascii=False, indent=2)
            f.write("\n")
        rows.append("\t".join((fname, url, charset, style, kind, hard)))
        n_rec += len(projects)
    with open(os.path.join(ROOT, "manifest.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    print("%d pages, %d records" % (len(PAGES), n_rec))


if __name__ == "__main__":
    main()
