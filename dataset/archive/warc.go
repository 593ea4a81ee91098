package archive

import (
	"bufio"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/opendata-bg/opendata/dataset"
)

// WARC: the archive as a WARC/1.1 file (ISO 28500), which standard
// web-archive tools (warcio, pywb, OpenWayback) index and replay. The file
// is a warcinfo record, then one record per archived page version: a
// response record with the HTTP status and the stored response headers
// (a resource record when the fetch kept neither), the body exactly as
// fetched, WARC-Target-URI (the URL that answered), WARC-Date (the fetch
// time) and WARC-Payload-Digest (sha256 of the body, the store's hash).
// Each record is its own gzip member, so a reader can seek to any one.

// WARCInfo is what the warcinfo record says about the file.
type WARCInfo struct {
	Filename    string // the file's name ("" when written to a stream)
	Software    string // "opendata"
	Description string
}

// WARCWriter writes a WARC file. Close flushes it; it does not close the
// underlying writer.
type WARCWriter struct {
	w      *bufio.Writer
	cw     *countWriter
	zw     *gzip.Writer
	m      gowarc.Marshaler
	infoID string
	n      int
}

// NewWARCWriter starts a WARC file on w with its warcinfo record.
func NewWARCWriter(w io.Writer, info WARCInfo) (*WARCWriter, error) {
	cw := &countWriter{w: w}
	ww := &WARCWriter{cw: cw, w: bufio.NewWriterSize(cw, 256<<10), m: gowarc.NewMarshaler()}
	ww.zw, _ = gzip.NewWriterLevel(nil, gzip.BestCompression)
	b := gowarc.NewRecordBuilder(gowarc.Warcinfo, recordOptions...)
	b.AddWarcHeaderTime(gowarc.WarcDate, time.Now())
	b.AddWarcHeader(gowarc.ContentType, "application/warc-fields")
	if info.Filename != "" {
		b.AddWarcHeader(gowarc.WarcFilename, info.Filename)
	}
	fields := [][2]string{{"software", info.Software}, {"format", "WARC File Format 1.1"},
		{"conformsTo", "http://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"},
		{"description", info.Description}}
	for _, f := range fields {
		if f[1] != "" {
			b.WriteString(f[0] + ": " + oneLine(f[1]) + "\r\n")
		}
	}
	rec, err := ww.build(b)
	if err != nil {
		return nil, fmt.Errorf("warcinfo: %w", err)
	}
	ww.infoID = rec.WarcHeader().Get(gowarc.WarcRecordID)
	if err := ww.write(rec); err != nil {
		return nil, err
	}
	return ww, nil
}

// recordOptions: digests are added where missing and checked where given
// (the payload digest is the store's hash), and any finding is an error.
var recordOptions = []gowarc.WarcRecordOption{
	gowarc.WithAddMissingDigest(true),
	gowarc.WithDefaultDigestAlgorithm("sha256"),
	gowarc.WithSpecViolationPolicy(gowarc.ErrFail),
	gowarc.WithSyntaxErrorPolicy(gowarc.ErrFail),
}

// WritePage writes one archived page version with its body as fetched.
func (ww *WARCWriter) WritePage(p dataset.Page, body []byte) error {
	target := p.FinalURL
	if target == "" {
		target = p.URL
	}
	kind := gowarc.Response
	if p.Status == 0 {
		kind = gowarc.Resource
	}
	b := gowarc.NewRecordBuilder(kind, recordOptions...)
	b.AddWarcHeader(gowarc.WarcTargetURI, target)
	b.AddWarcHeaderTime(gowarc.WarcDate, p.FetchedAt)
	b.AddWarcHeader(gowarc.WarcWarcinfoID, ww.infoID)
	if p.SHA256 != "" {
		b.AddWarcHeader(gowarc.WarcPayloadDigest, "sha256:"+p.SHA256)
	}
	if kind == gowarc.Response {
		b.AddWarcHeader(gowarc.ContentType, "application/http;msgtype=response")
		b.WriteString(httpHead(p, len(body)))
	} else {
		ct := http.Header(p.Header).Get("Content-Type")
		if ct == "" {
			ct = "application/octet-stream"
		}
		b.AddWarcHeader(gowarc.ContentType, oneLine(ct))
	}
	b.Write(body)
	rec, err := ww.build(b)
	if err != nil {
		return fmt.Errorf("warc record of %s at %s: %w", p.URL, p.FetchedAt.Format(time.RFC3339), err)
	}
	return ww.write(rec)
}

