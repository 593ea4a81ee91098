// Package extract turns a saved municipal page into project records. It is a
// pure function of the page bytes, the URL and the Content-Type header.
//
// The page goes through five stages, each handing the next a typed value,
// one stage to a group of files:
//
//  1. decode (decode.go): the bytes → UTF-8 text, whatever the charset;
//  2. readPage (page.go; chrome.go, classes.go, containers.go, blocks.go,
//     blockjoin.go, tables.go):
//     the text → a page: its visible text as blocks, chrome left out,
//     inline markup joined as a browser renders it, structure kept
//     (headings, list items, table labels, the posts and rows they belong to);
//  3. cutItems (items.go, cuts.go, negatives.go, mentions.go): the page →
//     the items that may each be a project: posts, articles, listing rows,
//     sections led by a contract (pages that are no project's give none);
//  4. buildDraft (draft.go; title.go, contracts.go, budget.go, period.go,
//     published.go, parties.go, lists.go): an item → a draft, every value
//     with the span of visible text it was read from;
//  5. records (records.go, joinrows.go, finish.go, evidence.go): the
//     drafts → records, merged by contract, with warnings and evidence.
//
// The Bulgarian text parsers (money, dates, durations, codes, programmes,
// funds, firms, names, sentences) and the lexicon of label words live in
// package bgtext. Nothing is guessed: a value the page does not state
// stays empty, and facts that disagree are kept and noted in warnings.
package extract

import (
	"fmt"

	"github.com/opendata-bg/opendata/dataset"
)

// Result is what one page yields.
type Result struct {
	URL       string             `json:"url"`
	Canonical string             `json:"-"` // <link rel=canonical>, absolute, "" when absent
	Title     string             `json:"-"` // the page's title
	Charset   string             `json:"-"` // the charset the page was decoded from
	Projects  []dataset.Record   `json:"projects"`
	Documents []dataset.Document `json:"-"` // attachments linked from the content
}

// Extract reads one page (the stages are in the package's documentation).
// contentType is the HTTP Content-Type header ("" when unknown).
func Extract(body []byte, pageURL, contentType string) (Result, error) {
	res := Result{URL: pageURL, Projects: []dataset.Record{}}
	pg, err := readPage(body, pageURL, contentType)
	if err != nil {
		return res, fmt.Errorf("extract: %w", err)
	}
	res.Charset, res.Title, res.Canonical, res.Documents = pg.charset, pg.title, pg.canonical, pg.documents
	if len(pg.lines) == 0 || pg.event || notAProjectPage(pg.lines, pg.title) {
		return res, nil
	}
	res.Projects = records(pg, readDrafts(pg, cutItems(pg)))
	return res, nil
}

// VisibleText returns the page's visible text as the extractor reads it:
// its content blocks (chrome left out, inline markup joined as a browser
// renders it), one per line. Evidence offsets count characters into it.
func VisibleText(body []byte, pageURL, contentType string) (string, error) {
	pg, err := readPage(body, pageURL, contentType)
	if err != nil {
		return "", fmt.Errorf("extract: %w", err)
	}
	return pg.text, nil
}
