package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// exportList is a repeatable string flag (--municipality A --municipality B).
type exportList []string

func (l *exportList) String() string     { return strings.Join(*l, ",") }
func (l *exportList) Set(s string) error { *l = append(*l, s); return nil }

// runExport writes the dataset, or the part the filters select, in one of
// the download formats (downloadFormats) to stdout or, through a temporary
// file renamed when complete, to --out.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf commonFlags
	cf.register(fs)
	formats := downloadFormats()
	format := fs.String("format", "csv", strings.Join(formats.Names(), ", "))
	out := fs.String("out", "", "write to this file (default: standard output)")
	v := url.Values{}
	var munis, progs, funds exportList
	fs.Var(&munis, "municipality", "only this municipality (repeatable)")
	fs.Var(&progs, "programme", "only this programme code, e.g. OPRG (repeatable)")
	fs.Var(&funds, "fund", "only this fund, e.g. ERDF (repeatable)")
	single := map[string]*string{}
	for _, name := range []string{"q", "contract", "year-from", "year-to", "budget-min", "budget-max"} {
		single[name] = fs.String(name, "", exportFlagHelp[name])
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("export: unexpected argument %q", fs.Arg(0))
	}
	for name, p := range single {
		if *p != "" {
			v.Set(strings.ReplaceAll(name, "-", "_"), *p)
		}
	}
	v["municipality"], v["programme"], v["fund"] = munis, progs, funds
	q, err := dataset.ParseQuery(v)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	f, err := formats.Lookup(*format)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	logger := cf.logger(stderr)
	dbPath := filepath.Join(cf.data, "store.db")
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("export: no store at %s (run opendata crawl first): %w", dbPath, err)
	}
	st, err := store.Open(dbPath, logger.With("component", "store"))
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer st.Close()
	// Without filters the store streams its stored encodings in id order;
	// with filters the index selects the ids and the store encodes each.
	src := func(enc dataset.Encoder) (int, error) { return st.Export(ctx, enc) }
	if !q.Empty() {
		ix, err := index.Open(filepath.Join(cf.data, "index.bleve"), logger.With("component", "index"))
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		defer ix.Close()
		src = func(enc dataset.Encoder) (int, error) {
			n := 0
			err := ix.EachID(ctx, q, func(id string) error {
				err := st.EncodeRecord(enc, id)
				if dataset.ErrorCode(err) == dataset.ENOTFOUND {
					return nil // the index lags the store: the store is the truth
				}
				n++
				return err
			})
			return n, err
		}
	}
	meta := dataset.FileMeta{Query: q.Values().Encode(), Made: time.Now()}
	if stats, err := st.Stats(); err == nil && stats.Updated != nil {
		meta.Updated = *stats.Updated
	}
	n, err := writeExport(f, meta, *out, stdout, src)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	dest := *out
	if dest == "" {
		dest = "standard output"
	}
	fmt.Fprintf(stderr, "exported %d projects as %s to %s\n", n, *format, dest)
	return nil
}

var exportFlagHelp = map[string]string{
	"q":          "full-text query, as the search box takes it",
	"contract":   "only the project with this contract number",
	"year-from":  "only projects whose period overlaps this year or later",
	"year-to":    "only projects whose period overlaps this year or earlier",
	"budget-min": "only projects with budget.amount_eur (the total, else the grant, in euro) at least this",
	"budget-max": "only projects with budget.amount_eur (the total, else the grant, in euro) at most this",
}

// writeExport encodes every record src yields. With a file name it writes
// a temporary file beside it and renames it into place only when complete,
// so that a failed or interrupted export never leaves half a file.
func writeExport(f dataset.Format, meta dataset.FileMeta, out string, stdout io.Writer, src func(dataset.Encoder) (int, error)) (n int, err error) {
	w := stdout
	var tmp *os.File
	if out != "" {
		tmp, err = os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
		if err != nil {
			return 0, err
		}
		defer func() {
			if err != nil {
				tmp.Close()
				os.Remove(tmp.Name())
			}
		}()
		w = tmp
	}
	enc, err := f.New(w, meta)
	if err != nil {
		return 0, err
	}
	if n, err = src(enc); err != nil {
		dataset.Discard(enc)
		return n, err
	}
	if err = enc.Close(); err != nil || tmp == nil {
		return n, err
	}
	if err = tmp.Sync(); err != nil {
		return n, err
	}
	if err = tmp.Close(); err != nil {
		return n, err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return n, err
	}
	return n, os.Rename(tmp.Name(), out)
}
