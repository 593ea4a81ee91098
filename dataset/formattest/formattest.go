// Package formattest is what the tests of the download encoders share:
// sample records with what municipal pages give (Cyrillic, quotes, commas
// and line breaks, cells a spreadsheet would run, a text longer than a
// spreadsheet cell holds, nulls, a grant without a total) and a helper that
// encodes them through a format.
package formattest

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
)

//go:embed records.ndjson
var recordsNDJSON []byte

// Records returns the sample records, as the store keeps them (first_seen set).
func Records(tb testing.TB) []dataset.Record {
	tb.Helper()
	var out []dataset.Record
	sc := bufio.NewScanner(bytes.NewReader(recordsNDJSON))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r dataset.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			tb.Fatalf("sample record: %v", err)
		}
		out = append(out, r)
	}
	return out
}

// Encode writes recs through format f and returns the file.
func Encode(tb testing.TB, f dataset.Format, m dataset.FileMeta, recs []dataset.Record) []byte {
	tb.Helper()
	var buf bytes.Buffer
	enc, err := f.New(&buf, m)
	if err != nil {
		tb.Fatalf("new %s encoder: %v", f.Name, err)
	}
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			tb.Fatalf("encode %s: %v", r.ID, err)
		}
	}
	if err := enc.Close(); err != nil {
		tb.Fatalf("close the %s encoder: %v", f.Name, err)
	}
	return buf.Bytes()
}
