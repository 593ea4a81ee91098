package sqlite

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/formattest"
)

// encode writes recs to a database file, built in tmp, and opens it.
func encode(t *testing.T, recs []dataset.Record, tmp string) *sql.DB {
	t.Helper()
	var buf bytes.Buffer
	enc, err := NewEncoder(&buf, dataset.FileMeta{URL: "http://example.org/api/v1/projects.sqlite"}, tmp)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := enc.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("Close left %d files in the temporary directory", len(left))
	}
	path := filepath.Join(t.TempDir(), "projects.sqlite")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestDatabase reads the projects table and the child tables back and
// compares them with the records.
func TestDatabase(t *testing.T) {
	recs := formattest.Records(t)
	db := encode(t, recs, t.TempDir())
	cols := dataset.TypedColumns()
	rows, err := db.Query("SELECT * FROM projects ORDER BY rowid")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	names, _ := rows.Columns()
	if len(names) != len(cols) {
		t.Fatalf("columns %v", names)
	}
	i := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for j := range vals {
			ptrs[j] = &vals[j]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		rec := recs[i]
		for j, c := range cols {
			if names[j] != c.Name {
				t.Errorf("column %d is %s; want %s", j, names[j], c.Name)
			}
			if msg := mismatch(vals[j], c.Value(&rec)); msg != "" {
				t.Errorf("%s %s: %s", rec.ID, c.Name, msg)
			}
		}
		i++
	}
	if i != len(recs) {
		t.Fatalf("%d rows; want %d", i, len(recs))
	}
	for _, c := range cols {
		if c.Type != "list" {
			continue
		}
		for _, rec := range recs {
			var items []string
			q, err := db.Query("SELECT value FROM "+ChildTable(c.Name)+" WHERE project_id = ? ORDER BY position", rec.ID)
			if err != nil {
				t.Fatal(err)
			}
			for q.Next() {
				var s string
				q.Scan(&s)
				items = append(items, s)
			}
			q.Close()
			if want := c.Value(&rec).([]string); !slices.Equal(items, want) && len(items)+len(want) > 0 {
				t.Errorf("%s %s: %q; want %q", rec.ID, ChildTable(c.Name), items, want)
			}
		}
	}
}

func mismatch(got, want any) string {
	bad := func() string { return "differs" }
	switch w := want.(type) {
	case *float64:
		if g, ok := got.(float64); w == nil && got != nil || w != nil && (!ok || g != *w) {
			return bad()
		}
	case *int:
		if g, ok := got.(int64); w == nil && got != nil || w != nil && (!ok || g != int64(*w)) {
			return bad()
		}
	case []string:
		return mismatch(got, strings.Join(w, dataset.ListSeparator))
	case string:
		if w == "" && got != nil || w != "" && got != w {
			return bad()
		}
	}
	return ""
}

// TestFullText: the FTS5 index finds projects by a word of any text
// column, in any case, and Datasette finds the index (content="projects").
func TestFullText(t *testing.T) {
	db := encode(t, formattest.Records(t), t.TempDir())
	for q, want := range map[string]string{"МОНИТОРИНГ": "13-13-24", "двойни": "0012", "Консулт": "13-13-24"} {
		var id string
		if err := db.QueryRow("SELECT p.id FROM projects_fts f JOIN projects p ON p.rowid = f.rowid WHERE projects_fts MATCH ?", q).Scan(&id); err != nil || id != want {
			t.Errorf("MATCH %q: %q (%v); want %s", q, id, err, want)
		}
	}
	var ddl string
	db.QueryRow("SELECT sql FROM sqlite_master WHERE name = 'projects_fts'").Scan(&ddl)
	if !strings.Contains(ddl, `content="projects"`) {
		t.Errorf("the FTS table's SQL does not name its content table as Datasette looks for it: %s", ddl)
	}
	var n int
	db.QueryRow("SELECT count(*) FROM data_dictionary").Scan(&n)
	if n != len(dataset.TypedColumns()) {
		t.Errorf("the data dictionary has %d rows", n)
	}
	var licence string
	db.QueryRow("SELECT value FROM about WHERE key = 'licence'").Scan(&licence)
	if !strings.Contains(licence, dataset.LicenseName) {
		t.Errorf("about.licence = %q", licence)
	}
}

// TestDiscard: a download cut short removes its temporary database.
func TestDiscard(t *testing.T) {
	tmp := t.TempDir()
	var buf bytes.Buffer
	enc, err := NewEncoder(&buf, dataset.FileMeta{}, tmp)
	if err != nil {
		t.Fatal(err)
	}
	enc.Encode(formattest.Records(t)[0])
	dataset.Discard(enc)
	if left, _ := os.ReadDir(tmp); len(left) != 0 || buf.Len() != 0 {
		t.Errorf("after Discard: %d files left, %d bytes written", len(left), buf.Len())
	}
	if err := enc.Close(); err != nil || buf.Len() != 0 {
		t.Errorf("Close after Discard: %v, %d bytes", err, buf.Len())
	}
}

// TestEmpty: a selection of nothing is a database with empty tables.
func TestEmpty(t *testing.T) {
	db := encode(t, nil, t.TempDir())
	var n int
	if err := db.QueryRow("SELECT count(*) FROM projects").Scan(&n); err != nil || n != 0 {
		t.Errorf("%d projects (%v)", n, err)
	}
}
