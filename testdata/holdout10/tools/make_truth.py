#!/usr/bin/env python3
"""Write truth/ANN.json and manifest.tsv for the holdout10 corpus (plain-text pages).

The truth follows shared/corpus/dev/README.md (conventions + Clarifications) and the way
shared/corpus/real-peshtera treats similar pages. Every judgement call is listed in README.md.
Run tools/build_pages.py first (pages/), then this script, then
  python3 testdata/corpus/check_truth.py testdata/holdout10
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


COMMON = "plain text as pasted after select-all in a browser (menus, sidebars, footer included); "

# ---------------------------------------------------------------------------------------------
page("A01", "https://www.kameno.bg/index.php/novini/1284-podpisan-dogovor-prr-ulitsi-kameno-vratitsa",
     "utf-8", "joomla3", "news-one-project",
     COMMON + "signing press release (Joomla 3): the site header's 'today' date 'Понеделник, 16 Юни 2025' "
     "comes first and is not the published date ('Публикувано на 14 Май 2025'); headline with 'над 2,4 млн. "
     "лв.' (approximate; the body has the exact total and БФП); the sentence with the contract number is "
     "broken over a blank line ('за предоставяне' / 'на безвъзмездна финансова помощ'); signing date 12 май "
     "2025 is not a start; '24 месеца от датата на влизане в сила' -> duration only; procedure code printed; "
     "ПРР by name and abbreviation; 'Предвидени дейности:' + '-' lines (trailing ';' stripped, final '.' "
     "kept); 'Целта на проекта е …' sentence -> one objective; no contractor yet (procurements announced "
     "later); 'Прочетена 214 пъти' counter; 'Последни новини' sidebar with another project's title and "
     "amount; footer with IBAN and phone numbers; cookie banner at the end",
     [P("Реконструкция и рехабилитация на улици в гр. Камено и с. Вратица", "Камено",
        contracts=["BG16FFPR003-2.002-0047-C01"], procedures=["BG16FFPR003-2.002"], programme="PRR",
        beneficiary="Община Камено", total=2436118.50, grant=2314312.58, currency="BGN", months=24,
        objectives=["Целта на проекта е да се подобри транспортната достъпност и безопасността на движение "
                    "в гр. Камено и с. Вратица и да се осигури качествена и достъпна градска среда за "
                    "жителите на двете населени места."],
        activities=["реконструкция на ул. „Освобождение“ и ул. „Странджа“ в гр. Камено",
                    "рехабилитация на ул. „Изгрев“ и ул. „Лозарска“ в с. Вратица",
                    "изграждане на тротоари и осигуряване на достъпна среда",
                    "подмяна на уличното осветление по трасетата с енергоспестяващо LED осветление",
                    "строителен и авторски надзор",
                    "информация и комуникация."],
        published="2025-05-14")])

# ---------------------------------------------------------------------------------------------
page("A02", "https://www.sungurlare.org/proekti/oprr-2014-2020/energiyna-efektivnost-su-sungurlare",
     "utf-8", "custom-bootstrap", "single-project",
     COMMON + "a project page whose fact box is flattened to 'Label:<TAB>value' lines; the contract and "
     "its annex ('Договор за БФП №: …-C01 от 24.05.2019 г.', 'Анекс № 1: …-C02 от 11.03.2021 г.') -> both "
     "numbers without dates; 'Първоначална стойност: 1 204 518,72 лв.' vs 'Обща стойност (актуализирана с "
     "Анекс № 1): 1 262 404,18 лв.' -> the updated total; БФП with '(100 %)' equals it; 'Крайна дата: "
     "30.09.2021 г. (удължена …; първоначално 24.05.2021 г.)' -> the extended end; 'Продължителност: 28 "
     "месеца'; works and supervision firms in the box (quotes dropped, legal form kept); the footer's "
     "project number BG16RFOP001-2.002-0019 is a prefix of the contract number -> not listed; procedure "
     "code in the box; 'Цел на проекта' + one paragraph -> one objective; numbered activities keep their "
     "final '.'; '•' + NBSP results; ОбС decision number and document sizes; 'Дата на публикуване' vs "
     "'Последна редакция'; 'Днес е 03.07.2025 г.' header; sidebar of other projects with an OPHRD contract "
     "number; IBAN footer; cookie banner",
     [P("Повишаване на енергийната ефективност на сградата на СУ „Св. св. Кирил и Методий“ – гр. Сунгурларе",
        "Сунгурларе",
        contracts=["BG16RFOP001-2.002-0019-C01", "BG16RFOP001-2.002-0019-C02"],
        procedures=["BG16RFOP001-2.002"], programme="OPRG", beneficiary="Община Сунгурларе",
        total=1262404.18, grant=1262404.18, currency="BGN",
        start="2019-05-24", end="2021-09-30", months=28,
        objectives=["Целта на проекта е да се повиши енергийната ефективност на сградата на СУ „Св. св. "
                    "Кирил и Методий“ чрез прилагане на мерки за енергийна ефективност, което ще доведе до "
                    "намаляване на разходите за отопление и осветление и до подобряване на условията за "
                    "обучение на учениците."],
        activities=["Изготвяне на инвестиционен проект и обследване за енергийна ефективност.",
                    "Изпълнение на мерки за енергийна ефективност – топлоизолация на стени и покрив, подмяна "
                    "на дограмата, реконструкция на отоплителната инсталация.",
                    "Строителен и авторски надзор.",
                    "Организация и управление на проекта.",
                    "Информиране и публичност."],
        results=["Намаляване на потреблението на енергия с 58 %",
                 "Годишни спестявания на енергия от 486 300 kWh",
                 "Намаляване на емисиите на парникови газове със 152 т CO2 годишно",
                 "Подобрени условия за обучение на 412 ученици."],
        contractors=["Бизон Строй 2008 ООД", "Стройконтрол – БГ ЕООД"],
        published="2021-04-15")])

# ---------------------------------------------------------------------------------------------
page("A03", "https://www.garmen.bg/news.php?id=2318", "windows-1251", "custom-php", "news-one-project",
     COMMON + "windows-1251 bytes with no declaration (plain text; the manifest carries the charset); "
     "first-dig news; the headline is glued to its date line ('…в селата Огняново и Марчевопетък, 6 "
     "октомври 2023') and the sidebar dates are glued to the news titles ('…местните данъци03.10.2023'); the "
     "header 'вторник, 17 юни 2025 г.' is the day of saving; ПРСР подмярка 7.2 with a ДФЗ number '№ "
     "01/07/2/0/00318 от 22.11.2022 г.' (date dropped; 'подмярка 7.2' is not a code); dot thousands "
     "'1.486.204,30 лв. с ДДС' (total) and БФП '1.238.503,58 лв.'; 'Ремонтът предвижда:' + '•' lines -> "
     "activities; works and supervision firms; '8 месеца' is the construction term, not the duration, and "
     "the sentence is hyphenated over a line break ('строи-' / 'телството'); 'Прочетена 214 пъти'; a quote "
     "with '30 години'; sidebar with another ДФЗ number and road code; visitor counter",
     [P("Рехабилитация на улици в с. Огняново и с. Марчево, община Гърмен", "Гърмен",
        contracts=["01/07/2/0/00318"], programme="RDP", beneficiary="Община Гърмен",
        total=1486204.30, grant=1238503.58, currency="BGN",
        activities=["полагане на нова асфалтова настилка по 7 улици с обща дължина 3,2 км",
                    "подмяна на бордюрите и изграждане на тротоари",
                    "изграждане на отводнителни съоръжения",
                    "хоризонтална и вертикална маркировка и сигнализация."],
        contractors=["Места Строй 21 ЕООД", "Нивел Консулт ООД"],
        published="2023-10-06")])

# ---------------------------------------------------------------------------------------------
H = "Хаджидимово"
HB = "Община Хаджидимово"
page("A04", "https://www.hadzhidimovo.bg/proekti/realizirani-proekti/", "utf-8", "wordpress", "listing",
     COMMON + "a WordPress page with a table flattened to one line per row, cells separated by TABs (9 "
     "columns) -> 5 records; the programme only as an abbreviation or short name per row (ПРСР 2014-2020, "
     "НПВУ, ПРЧР 2021-2027, Програма „Красива България“, ПУДООС); contract cells with dates ('01/07/2/0/00412 "
     "от 14.05.2020 г.', '1417/08.05.2023 г.' -> '1417') and a Cyrillic-letter code 'М02-24-018'; the "
     "'Бенефициент' column has a school in row 5; currency only in the headers 'Обща стойност (лв.)' / 'БФП "
     "(лв.)'; '–' in the БФП cell -> grant null; the 'Срок' column holds a date range, 'до 31.03.2026', '24 "
     "месеца', a bare year '2024' (null) and 'до 30.09.2023'; no article date, only 'Последна актуализация' "
     "-> published null; sidebar news with dates (one about an application); IBAN footer; cookie banner",
     [P("Реконструкция на водопроводна мрежа в с. Тешово", H, contracts=["01/07/2/0/00412"],
        programme="RDP", beneficiary=HB, total=1956340.22, grant=1630283.52, currency="BGN",
        start="2020-05-14", end="2023-06-30"),
      P("Енергийно обновяване на административната сграда на Община Хаджидимово", H,
        contracts=["BG-RRP-4.024-0512-C01"], programme="NRRP", beneficiary=HB,
        total=894118.40, grant=894118.40, currency="BGN", end="2026-03-31"),
      P("Грижа в дома в община Хаджидимово", H, contracts=["BG05SFPR002-2.001-0178-C01"],
        programme="PHRD", beneficiary=HB, total=604812.00, grant=604812.00, currency="BGN", months=24),
      P("Ремонт на сградата на НЧ „Просвета – 1928“ – с. Копривлен", H, contracts=["М02-24-018"],
        programme="OTHER", beneficiary=HB, total=248600.00, currency="BGN"),
      P("Зелен двор за всички", H, contracts=["1417"], programme="OTHER",
        beneficiary="ОУ „Св. Климент Охридски“ – с. Абланица", total=9980.00, currency="BGN",
        end="2023-09-30")])

# ---------------------------------------------------------------------------------------------
page("A05", "https://www.mineralnibani.bg/proekti/prchr-2021-2027/ranno-detsko-razvitie", "utf-8",
     "custom-php", "news-same-contract",
     COMMON + "a project page with three dated news items about ONE contract, newest first ([29.01.2025] "
     "closing conference, [05.06.2024] start of services, [18.01.2024] signing) -> one record, published = "
     "the latest item (2025-01-29), not the header date 'Сряда, 5 Февруари 2025'; the project data are in "
     "the oldest item at the bottom ('Обща стойност на проекта:' with an NBSP, 'Безвъзмездна финансова "
     "помощ: … от които … европейско и … национално' -> the БФП amount is the grant, the parts are not "
     "added; 'Период на изпълнение: 01.02.2024 г. – 31.01.2025 г. (12 месеца)'); 'Цел на проекта:' label -> "
     "one objective; numbered activities with ';'; results merged oldest first: the 4 '•' expected results, "
     "then the achieved '-' results of the 2025 item that are new (3; the room and the 12 parent groups are "
     "duplicates by key) -> 7; 'Целеви групи' not copied; the publicity firm named in the middle item is a "
     "contractor; the footer's project number (prefix of the contract) is not listed; phone numbers",
     [P("Услуги за ранно детско развитие в община Минерални бани", "Минерални бани",
        contracts=["BG05SFPR002-2.003-0061-C01"], procedures=["BG05SFPR002-2.003"], programme="PHRD",
        beneficiary="Община Минерални бани", total=386412.60, grant=386412.60, currency="BGN",
        start="2024-02-01", end="2025-01-31", months=12,
        objectives=["Подобряване на достъпа до услуги за ранно детско развитие за деца от 0 до 7 години и "
                    "техните семейства в община Минерални бани, с акцент върху децата от уязвими групи."],
        activities=["Организация и управление на проекта",
                    "Създаване и оборудване на Стая за ранно детско развитие",
                    "Предоставяне на услуги за ранна стимулация, логопедична и психологическа подкрепа",
                    "Работа с родителите и семействата – родителски групи и консултации",
                    "Информация и комуникация."],
        results=["създадена и оборудвана Стая за ранно детско развитие в гр. Минерални бани",
                 "най-малко 120 деца от 0 до 7 години, включени в услугите",
                 "най-малко 80 родители, получили подкрепа",
                 "проведени 12 родителски групи.",
                 "обхванати 142 деца от 0 до 7 години и 118 родители",
                 "проведени 96 групови занимания по ранна стимулация и 48 индивидуални консултации с "
                 "логопед и психолог",
                 "отпечатани 500 информационни брошури и 2 публикации в регионални медии."],
        contractors=["Медиа Про Консулт ЕООД"],
        published="2025-01-29")])

# ---------------------------------------------------------------------------------------------
T = "Тунджа"
TB = "Община „Тунджа“"
page("A06", "https://www.tundzha.net/proekti/prsr-2014-2020", "utf-8", "drupal7", "listing",
     COMMON + "a Drupal page listing projects as sections whose fields are flattened to a label line "
     "followed by a value line ('Договор №' / '…', 'Обща стойност' / '…') -> 3 records; the municipality's "
     "official name carries quotes ('Община „Тунджа“', municipality 'Тунджа'); two ISUN contract numbers "
     "with procedure codes ('BG06RDNP001-7.007 – Подмярка 7.2 …') and one older ДФЗ number with only "
     "'Подмярка 7.2' (no code); section 2 prints the total with and without VAT (-> with VAT) and a БФП equal "
     "to the amount without VAT, and '36 месеца' as its only period; section 3 has 'до 15.12.2024 г.' (end "
     "only) and no contractor; a fourth block under 'Подадени проектни предложения (в процес на оценка)' is "
     "an application with a requested БФП -> no record; no article date ('Последна актуализация') -> "
     "published null; the site is the municipality's but the beneficiary is read from each section",
     [P("Реконструкция на улична мрежа в с. Ботево", T, contracts=["BG06RDNP001-7.007-0028-C01"],
        procedures=["BG06RDNP001-7.007"], programme="RDP", beneficiary=TB,
        total=1542880.16, grant=1542880.16, currency="BGN", start="2021-08-02", end="2023-10-31",
        contractors=["Пътно строителство Кабиле ООД"]),
      P("Изграждане на детска площадка и зона за отдих в с. Веселиново", T, contracts=["28/07/2/0/00412"],
        programme="RDP", beneficiary=TB, total=486204.00, grant=405170.00, currency="BGN", months=36,
        contractors=["Паркстрой 2011 ЕООД"]),
      P("Консервация и реставрация на храм „Св. Архангел Михаил“ в с. Тенево", T,
        contracts=["BG06RDNP001-7.008-0011-C01"], procedures=["BG06RDNP001-7.008"], programme="RDP",
        beneficiary=TB, total=394116.88, grant=394116.88, currency="BGN", end="2024-12-15")])

# ---------------------------------------------------------------------------------------------
page("A07", "https://saparevabanya.bg/pages/pid/4412/Новини/Нови-съдове-за-разделно-събиране.html", "utf-8",
     "custom-php", "news-one-project",
     COMMON + "a news item whose body is only about handing out compost bins (1 450 bins, 60 containers, "
     "330 л, 1,1 куб. м, a phone number, a deadline 30.06.2023 г.); ALL the project's data are in the "
     "standard publicity paragraph near the end (name, 'Административен договор № BG16M1OP002-2.016-0009-C01', "
     "ОП „Околна среда 2014 – 2020 г.“, 'се изпълнява от Община Сапарева баня', total and БФП with NBSPs, "
     "'Срок на изпълнение: 24.02.2022 г. – 24.08.2023 г.'); the headline is not the title; the supply "
     "contract's value (218 400,00 лв. без ДДС) is not a budget figure, its firm is a contractor; logo alt "
     "texts as lines; 'Прегледи: 642'; header date 2025; sidebar with other project titles",
     [P("Изграждане на система за разделно събиране на биоразградими отпадъци в община Сапарева баня",
        "Сапарева баня", contracts=["BG16M1OP002-2.016-0009-C01"], programme="OPE14",
        beneficiary="Община Сапарева баня", total=1148624.35, grant=1148624.35, currency="BGN",
        start="2022-02-24", end="2023-08-24", contractors=["Еко Систем Трейд ООД"],
        published="2023-06-19")])

# ---------------------------------------------------------------------------------------------
page("A08", "https://ardino.bg/2025/09/22/zavarshi-energiynoto-obnovyavane-na-dg-nezabravka/", "utf-8",
     "wordpress", "news-one-project",
     COMMON + "completion news in the dual-currency period: every amount is printed in лв. with the euro "
     "conversion in brackets ('1 234 140,00 лв. (631 005,76 €) с ДДС, или 1 028 450,00 лв. (525 838,14 €) "
     "без ДДС') -> BGN, the total with VAT; БФП equals the amount without VAT; the contract date 04.04.2024 "
     "is also the printed start of 'изпълнен в периода 04.04.2024 г. – 15.09.2025 г.'; NRRP procedure code; "
     "the works contract (942 000,00 лв. без ДДС, 210 календарни дни) is neither budget nor duration; "
     "'изпълнени следните мерки за енергийна ефективност:' + '–' lines -> activities; 'Постигнати "
     "резултати:' + '•' lines -> results; works and supervision firms; WordPress byline 'Публикувано на "
     "22.09.2025 г. от Пресцентър'; the return date '1 октомври' is not a date of the project; comment "
     "form, post navigation, tags, 'Скорошни публикации' with a Красива България amount; IBAN footer",
     [P("Енергийно обновяване на сградата на ДГ „Незабравка“ – гр. Ардино", "Ардино",
        contracts=["BG-RRP-4.024-0388-C01"], procedures=["BG-RRP-4.024"], programme="NRRP",
        beneficiary="Община Ардино", total=1234140.00, grant=1028450.00, currency="BGN",
        start="2024-04-04", end="2025-09-15",
        activities=["топлоизолация на външните стени и покрива",
                    "подмяна на старата дограма с енергоспестяваща PVC дограма",
                    "изграждане на фотоволтаична система с мощност 30 kWp за собствени нужди",
                    "монтаж на термопомпа и подмяна на отоплителната инсталация",
                    "подмяна на осветлението с LED осветители."],
        results=["годишни спестявания на енергия от 312 450 kWh",
                 "намаляване на емисиите на CO2 с 96,4 т годишно",
                 "подобрени условия за 120 деца и 28 служители на детската градина."],
        contractors=["Родопи Строй Инвест ЕООД", "Арх Контрол ООД"],
        published="2025-09-22")])

# ---------------------------------------------------------------------------------------------
page("A09", "https://www.ugarchin.bg/index.php/novini/1745-obnovenoto-chitalishte-v-lesidren", "utf-8",
     "joomla3", "news-one-project",
     COMMON + "a community centre (читалище) holds the contract and the municipality is only a PARTNER "
     "('Община Угърчин е партньор по проекта'); a 4-column table flattened ONE CELL PER LINE: the four header "
     "cells (Бенефициент, Договор №, Обща стойност, БФП) come first, then the four value cells -> beneficiary "
     "'Народно читалище „Светлина – 1894“ – с. Лесидрен', contract 'BG06RDNP001-19.412-0007-C01 / 16.03.2023 "
     "г.' (date after '/' dropped), total and БФП 97 640,00 лв.; RDP through a LAG (МИГ) with the LAG "
     "procedure code; title with nested quotes ('…на НЧ „Светлина – 1894“ – с. Лесидрен'); 'в рамките на 10 "
     "месеца – от 16.03.2023 г. до 15.01.2024 г.'; 'Извършени дейности:' + en-dash lines; the contractor; the "
     "headline is not the title; Joomla 'Публикувано на 29 Януари 2024' vs the header 'Понеделник, 30 Юни "
     "2025'; Бабинден concert date and '150' are running text; sidebar with a ДФЗ number and a road code",
     [P("Ремонт, обновяване и оборудване на сградата на НЧ „Светлина – 1894“ – с. Лесидрен", "Угърчин",
        contracts=["BG06RDNP001-19.412-0007-C01"], procedures=["BG06RDNP001-19.412"], programme="RDP",
        beneficiary="Народно читалище „Светлина – 1894“ – с. Лесидрен",
        total=97640.00, grant=97640.00, currency="BGN", start="2023-03-16", end="2024-01-15", months=10,
        activities=["подмяна на покрива и водосточните тръби",
                    "топлоизолация на фасадата",
                    "подмяна на дограмата",
                    "ремонт на салона и сцената",
                    "доставка на 120 броя столове, озвучителна техника и мултимедия."],
        contractors=["Строй Комерс 2005 ЕООД"],
        published="2024-01-29")])

# ---------------------------------------------------------------------------------------------
page("A10", "https://www.valchedram.bg/proekti/interreg-rumaniya-balgariya/robg-476", "utf-8",
     "custom-bootstrap", "single-project",
     COMMON + "an Interreg V-A Romania–Bulgaria project page, amounts in EURO; the municipality is the lead "
     "partner ('Водещ партньор (бенефициент): Община Вълчедръм, България'), a Romanian commune the partner; "
     "project code ROBG-476 and subsidy contract '№ 95126/12.06.2019' -> both, date dropped; 'Общ бюджет на "
     "проекта' is the total; the ЕФРР amount is the grant (no БФП printed); national co-financing and own "
     "contribution are not added; 'Бюджет на Община Вълчедръм: 498 220,00 евро' is the partner's share, not "
     "the total; start, end and '24 месеца' on separate label lines; the programme's 'Приоритетна ос 2' and "
     "'Специфична цел 2.1: …' lines are the programme's, not the project's objectives; 'Обща цел:' paragraph "
     "+ numbered 'Специфични цели:' -> 3 objectives; '•' activities and results; 'Публикувано' vs "
     "'Последна промяна'; header date 12.01.2026; the 'Последни новини' box is glued into one line "
     "('…новиниНаграждаване…19.12.2025Коледни…'); another ROBG project in the sidebar",
     [P("Опазване и популяризиране на дунавските влажни зони Златия – Бистрец", "Вълчедръм",
        contracts=["ROBG-476", "95126"], programme="INTERREG", beneficiary="Община Вълчедръм",
        total=812406.50, grant=690545.53, currency="EUR", start="2019-06-12", end="2021-06-11", months=24,
        objectives=["Съвместно опазване и популяризиране на природното наследство на дунавските влажни зони "
                    "в трансграничния регион Вълчедръм – Бистрец чрез устойчиво използване на природните "
                    "ресурси за развитие на екотуризма.",
                    "Възстановяване на местообитанията във влажната зона край с. Златия.",
                    "Изграждане на туристическа инфраструктура за наблюдение на птици от двете страни на "
                    "р. Дунав."],
        activities=["Управление и координация на проекта",
                    "Почистване и възстановяване на 14 ха влажни зони край с. Златия и с. Долни Цибър",
                    "Изграждане на 2 наблюдателни кули за птици и 3,6 км екопътека",
                    "Съвместна маркетингова стратегия и туристически пакети",
                    "Информация и публичност."],
        results=["възстановени 14 ха влажни зони",
                 "изградени 2 наблюдателни кули и 3,6 км екопътека",
                 "издаден двуезичен пътеводител в 3 000 екземпляра",
                 "проведени 4 съвместни събития с 320 участници."],
        published="2021-07-14")])

# ---------------------------------------------------------------------------------------------
page("A11", "https://www.batak.bg/index.php/proekti/natsionalni-programi/energiyna-efektivnost-ulichno-osvetlenie",
     "utf-8", "joomla4", "single-project",
     COMMON + "a Joomla 4 project article whose fields are a label line followed by a value line; the "
     "heading is a short name, the title is the 'Наименование на проекта' value; a national fund (НДЕФ, "
     "Програма „Инвестиции в климата“) -> OTHER; 'Д-ИК-112/20.06.2022 г.' -> 'Д-ИК-112'; 'Безвъзмездно "
     "финансиране от НДЕФ 488 888,40 лв. (70 %)' is the grant, the own share is not; 'Срок на изпълнение 18 "
     "месеца, до 20.12.2023 г.' -> duration and end, no start; 'Цел на проекта' paragraph -> one objective; "
     "'Очаквани резултати' as three unmarked lines -> results; the 08.01.2024 update and 'Обновено' are not "
     "the published date ('Публикувано: 12 юли 2022'); the system put into service on 18.12.2023 is not a "
     "period date; 'Свързани статии' and 'Последни новини' sidebars; header date 2025",
     [P("Внедряване на мерки за енергийна ефективност в системата за външно изкуствено осветление на гр. "
        "Батак и с. Нова махала", "Батак",
        contracts=["Д-ИК-112"], programme="OTHER", beneficiary="Община Батак",
        total=698412.00, grant=488888.40, currency="BGN", end="2023-12-20", months=18,
        objectives=["Намаляване на потреблението на електроенергия и на емисиите на парникови газове от "
                    "уличното осветление чрез подмяна на старите осветители с енергоефективни LED "
                    "осветители и въвеждане на система за дистанционно управление."],
        results=["подмяна на 1 126 осветителни тела с LED осветители",
                 "годишна икономия на електроенергия от 412 600 kWh",
                 "намаляване на емисиите на парникови газове с 287 т CO2 еквивалент годишно."],
        contractors=["Лайт Систем Инженеринг ООД"],
        published="2022-07-12")])

# ---------------------------------------------------------------------------------------------
page("A12", "https://www.kaloyanovo.bg/bg/news/2019/10/press-saobshtenie-opdu", "utf-8", "custom-php",
     "news-one-project",
     COMMON + "a Word-pasted press release: double spaces ('Община  Калояново'), NBSPs inside amounts "
     "('148 624,20 лв.' written with NBSP) and after list markers ('1.' and '-' followed by NBSP runs), and "
     "manual line breaks with hyphenation inside the goal sentence ('капаци-' / 'тета', 'по-' / 'добро'); "
     "ОП „Добро управление“ with abbreviation ОПДУ; contract and procedure code; no БФП amount, so the "
     "European part (126 330,57) is the grant, the national part is not added; 'Продължителност на проекта: "
     "18 месеца (01.10.2019 г. – 31.03.2021 г.)'; the goal sentence + two '-' specific goals -> 3 objectives; "
     "numbered activities; the number of trainees (46) is running text; the date line '07 октомври 2019' "
     "above the heading is the published date, not 'Последна редакция: 21.10.2019' nor the header 'вторник, "
     "4 ноември 2025'; a flattened calendar widget (TAB-separated day numbers); an election date in 'Още "
     "новини'",
     [P("Ефективно управление и повишаване на капацитета на общинската администрация в Община Калояново",
        "Калояново", contracts=["BG05SFOP001-2.009-0087-C01"], procedures=["BG05SFOP001-2.009"],
        programme="OPGG", beneficiary="Община Калояново", total=148624.20, grant=126330.57,
        currency="BGN", start="2019-10-01", end="2021-03-31", months=18,
        objectives=["Основната цел на проекта е повишаване на капацитета на служителите от общинската "
                    "администрация на Община Калояново за ефективно и прозрачно управление и за по-добро "
                    "обслужване на гражданите и бизнеса.",
                    "Подобряване на професионалната квалификация на служителите чрез специализирани обучения",
                    "Въвеждане на ясни вътрешни правила и процедури за работа на администрацията."],
        activities=["Провеждане на специализирани обучения за служителите от общинската администрация",
                    "Разработване и въвеждане на вътрешни правила за административното обслужване",
                    "Организация и управление на проекта",
                    "Информация и комуникация."],
        published="2019-10-07")])

# ---------------------------------------------------------------------------------------------
page("A13", "https://www.breznik.bg/novini?page=4", "utf-8", "custom-php", "news-list-multi",
     COMMON + "page 4 of a news list: six teasers (title, date line, truncated snippet ending in '...', "
     "'Прочети още'); two teasers are about two different contracts -> two records, each dated by its own "
     "teaser: 'Стартира проект „Патронажна грижа …“' (OPHRD 2014-2020 named in full and as 'ОП РЧР', "
     "contract, 'Стойността на проекта е 187 440,00 лв.', 'продължителността – 12 месеца'; the headline "
     "quotes the title) and 'Подписан договор за реконструкция на водопровод в с. Красава' (the headline is "
     "not the title; ДФЗ number; the signing date 14.02.2020 is not the published date 17.02.2020 and not a "
     "start; 'на стойност 2 184 612,48 лв.' -> total); the other four (a postponed concert, a water cut, a "
     "tax deadline, a fuel procurement with an estimate) are not projects; the sidebar repeats two project "
     "titles (nothing); pager line",
     [P("Патронажна грижа за възрастни хора и лица с увреждания в община Брезник", "Брезник",
        contracts=["BG05M9OP001-6.002-0143-C01"], programme="OPHRD14", beneficiary="Община Брезник",
        total=187440.00, currency="BGN", months=12, published="2020-04-06"),
      P("Реконструкция на водопроводна мрежа в с. Красава", "Брезник",
        contracts=["14/07/2/0/00532"], programme="RDP", beneficiary="Община Брезник",
        total=2184612.48, currency="BGN", published="2020-02-17")])

# ---------------------------------------------------------------------------------------------
page("A14", "https://www.dolnidabnik.bg/profil-na-kupuvacha/2024/00634-2024-0007", "utf-8", "custom-php",
     "negative-procurement",
     COMMON + "a buyer-profile page of a design-and-build procurement: the subject names a school project, "
     "its NRRP grant contract 'BG-RRP-4.024-0715-C01 от 14.03.2024 г.' and procedure code, then the estimate "
     "(1 486 000,00 лв. без ДДС), 240 calendar days, deadlines, a 3 % guarantee and a TAB-separated document "
     "list whose last rows give the awarded works contract with a firm and its value -> no record "
     "(procurement documents give no record even when they quote the grant contract); ЕИК number",
     [])

# ---------------------------------------------------------------------------------------------
page("A15", "https://www.ivanovo.bg/obshtinski-savet/resheniya/reshenie-742", "utf-8", "drupal7",
     "negative-council-decision",
     COMMON + "a municipal council decision approving the co-financing of a project under contract: it "
     "quotes the project name, the ПРР grant contract BG16FFPR003-2.002-0168-C01 and procedure, the total "
     "1 846 220,40 лв., the БФП 1 753 909,38 лв., the own contribution and VAT, legal articles, protocol and "
     "report numbers, the vote -> no record (council decisions give no record); Drupal byline 'пет, "
     "03/01/2024 - 14:20'; attachments with sizes; 'Последни решения' sidebar",
     [])

# ---------------------------------------------------------------------------------------------
page("A16", "https://ihtiman.bg/?p=14876", "utf-8", "wordpress", "negative-job-ad",
     COMMON + "a job advertisement for staff of a running PHRD project ('Грижа в дома в община Ихтиман', "
     "contract BG05SFPR002-2.001-0203-C01, the municipality 'в качеството си на бенефициент'): positions "
     "and numbers of posts, a salary of 1 077 лв., contract terms to 31.12.2025, application dates, "
     "documents -> no record (a job ad is not a page about the project; it states none of its data beyond "
     "the name and number); WordPress byline and post navigation",
     [])

# ---------------------------------------------------------------------------------------------
page("A17", "https://www.varbitsa.bg/index.php/sabitiya/412-folkloren-festival-glasovete-na-balkana-2025",
     "utf-8", "joomla3", "negative-event",
     COMMON + "a folklore festival announcement: dates, a programme with times, 38 groups, 620 "
     "participants, a prize fund (6 000 / 1 000 / 500 лв.), the festival budget 18 500 лв. from the "
     "municipality and the Ministry of Culture's 'Културни събития' programme, and one sentence saying "
     "the stage was built in 2019 'по проект …, финансиран от Програмата за развитие на селските райони' "
     "with no name, number or amount -> no record (an event; a passing mention); sidebar with an ISUN "
     "contract number",
     [])

# ---------------------------------------------------------------------------------------------
page("A18", "https://dospat.bg/byudzhet-i-finansi/byudzhet-2025", "windows-1251", "custom-php",
     "negative-budget",
     COMMON + "windows-1251 bytes with no declaration; a draft budget for public discussion: totals, a "
     "TAB-separated capital programme whose rows name a ПРР grant contract, a ДФЗ contract, 'Грижа в дома' "
     "(own contribution), programme names and sums, an 'ОБЩО' row, a ФЛАГ loan repayment -> no record "
     "(a budget; its sums are the year's allocations, not project budgets)",
     [])

# ---------------------------------------------------------------------------------------------
page("A19", "https://maglizh.bg/category/novini/page/3/", "utf-8", "wordpress", "negative-news-list",
     COMMON + "a WordPress category archive with six teasers, none about a project: a council session, a "
     "water cut, an information meeting about applying to Програма „Красива България“ ('до 300 000 лв.'), "
     "a winter-maintenance procurement with an estimate, a kindergarten celebration, a vaccination "
     "campaign; the sidebar 'Проекти' lists project titles with a PRR contract number and an amount -> no "
     "record (sidebar lists of other projects give nothing)",
     [])

# ---------------------------------------------------------------------------------------------
page("A20", "https://aksakovo.bg/section-1912-content.html", "utf-8", "custom-php", "negative-application",
     COMMON + "news that the municipality SUBMITTED a project proposal (ПРР, procedure BG16FFPR003-1.003, "
     "registration number BG16FFPR003-1.003-0214, total 3 248 612,40 лв., requested БФП 3 086 181,78 лв., 30 "
     "months, a council decision with co-financing) that is still to be evaluated -> no record (an "
     "application is not a project under contract); kindergarten capacity figures; sidebar with an ISUN "
     "contract number",
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
