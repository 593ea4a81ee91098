package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// reindexProgressEvery is how often reindex reports how far it got.
const reindexProgressEvery = 5 * time.Second

// runReindex rebuilds the search index from the store: into a fresh
// directory, swapped in (renamed) only when complete, so that an
// interrupted reindex leaves the old index in place.
func runReindex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reindex", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: opendata reindex [--data DIR]\n\nRebuild the search index from the record store.")
		fs.PrintDefaults()
	}
	var cf commonFlags
	cf.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("reindex: unexpected argument %q", fs.Arg(0))
	}
	if fi, err := os.Stat(cf.data); err != nil || !fi.IsDir() {
		return fmt.Errorf("reindex: no data directory %s (run `opendata crawl` first, or pass --data)", cf.data)
	}
	logger := cf.logger(stderr)
	st, err := store.Open(filepath.Join(cf.data, "store.db"), logger.With("component", "store"))
	if err != nil {
		return fmt.Errorf("reindex: open store: %w", err)
	}
	defer st.Close()
	total, err := st.Count()
	if err != nil {
		return fmt.Errorf("reindex: %w", err)
	}
	fmt.Fprintf(stdout, "reindex: indexing %d records from %s\n", total, cf.data)

	progress := withProgress(st.EachRecord, total, stderr)
	stats, err := index.Build(ctx, filepath.Join(cf.data, "index.bleve"), logger.With("component", "index"), progress)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return fmt.Errorf("reindex: interrupted; the previous index is unchanged")
		}
		if dataset.ErrorCode(err) == dataset.EUNAVAILABLE {
			return fmt.Errorf("reindex: %s", dataset.ErrorMessage(err))
		}
		return fmt.Errorf("reindex: %w", err)
	}
	fmt.Fprintf(stdout, "reindex: indexed %d records in %s (%.0f docs/s)\n",
		stats.Records, stats.Duration.Round(time.Millisecond), stats.DocsPerSecond())
	return nil
}

// withProgress wraps a record walk so that it reports, every few seconds,
// how many records it has passed on.
func withProgress(each index.EachFunc, total int, w io.Writer) index.EachFunc {
	return func(fn func(dataset.Record) error) error {
		n, last := 0, time.Now()
		return each(func(r dataset.Record) error {
			n++
			if time.Since(last) >= reindexProgressEvery {
				last = time.Now()
				fmt.Fprintf(w, "reindex: %d of %d records\n", n, total)
			}
			return fn(r)
		})
	}
}
