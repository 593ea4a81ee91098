package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/opendata-bg/opendata/dataset/archive"
	"github.com/opendata-bg/opendata/dataset/store"
)

// formatWARC is export's format for the page archive.
const formatWARC = "warc"

// exportWARC writes every archived page version as a WARC/1.1 file (gzip
// per record) and reports its size against the store's archive.
func exportWARC(ctx context.Context, st *store.Store, out string, stdout, stderr io.Writer) error {
	info := archive.WARCInfo{Software: "opendata",
		Description: "Pages of Bulgarian municipal web sites as fetched by opendata: every fetch whose body differed from the one before."}
	if out != "" {
		info.Filename = filepath.Base(out)
	}
	var records int
	var size int64
	err := writeOut(out, stdout, func(w io.Writer) error {
		var err error
		records, size, err = archive.WriteWARC(ctx, w, st, info)
		return err
	})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	stats, err := st.ArchiveStats()
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	dest := out
	if dest == "" {
		dest = "standard output"
	}
	fmt.Fprintf(stderr, "exported %d page versions (%d WARC records) to %s: %s of WARC; the store's archive holds %d bodies, %s as stored (gzip), %s as fetched\n",
		records-1, records, dest, byteSize(size), stats.Bodies, byteSize(stats.StoredBytes), byteSize(stats.RawBytes))
	return nil
}

// byteSize writes a size in bytes with a unit.
func byteSize(n int64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 10<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
