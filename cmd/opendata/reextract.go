package main

import (
	"context"
	"errors"
	"io"
)

func runReextract(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("reextract: not built yet")
}
