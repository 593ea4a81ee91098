package demoweb

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// ServeHTTP serves robots.txt, the sitemap, the calendar and the pages.
func (t *Town) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	uri := r.URL.RequestURI()
	t.mu.Lock()
	t.hits[uri]++
	t.mu.Unlock()
	switch {
	case uri == "/robots.txt":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "User-agent: *\nDisallow: /admin/\n")
		if t.opts.Sitemap {
			fmt.Fprintf(w, "Sitemap: http://%s/sitemap.xml\n", r.Host)
		}
		return
	case uri == "/sitemap.xml" && t.opts.Sitemap:
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for _, u := range t.order {
			fmt.Fprintf(w, "<url><loc>http://%s%s</loc></url>", r.Host, esc(u))
		}
		fmt.Fprint(w, "</urlset>")
		return
	case strings.HasPrefix(uri, "/kalendar/?month="):
		t.serveCalendar(w, r, strings.TrimPrefix(uri, "/kalendar/?month="))
		return
	}
	p := t.pages[uri]
	if p == nil && t.opts.Lenient && !strings.HasPrefix(uri, "/admin/") {
		t.write(w, "Страница", "<h1>Страница</h1><p>Тази страница от сайта на общината не е част от демонстрацията: в нея са страниците с проекти и разделите около тях.</p>")
		return
	}
	if p == nil {
		http.NotFound(w, r)
		return
	}
	if p.raw != nil {
		ct := p.raw.ContentType
		if ct == "" {
			ct = "text/html; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		http.ServeContent(w, r, "", time.Date(2025, 6, 2, 8, 0, 0, 0, time.UTC), bytes.NewReader(p.raw.Body))
		return
	}
	t.write(w, p.title, p.content)
}

// serveCalendar serves a month of events with links to the months around
// it: a crawler that follows them never ends.
func (t *Town) serveCalendar(w http.ResponseWriter, r *http.Request, month string) {
	y, m := 0, 0
	if _, err := fmt.Sscanf(month, "%04d-%02d", &y, &m); err != nil || y < 1990 || y > 2100 || m < 1 || m > 12 {
		http.NotFound(w, r)
		return
	}
	prev, next := time.Date(y, time.Month(m)-1, 1, 0, 0, 0, 0, time.UTC), time.Date(y, time.Month(m)+1, 1, 0, 0, 0, 0, time.UTC)
	content := listHTML(fmt.Sprintf("Събития през %02d.%d", m, y), t.events) +
		fmt.Sprintf(`<p><a href="%s">‹ Предишен месец</a> <a href="%s">Следващ месец ›</a></p>`,
			esc(calendarURL(prev.Year(), int(prev.Month()))), esc(calendarURL(next.Year(), int(next.Month()))))
	t.write(w, "Календар на събитията", content)
}

// write sends a page in the site's chrome: the menu, the content, a
// footer linking the staff login (robots.txt forbids it) and another host.
func (t *Town) write(w http.ResponseWriter, title, content string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="bg"><head><meta charset="utf-8"><title>%s | Община %s</title></head><body><header><nav class="menu"><ul>`,
		esc(title), esc(t.Municipality))
	for _, l := range t.menu {
		fmt.Fprintf(&b, `<li><a href="%s">%s</a></li>`, esc(l.href), esc(l.text))
	}
	b.WriteString(`</ul></nav></header><main>`)
	b.WriteString(content)
	b.WriteString(`</main><footer><p>© Община ` + esc(t.Municipality) + `. <a href="/admin/">Вход за служители</a>`)
	if t.opts.External != "" {
		fmt.Fprintf(&b, ` · <a href="%s">Областна администрация</a>`, esc(t.opts.External))
	}
	b.WriteString(`</p></footer></body></html>`)
	_, _ = w.Write([]byte(b.String()))
}
