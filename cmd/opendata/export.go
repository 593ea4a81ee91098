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
	format := fs.String("format", "csv", strings.Join(formats.Names(), ", ")+", or warc (the archived pages, not the records)")
	out := fs.String("out", "", "write to this file (default: standard output)")
	v := url.Values{}
	var munis, codes, progs, funds exportList
	fs.Var(&munis, "municipality", "only this municipality (repeatable)")
	fs.Var(&codes, "municipality-code", "only the municipality of this ЕКАТТЕ code, e.g. RSE04 (repeatable; ORed with --municipality)")
	fs.Var(&progs, "programme", "only this programme code, e.g. OPRG (repeatable)")
	fs.Var(&funds, "fund", "only this fund, e.g. ERDF (repeatable)")
	single := map[string]*string{}
	for _, name := range []string{"q", "contract", "year-from", "year-to", "budget-min", "budget-max", "updated-since"} {
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
	v["municipality"], v["municipality_code"], v["programme"], v["fund"] = munis, codes, progs, funds
	q, err := dataset.ParseQuery(v)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	var f dataset.Format
	if *format == formatWARC {
		if !q.Empty() {
			return fmt.Errorf("export: --format warc writes the whole page archive; it takes no filters")
		}
	} else if f, err = formats.Lookup(*format); err != nil {
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
	if *format == formatWARC {
		return exportWARC(ctx, st, *out, stdout, stderr)
	}
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
	"q":             "full-text query, as the search box takes it",
	"contract":      "only the project with this contract number",
	"year-from":     "only projects whose period overlaps this year or later",
	"year-to":       "only projects whose period overlaps this year or earlier",
	"budget-min":    "only projects with budget.amount_eur (the total, else the grant, in euro) at least this",
	"budget-max":    "only projects with budget.amount_eur (the total, else the grant, in euro) at most this",
	"updated-since": "only projects changed at or after this date (2026-11-21) or RFC 3339 time",
}

// writeExport encodes every record src yields. With a file name it writes
// a temporary file beside it and renames it into place only when complete,
// so that a failed or interrupted export never leaves half a file.
func writeExport(f dataset.Format, meta dataset.FileMeta, out string, stdout io.Writer, src func(dataset.Encoder) (int, error)) (n int, err error) {
	err = writeOut(out, stdout, func(w io.Writer) error {
		enc, err := f.New(w, meta)
		if err != nil {
			return err
		}
		if n, err = src(enc); err != nil {
			dataset.Discard(enc)
			return err
		}
		return enc.Close()
	})
	return n, err
}

// writeOut runs write on stdout or, with a file name, on a temporary file
// beside it that is renamed into place only when write succeeds.
func writeOut(out string, stdout io.Writer, write func(io.Writer) error) (err error) {
	if out == "" {
		return write(stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = write(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}
