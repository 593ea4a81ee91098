package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// The corpus is small and the extractor is measured on pages it has never
// seen. TestCorpusMutations rewrites every corpus page the way other sites
// and CMSs print the same facts — no class names, other list markup, other
// quote, date and amount styles, another charset with a lying declaration,
// synonyms — and requires the same bar: micro-F1 ≥ 0.95 and no wrong
// number. None of the rewrites changes what the truth files say.

var (
	classIDRe   = regexp.MustCompile(`\s(?:class|id)=(?:"[^"]*"|'[^']*'|[^\s>]+)`)
	listOpenRe  = regexp.MustCompile(`<(?:ul|ol)[^>]*>|</(?:ul|ol)>`)
	liRe        = regexp.MustCompile(`<li[^>]*>`)
	paraJoinRe  = regexp.MustCompile(`</p>\s*<p[^>]*>`)
	dottedDate  = regexp.MustCompile(`(^|[^\d/])(\d{1,2})\.(\d{1,2})\.(\d{4})`)
	spacedMoney = regexp.MustCompile(`(\d{1,3}(?: \d{3})+),(\d{2}) лв\.`)
	headingTag  = regexp.MustCompile(`<(/?)h[1-6]([^>]*)>`)
	charsetDecl = regexp.MustCompile(`charset=["']?[\w-]+`)
)

var monthsBG = []string{"януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври", "ноември", "декември"}

var synonyms = strings.NewReplacer(
	"Общата стойност на проекта е", "Бюджетът на проекта възлиза на",
	"Обща стойност на проекта", "Общ бюджет на проекта",
	"Стойността на проекта е", "Проектът е на обща стойност",
	"Срок за изпълнение", "Период на изпълнение",
	"Очаквани резултати", "Резултати от проекта",
	"Основни дейности", "Дейности по проекта",
	"Публикувано на", "Дата на публикация:",
	"Цел на проекта", "Основна цел",
	"Начална дата", "Дата на започване",
	"Крайна дата", "Дата на завършване",
)

// distractors are money, dates and a contract number that belong to no
// project field: a construction cost, a ticket price, a budget line, an
// offer deadline, a meeting, a contract with a firm.
const distractors = `<p>Строителството на обекта ще струва около 1 500 000 лв. Билетите за откриването са на цена 10 лв. ` +
	`Общината е осигурила 200 000 лв. от бюджета си за ремонт на улици. Срокът за подаване на оферти е 15.05.2019 г. ` +
	`Заседанието на комисията ще се проведе на 20.05.2019 г. Договорът с изпълнителя е № 45-ИП-2019 от 01.06.2019 г. на стойност 980 000 лв.</p>`

func TestCorpusMutations(t *testing.T) {
	cp1251 := func(s string) []byte {
		b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
		if err != nil {
			b = []byte(s)
		}
		return b
	}
	mutations := []struct {
		name   string
		mutate func(string) string
		enc    func(string) []byte
	}{
		{"no class or id attributes", func(s string) string { return classIDRe.ReplaceAllString(s, "") }, nil},
		{"lists as dash paragraphs", func(s string) string {
			s = listOpenRe.ReplaceAllString(s, "")
			return strings.ReplaceAll(liRe.ReplaceAllString(s, "<p>- "), "</li>", "</p>")
		}, nil},
		{"paragraphs as br lines", func(s string) string { return paraJoinRe.ReplaceAllString(s, "<br>") }, nil},
		{"straight quotes", func(s string) string {
			return strings.NewReplacer("„", `"`, "“", `"`, "”", `"`).Replace(s)
		}, nil},
		{"dates with month names", func(s string) string {
			return dottedDate.ReplaceAllStringFunc(s, func(m string) string {
				p := dottedDate.FindStringSubmatch(m)
				d, _ := strconv.Atoi(p[2])
				mo, _ := strconv.Atoi(p[3])
				if mo < 1 || mo > 12 {
					return m
				}
				return fmt.Sprintf("%s%d %s %s", p[1], d, monthsBG[mo-1], p[4])
			})
		}, nil},
		{"dot thousands and 'лева'", func(s string) string {
			s = spacedMoney.ReplaceAllStringFunc(s, func(m string) string {
				p := spacedMoney.FindStringSubmatch(m)
				return strings.ReplaceAll(p[1], " ", ".") + "," + p[2] + " лева"
			})
			return s
		}, nil},
		{"headings as bold paragraphs", func(s string) string {
			return headingTag.ReplaceAllStringFunc(s, func(m string) string {
				if strings.HasPrefix(m, "</") {
					return "</strong></p>"
				}
				return "<p><strong>"
			})
		}, nil},
		{"synonyms", synonyms.Replace, nil},
		{"distracting numbers after the first project paragraph", func(s string) string {
			i := strings.Index(strings.ToLower(s), "проект")
			if i < 0 {
				return s
			}
			j := strings.Index(s[i:], "</p>")
			if j < 0 {
				return s
			}
			return s[:i+j+4] + distractors + s[i+j+4:]
		}, nil},
		{"windows-1251 declared utf-8", func(s string) string { return charsetDecl.ReplaceAllString(s, "charset=utf-8") }, cp1251},
	}
	for _, m := range mutations {
		t.Run(m.name, func(t *testing.T) {
			enc := m.enc
			if enc == nil {
				enc = func(s string) []byte { return []byte(s) }
			}
			sc := scoreCorpus(t, corpusDir, func(page string) []byte { return enc(m.mutate(page)) })
			if sc.f1 < 0.95 || sc.wrong > 0 {
				sc.log(t)
				t.Errorf("micro-F1 %.3f, %d wrong numbers", sc.f1, sc.wrong)
			}
		})
	}
}