// dropHeaders are response headers that do not describe the stored body:
// it is kept decoded and whole, so its framing is Content-Length alone.
var dropHeaders = []string{"Content-Encoding", "Transfer-Encoding", "Content-Length", "Connection", "Keep-Alive"}

// httpHead is the response's status line and stored headers, in name order.
func httpHead(p dataset.Page, size int) string {
	var b strings.Builder
	text := http.StatusText(p.Status)
	if text == "" {
		text = "Status"
	}
	b.WriteString("HTTP/1.1 " + strconv.Itoa(p.Status) + " " + text + "\r\n")
	names := make([]string, 0, len(p.Header))
	for name := range p.Header {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if slices.ContainsFunc(dropHeaders, func(d string) bool { return strings.EqualFold(d, name) }) || !validName(name) {
			continue
		}
		for _, v := range p.Header[name] {
			b.WriteString(name + ": " + oneLine(v) + "\r\n")
		}
	}
	b.WriteString("Content-Length: " + strconv.Itoa(size) + "\r\n\r\n")
	return b.String()
}

// validName says whether s is an HTTP header name (an RFC 9110 token).
func validName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			return false
		}
	}
	return true
}

// oneLine keeps a header value on its line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\r' || r == '\n' || r == 0 {
			return ' '
		}
		return r
	}, s)
}

func (ww *WARCWriter) build(b gowarc.WarcRecordBuilder) (gowarc.WarcRecord, error) {
	rec, findings, err := b.Build()
	if err == nil && len(findings) > 0 {
		rec.Close()
		err = errors.Join(findings...)
	}
	return rec, err
}

// write marshals a record as its own gzip member.
func (ww *WARCWriter) write(rec gowarc.WarcRecord) error {
	defer rec.Close()
	ww.zw.Reset(ww.w)
	if _, _, err := ww.m.Marshal(ww.zw, rec, 0); err != nil {
		return fmt.Errorf("write warc record: %w", err)
	}
	if err := ww.zw.Close(); err != nil {
		return fmt.Errorf("write warc record: %w", err)
	}
	ww.n++
	return nil
}

// Records returns how many records were written, the warcinfo included.
func (ww *WARCWriter) Records() int { return ww.n }

// Close flushes the file and returns its size in bytes.
func (ww *WARCWriter) Close() (int64, error) {
	if err := ww.w.Flush(); err != nil {
		return ww.cw.n, fmt.Errorf("write warc: %w", err)
	}
	return ww.cw.n, nil
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// Archive is what WriteWARC reads from a store: every page version and the
// bodies by hash.
type Archive interface {
	EachPageVersion(fn func(dataset.Page) error) error
	BodyByHash(sha string) ([]byte, error)
}

// WriteWARC writes every version of every archived page to w as a WARC
// file and returns the records written (the warcinfo included) and the
// file's size. ctx is checked between records.
func WriteWARC(ctx context.Context, w io.Writer, a Archive, info WARCInfo) (records int, size int64, err error) {
	ww, err := NewWARCWriter(w, info)
	if err != nil {
		return 0, 0, err
	}
	err = a.EachPageVersion(func(p dataset.Page) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		body, err := a.BodyByHash(p.SHA256)
		if err != nil {
			return fmt.Errorf("body of %s: %w", p.URL, err)
		}
		return ww.WritePage(p, body)
	})
	if err != nil {
		return ww.Records(), 0, err
	}
	size, err = ww.Close()
	return ww.Records(), size, err
}
