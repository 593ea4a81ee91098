package crawler

import (
	"errors"
	"net/url"
	"path"
	"slices"
	"strings"
)

// trackingParams are query parameters that only tell a site's analytics
// where a click came from: they never select content, so two links that
// differ only in them are one page (the visited key leaves them out; the
// URL sent keeps them, as linked). Names are compared in lower case;
// utm_* too.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "msclkid": true, "yclid": true,
	"_ga": true, "_gl": true, "mc_cid": true, "mc_eid": true, "igshid": true,
}

// dropParams are, besides the tracking parameters, query parameters that
// name a session or a print/bare view of the same page: two URLs that
// differ only in them are the same page (for the visited set, not for the
// URL sent: a session may be what the server needs).
var dropParams = map[string]bool{
	"phpsessid": true, "sid": true, "jsessionid": true, "sessionid": true,
	"session_id": true, "cfid": true, "cftoken": true, "print": true,
	"ref_src": true, "share": true,
}

func isTracking(name string) bool {
	n := strings.ToLower(name)
	return trackingParams[n] || strings.HasPrefix(n, "utm_")
}

// dropParamValues are parameters dropped only with these values.
var dropParamValues = map[string]string{
	"tmpl":   "component",
	"format": "print",
	"output": "print",
}

func dropParam(name, value string) bool {
	n := strings.ToLower(name)
	if isTracking(n) || dropParams[n] || strings.HasPrefix(n, "aspsessionid") {
		return true
	}
	v, ok := dropParamValues[n]
	return ok && strings.EqualFold(v, value)
}

var errNotWeb = errors.New("not an http(s) URL")

