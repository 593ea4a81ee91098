// Package parquet writes the Parquet download with parquet-go: one row per
// project, the columns of the CSV (without its aliases) typed — text as
// UTF-8 strings, amounts as doubles, durations as integers, dates as DATE,
// times as TIMESTAMP (UTC, milliseconds), lists as LIST of strings — for
// researchers' tools (pandas, R arrow, DuckDB, Spark).
package parquet

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	pq "github.com/parquet-go/parquet-go"

	"github.com/opendata-bg/opendata/dataset"
)

// RowGroupRows bounds the rows of one row group, and so the rows the
// writer holds in memory.
const RowGroupRows = 10_000

// Format is the Parquet download's entry in the table of formats.
var Format = dataset.Format{
	Name:      "parquet",
	MediaType: "application/vnd.apache.parquet",
	Extension: "parquet",
	Title:     "Parquet",
	Use: map[string]string{
		"bg": "за анализ (pandas, R, DuckDB): типизирани колони, списъците — като списъци",
		"en": "for analysis (pandas, R, DuckDB): typed columns, lists as lists",
	},
	Description: "Apache Parquet, one row per project, Snappy-compressed: the CSV's columns (without its deprecated aliases), typed — " +
		"amounts as doubles, dates as DATE, times as TIMESTAMP (UTC), lists as LIST of strings. The file's key-value metadata names its source and licence.",
	Columns:     dataset.TypedColumns(),
	NativeLists: true,
	Binary:      true,
	New:         func(w io.Writer, m dataset.FileMeta) (dataset.Encoder, error) { return NewEncoder(w, m), nil },
}

// Schema is the Parquet schema of the download, built from
// dataset.TypedColumns in their order.
func Schema() *pq.Schema {
	cols := dataset.TypedColumns()
	g := pq.Group{}
	order := make([]string, len(cols))
	for i, c := range cols {
		order[i] = c.Name
		switch c.Type {
		case "number":
			g[c.Name] = pq.Optional(pq.Leaf(pq.DoubleType))
		case "integer":
			g[c.Name] = pq.Optional(pq.Int(64))
		case "date":
			g[c.Name] = pq.Optional(pq.Date())
		case "datetime":
			g[c.Name] = pq.Optional(pq.Timestamp(pq.Millisecond))
		case "list":
			g[c.Name] = pq.List(pq.String())
		default:
			g[c.Name] = pq.Optional(pq.String())
		}
	}
	return pq.NewSchema("project", orderedGroup{Group: g, order: order})
}

// orderedGroup is a group whose fields keep the columns' order (a
// pq.Group sorts them by name).
type orderedGroup struct {
	pq.Group
	order []string
}

// Fields returns the group's fields in the columns' order.
func (g orderedGroup) Fields() []pq.Field {
	fields := slices.Clone(g.Group.Fields())
	slices.SortStableFunc(fields, func(a, b pq.Field) int {
		return slices.Index(g.order, a.Name()) - slices.Index(g.order, b.Name())
	})
	return fields
}

// Encoder writes the Parquet download: rows are buffered up to
// RowGroupRows and written as a row group; Close writes the footer.
type Encoder struct {
	w      *pq.Writer
	cols   []dataset.Column
	leaf   []int // column → index of its leaf column in the schema
	row    pq.Row
	closed bool
}

// NewEncoder returns an encoder writing a Parquet file to w; m goes to the
// file's key-value metadata.
func NewEncoder(w io.Writer, m dataset.FileMeta) *Encoder {
	schema := Schema()
	opts := []pq.WriterOption{
		schema,
		pq.Compression(&pq.Snappy),
		pq.MaxRowsPerRowGroup(RowGroupRows),
		pq.CreatedBy("opendata", "1", ""),
		pq.KeyValueMetadata("licence", dataset.LicenseTitle+" ("+dataset.LicenseName+"), "+dataset.LicensePath),
		pq.KeyValueMetadata("description", "Projects of Bulgarian municipalities funded by the EU and national programmes"),
	}
	if m.URL != "" {
		opts = append(opts, pq.KeyValueMetadata("source", m.URL))
	}
	if m.Query != "" {
		opts = append(opts, pq.KeyValueMetadata("selection", m.Query))
	}
	if !m.Updated.IsZero() {
		opts = append(opts, pq.KeyValueMetadata("data_updated", m.Updated.UTC().Format(time.RFC3339)))
	}
	e := &Encoder{w: pq.NewWriter(w, opts...), cols: dataset.TypedColumns()}
	leaves := map[string]int{}
	for i, path := range schema.Columns() {
		leaves[path[0]] = i
	}
	for _, c := range e.cols {
		e.leaf = append(e.leaf, leaves[c.Name])
	}
	return e
}

// Encode writes one project as a row.
func (e *Encoder) Encode(r dataset.Record) error {
	e.row = e.row[:0]
	for i := range e.cols {
		e.row = e.appendValue(e.row, &e.cols[i], e.leaf[i], &r)
	}
	if _, err := e.w.WriteRows([]pq.Row{e.row}); err != nil {
		return fmt.Errorf("parquet: record %s: %w", r.ID, err)
	}
	return nil
}

// appendValue appends the leaf values of one column, with their
// repetition and definition levels: an optional value is defined at level
// 1; a list's items are defined at level 1, the first repeated at level 0
// and the others at level 1; an empty list is one null at level 0.
func (e *Encoder) appendValue(row pq.Row, c *dataset.Column, col int, r *dataset.Record) pq.Row {
	null := pq.NullValue().Level(0, 0, col)
	switch v := c.Value(r).(type) {
	case []string:
		if len(v) == 0 {
			return append(row, null)
		}
		for i, s := range v {
			rep := 1
			if i == 0 {
				rep = 0
			}
			row = append(row, pq.ByteArrayValue([]byte(valid(s))).Level(rep, 1, col))
		}
		return row
	case *float64:
		if v != nil {
			return append(row, pq.DoubleValue(*v).Level(0, 1, col))
		}
	case *int:
		if v != nil {
			return append(row, pq.Int64Value(int64(*v)).Level(0, 1, col))
		}
	case string:
		if v == "" {
			return append(row, null)
		}
		switch c.Type {
		case "date":
			if t, err := time.Parse(time.DateOnly, v); err == nil {
				return append(row, pq.Int32Value(int32(t.Unix()/86400)).Level(0, 1, col))
			}
			return append(row, null) // not a whole date: the CSV and JSON keep what the page said
		case "datetime":
			if t, err := time.Parse(time.RFC3339, v); err == nil {
				return append(row, pq.Int64Value(t.UnixMilli()).Level(0, 1, col))
			}
			return append(row, null)
		}
		return append(row, pq.ByteArrayValue([]byte(valid(v))).Level(0, 1, col))
	}
	return append(row, null)
}

// Close writes the last row group and the footer.
func (e *Encoder) Close() error {
	if e.closed {
		return nil
	}
	e.closed = true
	if err := e.w.Close(); err != nil {
		return fmt.Errorf("parquet: %w", err)
	}
	return nil
}

// valid makes s valid UTF-8 (a Parquet STRING must be).
func valid(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

var _ dataset.Encoder = (*Encoder)(nil)
