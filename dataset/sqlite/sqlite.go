// Package sqlite writes the SQLite download with modernc.org/sqlite: a
// database file with a projects table holding the CSV's columns (without
// its aliases), a child table per list field, an FTS5 index over the
// text, the data dictionary and the file's source and licence — ready for
// the sqlite3 shell, Datasette or any SQL tool.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"github.com/opendata-bg/opendata/dataset"
)

// Table names.
const (
	TableProjects = "projects"
	TableFTS      = "projects_fts" // FTS5 over TextColumns, external content: projects
	TableColumns  = "data_dictionary"
	TableAbout    = "about"
)

// TextColumns are the columns the full-text index covers.
var TextColumns = []string{"title", "objectives", "activities", "results", "target_groups",
	"beneficiary", "municipality", "partners", "contractors", "programme_name"}

// indexedLists are the list columns whose child tables have an index on
// the value (find the projects of a contractor, a fund, a contract); the
// long texts (objectives, activities …) are for reading and the FTS index.
var indexedLists = map[string]bool{"contract_numbers": true, "procedure_codes": true, "funds": true,
	"partners": true, "contractors": true, "register_places": true}

// ChildTable returns the name of the child table of a list column:
// projects_contract_numbers (project_id, position, value).
func ChildTable(column string) string { return TableProjects + "_" + column }

// Format is the SQLite download's entry in the table of formats.
var Format = dataset.Format{
	Name:      "sqlite",
	MediaType: "application/vnd.sqlite3",
	Extension: "sqlite",
	Title:     "SQLite",
	Use: map[string]string{
		"bg": "за SQL и Datasette: таблица projects, подтаблици за списъците, пълнотекстово търсене",
		"en": "for SQL and Datasette: a projects table, child tables for the lists, full-text search",
	},
	Description: "A SQLite 3 database: table " + TableProjects + " has one row per project with the CSV's columns (without its deprecated aliases; " +
		"lists as text joined with \" | \", dates as ISO text, amounts as REAL); each list also has a child table " + TableProjects +
		"_<column> (project_id, position, value); " + TableFTS + " is an FTS5 index over the text; " + TableColumns + " and " + TableAbout +
		" describe the columns, the source and the licence.",
	Columns: dataset.TypedColumns(),
	Dialect: map[string]any{"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json", "table": TableProjects},
	Binary:  true,
	New: func(w io.Writer, m dataset.FileMeta) (dataset.Encoder, error) {
		return NewEncoder(w, m, "")
	},
}

// Encoder builds the database in a temporary file, one transaction for all
// the rows, and copies it to the writer on Close.
type Encoder struct {
	w      io.Writer
	meta   dataset.FileMeta
	path   string
	db     *sql.DB
	tx     *sql.Tx
	insert *sql.Stmt
	child  map[string]*sql.Stmt // list column → its child table's insert
	cols   []dataset.Column
	args   []any
	n      int
	done   bool
}

