package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"github.com/opendata-bg/opendata/dataset/store"
	"github.com/opendata-bg/opendata/index"
)

// app holds the components over one data directory.
type app struct {
	dir    string
	logger *slog.Logger
	store  *store.Store
	index  *index.Index
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

// Close closes the index and the store.
func (a *app) Close() error {
	return errors.Join(a.index.Close(), a.store.Close())
}