// RequestURL resolves ref against base (nil for an absolute ref) into the
// URL the crawler sends: exactly as the page links it (or a redirect
// names it), with only the fragment and any user:password left out; the
// query keeps its parameters (tracking ones too), their order and their
// encoding, since servers such as Lotus Domino, ASP.NET and some CMS
// routers answer only the URL they link. Canonicalize gives the key under
// which the page is visited once (session and tracking parameters dropped,
// the query sorted); it is never sent.
func RequestURL(base *url.URL, ref string) (*url.URL, error) {
	u, err := url.Parse(escapeUnsafe(strings.TrimSpace(ref)))
	if err != nil {
		return nil, err
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Hostname() == "" {
		return nil, errNotWeb
	}
	u.User = nil
	u.Host = strings.ToLower(u.Host) // host names know no case; paths and queries do
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

// Canonicalize resolves ref against base (nil for an absolute ref) and
// returns the page's canonical URL: lower-case scheme and host, no default
// port, no fragment, dot segments resolved, percent-encoding normalized
// (upper-case hex, unreserved characters decoded, unsafe bytes encoded),
// session and tracking parameters dropped, and the query's parameters
// sorted. The original encoding of each parameter is kept (a "," stays a
// ","), since picky servers read their own query strings.
func Canonicalize(base *url.URL, ref string) (*url.URL, error) {
	ref = strings.TrimSpace(ref)
	u, err := url.Parse(escapeUnsafe(ref))
	if err != nil {
		return nil, err
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, errNotWeb
	}
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	host := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return nil, errNotWeb
	}
	if p := u.Port(); p != "" && p != defaultPort(u.Scheme) {
		if strings.Contains(host, ":") {
			host = "[" + host + "]"
		}
		host += ":" + p
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	u.Host = host
	p := normalizeEscapes(u.EscapedPath(), false)
	p = dropPathSession(p)
	if p == "" {
		p = "/"
	}
	if strings.Contains(p, "/.") {
		trailing := strings.HasSuffix(p, "/")
		p = path.Clean(p)
		if trailing && p != "/" {
			p += "/"
		}
	}
	if dec, err := url.PathUnescape(p); err == nil {
		u.Path, u.RawPath = dec, p
		if u.EscapedPath() != p {
			u.RawPath = p
		}
	}
	u.RawQuery = canonicalQuery(u.RawQuery)
	u.ForceQuery = false
	// What comes out must read back the same (a host such as "[:]" does not).
	if _, err := url.Parse(u.String()); err != nil {
		return nil, err
	}
	return u, nil
}

// canonicalQuery drops empty, session and tracking parameters and sorts the rest.
func canonicalQuery(q string) string {
	if q == "" {
		return ""
	}
	parts := strings.FieldsFunc(q, func(r rune) bool { return r == '&' })
	kept := parts[:0]
	for _, p := range parts {
		p = normalizeEscapes(p, true)
		if p == "" || p == "=" {
			continue
		}
		name, value, _ := strings.Cut(p, "=")
		dn, _ := url.QueryUnescape(name)
		dv, _ := url.QueryUnescape(value)
		if dropParam(dn, dv) {
			continue
		}
		kept = append(kept, p)
	}
	slices.SortStableFunc(kept, func(a, b string) int {
		an, _, _ := strings.Cut(a, "=")
		bn, _, _ := strings.Cut(b, "=")
		return strings.Compare(an, bn)
	})
	return strings.Join(kept, "&")
}

// dropPathSession removes ";jsessionid=…" style path parameters.
func dropPathSession(p string) string {
	i := strings.Index(strings.ToLower(p), ";jsessionid=")
	if i < 0 {
		return p
	}
	end := strings.IndexAny(p[i+1:], "/;")
	if end < 0 {
		return p[:i]
	}
	return p[:i] + p[i+1+end:]
}

const upperHex = "0123456789ABCDEF"

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case '0' <= c && c <= '9':
		return c - '0'
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

// normalizeEscapes upper-cases percent escapes, decodes escaped unreserved
// characters, escapes a "%" that starts no escape, and escapes bytes that
// may not appear raw in a URL (spaces, non-ASCII, quotes, brackets …). In
// a query, "+" is left alone (it means a space there).
func normalizeEscapes(s string, query bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(upperHex[v>>4])
				b.WriteByte(upperHex[v&15])
			}
			i += 2
		case c == '%':
			b.WriteString("%25")
		case c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 || (!query && c == '?'):
			b.WriteByte('%')
			b.WriteByte(upperHex[c>>4])
			b.WriteByte(upperHex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// escapeUnsafe percent-encodes the bytes url.Parse refuses (spaces, control
// characters) so that a sloppy href still resolves as a browser would.
func escapeUnsafe(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] == 0x7f {
			var b strings.Builder
			for j := 0; j < len(s); j++ {
				c := s[j]
				if c <= ' ' || c == 0x7f {
					b.WriteByte('%')
					b.WriteByte(upperHex[c>>4])
					b.WriteByte(upperHex[c&15])
					continue
				}
				b.WriteByte(c)
			}
			return b.String()
		}
	}
	return s
}

// siteHost is the host (with a non-default port) without "www.": the key
// under which the politeness gate and duplicate checks treat a host.
func siteHost(u *url.URL) string {
	h := strings.ToLower(u.Host)
	if p := u.Port(); p != "" && p == defaultPort(u.Scheme) {
		h = strings.TrimSuffix(h, ":"+p)
	}
	return stripWWW(h)
}

// dedupKey is the canonical URL without scheme and "www.": http and https,
// www. and bare forms of one page share it.
func dedupKey(u *url.URL) string {
	s := u.String()
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	return strings.TrimPrefix(s, "www.")
}

// wwwVariant returns the URL with "www." added or removed.
func wwwVariant(u *url.URL) string {
	v := *u
	if strings.HasPrefix(v.Host, "www.") {
		v.Host = strings.TrimPrefix(v.Host, "www.")
	} else {
		v.Host = "www." + v.Host
	}
	return v.String()
}

// skipExtensions are file types the crawler never fetches as pages:
// documents (kept on records as attachments), media, archives, code.
var skipExtensions = map[string]bool{
	".pdf": true, ".doc": true, ".docx": true, ".xls": true, ".xlsx": true, ".odt": true,
	".ods": true, ".odp": true, ".ppt": true, ".pptx": true, ".rtf": true, ".p7s": true,
	".zip": true, ".rar": true, ".7z": true, ".gz": true, ".tar": true, ".csv": true,
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".bmp": true, ".tif": true,
	".tiff": true, ".svg": true, ".webp": true, ".ico": true, ".mp3": true, ".mp4": true,
	".avi": true, ".wmv": true, ".mov": true, ".flv": true, ".webm": true, ".exe": true,
	".css": true, ".js": true, ".xml": true, ".json": true, ".txt": true, ".kml": true,
	".dwg": true, ".sig": true,
}

// isDocumentExt reports whether the URL's path names a file that is not a page.
func isDocumentExt(u *url.URL) bool {
	ext := strings.ToLower(path.Ext(u.Path))
	return skipExtensions[ext]
}