// NewEncoder returns an encoder writing a SQLite database to w, built in a
// temporary file in dir (os.TempDir() when ""); m goes to the about table.
func NewEncoder(w io.Writer, m dataset.FileMeta, dir string) (*Encoder, error) {
	f, err := os.CreateTemp(dir, "opendata-*.sqlite")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	f.Close()
	e := &Encoder{w: w, meta: m, path: f.Name(), cols: dataset.TypedColumns(), child: map[string]*sql.Stmt{}}
	if err := e.start(); err != nil {
		e.Discard()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return e, nil
}

// start creates the tables and prepares the inserts.
func (e *Encoder) start() error {
	db, err := sql.Open("sqlite", e.path)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	e.db = db
	// A file being built for a download: no journal, no fsync.
	for _, p := range []string{"PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF", "PRAGMA locking_mode=EXCLUSIVE",
		"PRAGMA cache_size=-16000", "PRAGMA foreign_keys=OFF"} {
		if _, err := db.Exec(p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	if e.tx, err = db.Begin(); err != nil {
		return err
	}
	for _, stmt := range schema(e.cols) {
		if _, err := e.tx.Exec(stmt); err != nil {
			return fmt.Errorf("create: %w", err)
		}
	}
	names := make([]string, len(e.cols))
	marks := make([]string, len(e.cols))
	for i, c := range e.cols {
		names[i], marks[i] = quote(c.Name), "?"
		if c.Type == "list" {
			st, err := e.tx.Prepare("INSERT INTO " + quote(ChildTable(c.Name)) + " (project_id, position, value) VALUES (?, ?, ?)")
			if err != nil {
				return err
			}
			e.child[c.Name] = st
		}
	}
	e.insert, err = e.tx.Prepare("INSERT INTO " + TableProjects + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")")
	e.args = make([]any, len(e.cols))
	return err
}

// schema is the SQL that creates the tables.
func schema(cols []dataset.Column) []string {
	defs := make([]string, len(cols))
	var out []string
	for i, c := range cols {
		typ := "TEXT"
		switch c.Type {
		case "number":
			typ = "REAL"
		case "integer":
			typ = "INTEGER"
		}
		defs[i] = quote(c.Name) + " " + typ
		if c.Name == "id" {
			defs[i] += " PRIMARY KEY NOT NULL"
		}
		if c.Type == "list" {
			t := quote(ChildTable(c.Name))
			out = append(out, "CREATE TABLE "+t+" (project_id TEXT NOT NULL REFERENCES "+TableProjects+
				"(id), position INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (project_id, position)) WITHOUT ROWID")
			if indexedLists[c.Name] {
				out = append(out, "CREATE INDEX "+quote(ChildTable(c.Name)+"_value")+" ON "+t+" (value)")
			}
		}
	}
	out = append([]string{"CREATE TABLE " + TableProjects + " (" + strings.Join(defs, ", ") + ")"}, out...)
	for _, c := range []string{"municipality", "programme"} {
		out = append(out, "CREATE INDEX "+quote(TableProjects+"_"+c)+" ON "+TableProjects+" ("+quote(c)+")")
	}
	// content="projects" (double quotes) is how Datasette finds the index of a table.
	out = append(out, "CREATE VIRTUAL TABLE "+TableFTS+" USING fts5("+strings.Join(TextColumns, ", ")+
		`, content="`+TableProjects+`", content_rowid="rowid", tokenize="unicode61 remove_diacritics 2")`,
		"CREATE TABLE "+TableColumns+" (column_name TEXT PRIMARY KEY NOT NULL, type TEXT NOT NULL, description TEXT NOT NULL, record_field TEXT NOT NULL)",
		"CREATE TABLE "+TableAbout+" (key TEXT PRIMARY KEY NOT NULL, value TEXT)")
	return out
}

func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// Encode inserts one project and the items of its lists.
func (e *Encoder) Encode(r dataset.Record) error {
	if e.done {
		return errors.New("sqlite: encode after close")
	}
	for i := range e.cols {
		e.args[i] = value(&e.cols[i], &r)
	}
	if _, err := e.insert.Exec(e.args...); err != nil {
		return fmt.Errorf("sqlite: record %s: %w", r.ID, err)
	}
	for i := range e.cols {
		c := &e.cols[i]
		if c.Type != "list" {
			continue
		}
		for pos, item := range c.Value(&r).([]string) {
			if _, err := e.child[c.Name].Exec(r.ID, pos+1, valid(item)); err != nil {
				return fmt.Errorf("sqlite: record %s: %s: %w", r.ID, c.Name, err)
			}
		}
	}
	e.n++
	return nil
}

// value is a column's SQL value: NULL for an empty one, lists joined.
func value(c *dataset.Column, r *dataset.Record) any {
	switch v := c.Value(r).(type) {
	case *float64:
		if v != nil {
			return *v
		}
	case *int:
		if v != nil {
			return int64(*v)
		}
	case []string:
		if len(v) > 0 {
			return valid(strings.Join(v, dataset.ListSeparator))
		}
	case string:
		if v != "" {
			return valid(v)
		}
	}
	return nil
}

func valid(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// Close fills the full-text index and the description tables, commits,
// and copies the database to the writer.
func (e *Encoder) Close() error {
	if e.done {
		return nil
	}
	defer e.Discard()
	if err := e.finish(); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	return nil
}

func (e *Encoder) finish() error {
	e.done = true
	if _, err := e.tx.Exec("INSERT INTO " + TableFTS + "(" + TableFTS + ") VALUES ('rebuild')"); err != nil {
		return fmt.Errorf("full-text index: %w", err)
	}
	for _, c := range e.cols {
		if _, err := e.tx.Exec("INSERT INTO "+TableColumns+" VALUES (?, ?, ?, ?)", c.Name, c.Type, c.Description, c.Field); err != nil {
			return err
		}
	}
	about := [][2]string{
		{"title", "Projects of Bulgarian municipalities funded by the EU and national programmes"},
		{"source", e.meta.URL},
		{"selection", e.meta.Query},
		{"projects", fmt.Sprint(e.n)},
		{"licence", dataset.LicenseTitle + " (" + dataset.LicenseName + ")"},
		{"licence_url", dataset.LicensePath},
		{"lists", "each list column is text joined with \"" + dataset.ListSeparator + "\"; its items are rows of projects_<column>"},
	}
	if !e.meta.Updated.IsZero() {
		about = append(about, [2]string{"data_updated", e.meta.Updated.UTC().Format(time.RFC3339)})
	}
	if !e.meta.Made.IsZero() {
		about = append(about, [2]string{"file_made", e.meta.Made.UTC().Format(time.RFC3339)})
	}
	for _, kv := range about {
		var v any = kv[1]
		if kv[1] == "" {
			v = nil
		}
		if _, err := e.tx.Exec("INSERT INTO "+TableAbout+" VALUES (?, ?)", kv[0], v); err != nil {
			return err
		}
	}
	if err := e.tx.Commit(); err != nil {
		return err
	}
	e.tx = nil
	if _, err := e.db.ExecContext(context.Background(), "PRAGMA optimize"); err != nil {
		return err
	}
	if err := e.db.Close(); err != nil {
		return err
	}
	e.db = nil
	f, err := os.Open(e.path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(e.w, f)
	return err
}

// Discard drops the temporary database without writing it.
func (e *Encoder) Discard() {
	e.done = true
	if e.tx != nil {
		e.tx.Rollback()
		e.tx = nil
	}
	if e.db != nil {
		e.db.Close()
		e.db = nil
	}
	if e.path != "" {
		os.Remove(e.path)
		e.path = ""
	}
}

var (
	_ dataset.Encoder   = (*Encoder)(nil)
	_ dataset.Discarder = (*Encoder)(nil)
)
