package api

// The strings of the coverage part of the about page: which
// municipalities' websites the crawl reaches and how they fared.
func init() {
	for k, v := range coverageBG {
		stringsBG[k] = v
	}
	for k, v := range coverageEN {
		stringsEN[k] = v
	}
}

var coverageBG = map[string]string{
	"about.coverage":                   "Покритие",
	"about.coverage.text":              "В списъка на обхождането са %d общини, всяка с началната страница на сайта си; обхождането само намира разделите с проекти. При последното обхождане на всеки сайт:",
	"about.coverage.caption":           "Общините и техните сайтове",
	"coverage.municipality":            "Община",
	"coverage.province":                "Област",
	"coverage.site":                    "Сайт",
	"coverage.status":                  "Състояние",
	"coverage.crawled":                 "Последно обхождане",
	"coverage.projects":                "Проекти",
	"coverage.never":                   "—",
	"site.ok":                          "работи, има проекти",
	"site.no_projects":                 "не са намерени проекти",
	"site.unreachable":                 "недостъпен",
	"site.blocked_by_robots":           "robots.txt забранява обхождането",
	"site.moved":                       "преместен на %s",
	"site.not_crawled":                 "още не е обходен",
	"coverage.count.ok":                "%d работят и имат проекти",
	"coverage.count.no_projects":       "%d без намерени проекти",
	"coverage.count.unreachable":       "%d недостъпни",
	"coverage.count.blocked_by_robots": "%d забраняват обхождането в robots.txt",
	"coverage.count.moved":             "%d преместени на друг адрес",
	"coverage.count.not_crawled":       "%d още не са обходени",
}

var coverageEN = map[string]string{
	"about.coverage":                   "Coverage",
	"about.coverage.text":              "The crawl lists %d municipalities, each by its website's home page; the crawl finds the project sections by itself. At each site's last crawl:",
	"about.coverage.caption":           "The municipalities and their websites",
	"coverage.municipality":            "Municipality",
	"coverage.province":                "Province",
	"coverage.site":                    "Website",
	"coverage.status":                  "Status",
	"coverage.crawled":                 "Last crawled",
	"coverage.projects":                "Projects",
	"coverage.never":                   "—",
	"site.ok":                          "works, has projects",
	"site.no_projects":                 "no projects found",
	"site.unreachable":                 "unreachable",
	"site.blocked_by_robots":           "robots.txt forbids crawling",
	"site.moved":                       "moved to %s",
	"site.not_crawled":                 "not crawled yet",
	"coverage.count.ok":                "%d work and have projects",
	"coverage.count.no_projects":       "%d with no projects found",
	"coverage.count.unreachable":       "%d unreachable",
	"coverage.count.blocked_by_robots": "%d forbid crawling in robots.txt",
	"coverage.count.moved":             "%d moved to another address",
	"coverage.count.not_crawled":       "%d not crawled yet",
}
