package extract

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"

	"github.com/PuerkitoBio/goquery"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/extract/bgtext"
)

// page is what stage 2 hands on: the page's facts and its visible text,
// block by block. Every line's at is its offset in text.
type page struct {
	url, canonical, title, charset string
	host, muni                     string
	sha                            string // hex SHA-256 of the body as fetched: the archive's key
	lines                          []line // the content blocks, in reading order
	text                           string // the lines joined by "\n": the visible text
	documents                      []dataset.Document
}

// readPage decodes and parses a page and reads its content blocks (stage 2).
func readPage(body []byte, pageURL, contentType string) (*page, error) {
	sum := sha256.Sum256(body)
	pg := &page{url: pageURL, sha: hex.EncodeToString(sum[:])}
	text, charset, err := Decode(body, contentType)
	if err != nil {
		return pg, err
	}
	pg.charset = charset
	if len(bytes.TrimSpace(text)) == 0 {
		return pg, nil
	}
	root, err := parse(bgtext.ToNFC(text))
	if err != nil {
		return pg, err
	}
	doc := goquery.NewDocumentFromNode(root)
	base, _ := url.Parse(pageURL)
	pg.title = bgtext.Fold(doc.Find("title").First().Text())
	pg.canonical = absURL(base, doc.Find(`link[rel="canonical"]`).First().AttrOr("href", ""))
	body0 := root
	if b := doc.Find("body").First(); b.Length() > 0 {
		body0 = b.Nodes[0]
	}
	st := subtreeStats(body0)
	containers, blocks := itemContainers(body0, st), projectBlocks(body0, st)
	main := mainPath(body0, st)
	bld := &builder{st: st, items: containers, blocks: blocks, main: main}
	bld.walk(body0)
	if textLen(bld.lines)*5 < int(st[body0].text-st[body0].link) {
		// The class rules left under a fifth of the page: a site that
		// names its content column "right" or "side". Read it again
		// trusting only tags and unmistakable words.
		bld = &builder{st: st, items: containers, blocks: blocks, relaxed: true, main: main}
		bld.walk(body0)
	}
	pg.lines = dropRelated(joinLabelValue(bld.lines))
	var vt strings.Builder
	for i := range pg.lines {
		if i > 0 {
			vt.WriteByte('\n')
		}
		pg.lines[i].at = vt.Len()
		pg.lines[i].memo = &lineMemo{}
		vt.WriteString(pg.lines[i].text)
	}
	pg.text = vt.String()
	pg.documents = documents(doc, base)
	if base != nil {
		pg.host = bgtext.Lower(base.Hostname())
	}
	pg.muni = municipalityOf(append(allText(body0), pg.title), pg.host)
	return pg, nil
}

// cutItems cuts the page into the items that may each be a project (stage 3).
func cutItems(pg *page) pageCut {
	return segment(pg.lines, pg.title)
}
