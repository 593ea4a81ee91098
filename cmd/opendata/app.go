package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// app holds the components over one data directory.
type app struct {
	dir    string
	logger *slog.Logger
	store  *store.Store
	index  *index.Index

	// stale is set while the index may miss changes of the store (a
	// rebuild has not finished); Close then leaves the index's store
	// generation marker alone, so that the next start rebuilds.
	stale atomic.Bool
}

// openApp opens the store and the index under dir, creating them if needed.
func openApp(dir string, logger *slog.Logger) (*app, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	st, err := store.Open(filepath.Join(dir, "store.db"), logger.With("component", "store"))
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	ix, err := index.Open(filepath.Join(dir, "index.bleve"), logger.With("component", "index"))
	if err != nil {
		st.Close()
		return nil, fmt.Errorf("open index: %w", err)
	}
	return &app{dir: dir, logger: logger, store: st, index: ix}, nil
}

// ensureIndex rebuilds the index from the store when it is missing, damaged,
// never filled completely, or behind the store (a crash between the store's
// commit and the index's). It returns at once when the index is sound.
func (a *app) ensureIndex(ctx context.Context) error {
	why := a.indexStale()
	if why == "" {
		return nil
	}
	a.stale.Store(true)
	a.logger.Warn("rebuilding the search index from the store", "reason", why)
	stats, err := a.index.Rebuild(ctx, a.store.EachRecord)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	a.logger.Info("search index rebuilt", "records", stats.Records, "docs_per_second", int(stats.DocsPerSecond()))
	a.stale.Store(false)
	return nil
}

// indexStale says why the index must be rebuilt, or "" when it need not.
func (a *app) indexStale() string {
	if need, why := a.index.NeedsRebuild(); need {
		return why
	}
	gen, err := a.store.Generation()
	if err != nil {
		return "the store's generation is unreadable: " + err.Error()
	}
	if have := a.index.StoreGeneration(); have != gen {
		return fmt.Sprintf("the index reflects store generation %d, the store is at %d", have, gen)
	}
	return ""
}

// Close records that the index reflects the store (unless a rebuild did not
// finish), then closes the index and the store. Callers stop crawls first.
func (a *app) Close() error {
	var errs []error
	if !a.stale.Load() {
		gen, err := a.store.Generation()
		if err == nil {
			err = a.index.SetStoreGeneration(gen)
		}
		errs = append(errs, err)
	}
	return errors.Join(append(errs, a.index.Close(), a.store.Close())...)
}
