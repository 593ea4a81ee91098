package crawler

import (
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
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
	return parseLinks(text).errorPage(minText)
}

// errorPage is errorPage for a page already read by parseLinks.
func (pl pageLinks) errorPage(minText int) string {
	lt := strings.ToLower(pl.Title)
	n := utf8.RuneCountInString(pl.Visible)
	lv := ""
	if n < 600 { // a marker counts in the body of a short page only
		lv = strings.ToLower(pl.Visible)
	}
	for _, m := range errorPageMarkers {
		if strings.Contains(lt, m) || (lv != "" && strings.Contains(lv, m)) {
			return "error_page"
		}
	}
	if utf8.RuneCountInString(strings.TrimSpace(pl.Visible)) < minText {
		return "empty_page"
	}
	return ""
}
