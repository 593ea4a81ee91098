package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/opendata-bg/opendata/crawler"
	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/store"
)

// reextractBatch is how many pages one store transaction merges.
const reextractBatch = 100

// reextractStats is what a reextract did.
type reextractStats struct {
	pages, gone, failed     int
	added, changed, removed int
	records                 int
	indexed                 uint64
	extractTime, mergeTime  time.Duration
	indexTime               time.Duration
	firstFailure            string
}

// runReextract runs today's extractor over every archived page (no
// network), merges the records into the store and rebuilds the index.
func runReextract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("reextract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cf commonFlags
	cf.register(fs)
	sitesFile := fs.String("sites", "", "the sites file the pages were crawled from, for the municipalities' codes (default: the shipped crawler/sites.yaml)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("reextract: unexpected argument %q", fs.Arg(0))
	}
	sites, err := loadSites(*sitesFile)
	if err != nil {
		return fmt.Errorf("reextract: %w", err)
	}
	logger := cf.logger(stderr)
	a, err := openApp(cf.data, logger)
	if err != nil {
		return fmt.Errorf("reextract: %w", err)
	}
	defer a.Close()
	var st reextractStats
	if err := reextractPages(ctx, a, crawler.NewDirectory(sites), &st); err != nil {
		return fmt.Errorf("reextract: %w", err)
	}
	start := time.Now()
	bs, err := a.index.Rebuild(ctx, a.store.EachRecord)
	if err != nil {
		return fmt.Errorf("reextract: rebuild index: %w", err)
	}
	st.indexed, st.indexTime = bs.Records, time.Since(start)
	st.records, _ = a.store.Count()
	fmt.Fprintf(stdout, "reextract: %d pages read, %d skipped (gone), %d failed\n", st.pages, st.gone, st.failed)
	if st.firstFailure != "" {
		fmt.Fprintf(stdout, "  first failure: %s\n", st.firstFailure)
	}
	fmt.Fprintf(stdout, "  records: %d added, %d changed, %d no longer on their page; %d in the store\n",
		st.added, st.changed, st.removed, st.records)
	fmt.Fprintf(stdout, "  index rebuilt: %d records; extract %s, merge %s, index %s\n", st.indexed,
		st.extractTime.Round(time.Millisecond), st.mergeTime.Round(time.Millisecond), st.indexTime.Round(time.Millisecond))
	return nil
}

// reextractPages extracts every archived page that is not gone and merges
// the results, reextractBatch pages per transaction. A page the extractor
// fails on keeps what it contributed before. dir gives the municipalities'
// codes, and the site of a page archived without its site's code.
func reextractPages(ctx context.Context, a *app, dir *crawler.Directory, st *reextractStats) error {
	var batch []store.PageRecords
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		start := time.Now()
		results, err := a.store.MergeBatch(batch)
		st.mergeTime += time.Since(start)
		if err != nil {
			return err
		}
		for _, r := range results {
			st.added += len(r.Added)
			st.changed += len(r.Changed)
			st.removed += len(r.Removed)
		}
		batch = batch[:0]
		return nil
	}
	err := a.store.EachPage(func(p dataset.Page) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p.Gone != nil {
			st.gone++
			return nil
		}
		st.pages++
		start := time.Now()
		p.MunicipalityCode = dir.PageCode(p)
		recs, err := reextractOne(a, p, dir.Codes())
		st.extractTime += time.Since(start)
		if err != nil {
			st.failed++
			if st.firstFailure == "" {
				st.firstFailure = err.Error()
			}
			a.logger.Warn("reextract: page skipped", "url", p.URL, "error", err)
			return nil
		}
		batch = append(batch, store.PageRecords{Page: p, Records: recs})
		if len(batch) >= reextractBatch {
			return flush()
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// reextractOne runs the extractor over one archived page: the same step
// from a page to its records as the crawler's after a fetch.
func reextractOne(a *app, p dataset.Page, codes *dataset.MunicipalityCodes) ([]dataset.Record, error) {
	body, err := a.store.Body(p.URL)
	if err != nil {
		return nil, err
	}
	return crawler.ExtractPage(crawler.PackageExtractor{}, p, body, codes)
}
