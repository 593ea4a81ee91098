package extract

import (
	"strings"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// notAProjectPage recognises pages that carry project numbers without
// being about a project: procurement notices and council decisions.
func notAProjectPage(ls []block, pageTitle string) bool {
	// the title's parts ("Общински съвет - Белене :: Решение № 612",
	// "Обява за подбор на персонал | Община Бобошево") and the first heading
	head := strings.Join(titleParts(bgtext.Lower(strings.TrimSpace(pageTitle))), " | ")
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 {
			head += " | " + l.lc()
			break
		}
	}
	for _, w := range []string{"решение №", "решение n", "протокол №", "заповед №", "решения по протокол", "решения от заседание", "решения на общински съвет", "решения, приети"} {
		if strings.HasPrefix(head, w) || strings.Contains(head, "| "+w) {
			return true
		}
	}
	if councilAgenda(head) || budgetPage(head) || procurementHead(head) || jobHead(head) || consultationHead(head) || reportHead(head) || applicationsHead(head) {
		return true
	}
	found, call := map[string]bool{}, map[string]bool{}
	movers, decided := 0, false
	for _, l := range ls {
		lt := l.lc()
		if l.heading > 0 && decisionWord(lt) {
			return true // "Р Е Ш И:" over a council's decision
		}
		mover := false
		pageMarkers.Each(lt, func(p string) {
			switch p {
			case "общинският съвет реши", "общинския съвет реши":
				decided = true
			case "вносител:":
				mover = strings.HasPrefix(lt, p) || strings.Contains(lt, ". "+p)
			default:
				if callMarker[p] {
					call[p] = true
				} else {
					found[p] = true
				}
			}
		})
		if mover {
			movers++
		}
		if decided || movers >= 2 {
			return true // a council's decision, or the items of its agenda
		}
	}
	if postTitles(ls) >= 3 {
		// a list of posts: one post's procurement or call terms say
		// nothing of the others (each post is judged as an item)
		return false
	}
	return len(found) >= 3 || len(call) >= 3
}

// postTitles counts the article titles of a page (a blog's or a news
// list's posts).
func postTitles(ls []block) int {
	n := 0
	for i, l := range ls {
		if l.title && (i == 0 || !ls[i-1].title) {
			n++
		}
	}
	return n
}

// pageMarkers are the phrases notAProjectPage counts: procurement and
// call terms, a council's decision, an agenda item's mover.
var pageMarkers = bgtext.NewPhraseSet(append(append([]string{"общинският съвет реши", "общинския съвет реши", "вносител:"},
	bgtext.ProcurementMarkers...), bgtext.CallMarkers...))

// callMarker tells a call's terms from procurement's.
var callMarker = func() map[string]bool {
	m := map[string]bool{}
	for _, p := range bgtext.CallMarkers {
		m[p] = true
	}
	return m
}()

// decisionWord: a line that is the council's "РЕШИ:" alone, its letters
// spaced out or not ("Р Е Ш И:").
func decisionWord(lt string) bool {
	if len(lt) > 40 {
		return false
	}
	k := strings.TrimRight(strings.ReplaceAll(strings.TrimSpace(lt), " ", ""), ":.")
	return k == "реши" || k == "решение"
}

// titleSeps separate a page title's parts: the site's name and the page's.
var titleSeps = []string{" :: ", " | ", " - ", " – ", " — ", " » ", " / "}

// titleParts splits a page title at its separators.
func titleParts(t string) []string {
	parts := []string{t}
	for _, sep := range titleSeps {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// jobHead: the page or its first heading announces a job or the selection
// of staff ("Обява за подбор на персонал", "Конкурс за длъжността …"),
// whatever project pays for it: like a procurement notice, it buys work
// for a project and is not about the project.
func jobHead(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		for _, w := range []string{"обява за подбор", "подбор на персонал", "обявява подбор", "обява за работа", "обява за свободн",
			"свободна работна", "свободни работни", "конкурс за длъжност", "обява за длъжност", "обява за конкурс", "подбор на кандидати", "подбор на експерт"} {
			if strings.HasPrefix(part, w) {
				return true
			}
		}
	}
	return false
}

// consultationHead: the page or its first heading is a public
// consultation ("Обществени обсъждания", "Съобщение за обществено
// обсъждане на проектно предложение"): a project being prepared, not one
// that runs.
func consultationHead(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		part = strings.TrimPrefix(strings.TrimPrefix(part, "съобщение за "), "покана за ")
		if strings.HasPrefix(part, "обществени обсъждания") || strings.HasPrefix(part, "обществено обсъждане") ||
			strings.HasPrefix(part, "публично обсъждане на проект") {
			return true
		}
	}
	return false
}

