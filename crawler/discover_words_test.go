package crawler

import (
	"net/url"
	"testing"
)

func TestTextScore(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"Проекти", 6},
		{"Европейски проекти", 6},
		{"Оперативни програми", 6},
		{"ОПРР", 6},
		{"ПРСР 2014–2020", 6},
		{"Проекти по НПВУ", 6},
		{"Програма „Развитие на регионите“", 6},
		{"План за възстановяване и устойчивост", 6},
		{"Община Пещера подписа договор за безвъзмездна финансова помощ", 5},
		{"Новини", 0},
		{"Начало", 0},
		{"Решения на Общински съвет", -4},
		{"Обществени поръчки", -4},
		{"Обяви и съобщения", -3},
		{"Бюджет 2025", -4},
		{"Проектобюджет за 2026 г.", -4},                   // a draft budget, not a project
		{"Проект на наредба за местните такси", -4},        // a draft regulation
		{"Решение № 12 относно кандидатстване по ОПРР", 2}, // a decision that speaks of a programme
		{"Обществена поръчка по проект „Красива България“", 2},
		{"  ", 0},
		{"»", 0},
	}
	for _, tt := range tests {
		if got := textScore(tt.text); got != tt.want {
			t.Errorf("textScore(%q) = %d, want %d", tt.text, got, tt.want)
		}
	}
}

func TestURLScore(t *testing.T) {
	tests := []struct {
		url  string
		want int
	}{
		{"https://a.bg/proekti/", 3},
		{"https://a.bg/evroproekti/ulitsi-2024", 3},
		{"https://a.bg/bg/operativni-programi", 3},
		{"https://a.bg/index.php?option=com_content&view=category&id=57", 0},
		{"https://a.bg/obshtinski-savet/resheniya/reshenie-12", -3},
		{"https://a.bg/profil-na-kupuvacha/", -3},
		{"https://a.bg/novini/obshtina-podpisa-dogovor", 0}, // "obshtina" is not the council's "obs"
		{"https://a.bg/?p=123", 0},
		{"https://a.bg/%D0%BF%D1%80%D0%BE%D0%B5%D0%BA%D1%82%D0%B8/", 3}, // /проекти/ as a Cyrillic slug
		{"https://a.bg/kalendar/?month=2025-06", -3},
		{"https://a.bg/index.php?tmpl=component&print=1", -3},
	}
	for _, tt := range tests {
		u, _ := url.Parse(tt.url)
		if got := urlScore(u); got != tt.want {
			t.Errorf("urlScore(%s) = %d, want %d", tt.url, got, tt.want)
		}
	}
}

func TestIsPager(t *testing.T) {
	page, _ := url.Parse("https://a.bg/novini/?page=2")
	wp, _ := url.Parse("https://a.bg/?cat=5&paged=2")
	blog, _ := url.Parse("https://a.bg/novini/page/2/")
	tests := []struct {
		text, link string
		page       *url.URL
		want       bool
	}{
		{"3", "https://a.bg/novini/?page=3", page, true},
		{"Следваща »", "https://a.bg/novini/?page=3", page, true},
		{"»", "https://a.bg/x", page, true},
		{"", "https://a.bg/novini/?page=3", page, true}, // by its URL
		{"", "https://a.bg/?cat=5&paged=3", wp, true},   // WordPress
		{"", "https://a.bg/?cat=6&paged=3", wp, false},  // another category
		{"", "https://a.bg/novini/page/3/", blog, true}, // /page/N/
		{"Проект за улиците", "https://a.bg/novini/ulitsi", page, false},
		{"", "https://a.bg/?p=123", wp, false},          // a WordPress post
		{"2024", "https://a.bg/arhiv/2024", page, true}, // a number reads as a page
	}
	for _, tt := range tests {
		l, _ := url.Parse(tt.link)
		if got := isPager(tt.text, l, tt.page); got != tt.want {
			t.Errorf("isPager(%q, %s, %s) = %v, want %v", tt.text, tt.link, tt.page, got, tt.want)
		}
	}
}

func TestDirKey(t *testing.T) {
	tests := map[string]string{
		"https://a.bg/novini/2024/ulitsi":                                      "novini",
		"https://a.bg/bg/proekti/oprr":                                         "bg/proekti",
		"https://a.bg/bg/2213":                                                 "bg",
		"https://a.bg/page-123.html":                                           "",
		"https://a.bg/?p=123":                                                  "",
		"https://a.bg/?cat=5&paged=2":                                          "?cat=5",
		"https://a.bg/index.php?option=com_content&view=category&id=57":        "index.php?id=57&option=com_content&view=category",
		"https://a.bg/index.php?option=com_content&view=article&id=9&catid=20": "index.php?catid=20&option=com_content&view=article",
	}
	for raw, want := range tests {
		u, _ := url.Parse(raw)
		if got := dirKey(u); got != want {
			t.Errorf("dirKey(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestChromeOf(t *testing.T) {
	home := []string{"/", "/obshtina", "/novini", "/proekti", "/obyavi", "/novini/1", "/proekti/banner", "/admin", "ext"}
	listing := []string{"/", "/obshtina", "/novini", "/proekti", "/obyavi", "/proekti/a", "/proekti/banner", "/proekti/b", "/admin", "ext"}
	chrome := chromeOf(home, listing)
	for _, k := range []string{"/", "/obshtina", "/novini", "/proekti", "/obyavi", "/admin", "ext"} {
		if !chrome[k] {
			t.Errorf("%s is the menu or the footer, not found chrome", k)
		}
	}
	if chrome["/proekti/banner"] || chrome["/novini/1"] {
		t.Error("a project linked by the home page and by the listing is taken for chrome")
	}
}

func FuzzLinkScores(f *testing.F) {
	f.Add("Проекти и програми", "https://a.bg/proekti/?page=2", "https://a.bg/proekti/")
	f.Add("»", "/?cat=5&paged=3", "https://a.bg/?cat=5&paged=2")
	f.Add("\xff\xfe", "%zz", "::")
	f.Fuzz(func(t *testing.T, text, link, page string) {
		s := textScore(text)
		if s < -6 || s > 8 {
			t.Fatalf("textScore(%q) = %d out of range", text, s)
		}
		l, err := url.Parse(link)
		if err != nil {
			return
		}
		if u := urlScore(l); u < -4 || u > 4 {
			t.Fatalf("urlScore(%q) = %d out of range", link, u)
		}
		_ = dirKey(l)
		p, _ := url.Parse(page)
		_ = isPager(text, l, p)
	})
}
