package dataset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
)

// Encoder writes records to a download, one at a time, never holding the
// whole file in memory. Close writes what the format needs at the end and
// flushes; it does not close the underlying writer.
type Encoder interface {
	Encode(r Record) error
	Close() error
}

// Discarder is an Encoder that holds something beyond the writer (a
// temporary file) until Close: Discard releases it without writing the
// file, for a download cut short. Discard after Close does nothing.
type Discarder interface {
	Discard()
}

// Discard releases what an unfinished encoder holds, when it holds anything.
func Discard(enc Encoder) {
	if d, ok := enc.(Discarder); ok {
		d.Discard()
	}
}

// RawEncoder is an Encoder that also takes a record already encoded for its
// format, so that a store keeping encoded records can stream a download
// without decoding and encoding each one. RawFormat is "json" (the record's
// JSON, as json.Marshal writes it; the JSON and NDJSON encoders) or "csv"
// (a row from CSVRow).
type RawEncoder interface {
	Encoder
	RawFormat() string
	EncodeRaw(raw []byte) error
}

// JSONEncoder writes one JSON array of records, streamed: "[", the records
// separated by ",\n", "]".
type JSONEncoder struct {
	w      *bufio.Writer
	n      int
	closed bool
}

// NewJSONEncoder returns a JSON array encoder writing to w.
func NewJSONEncoder(w io.Writer) *JSONEncoder {
	return &JSONEncoder{w: bufio.NewWriterSize(w, 64<<10)}
}

// Encode writes one record as an element of the array.
func (e *JSONEncoder) Encode(r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode record %s: %w", r.ID, err)
	}
	return e.EncodeRaw(b)
}

// RawFormat says that EncodeRaw takes a record's JSON.
func (e *JSONEncoder) RawFormat() string { return FormatJSON }

// EncodeRaw writes a record's JSON (from json.Marshal) as an element of the array.
func (e *JSONEncoder) EncodeRaw(raw []byte) error {
	sep := ",\n"
	if e.n == 0 {
		sep = "[\n"
	}
	e.n++
	e.w.WriteString(sep)
	_, err := e.w.Write(raw)
	return err
}

// Close ends the array and flushes.
func (e *JSONEncoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if e.n == 0 {
		e.w.WriteString("[]\n")
	} else {
		e.w.WriteString("\n]\n")
	}
	return e.w.Flush()
}

// NDJSONEncoder writes one record per line (newline-delimited JSON).
type NDJSONEncoder struct {
	w *bufio.Writer
}

// NewNDJSONEncoder returns an NDJSON encoder writing to w.
func NewNDJSONEncoder(w io.Writer) *NDJSONEncoder {
	return &NDJSONEncoder{w: bufio.NewWriterSize(w, 64<<10)}
}

// Encode writes one record and a newline.
func (e *NDJSONEncoder) Encode(r Record) error {
	b, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("encode record %s: %w", r.ID, err)
	}
	return e.EncodeRaw(b)
}

// RawFormat says that EncodeRaw takes a record's JSON.
func (e *NDJSONEncoder) RawFormat() string { return FormatJSON }

// EncodeRaw writes a record's JSON (from json.Marshal) and a newline.
func (e *NDJSONEncoder) EncodeRaw(raw []byte) error {
	e.w.Write(raw)
	return e.w.WriteByte('\n')
}

var (
	_ RawEncoder = (*JSONEncoder)(nil)
	_ RawEncoder = (*NDJSONEncoder)(nil)
	_ RawEncoder = (*CSVEncoder)(nil)
)

// Close flushes.
func (e *NDJSONEncoder) Close() error { return e.w.Flush() }
