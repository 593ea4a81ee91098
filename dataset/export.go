package dataset

import (
	"errors"
	"io"
)

// Encoder writes records to a download, one at a time, never holding the
// whole file in memory. Close writes what the format needs at the end.
type Encoder interface {
	Encode(r Record) error
	Close() error
}

// Download formats.
const (
	FormatCSV    = "csv"
	FormatJSON   = "json"
	FormatNDJSON = "ndjson"
)

// NewEncoder returns the encoder for a format (csv, json, ndjson) writing to w.
func NewEncoder(format string, w io.Writer) (Encoder, error) {
	return nil, errors.New("export: not built yet")
}
