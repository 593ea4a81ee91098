package extract

import (
	"strings"

	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// notAProjectPage recognises pages that carry project numbers without
// being about a project: procurement notices and council decisions.
func notAProjectPage(ls []block, pageTitle string) bool {
	head := bgtext.Lower(strings.TrimSpace(pageTitle))
	for _, l := range ls {
		if l.heading > 0 && l.heading < 7 {
			head += " | " + l.lc()
			break
		}
	}
	for _, w := range []string{"решение №", "решение n", "протокол №", "заповед №"} {
		if strings.HasPrefix(head, w) || strings.Contains(head, "| "+w) {
			return true
		}
	}
	if councilAgenda(head) || budgetPage(head) || procurementHead(head) {
		return true
	}
	found := map[string]bool{}
	movers := 0
	for _, l := range ls {
		lt := l.lc()
		if strings.Contains(lt, "общинският съвет реши") || strings.Contains(lt, "общинския съвет реши") {
			return true
		}
		if strings.HasPrefix(lt, "вносител:") || strings.Contains(lt, ". вносител:") {
			if movers++; movers >= 2 {
				return true // the items of a council agenda
			}
		}
		for _, m := range bgtext.ProcurementMarkers {
			if strings.Contains(lt, m) {
				found[m] = true
			}
		}
	}
	return len(found) >= 3
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
