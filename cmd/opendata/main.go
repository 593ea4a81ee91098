// Command opendata crawls Bulgarian municipal sites for EU- and
// nationally-funded projects, extracts them into records, indexes them and
// serves search and downloads. See README.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

const usage = `opendata: open data on the projects of Bulgarian municipalities

usage: opendata <command> [flags]

commands:
  crawl      crawl the sites file, extract, merge into the store, update the index
  serve      serve the HTTP API and the search page (optionally crawling on a schedule)
  extract    extract the project records of one saved page, as JSON
  export     write the dataset (or a filtered part) as CSV, JSON or NDJSON
  reextract  run today's extractor over every archived page, merge, reindex
  reindex    rebuild the search index from the store
  register   register sync: fetch the register of EU-funded contracts (ИСУН 2020) and join it
  demo       crawl bundled sample sites on loopback and serve the result
  sites      sites check: how each municipality's website answers, and whether its projects are found

Run 'opendata <command> -h' for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(2)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "opendata:", err)
		os.Exit(1)
	}
}

// run dispatches to a subcommand; stdout and stderr are passed so that tests
// can run the binary's main path in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stderr, usage)
		return flag.ErrHelp
	}
	cmd, args := args[0], args[1:]
	switch cmd {
	case "crawl":
		return runCrawl(ctx, args, stdout, stderr)
	case "serve":
		return runServe(ctx, args, stdout, stderr)
	case "extract":
		return runExtract(ctx, args, stdout, stderr)
	case "export":
		return runExport(ctx, args, stdout, stderr)
	case "reextract":
		return runReextract(ctx, args, stdout, stderr)
	case "reindex":
		return runReindex(ctx, args, stdout, stderr)
	case "demo":
		return runDemo(ctx, args, stdout, stderr)
	case "register":
		return runRegister(ctx, args, stdout, stderr)
	case "sites":
		return runSites(ctx, args, stdout, stderr)
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// commonFlags are the flags every command that touches the data directory takes.
type commonFlags struct {
	data      string
	logFormat string
	logLevel  string
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.data, "data", "./data", "the data directory: archived pages, the store, the index")
	c.registerLog(fs, "info")
}

// registerLog registers the log flags alone (a command with no data
// directory), with level the default log level (the help shows it).
func (c *commonFlags) registerLog(fs *flag.FlagSet, level string) {
	fs.StringVar(&c.logFormat, "log-format", "", "log format: text or json (default: text on a terminal, json otherwise)")
	fs.StringVar(&c.logLevel, "log-level", level, "log level: debug, info, warn, error")
}

// logger builds the one slog.Logger of the process.
func (c *commonFlags) logger(stderr io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.logLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	format := c.logFormat
	if format == "" {
		format = "json"
		if isTerminal(stderr) {
			format = "text"
		}
	}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(stderr, opts))
	}
	return slog.New(slog.NewTextHandler(stderr, opts))
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
