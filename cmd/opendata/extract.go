package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/opendata-bg/opendata/dataset/extract"
)

// runExtract prints the project records of one saved page as JSON:
// {"url": …, "projects": […]}.
func runExtract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	pageURL := fs.String("url", "", "the URL the page was fetched from (resolves links, names the source)")
	contentType := fs.String("content-type", "", "the HTTP Content-Type header the page came with, if known")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: opendata extract [--url URL] [--content-type TYPE] FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("extract: give exactly one FILE")
	}
	body, err := readPage(fs.Arg(0))
	if err != nil {
		return fmt.Errorf("extract: %w", err)
	}
	res, err := extract.Extract(body, *pageURL, *contentType)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(struct {
		URL      string      `json:"url"`
		Projects interface{} `json:"projects"`
	}{res.URL, res.Projects})
}

// readPage reads a page file, refusing one larger than the extractor accepts.
func readPage(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, extract.MaxBodySize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(body) > extract.MaxBodySize {
		return nil, fmt.Errorf("read %s: %w", path, extract.ErrTooLarge)
	}
	return body, nil
}