// councilAgenda: the page or its first heading announces a session of the
// municipal council or its draft decisions ("Дневен ред на заседание …",
// "Покана за заседание", "Проекти на решения"). Such a page names projects
// the council is asked to approve; it is not about any of them.
func councilAgenda(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		for _, w := range []string{"дневен ред", "покана за", "проекти на решения", "проект на решение", "заседание на общински", "сесия на общински"} {
			if strings.HasPrefix(part, w) {
				return bgtext.ContainsAny(part, bgtext.CouncilWords...)
			}
		}
		if strings.HasPrefix(strings.TrimLeft(part, "ivxlc0123456789. "), "заседание на общински съвет") {
			return true // "XIV заседание на Общински съвет …"
		}
	}
	return false
}

// procurementHead: the page or its first heading announces a purchase
// ("Обява за събиране на оферти", "Публична покана", "Открита процедура за
// …", "Обществена поръчка с предмет …"), whatever project it serves.
func procurementHead(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		for _, w := range []string{"обществена поръчка", "публична покана", "събиране на оферти", "открита процедура",
			"пазарни консултации", "покана за представяне на оферт", "обява за събиране", "обява за обществена", "профил на купувача"} {
			if strings.HasPrefix(part, w) {
				return true
			}
		}
	}
	return false
}

// budgetPage: the page or its first heading is the municipality's budget
// or a report on it ("Отчет за изпълнението на бюджета за 2022 г.",
// "Проект на бюджет 2024", "Бюджет 2023"), whose project lines are budget
// items, not projects.
func budgetPage(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		if strings.Contains(part, "бюджет на проект") || strings.Contains(part, "бюджета на проект") {
			continue
		}
		for _, w := range []string{"бюджет", "проектобюджет", "проект на бюджет", "отчет за изпълнение", "годишен отчет", "публично обсъждане", "разчет"} {
			// one word must end there ("Бюджетна линия …" is a project's)
			if strings.HasPrefix(part, w) && (strings.Contains(w, " ") || part == w || strings.HasPrefix(part, w+" ")) && strings.Contains(part, "бюджет") {
				return true
			}
		}
	}
	return false
}

// reportHead: the page or its first heading is the report of an office
// ("Отчет за дейността на общинската администрация за 2024 г.", "Отчет за
// дейността на кмета"): it counts and sums the municipality's projects
// without being about one. A project's own report ("Отчет за дейността по
// проект …") is not one of them.
func reportHead(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		if strings.HasPrefix(part, "отчет за дейност") && !strings.Contains(part, "проект") {
			return true
		}
	}
	return false
}

// applicationsHead: the page or its first heading lists proposals that
// are not projects yet ("Проекти в процес на кандидатстване", "Подадени
// проектни предложения", "Проектни предложения в процес на оценка").
func applicationsHead(head string) bool {
	for _, part := range strings.Split(head, " | ") {
		part = strings.TrimSpace(part)
		if strings.Contains(part, "процес на кандидатстване") || strings.HasPrefix(part, "подадени проект") ||
			strings.HasPrefix(part, "проектни предложения") || strings.HasPrefix(part, "кандидатстващи проекти") ||
			strings.HasPrefix(part, "проекти в процес на оценка") || strings.HasPrefix(part, "проекти на етап кандидатстване") {
			return true
		}
	}
	return false
}

// applicationOnly: the item is a proposal, not a project: its status says
// it awaits evaluation or a contract ("в процес на оценка", "одобрено –
// предстои сключване на договор"), or it tells of applying ("Община Х
// подаде проектно предложение …", "Исканата безвъзмездна помощ е …") and
// names no contract, and no start of work. A proposal that became a
// contract on the same page was folded into it before.
func applicationOnly(d draft) bool {
	if d.period.start != "" {
		return false
	}
	anyLine := func(words []string) bool {
		for _, l := range d.lines {
			if bgtext.ContainsAny(l.lc(), words...) {
				return true
			}
		}
		return false
	}
	for _, l := range d.lines {
		// work under way on this project: "стартира изпълнението на
		// проекта", "подписа договор" — not a side teaser's "Приключи
		// ремонтът на ул. …"
		if lt := l.lc(); bgtext.ContainsAny(lt, bgtext.SignedWords...) && bgtext.ContainsAny(lt, "проект", "договор") {
			return false
		}
	}
	if anyLine(bgtext.PendingWords) {
		for _, c := range d.rec.ContractNumbers {
			if annexRe.MatchString(c) || bgtext.ProcedureOf(c) == "" {
				return false // a contract's number: it was signed
			}
		}
		return true
	}
	return len(d.rec.ContractNumbers) == 0 && anyLine(bgtext.ApplyingWords)
}
