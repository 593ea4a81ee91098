package crawler

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageLinks is what the crawler reads from a page to go on: its links, its
// <base href>, <link rel=canonical> and a <meta http-equiv=refresh> target;
// and, to tell an error page, its title and the start of its visible text.
type pageLinks struct {
	Links     []rawLink
	Base      string
	Canonical string
	Refresh   string
	Title     string // at most maxTitle bytes
	Visible   string // the visible text (no scripts, styles, title), about maxVisible bytes
}

// rawLink is one href as written in the page, with its text.
type rawLink struct {
	Href string
	Text string
}

// Bounds on what one page may contribute, so that a hostile or broken page
// (a million links, a link with a megabyte of text) costs bounded memory.
const (
	maxLinksPerPage = 5000
	maxLinkText     = 300
	maxTitle        = 1024
	maxVisible      = 4096
)

// parseLinks tokenizes a UTF-8 HTML page (without building a tree) and
// collects a/area hrefs with their text, frame/iframe sources, the base,
// the canonical link, a meta refresh target, the title and the visible text
// up to maxVisible bytes: one pass over the page for everything the crawler
// reads from it.
func parseLinks(body []byte) pageLinks {
	var pl pageLinks
	z := html.NewTokenizer(bytes.NewReader(body))
	z.SetMaxBuf(0)
	inA := -1 // index in pl.Links of the open <a>, -1 when none
	var text, title, visible strings.Builder
	hidden, inTitle := 0, false // open script/style/… elements; inside <title>
	closeA := func() {
		if inA >= 0 {
			t := strings.ToValidUTF8(text.String(), "") // the cap may cut a character
			pl.Links[inA].Text = strings.Join(strings.Fields(t), " ")
		}
		inA = -1
		text.Reset()
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			closeA()
			pl.Title = strings.ToValidUTF8(title.String(), "")
			pl.Visible = strings.ToValidUTF8(visible.String(), "")
			return pl
		case html.TextToken:
			room := maxLinkText - text.Len()
			wantA := inA >= 0 && room > 0
			wantTitle := inTitle && title.Len() < maxTitle
			wantVisible := !inTitle && hidden == 0 && visible.Len() < maxVisible
			if !wantA && !wantTitle && !wantVisible {
				continue
			}
			t := z.Text()
			if wantA {
				text.Write(t[:min(len(t), room)])
			}
			if t = bytes.TrimSpace(t); len(t) == 0 {
				continue
			}
			switch {
			case wantTitle:
				title.Write(t[:min(len(t), maxTitle-title.Len())])
			case wantVisible:
				visible.Write(t[:min(len(t), maxVisible-visible.Len())])
				visible.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch atom.Lookup(name) {
			case atom.A, atom.Area:
				closeA()
			case atom.Script, atom.Style, atom.Noscript, atom.Template:
				hidden = max(hidden-1, 0)
			case atom.Title:
				inTitle = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			if tt == html.StartTagToken {
				switch a {
				case atom.Script, atom.Style, atom.Noscript, atom.Template:
					hidden++
				case atom.Title:
					inTitle = true
				}
			}
			if !hasAttr {
				continue
			}
			attrs := readAttrs(z)
			switch a {
			case atom.A, atom.Area:
				closeA()
				if href := attrs["href"]; href != "" && len(pl.Links) < maxLinksPerPage {
					pl.Links = append(pl.Links, rawLink{Href: href})
					if a == atom.A && tt == html.StartTagToken {
						inA = len(pl.Links) - 1
					}
				}
			case atom.Frame, atom.Iframe:
				if src := attrs["src"]; src != "" && len(pl.Links) < maxLinksPerPage {
					pl.Links = append(pl.Links, rawLink{Href: src})
				}
			case atom.Base:
				if pl.Base == "" {
					pl.Base = attrs["href"]
				}
			case atom.Link:
				if hasToken(attrs["rel"], "canonical") && pl.Canonical == "" {
					pl.Canonical = attrs["href"]
				}
			case atom.Meta:
				if strings.EqualFold(attrs["http-equiv"], "refresh") && pl.Refresh == "" {
					pl.Refresh = refreshTarget(attrs["content"])
				}
			}
		}
	}
}

// readAttrs returns the tag's attributes (first value wins), lower-case keys.
func readAttrs(z *html.Tokenizer) map[string]string {
	m := make(map[string]string, 4)
	for {
		k, v, more := z.TagAttr()
		key := string(k)
		if _, seen := m[key]; !seen {
			m[key] = strings.TrimSpace(string(v))
		}
		if !more {
			return m
		}
	}
}

func hasToken(list, tok string) bool {
	for _, f := range strings.Fields(list) {
		if strings.EqualFold(f, tok) {
			return true
		}
	}
	return false
}

// refreshTarget reads the URL of `content="5; url=/next"`.
func refreshTarget(content string) string {
	_, rest, ok := strings.Cut(content, ";")
	if !ok {
		return ""
	}
	rest = strings.TrimSpace(rest)
	if len(rest) < 4 || !strings.EqualFold(rest[:3], "url") {
		return ""
	}
	rest = strings.TrimSpace(rest[3:])
	rest, ok = strings.CutPrefix(rest, "=")
	if !ok {
		return ""
	}
	return strings.Trim(strings.TrimSpace(rest), `'"`)
}
