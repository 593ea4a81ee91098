package parquet

import (
	"bytes"
	"errors"
	"io"
	"slices"
	"testing"
	"time"

	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/formattest"
)

func encode(t *testing.T, recs []dataset.Record) *pq.File {
	t.Helper()
	raw := formattest.Encode(t, Format, dataset.FileMeta{URL: "http://example.org/api/v1/projects.parquet", Updated: time.Date(2026, 11, 22, 8, 30, 15, 0, time.UTC)}, recs)
	f, err := pq.OpenFile(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("the file does not open: %v", err)
	}
	return f
}

// TestSchema: the columns in the CSV's order, typed.
func TestSchema(t *testing.T) {
	f := encode(t, formattest.Records(t))
	cols := dataset.TypedColumns()
	fields := f.Schema().Fields()
	if len(fields) != len(cols) {
		t.Fatalf("%d fields, %d columns", len(fields), len(cols))
	}
	for i, c := range cols {
		fd := fields[i]
		if fd.Name() != c.Name {
			t.Errorf("field %d is %s; want %s", i, fd.Name(), c.Name)
		}
		var lt any
		if l := fd.Type().LogicalType(); l != nil {
			lt = l.Value
		}
		ok := true
		switch c.Type {
		case "list":
			_, ok = lt.(*format.ListType)
		case "date":
			_, ok = lt.(*format.DateType)
		case "datetime":
			ts, is := lt.(*format.TimestampType)
			ok = is && ts.IsAdjustedToUTC
		case "number":
			ok = fd.Type().Kind() == pq.Double
		case "integer":
			ok = fd.Type().Kind() == pq.Int64
		case "string":
			_, ok = lt.(*format.StringType)
		}
		if !ok {
			t.Errorf("%s: %v; want the type of a %s", c.Name, fd.Type(), c.Type)
		}
	}
	for key, want := range map[string]string{"source": "http://example.org/api/v1/projects.parquet", "data_updated": "2026-11-22T08:30:15Z"} {
		if got, ok := f.Lookup(key); !ok || got != want {
			t.Errorf("metadata %s = %q; want %q", key, got, want)
		}
	}
}

// TestRows reads every value back, leaf by leaf, and compares it with the
// record: nulls, lists item by item, dates as days, times as milliseconds.
func TestRows(t *testing.T) {
	recs := formattest.Records(t)
	f := encode(t, recs)
	cols := dataset.TypedColumns()
	r := pq.NewReader(f)
	defer r.Close()
	rows := make([]pq.Row, len(recs)+1)
	n, err := r.ReadRows(rows)
	if err != nil && !errors.Is(err, io.EOF) || n != len(recs) {
		t.Fatalf("%d rows (%v); want %d", n, err, len(recs))
	}
	for i, rec := range recs {
		byCol := map[int][]pq.Value{}
		for _, v := range rows[i] {
			byCol[v.Column()] = append(byCol[v.Column()], v)
		}
		for ci, c := range cols {
			got := byCol[ci]
			if msg := mismatch(got, c.Type, c.Value(&rec)); msg != "" {
				t.Errorf("%s %s: %s", rec.ID, c.Name, msg)
			}
		}
	}
}

func mismatch(got []pq.Value, typ string, want any) string {
	isNull := len(got) == 1 && got[0].IsNull()
	switch w := want.(type) {
	case []string:
		if len(w) == 0 {
			if !isNull {
				return "want an empty list"
			}
			return ""
		}
		var items []string
		for _, v := range got {
			items = append(items, string(v.ByteArray()))
		}
		if !slices.Equal(items, w) {
			return "list differs"
		}
	case *float64:
		if w == nil != isNull || w != nil && got[0].Double() != *w {
			return "number differs"
		}
	case *int:
		if w == nil != isNull || w != nil && got[0].Int64() != int64(*w) {
			return "integer differs"
		}
	case string:
		if w == "" {
			if !isNull {
				return "want null"
			}
			return ""
		}
		if isNull {
			return "null; want " + w
		}
		switch typ {
		case "date":
			d, _ := time.Parse(time.DateOnly, w)
			if int64(got[0].Int32()) != d.Unix()/86400 {
				return "date differs"
			}
		case "datetime":
			d, _ := time.Parse(time.RFC3339, w)
			if got[0].Int64() != d.UnixMilli() {
				return "time differs"
			}
		default:
			if string(got[0].ByteArray()) != w {
				return "text differs"
			}
		}
	}
	return ""
}

// TestRowGroups: rows are flushed every RowGroupRows, so the writer never
// holds more than that.
func TestRowGroups(t *testing.T) {
	rec := formattest.Records(t)[0]
	recs := make([]dataset.Record, 2*RowGroupRows+5)
	for i := range recs {
		recs[i] = rec
	}
	f := encode(t, recs)
	groups := f.RowGroups()
	if len(groups) != 3 || groups[0].NumRows() != RowGroupRows {
		t.Errorf("%d row groups; want 3 of at most %d rows", len(groups), RowGroupRows)
	}
}

// TestEmpty: a selection of nothing is a valid file with the schema.
func TestEmpty(t *testing.T) {
	f := encode(t, nil)
	if f.NumRows() != 0 || len(f.Schema().Fields()) != len(dataset.TypedColumns()) {
		t.Errorf("%d rows, %d fields", f.NumRows(), len(f.Schema().Fields()))
	}
}
