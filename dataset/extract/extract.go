// Package extract turns a saved municipal page into project records. It is a
// pure function of the page bytes, the URL and the Content-Type header.
package extract

import (
	"errors"

	"github.com/opendata-bg/opendata/dataset"
)

// Result is what one page yields.
type Result struct {
	URL       string             `json:"url"`
	Canonical string             `json:"-"` // <link rel=canonical>, absolute, "" when absent
	Title     string             `json:"-"` // the page's title
	Projects  []dataset.Record   `json:"projects"`
	Documents []dataset.Document `json:"-"` // attachments linked from the content
}

// Extract reads one page. contentType is the HTTP Content-Type header ("" when unknown).
func Extract(body []byte, pageURL, contentType string) (Result, error) {
	return Result{URL: pageURL}, errors.New("extract: not built yet")
}

// Decode returns the page as UTF-8, detecting its charset by BOM, the
// Content-Type header, <meta charset>/http-equiv, then by content.
func Decode(body []byte, contentType string) (text []byte, charset string, err error) {
	return nil, "", errors.New("extract: not built yet")
}
