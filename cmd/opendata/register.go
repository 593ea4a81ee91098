package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/register"
)

// registerFlags are the flags of the register sync, in `register sync` and in `serve`.
type registerFlags struct {
	url        string
	from       string
	delay      time.Duration
	backoff    time.Duration
	maxAge     time.Duration
	programmes string
}

func (f *registerFlags) add(fs *flag.FlagSet, prefix string) {
	fs.StringVar(&f.url, prefix+"url", register.DefaultBase, "the register's base URL (ИСУН 2020 open data)")
	fs.StringVar(&f.from, prefix+"from", "", "load saved programme files (programme-ID-PERIOD.json[.gz]) from this directory instead of the register")
	fs.DurationVar(&f.delay, prefix+"delay", register.MinDelay, "time between two calls to the register (at least 15s against 2020.eufunds.bg)")
	fs.DurationVar(&f.backoff, prefix+"backoff", register.DefaultBackoff, "first wait after a refusal without Retry-After (doubling)")
	fs.DurationVar(&f.maxAge, prefix+"max-age", 24*time.Hour, "a programme fetched less than this ago is not fetched again; 0 fetches all")
	fs.StringVar(&f.programmes, prefix+"programmes", "", "programmes to sync as ID/PERIOD,… (default: the 29 that spend EU money)")
}

// parseProgrammes reads "1/1,8010686/2".
func parseProgrammes(s string) ([]register.Programme, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []register.Programme
	for _, part := range strings.Split(s, ",") {
		id, period, ok := strings.Cut(strings.TrimSpace(part), "/")
		a, err1 := strconv.Atoi(id)
		b, err2 := strconv.Atoi(period)
		if !ok || err1 != nil || err2 != nil || a <= 0 || b <= 0 {
			return nil, fmt.Errorf("programme %q is not ID/PERIOD (8010686/2)", part)
		}
		out = append(out, register.Programme{ID: a, PeriodID: b})
	}
	return out, nil
}

// runRegister is `opendata register sync`.
func runRegister(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "sync" {
		fmt.Fprintln(stderr, "usage: opendata register sync [--data DIR] [--url BASE] [--from DIR] [flags]")
		return errors.New("register: the only subcommand is sync")
	}
	fs := flag.NewFlagSet("register sync", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var common commonFlags
	common.register(fs)
	var rf registerFlags
	rf.add(fs, "")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("register sync: unexpected argument %q", fs.Arg(0))
	}
	logger := common.logger(stderr)
	a, err := openApp(common.data, logger)
	if err != nil {
		return fmt.Errorf("register sync: %w", err)
	}
	defer a.Close()
	if err := a.ensureIndex(ctx); err != nil {
		return fmt.Errorf("register sync: %w", err)
	}
	rep, err := syncRegister(ctx, a, rf)
	printRegisterSync(stdout, rep)
	if err != nil {
		return fmt.Errorf("register sync: %w", err)
	}
	return nil
}

// registerReport is what a sync did.
type registerReport struct {
	results  []register.Result
	rejoined int
	took     time.Duration
}

// syncRegister syncs the register into a's store, joins the records again
// and updates the index.
func syncRegister(ctx context.Context, a *app, rf registerFlags) (registerReport, error) {
	start := time.Now()
	progs, err := parseProgrammes(rf.programmes)
	if err != nil {
		return registerReport{}, err
	}
	s := &register.Syncer{
		From: rf.from, Archive: filepath.Join(a.dir, "register"), Store: a.store, Programmes: progs, MaxAge: rf.maxAge,
		Logger: a.logger.With("component", "register"),
	}
	if rf.from == "" {
		s.Client = &register.Client{Base: rf.url, Delay: rf.delay, Backoff: rf.backoff, Logger: s.Logger,
			UserAgent: "opendata/" + version + " (open data on Bulgarian municipal projects)"}
	}
	var rep registerReport
	rep.results, err = s.Sync(ctx)
	if err != nil && ctx.Err() == nil {
		return rep, err
	}
	// Whatever was loaded is joined, even when the sync was cut short.
	source := rf.url
	if rf.from != "" {
		source = rf.from
	}
	ids, jerr := a.store.RefreshRegister(context.WithoutCancel(ctx), source)
	rep.rejoined = len(ids)
	if jerr == nil {
		jerr = a.reindex(ids)
	}
	rep.took = time.Since(start)
	return rep, errors.Join(err, jerr)
}

// reindex puts the records ids into the index again, in chunks.
func (a *app) reindex(ids []string) error {
	for len(ids) > 0 {
		n := min(len(ids), 500)
		recs := make([]dataset.Record, 0, n)
		for _, id := range ids[:n] {
			r, err := a.store.Record(id)
			if err != nil {
				return err
			}
			recs = append(recs, r)
		}
		if err := a.index.Put(recs); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

func printRegisterSync(w io.Writer, rep registerReport) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "programme\tstatus\tprojects\tfile of\tname\t")
	for _, r := range rep.results {
		p := r.Programme
		fmt.Fprintf(tw, "%d/%d\t%s\t%d\t%s\t%s\t\n", p.ID, p.PeriodID, r.Status, p.Projects, p.FileDate(), p.Name)
	}
	tw.Flush()
	for _, r := range rep.results {
		if r.Error != "" {
			fmt.Fprintf(w, "%d/%d: %s\n", r.Programme.ID, r.Programme.PeriodID, r.Error)
		}
	}
	fmt.Fprintf(w, "register sync: %d records joined again, in %s\n", rep.rejoined, rep.took.Round(time.Millisecond))
}

// registerEvery syncs the register every d until ctx ends (serve --register-every).
func registerEvery(ctx context.Context, a *app, rf registerFlags, d time.Duration) {
	t := time.NewTicker(d)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		rep, err := syncRegister(ctx, a, rf)
		if err != nil && ctx.Err() == nil {
			a.logger.Error("scheduled register sync failed", "error", err)
			continue
		}
		a.logger.Info("scheduled register sync", "programmes", len(rep.results), "rejoined", rep.rejoined, "took", rep.took.String())
	}
}
