package crawler

import (
	"bytes"
	"mime"
	"net/http"
	"strings"

	"golang.org/x/net/html"
)

// isHTML reports whether a response is an HTML page: by its Content-Type,
// or, when that is missing or generic, by sniffing the body.
func isHTML(contentType string, body []byte) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || mt == "" || mt == "application/octet-stream" || mt == "text/plain" {
		mt, _, _ = mime.ParseMediaType(http.DetectContentType(body))
	}
	return mt == "text/html" || mt == "application/xhtml+xml"
}

// errorPageMarkers are phrases of web firewalls and CDNs that answer 200
// OK with a block page instead of the content.
var errorPageMarkers = []string{
	"the requested url was rejected",
	"request rejected",
	"access denied",
	"attention required! | cloudflare",
	"checking your browser before accessing",
	"web application firewall",
	"your support id is",
	"403 forbidden",
	"404 not found",
	"503 service unavailable",
}

// errorPage says why a 200 page is really an error page ("" when it is
// not): a firewall's block page, or a page with almost no visible text.
// text is the page decoded to UTF-8.
func errorPage(text []byte, minText int) string {
	visible, title := visibleText(text, 4096)
	lt := strings.ToLower(title)
	lv := strings.ToLower(visible)
	for _, m := range errorPageMarkers {
		if strings.Contains(lt, m) || (len([]rune(visible)) < 600 && strings.Contains(lv, m)) {
			return "error_page"
		}
	}
	if len([]rune(strings.TrimSpace(visible))) < minText {
		return "empty_page"
	}
	return ""
}

// visibleText returns up to max bytes of the page's visible text (scripts
// and styles left out) and its title.
func visibleText(page []byte, max int) (string, string) {
	z := html.NewTokenizer(bytes.NewReader(page))
	var b, title strings.Builder
	skip, inTitle := 0, false
	for b.Len() < max {
		switch z.Next() {
		case html.ErrorToken:
			return b.String(), title.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "noscript", "template":
				skip++
			case "title":
				inTitle = true
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "noscript", "template":
				if skip > 0 {
					skip--
				}
			case "title":
				inTitle = false
			}
		case html.TextToken:
			t := strings.TrimSpace(string(z.Text()))
			if t == "" {
				continue
			}
			if inTitle {
				title.WriteString(t)
				continue
			}
			if skip == 0 {
				b.WriteString(t)
				b.WriteByte(' ')
			}
		}
	}
	return b.String(), title.String()
}
