#!/usr/bin/env python3
"""Write truth/7NN.json and manifest.tsv for the holdout7 corpus.

The truth follows shared/corpus/dev/README.md (conventions + Clarifications) and the way
shared/corpus/real-peshtera treats similar pages. Every judgement call is listed in README.md.
Run tools/build_pages.py first (pages/), then this script, then
  python3 testdata/corpus/check_truth.py testdata/holdout7
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
page("701", "https://www.samokov.bg/news.php?id=4817", "utf-8", "custom-php", "news-one-project",
     "facts spread: the project name is only in <title> and the breadcrumb (h1 is the section name "
     "'Новини'), the body starts 'Община Самоков информира, че...'; goal, money, contractor and period "
     "in separate paragraphs; the contract number only in the final publicity box; the total is "
     "'изцяло безвъзмездна финансова помощ' so the grant is the ЕФРР amount; works-contract value "
     "and 14-month СМР term are not the budget/duration; signing date with a 2-digit year (05.12.24 г.) "
     "is not the start; sidebar with 2-digit-year news dates, other contract numbers and '52,8 млн. лв.'",
     [P("Благоустрояване на централна градска част и парк „Ридни бряг“ в гр. Самоков", "Самоков",
        contracts=["BG16FFPR003-4.001-0112-C01"], procedures=["BG16FFPR003-4.001"], programme="PRR",
        beneficiary="Община Самоков", total=3412908.55, grant=2901972.27, currency="BGN",
        start="2024-12-12", end="2026-12-12", months=24,
        objectives=["Целта на проекта е да се създаде привлекателна, достъпна и безопасна градска среда в "
                    "централната част на Самоков, която да насърчава пешеходното придвижване, отдиха и "
                    "социалните контакти на жителите и гостите на града."],
        activities=["реконструкция на пешеходните алеи и площадните пространства в централната градска част",
                    "обновяване на парк „Ридни бряг“ с нова растителност, парково осветление и поливна система",
                    "изграждане на детска площадка и зона за спорт на открито",
                    "осигуряване на достъпна среда за хора с увреждания",
                    "информация и комуникация."],
        contractors=["Мусала Строй Инженеринг ЕООД", "Инвест Контрол 21 ЕООД"],
        published="2025-02-14")])

# ---------------------------------------------------------------------------------------------
page("702", "https://www.burgas.bg/bg/proekti/prchr-2021-2027/integrirani-uslugi-ranno-detsko-razvitie",
     "utf-8", "custom-bootstrap", "single-project",
     "big-city project page with every detail field: 'Наименование на проекта' cell longer than the h1 "
     "(adds '– гр. Бургас'); 'Цел на проекта:' inline + numbered 'Специфични цели:'; 'Дейности по проекта:' "
     "as 'Дейност N:' paragraphs, one with a nested bullet list (flattened, parent first); 'Очаквани "
     "резултати'; 'Целеви групи', 'Партньори' (an NGO and a kindergarten: not contractors, not beneficiary) "
     "and an 'Индикатори' table (not results); БФП = total, EU/national split not added; contractors in "
     "running text with a firm-contract number 93-00-2187/14.10.2024; 'Последна актуализация' is not the "
     "published date; sidebar with other PHRD contract numbers and amounts",
     [P("Интегрирани услуги за ранно детско развитие в кв. „Горно Езерово“ и кв. „Долно Езерово“ – гр. Бургас",
        "Бургас", contracts=["BG05SFPR002-2.005-0021-C01"], procedures=["BG05SFPR002-2.005"],
        programme="PHRD", beneficiary="Община Бургас", total=1487360.00, grant=1487360.00, currency="BGN",
        start="2024-07-01", end="2026-06-30", months=24,
        objectives=["Подобряване на достъпа до интегрирани социални, здравни и образователни услуги за ранно "
                    "детско развитие на деца от 0 до 7 години и техните семейства в кварталите „Горно Езерово“ "
                    "и „Долно Езерово“.",
                    "Ранно идентифициране на рисковете за развитието на децата и осигуряване на навременна подкрепа",
                    "Повишаване на родителския капацитет и ангажираността на семействата с образованието на децата",
                    "Намаляване на отпадането от предучилищно образование сред децата от уязвими групи."],
        activities=["Организация и управление на проекта",
                    "Подбор и обучение на персонала на услугите",
                    "Предоставяне на интегрирани услуги за ранно детско развитие, включително",
                    "индивидуална и групова работа с деца с увреждания и с риск от обучителни затруднения",
                    "консултиране и подкрепа на родители",
                    "здравна консултация и профилактика в общността.",
                    "Дейности за приобщаване в детските градини на територията на двата квартала",
                    "Информация и комуникация"],
        results=["Не по-малко от 320 деца от 0 до 7 години, получили интегрирани услуги",
                 "180 родители, включени в програми за подкрепа на родителството",
                 "24 специалисти, преминали обучение за работа с деца с увреждания",
                 "Разкрити 2 консултативни кабинета в общността."],
        contractors=["Нова перспектива Консулт ЕООД", "Медиа Лайн Бургас ООД"],
        published="2024-08-19")])

# ---------------------------------------------------------------------------------------------
page("703", "https://www.byala-slatina.com/proekti/programa-razvitie-na-choveshkite-resursi/",
     "utf-8", "wordpress", "listing",
     "UTF-8 with a BOM; WordPress page with three blocks of same-programme, same-looking home-care projects: "
     "'Грижа в дома …' printed as -C01 and, after an annex, -C02 (one record, both numbers) with the "
     "contract value and the larger updated value after the annex (the updated one is the total), and "
     "a later new contract 'Грижа в дома … – 2' (a separate record) whose total is '100 % безвъзмездна "
     "финансова помощ' (grant null) and is printed without digit grouping (1126480,00 лева); a 2014-2020 "
     "'Патронажна грижа' block in running text; ISO dates (2022-06-01 – 2023-12-31); 'Постигнати' vs "
     "'Очаквани резултати'; a page, not a post: no published date ('актуална към 2025-02-10' is not one); "
     "sidebar dates with 2-digit years",
     [P("Грижа в дома в община Бяла Слатина", "Бяла Слатина",
        contracts=["BG05SFPR002-2.001-0078-C01", "BG05SFPR002-2.001-0078-C02"],
        procedures=["BG05SFPR002-2.001"], programme="PHRD", beneficiary="Община Бяла Слатина",
        total=498312.40, currency="BGN", start="2022-06-01", end="2023-12-31",
        activities=["Предоставяне на почасови мобилни интегрирани здравно-социални услуги в домашна среда",
                    "Осигуряване на лични предпазни средства и дезинфектанти за персонала и потребителите"],
        results=["Обслужени 142 потребители от 19 населени места на общината",
                 "Наети 38 домашни помощници, 4 медицински специалисти и 2 социални работници"]),
      P("Грижа в дома в община Бяла Слатина – 2", "Бяла Слатина",
        contracts=["BG05SFPR002-2.019-0031-C01"], procedures=["BG05SFPR002-2.019"], programme="PHRD",
        beneficiary="Община Бяла Слатина", total=1126480.00, currency="BGN",
        start="2024-01-02", end="2025-12-31", months=24,
        results=["Предоставени почасови услуги в домашна среда на 180 потребители",
                 "Осигурена заетост на 52 лица от общината"]),
      P("Патронажна грижа за възрастни хора и лица с увреждания в община Бяла Слатина – Компонент 3",
        "Бяла Слатина", contracts=["BG05M9OP001-6.004-0052-C01"], procedures=["BG05M9OP001-6.004"],
        programme="OPHRD14", beneficiary="Община Бяла Слатина", total=186240.12, currency="BGN",
        start="2021-05-06", end="2022-05-05")])

# ---------------------------------------------------------------------------------------------
page("704", "http://pavlikeni.bg/index.php/obrazovanie/proekti-v-obrazovanieto/1587-stem-sreda-ou-kiril-i-metodiy",
     "utf-8", "joomla3", "news-one-project",
     "a school is the beneficiary and the municipality a partner; headline differs from the quoted project "
     "name (which itself contains inner quotes); value printed without and with VAT in one cell (total = with "
     "VAT) plus '100 % безвъзмездно финансиране' (grant null); signing date 27.09.2023 is not the start; "
     "Joomla 'Публикувано на 14 Ноември 2023' with a capitalised month name; pager titles and sidebar carry "
     "amounts and another NRRP contract number",
     [P("Модерна STEM среда за природни науки и технологии в ОУ „Св. св. Кирил и Методий“ – гр. Павликени",
        "Павликени", contracts=["BG-RRP-1.015-0417-C01"], procedures=["BG-RRP-1.015"], programme="NRRP",
        beneficiary="Основно училище „Св. св. Кирил и Методий“", total=147480.00, currency="BGN",
        start="2023-10-01", end="2024-12-31", months=15,
        objectives=["Създаване на съвременна, интерактивна и мотивираща учебна среда за изучаване на природни "
                    "науки, математика и технологии, която да повиши интереса на учениците към инженерните и "
                    "дигиталните професии."],
        activities=["ремонт и преустройство на учебен кабинет за STEM центъра",
                    "доставка и монтаж на интерактивно оборудване, лабораторни комплекти и мебели",
                    "обучение на учители за работа в STEM среда",
                    "дейности за информация и публичност."],
        contractors=["Техноиновации БГ ООД", "Янтра Билд Груп ЕООД"],
        published="2023-11-14")])

# ---------------------------------------------------------------------------------------------
page("705", "https://ivaylovgrad.bg/bg/proekti/interreg-gr-bg/stonebridges", "utf-8", "drupal7",
     "single-project",
     "Interreg V-A Greece-Bulgaria in Bulgarian with the lead beneficiary abroad (Дем Орестиада) and the "
     "site's municipality a partner (ПП2): beneficiary is the lead beneficiary; per-partner budget table "
     "(the municipality's 438 900,00 and ERDF 373 065,00 are not the project's); project-level ERDF "
     "amount is the grant; code B2.6c.27 is the subsidy-contract number; work packages 'РП1: …' (label "
     "stripped); partner's restoration contract (312 640,00 лв., 8 months) is not the budget or duration; "
     "Drupal m/d/yyyy submitted date; sidebar with other Interreg codes and a budget",
     [P("Каменни мостове и водни пътища – съвместно опазване и популяризиране на културното наследство в "
        "трансграничния регион", "Ивайловград", contracts=["B2.6c.27"], programme="INTERREG",
        beneficiary="Дем Орестиада", total=1249990.00, grant=1062491.50, currency="EUR",
        start="2019-06-17", end="2021-12-16", months=30,
        objectives=["Общата цел на проекта е да се опази, възстанови и популяризира общото културно наследство "
                    "по поречията на реките Арда и Марица като основа за устойчив трансграничен туризъм."],
        activities=["Управление и координация на проекта",
                    "Комуникация и популяризиране",
                    "Проучване и документиране на каменните мостове в трансграничния регион",
                    "Реставрация на каменния мост при с. Свирачи",
                    "Създаване на съвместен туристически маршрут и мобилно приложение"],
        results=["1 реставриран и социализиран паметник на културата – каменният мост при с. Свирачи",
                 "Обща база данни с 46 документирани каменни моста от двете страни на границата",
                 "Съвместен туристически маршрут с дължина 128 км",
                 "Увеличаване с 8 % на посещенията в обектите на културното наследство."],
        contractors=["Родопи Реставрация ООД"],
        published="2019-09-27")])

# ---------------------------------------------------------------------------------------------
page("706", "https://obshtinaruse.bg/en/ProjectDetails.aspx?id=498&lang=en", "utf-8", "aspnet-webforms",
     "single-project",
     "English version (/en/) of an Interreg V-A Romania-Bulgaria project page: text fields stay in English as "
     "printed, municipality in Cyrillic (the wordmark 'ОБЩИНА РУСЕ' is the only Cyrillic); amounts as "
     "'EUR 2 187 430' (currency before the number, no decimals) and 'EUR 1 859 315.50'; ISO start/end dates; "
     "project code ROBG-498 plus subsidy contract 'No. 118342 / 27.05.2019' (date dropped); per-partner "
     "budgets and national/own co-financing are not total or grant; the works start 03.02.2020 and a "
     "14-month term are not the project's; ASP.NET viewstate; sidebar with other ROBG codes and budgets",
     [P("Danube Cycle Link – Joint Development of Cycling Tourism Infrastructure in Ruse and Giurgiu", "Русе",
        contracts=["ROBG-498", "118342"], programme="INTERREG", beneficiary="Municipality of Ruse",
        total=2187430, grant=1859315.50, currency="EUR", start="2019-06-01", end="2021-11-30",
        objectives=["The overall objective of the project is to increase the sustainable use of the natural and "
                    "cultural heritage of the Ruse–Giurgiu cross-border area by developing a joint cycling "
                    "tourism network along the Danube."],
        activities=["Project management and coordination",
                    "Design and construction of 11.4 km of cycle lanes in Ruse, linking the city centre with the "
                    "Danube Bridge",
                    "Construction of 6.2 km of cycle lanes and a bike-sharing system in Giurgiu",
                    "Joint cycling route map, mobile application and promotional campaign",
                    "Cross-border cycling event \"Pedal across the Danube\""],
        results=["17.6 km of new cycle lanes in the two cities",
                 "8 bike-sharing stations with 96 bicycles",
                 "An increase of 10% in the number of visitors in the cross-border area"],
        contractors=["Lomstroy Engineering EOOD"],
        published="2019-07-12")])

# ---------------------------------------------------------------------------------------------
page("707", "http://elena.bg/news-2871-podpisan-dogovor-prsr-ulici.html", "windows-1251", "legacy-table",
     "news-one-project",
     "windows-1251 with NO charset declaration anywhere (the server header would say windows-1251); table "
     "layout with <font>; RDP 2014-2020 sub-measure 7.2 with a ДФЗ contract number 12/07/2/0/00345 ('подмярка "
     "7.2' is a measure name, not a code); dates with month names ('17 април 2018 г.' signing, not start; "
     "'до 30 септември 2020 г.' end only; 'през юни 2018 г.' month-only); total printed only 'без ДДС'; "
     "grant = 100 % with its amount; firm-contract value and a 16-month construction term are not "
     "budget/duration; 'Предвидени ремонтни дейности:' as '-' lines over <br>; left menu of other projects "
     "with a contract number and an amount",
     [P("Рехабилитация и реконструкция на улици в гр. Елена и с. Майско", "Елена",
        contracts=["12/07/2/0/00345"], programme="RDP", beneficiary="Община Елена",
        total=1956240.18, grant=1956240.18, currency="BGN", end="2020-09-30",
        activities=["рехабилитация на пътната настилка на ул. „Дълга“, ул. „Поповска“ и ул. „Пролет“ в гр. Елена",
                    "реконструкция на централната улица в с. Майско",
                    "подмяна на бордюри и изграждане на тротоари",
                    "изграждане на отводнителни съоръжения",
                    "полагане на хоризонтална и вертикална пътна маркировка."],
        contractors=["Елпътстрой ООД", "Консулт-Надзор 2007 ЕООД"],
        published="2018-04-23")])

# ---------------------------------------------------------------------------------------------
page("708", "http://www.lukovit.bg/index.php?option=com_content&view=article&id=1432:2022-03-22-07-14-05&catid=42:proekti&Itemid=61",
     "windows-1251", "joomla15", "news-one-project",
     "windows-1251 declared only in <meta http-equiv>; LAG (МИГ) project under RDP with ISUN number "
     "BG06RDNP001-19.123-0007-C01 and procedure code; a читалище is the beneficiary, the municipality a "
     "partner; Roman-numeral months ('14.III.2022' signing, 'до 30.IX.2023 г.' end); 'общ размер на "
     "допустимите разходи' is the total, БФП 90 % the grant; 'Проектът предвижда:' numbered lines over <br>; "
     "ПМС № 160/01.07.2016 and order numbers are not contracts; Joomla 1.5 header 'today' date and "
     "'Последно обновяване' are not the published date",
     [P("Ремонт и обновяване на сградата на НЧ „Съгласие – 1887“ с. Петревене и закупуване на оборудване",
        "Луковит", contracts=["BG06RDNP001-19.123-0007-C01"], procedures=["BG06RDNP001-19.123"],
        programme="RDP", beneficiary="НЧ „Съгласие – 1887“", total=97581.60, grant=87823.44,
        currency="BGN", end="2023-09-30",
        activities=["Ремонт на покрива и подмяна на дограмата на сградата на читалището",
                    "Въвеждане на мерки за енергийна ефективност – топлоизолация на външните стени",
                    "Ремонт на салона и библиотеката",
                    "Закупуване на озвучителна техника, мебели и 12 компютърни конфигурации."],
        contractors=["Строй Комплект Луковит ЕООД"],
        published="2022-03-22")])

# ---------------------------------------------------------------------------------------------
page("709", "https://www.sozopol.bg/2021/07/15/modernizatsia-ribarsko-pristanishte/", "utf-8", "wordpress",
     "news-one-project",
     "fisheries (ПМДР 2014-2020 through a МИРГ, programme OTHER) with a municipal company as beneficiary and "
     "the municipality as partner; total without decimals ('391 250 лв.'); БФП 75 % amount is the grant; "
     "WordPress published date with a month name followed by the hidden 'updated' date (02.08.2021); "
     "signing date is not the start; 'Проектът включва:' and 'Очакваните резултати включват:' lead-ins; "
     "works-contract price is not the budget; sidebar with an application for '4,8 млн. лв.'",
     [P("Модернизация на рибарско пристанище „Созопол – Север“ и подобряване на условията за разтоварване на "
        "улова", "Созопол", contracts=["BG14MFOP001-4.058-0003-C01"], procedures=["BG14MFOP001-4.058"],
        programme="OTHER", beneficiary="„Общински пазари и пристанища – Созопол“ ЕООД",
        total=391250, grant=293437.50, currency="BGN", start="2021-08-01", end="2023-07-31",
        activities=["ремонт на кейовата стена и укрепване на вълнолома",
                    "доставка и монтаж на кран за разтоварване с товароподемност 3 т",
                    "изграждане на хладилна камера за временно съхранение на улова",
                    "обособяване на площадка за ремонт на рибарски мрежи."],
        results=["подобрени условия за разтоварване на улова за 46 регистрирани риболовни кораба",
                 "намалени загуби на улов и по-високо качество на рибните продукти",
                 "запазени 12 работни места в пристанището."],
        contractors=["Понт Марин Билд ООД"],
        published="2021-07-15")])

# ---------------------------------------------------------------------------------------------
page("710", "http://provadia.bg/news_whole.php?id=1187", "utf-8", "custom-php", "news-one-project",
     "completion news: activities only as rows of a table (№ | Дейност | Статус); both 'Очаквани резултати "
     "(съгласно договора)' and 'Постигнати резултати' fill results; no БФП amount, so the EU part is the "
     "grant (EU and national parts not added); three contractors incl. author supervision; firm contract "
     "№ 93-00-112/12.07.2019 and press-conference date are not the grant contract/period; header 'today' "
     "date differs from the news date; sidebar news with another RDP contract number",
     [P("Повишаване на енергийната ефективност на административната сграда на Община Провадия и ДГ „Звънче“ – "
        "гр. Провадия", "Провадия", contracts=["BG16RFOP001-2.003-0077-C01"], procedures=["BG16RFOP001-2.003"],
        programme="OPRG", beneficiary="Община Провадия", total=1893412.07, grant=1609400.26, currency="BGN",
        start="2019-03-15", end="2020-09-14", months=18,
        activities=["Организация и управление на проекта",
                    "Изготвяне на технически проекти и енергийни обследвания",
                    "Строително-монтажни работи по въвеждане на мерки за енергийна ефективност",
                    "Строителен и авторски надзор",
                    "Информация и публичност",
                    "Одит на проекта"],
        results=["Намаляване на годишното потребление на енергия в двете сгради с не по-малко от 60 %",
                 "Намаляване на емисиите на парникови газове с 312 т CO2 еквивалент годишно",
                 "Годишно спестена енергия – 486 MWh/год.",
                 "Клас на енергопотребление „B“ за двете сгради",
                 "Подобрен комфорт за 124 деца и 38 служители в ДГ „Звънче“ и за служителите на администрацията"],
        contractors=["Провстрой-2004 ЕООД", "Надзор Консулт Варна ООД", "Архитектурно студио Линия ООД"],
        published="2020-09-21")])

# ---------------------------------------------------------------------------------------------
page("711", "https://dulovo.bg/proekti/prchr/cpsd-dulovo", "utf-8", "custom-bootstrap", "definition-table",
     "a social-services complex (second-level budget unit) is the beneficiary, the municipality a partner; "
     "<dl> label/value list; amounts without digit grouping ('498715,00 лева'); ISO dates for start, end and "
     "publication; 'Цел на проекта:' inline; numbered activities ending in '.'; 'Целеви групи' not copied; "
     "two contractors (repair, training) in running text; sidebar with other PHRD contract numbers and "
     "ISO-dated events",
     [P("Център за подкрепа на семейството и детето – нови възможности в община Дулово", "Дулово",
        contracts=["BG05SFPR002-3.004-0012-C01"], procedures=["BG05SFPR002-3.004"], programme="PHRD",
        beneficiary="Комплекс за социални услуги за деца и семейства – Дулово", total=498715.00,
        grant=498715.00, currency="BGN", start="2024-04-01", end="2026-03-31", months=24,
        objectives=["Предоставяне на интегрирана подкрепа в общността на деца в риск и на техните семейства чрез "
                    "разкриване на нов Център за подкрепа на семейството и детето в гр. Дулово и изнесени мобилни "
                    "услуги в 12 села на общината."],
        activities=["Организация и управление на проекта.",
                    "Ремонт и оборудване на помещения за центъра в сградата на КСУДС – Дулово.",
                    "Подбор, назначаване и обучение на 9 специалисти.",
                    "Предоставяне на консултации, семейно и психологическо подпомагане, включително мобилна работа "
                    "по селата.",
                    "Организиране на групи за подкрепа на родители и летни занимания за деца."],
        results=["Подкрепени най-малко 150 деца и 110 семейства",
                 "Предотвратено изоставяне на деца в институции",
                 "Разкрита нова социална услуга с капацитет 30 потребители"],
        contractors=["Добруджа Ремонт Сервиз ООД", "Фамилия Консулт ЕООД"],
        published="2024-04-08")])

# ---------------------------------------------------------------------------------------------
page("712", "https://www.nova-zagora.org/otchet-administraciya-2024", "utf-8", "drupal7", "negative-report",
     "annual report of the municipal administration: budget execution table, aggregate project counts and "
     "values per programme ('над 36,4 млн. лв.', '18 412 670,00'), procurement counts and УНП numbers, "
     "decision numbers with dates, a reporting period 01.01.2024 – 31.12.2024; projects only mentioned in "
     "passing (no name, number or amount of a given project) -> no record; sidebar news with a contract "
     "number and amount",
     [])

# ---------------------------------------------------------------------------------------------
page("713", "https://radnevo.bg/buyer-profile-00572-2023-0007.html", "utf-8", "custom-php",
     "negative-procurement",
     "buyer-profile file of an awarded procurement that names the project it serves, with the project's "
     "NRRP grant-contract number BG-RRP-4.024-0093-C01 and title; estimated value, ranking table with "
     "offered prices, the awarded firm's contract № 98/03.07.2023, a 180-day term, decision/protocol "
     "numbers and many dated documents -> no record (procurement notice)",
     [])

# ---------------------------------------------------------------------------------------------
page("714", "https://toshevo.org/index.php/proekti/proekti-v-proces-na-kandidatstvane", "utf-8", "joomla3",
     "negative-applications",
     "'Проекти в процес на кандидатстване': a table of five project proposals with procedure codes, ISUN "
     "registration numbers (no -C01), requested БФП amounts ('2 345 678,00', '1,2 млн. лв.'), submission "
     "dates and statuses (in evaluation, one 'одобрено – предстои сключване на договор'); none is under "
     "contract -> no record; sidebar lists projects in progress with a contract number",
     [])

# ---------------------------------------------------------------------------------------------
page("715", "https://zlatograd.bg/sabitiya/festival-vkusat-na-rodopite-2024/", "utf-8", "wordpress",
     "negative-event",
     "event page (The Events Calendar) of a festival organised under an Interreg VI-A Greece-Bulgaria project: "
     "the publicity box names the project, its number 2.4-0057, the total budget (612 840,00 евро), the "
     "municipality's share and the project period; programme times, prize fund 3 000 лв., stand fee, "
     "deadlines -> no record (events give no record)",
     [])

# ---------------------------------------------------------------------------------------------
page("716", "https://momchilgrad.bg/proekti/318-realizirani-proekti/412-kompostirashta-instalacia.html",
     "utf-8", "joomla4", "single-project",
     "short h1 ('Компостираща инсталация – Момчилград') vs the full quoted name after 'Проект:'; -C01 and "
     "-C02 after an annex (both listed); original contract value and the updated total after Анекс № 2 "
     "(total = updated), БФП after the annex is the grant, own contribution not; '36 месеца' stated while "
     "the dates (ISO, end extended by the annex) span 52 months -> kept, not fixed; annex date with a month "
     "name; the increase 424 491,65 лв. is not a budget; ДЗЗД contractor; pager/sidebar with other "
     "contract numbers and amounts",
     [P("Проектиране и изграждане на компостираща инсталация за разделно събрани зелени и/или биоразградими "
        "отпадъци в гр. Момчилград", "Момчилград",
        contracts=["BG16M1OP002-2.002-0021-C01", "BG16M1OP002-2.002-0021-C02"],
        procedures=["BG16M1OP002-2.002"], programme="OPE14", beneficiary="Община Момчилград",
        total=3412006.85, grant=2900205.82, currency="BGN", start="2019-08-02", end="2023-11-30", months=36,
        objectives=["Основната цел на проекта е да се намали количеството на депонираните битови отпадъци в "
                    "регионалното депо чрез изграждане на съоръжение за компостиране на разделно събраните "
                    "зелени и биоразградими отпадъци от територията на общината."],
        activities=["Подготовка на документация за възлагане на обществени поръчки.",
                    "Проектиране и изграждане на компостираща инсталация с капацитет 4 200 т/год.",
                    "Доставка на техника за компостиране – шредер, сито и товарач.",
                    "Доставка на 1 850 съда за разделно събиране на зелени отпадъци.",
                    "Информиране и публичност.",
                    "Организация и управление на проекта."],
        contractors=["ДЗЗД Компост Момчилград 2020", "Арда Консулт Надзор ЕООД"],
        published="2022-06-14")])

# ---------------------------------------------------------------------------------------------
page("717", "https://belogradchik.egov.bg/wps/portal/municipality-belogradchik/administration/activities/projects/opdu",
     "utf-8", "wps-portal", "definition-table",
     "uniform egov portal; two-column label/value table: amounts as '148 793.26 BGN' (dot decimal, currency "
     "code after), БФП = total with ESF/national parts; Roman-numeral dates ('15.III.2021', '14.III.2023'); "
     "activities as numbered <br> lines and results as '-' <br> lines inside one cell each; contractors "
     "with their role after a dash; 'Наименование на проекта' cell longer than the h2; related-projects "
     "box with an Interreg code and amounts",
     [P("Подобряване на административното обслужване и прилагане на комплексно административно обслужване в "
        "Община Белоградчик", "Белоградчик", contracts=["BG05SFOP001-2.009-0123-C01"],
        procedures=["BG05SFOP001-2.009"], programme="OPGG", beneficiary="Община Белоградчик",
        total=148793.26, grant=148793.26, currency="BGN", start="2021-03-15", end="2023-03-14", months=24,
        objectives=["Повишаване на качеството и достъпността на административните услуги за гражданите и бизнеса "
                    "в Община Белоградчик чрез въвеждане на комплексно административно обслужване и "
                    "оптимизиране на вътрешните процеси."],
        activities=["Анализ на административните услуги и на процесите по тяхното предоставяне",
                    "Оптимизиране на процедурите и актуализиране на вътрешните правила",
                    "Внедряване на деловодна система с модул за електронни услуги",
                    "Обучения на служителите на общинската администрация",
                    "Информация и публичност"],
        results=["94 оптимизирани административни услуги",
                 "36 обучени служители",
                 "въведено комплексно административно обслужване в центъра за услуги"],
        contractors=["Информационни системи Дунав ООД", "Консулт Експерт 2010 ЕООД"],
        published="2021-03-22")])

# ---------------------------------------------------------------------------------------------
page("718", "https://dvemogili.egov.bg/wps/portal/municipality-dve-mogili/administration/activities/projects/prr/ulici-etap-1",
     "utf-8", "wps-portal", "news-same-contract",
     "three dated items on one contract, newest first -> one record: signing item (total 2 618 430 лв. "
     "without decimals, goal, planned activities), first-dig item (works contract value and 10-month "
     "construction term, contractor and supervisor) and completion item (total after Анекс № 1 = "
     "2 701 215,44 лв. with the -C02 number, implementation period, achieved results, the goal repeated); "
     "total = the latest, updated value; lists merged oldest first with the repeated goal dropped; "
     "published = latest item; Акт обр. 16 date is not the end",
     [P("Реконструкция на улици и тротоари в гр. Две могили – етап I", "Две могили",
        contracts=["BG16FFPR003-2.001-0058-C01", "BG16FFPR003-2.001-0058-C02"],
        procedures=["BG16FFPR003-2.001"], programme="PRR", beneficiary="Община Две могили",
        total=2701215.44, currency="BGN", start="2023-05-10", end="2024-09-30",
        objectives=["Целта на проекта е да се подобри транспортната достъпност и безопасността на движение в "
                    "централната част на града."],
        activities=["Реконструкция на пътната настилка на 9 улици в централната градска част",
                    "Ремонт и разширение на тротоарите и осигуряване на достъпна среда",
                    "Подмяна на уличното осветление с енергоспестяващо",
                    "Изграждане на велоалея по ул. „Черно море“",
                    "Информация и комуникация."],
        results=["Реконструирани 3,2 км улици и 4,1 км тротоари",
                 "Изградени 14 достъпни пешеходни пресичания с тактилни плочи",
                 "Монтирани 126 енергоспестяващи LED осветителни тела"],
        contractors=["Дунав Пътинженеринг ООД", "Пътконсулт Русе 2011 ЕООД"],
        published="2024-10-18")])

# ---------------------------------------------------------------------------------------------
page("719", "https://www.slivopole.bg/news.php?page=3", "utf-8", "custom-php", "news-list-multi",
     "news list page, six teasers newest first: two teasers on one RDP contract (signing with 'близо 1,2 млн. "
     "лв.' -> total null; works start with the contractor and an 8-month СМР term) -> one record dated by "
     "the later teaser; a kindergarten's project under a national programme (beneficiary the kindergarten, "
     "municipality partner; 18 500 лв. with no 'безвъзмездн…' wording -> total, no grant; 'до 30.09.2024 г.' "
     "end only); an application for a stadium (requested БФП, procedure code) -> no record; a council "
     "sitting with a 600 000 лв. loan and a concert -> no record; month-name dates",
     [P("Реконструкция на улици в гр. Сливо поле и с. Бръшлен", "Сливо поле",
        contracts=["BG06RDNP001-7.007-0045-C01"], procedures=["BG06RDNP001-7.007"], programme="RDP",
        beneficiary="Община Сливо поле", contractors=["Лудогорие Инфраструктура ООД"],
        published="2024-04-08"),
      P("Зелена площадка за игра и учене", "Сливо поле", programme="OTHER", beneficiary="ДГ „Пчелица“",
        total=18500, currency="BGN", end="2024-09-30", published="2024-05-15")])

# ---------------------------------------------------------------------------------------------
page("720", "https://yakoruda.bg/proekti/", "utf-8", "wordpress", "listing",
     "TablePress table of five projects (one record per row) under the caption 'Проекти, изпълнявани от "
     "Община Якоруда' (the beneficiary of every row); ДФЗ contract numbers of 2007-2013 (22/321/00837 от …) "
     "and 2014-2020 (01/07/2/0/00112 от …) with dates dropped, a ПУДООС contract 'Д-33-41/12.06.2023' (full "
     "date after '/' dropped), an NRRP -C01; currency only in the column header 'Стойност (лв.)'; a row "
     "with 'до 30.11.2019' gives only an end date; the fifth row is an application in evaluation -> no "
     "record; 'Последна актуализация' is not a published date",
     [P("Реконструкция на водопроводна мрежа в с. Бел Камен", "Якоруда", contracts=["22/321/00837"],
        programme="RDP", beneficiary="Община Якоруда", total=2741386.12, currency="BGN",
        start="2012-10-08", end="2015-06-30"),
      P("Ремонт на читалище „Просвета – 1906“ с. Юруково", "Якоруда", contracts=["01/07/2/0/00112"],
        programme="RDP", beneficiary="Община Якоруда", total=487214.70, currency="BGN", end="2019-11-30"),
      P("Почистване и корекция на коритото на р. Бяла Места в регулацията на гр. Якоруда", "Якоруда",
        contracts=["Д-33-41"], programme="OTHER", beneficiary="Община Якоруда", total=98400.00,
        currency="BGN", start="2023-06-12", end="2023-12-31"),
      P("Енергийно обновяване на сградата на ДГ „Мечо Пух“ – гр. Якоруда", "Якоруда",
        contracts=["BG-RRP-4.024-0316-C01"], programme="NRRP", beneficiary="Община Якоруда",
        total=1318642.05, currency="BGN", start="2024-01-15", end="2026-01-14")])


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
