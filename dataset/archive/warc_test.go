package archive

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	gowarc "github.com/nlnwa/gowarc/v3"

	"github.com/opendata-bg/opendata/dataset"
)

// memArchive is an archive of page versions held in memory.
type memArchive struct {
	pages  []dataset.Page
	bodies map[string][]byte
}

func (m *memArchive) add(p dataset.Page, body []byte) {
	sum := sha256.Sum256(body)
	p.SHA256 = hex.EncodeToString(sum[:])
	m.pages = append(m.pages, p)
	if m.bodies == nil {
		m.bodies = map[string][]byte{}
	}
	m.bodies[p.SHA256] = body
}

func (m *memArchive) EachPageVersion(fn func(dataset.Page) error) error {
	for _, p := range m.pages {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

func (m *memArchive) BodyByHash(sha string) ([]byte, error) {
	b, ok := m.bodies[sha]
	if !ok {
		return nil, dataset.Errorf(dataset.ENOTFOUND, "no body %s", sha)
	}
	return b, nil
}

// The WARC reads back with gowarc's own strict reader: every record valid,
// its digests right, every payload the body as archived.
func TestWARCReadsBackStrictly(t *testing.T) {
	var a memArchive
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	a.add(dataset.Page{URL: "https://a.bg/p", FinalURL: "https://a.bg/p/", FetchedAt: at, Status: 200,
		Header: map[string][]string{"Content-Type": {"text/html; charset=utf-8"}, "Content-Length": {"999"}}}, []byte("<p>Проект</p>\r\n\r\n"))
	a.add(dataset.Page{URL: "https://a.bg/q", FetchedAt: at.Add(time.Hour), Status: 404,
		Header: map[string][]string{"Content-Type": {"text/html"}}}, []byte{})
	a.add(dataset.Page{URL: "https://a.bg/r", FetchedAt: at}, []byte("<p>без статус</p>"))
	var buf bytes.Buffer
	n, size, err := WriteWARC(context.Background(), &buf, &a, WARCInfo{Software: "opendata", Filename: "x.warc.gz"})
	if err != nil || n != 4 || size != int64(buf.Len()) {
		t.Fatalf("WriteWARC = %d records, %d bytes (%d written), %v", n, size, buf.Len(), err)
	}
	r, err := gowarc.NewWarcFileReaderFromStream(&buf, 0, gowarc.WithStrictValidation())
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var types []string
	for rec, err := range r.Records() {
		if err != nil {
			t.Fatal(err)
		}
		if len(rec.Validation) > 0 {
			t.Errorf("record %d: %v", len(types), rec.Validation)
		}
		w := rec.WarcRecord
		types = append(types, w.Type().String())
		if i := len(types) - 2; i >= 0 {
			p := a.pages[i]
			rd, _ := w.Block().RawBytes() // a resource's payload is its block
			if pb, ok := w.Block().(gowarc.PayloadBlock); ok {
				rd, _ = pb.PayloadBytes()
			}
			got, _ := io.ReadAll(rd)
			if !bytes.Equal(got, a.bodies[p.SHA256]) || w.WarcHeader().Get(gowarc.WarcPayloadDigest) != "sha256:"+p.SHA256 {
				t.Errorf("%s: payload %q digest %s", p.URL, got, w.WarcHeader().Get(gowarc.WarcPayloadDigest))
			}
		}
		rec.Close()
	}
	if strings.Join(types, " ") != "warcinfo response response resource" {
		t.Errorf("record types = %v", types)
	}
}

// A body whose hash is not the one the archive names is refused: the WARC
// never states a digest it does not hold.
func TestWARCRefusesAWrongDigest(t *testing.T) {
	var a memArchive
	a.add(dataset.Page{URL: "https://a.bg/p", FetchedAt: time.Now(), Status: 200}, []byte("one"))
	a.bodies[a.pages[0].SHA256] = []byte("two")
	_, _, err := WriteWARC(context.Background(), io.Discard, &a, WARCInfo{})
	if err == nil || !strings.Contains(err.Error(), "https://a.bg/p") {
		t.Errorf("a wrong digest: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := WriteWARC(ctx, io.Discard, &a, WARCInfo{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
