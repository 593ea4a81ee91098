package register

import (
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/opendata-bg/opendata/dataset"
)

// Store is what the syncer needs of the store.
type Store interface {
	RegisterProgrammes() ([]dataset.RegisterProgramme, error)
	LoadRegister(p dataset.RegisterProgramme) (dataset.RegisterLoader, error)
}

// Syncer fetches the programme files (or reads saved ones), archives each
// as fetched and loads it into the store. A programme's contracts are
// replaced only by a whole file (its totalProjects matches the projects in
// it); a truncated, malformed or refused one leaves them as they were.
type Syncer struct {
	Client *Client // the register; not used with From
	// From is a directory of saved programme files (programme-ID-PERIOD.json
	// or .json.gz, and criteria.json for the names) to load instead of the
	// register.
	From string
	// Archive is the directory where every file is kept as fetched, gzipped
	// (programme-ID-PERIOD.json.gz, criteria.json.gz); "" keeps none.
	Archive string
	Store   Store
	// Programmes to sync; Programmes (the EU ones) when nil.
	Programmes []Programme
	// MaxAge: a programme fetched less than MaxAge ago is not fetched
	// again (the cache of a sync that was cut short); 0 fetches every one.
	MaxAge time.Duration
	Logger *slog.Logger
}

// Result is what a sync did with one programme.
type Result struct {
	Programme dataset.RegisterProgramme
	// Status: "loaded", "unchanged" (the register said 304), "cached"
	// (fetched less than MaxAge ago), "rejected" (not a whole file; the
	// previous contracts kept), "failed" (no answer, refused; kept too) or
	// "missing" (no saved file for it in From).
	Status   string
	Error    string
	Duration time.Duration
}

// FileName is the name of a programme's file in an archive or a From directory.
func FileName(id, period int) string { return fmt.Sprintf("programme-%d-%d.json", id, period) }

// Sync syncs every programme, one after the other, and returns what it did
// with each. It fails only when ctx ends or nothing can be read at all.
func (s *Syncer) Sync(ctx context.Context) ([]Result, error) {
	log := s.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if s.Archive != "" {
		if err := os.MkdirAll(s.Archive, 0o755); err != nil {
			return nil, fmt.Errorf("register archive: %w", err)
		}
	}
	names := s.criteria(ctx, log)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	known := map[string]dataset.RegisterProgramme{}
	stored, err := s.Store.RegisterProgrammes()
	if err != nil {
		return nil, err
	}
	for _, p := range stored {
		known[p.Key()] = p
	}
	progs := s.Programmes
	if progs == nil {
		progs = Programmes
	}
	var out []Result
	for _, p := range progs {
		if p.Name == "" {
			p.Name = names[dataset.RegisterProgramme{ID: p.ID, PeriodID: p.PeriodID}.Key()]
		}
		start := time.Now()
		res := s.one(ctx, p, known)
		res.Duration = time.Since(start)
		log.Info("register programme", "programme", p.ID, "period", p.PeriodID, "status", res.Status,
			"projects", res.Programme.Projects, "error", res.Error, "took", res.Duration.Round(time.Millisecond).String())
		out = append(out, res)
		if err := ctx.Err(); err != nil {
			return out, err
		}
	}
	return out, nil
}

// criteria reads the programmes' names (and archives the criteria); a
// failure only costs the names.
func (s *Syncer) criteria(ctx context.Context, log *slog.Logger) map[string]string {
	var body []byte
	var err error
	if s.From != "" {
		body, err = readMaybeGzip(filepath.Join(s.From, "criteria.json"))
	} else {
		_, body, err = s.Client.Criteria(ctx)
	}
	names := map[string]string{}
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			log.Warn("register criteria unavailable; programmes without names", "error", err)
		}
		return names
	}
	list, err := DecodeCriteria(body)
	if err != nil {
		log.Warn("register criteria unreadable", "error", err)
		return names
	}
	for _, p := range list {
		names[dataset.RegisterProgramme{ID: p.ID, PeriodID: p.PeriodID}.Key()] = p.Name
	}
	if s.Archive != "" && !s.fromArchive() {
		if err := writeGzip(filepath.Join(s.Archive, "criteria.json.gz"), body); err != nil {
			log.Warn("archive the register criteria", "error", err)
		}
	}
	return names
}

func (s *Syncer) fromArchive() bool {
	if s.From == "" || s.Archive == "" {
		return false
	}
	a, err1 := filepath.Abs(s.From)
	b, err2 := filepath.Abs(s.Archive)
	return err1 == nil && err2 == nil && a == b
}

// one syncs one programme.
func (s *Syncer) one(ctx context.Context, p Programme, known map[string]dataset.RegisterProgramme) Result {
	meta := dataset.RegisterProgramme{ID: p.ID, PeriodID: p.PeriodID, Name: p.Name}
	prev, had := known[meta.Key()]
	if s.From != "" {
		return s.fromFile(p, meta)
	}
	meta.URL = s.Client.ProgrammeURL(p.ID, p.PeriodID)
	if had && s.MaxAge > 0 && time.Since(prev.FetchedAt) < s.MaxAge {
		return Result{Programme: prev, Status: "cached"}
	}
	header := http.Header{}
	if had && prev.ETag != "" {
		header.Set("If-None-Match", prev.ETag)
	}
	if had && prev.LastModified != "" {
		header.Set("If-Modified-Since", prev.LastModified)
	}
	var res Result
	err := s.Client.Get(ctx, meta.URL, header, func(resp *http.Response, body io.Reader) error {
		meta.ETag, meta.LastModified = resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		res = s.load(meta, body, time.Now())
		return nil
	})
	switch {
	case errors.Is(err, ErrNotModified):
		return Result{Programme: prev, Status: "unchanged"}
	case err != nil:
		return Result{Programme: prevOr(prev, had, meta), Status: "failed", Error: err.Error()}
	}
	if res.Status != "loaded" && had {
		res.Programme = prev
	}
	return res
}

func prevOr(prev dataset.RegisterProgramme, had bool, meta dataset.RegisterProgramme) dataset.RegisterProgramme {
	if had {
		return prev
	}
	return meta
}

// fromFile loads a saved programme file.
func (s *Syncer) fromFile(p Programme, meta dataset.RegisterProgramme) Result {
	path := filepath.Join(s.From, FileName(p.ID, p.PeriodID))
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		path += ".gz"
		f, err = os.Open(path)
	}
	if errors.Is(err, os.ErrNotExist) {
		return Result{Programme: meta, Status: "missing"}
	}
	if err != nil {
		return Result{Programme: meta, Status: "failed", Error: err.Error()}
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		zr, err := gzip.NewReader(f)
		if err != nil {
			return Result{Programme: meta, Status: "rejected", Error: fmt.Sprintf("%s: %v", path, err)}
		}
		r = zr
	}
	meta.URL = path
	at := time.Now()
	if fi, err := f.Stat(); err == nil {
		at = fi.ModTime()
	}
	return s.load(meta, r, at)
}

// load decodes one programme file into the store while archiving it, and
// commits it when it is whole.
func (s *Syncer) load(meta dataset.RegisterProgramme, body io.Reader, at time.Time) Result {
	arch, err := s.newArchive(meta)
	if err != nil {
		return Result{Programme: meta, Status: "failed", Error: err.Error()}
	}
	defer arch.discard()
	loader, err := s.Store.LoadRegister(meta)
	if err != nil {
		return Result{Programme: meta, Status: "failed", Error: err.Error()}
	}
	h, err := Decode(io.TeeReader(body, arch), loader.Add)
	if err == nil && !h.Whole() {
		err = fmt.Errorf("%w: the file announces %d projects and holds %d", ErrFormat, h.TotalProjects, h.Projects)
	}
	if err != nil {
		status := "failed"
		if errors.Is(err, ErrFormat) {
			status = "rejected"
		}
		if aerr := loader.Abort(); aerr != nil {
			err = errors.Join(err, aerr)
		}
		return Result{Programme: meta, Status: status, Error: err.Error()}
	}
	meta.GeneratedAt, meta.FetchedAt, meta.Projects = h.GeneratedAt, at.UTC(), h.Projects
	meta.Bytes, meta.SHA256 = arch.n, hex.EncodeToString(arch.h.Sum(nil))
	if meta.Archive, err = arch.keep(); err != nil {
		loader.Abort()
		return Result{Programme: meta, Status: "failed", Error: err.Error()}
	}
	var resolve func(*dataset.RegisterContract) bool
	if h.Unresolved > 0 {
		resolve = h.Resolve
	}
	if err := loader.Commit(meta, resolve); err != nil {
		return Result{Programme: meta, Status: "failed", Error: err.Error()}
	}
	return Result{Programme: meta, Status: "loaded"}
}

// archive writes a file as it is read: gzipped to a temporary name, kept
// under the programme's name only when the file proved whole. It also
// counts and hashes the bytes.
type archive struct {
	tmp, final string
	f          *os.File
	zw         *gzip.Writer
	h          hash.Hash
	n          int64
}

func (s *Syncer) newArchive(meta dataset.RegisterProgramme) (*archive, error) {
	a := &archive{h: sha256.New()}
	if s.Archive == "" || s.fromArchive() {
		return a, nil
	}
	a.final = filepath.Join(s.Archive, FileName(meta.ID, meta.PeriodID)+".gz")
	a.tmp = a.final + ".part"
	f, err := os.Create(a.tmp)
	if err != nil {
		return nil, fmt.Errorf("register archive: %w", err)
	}
	a.f, a.zw = f, gzip.NewWriter(f)
	return a, nil
}

func (a *archive) Write(p []byte) (int, error) {
	a.n += int64(len(p))
	a.h.Write(p)
	if a.zw != nil {
		if _, err := a.zw.Write(p); err != nil {
			return 0, fmt.Errorf("register archive: %w", err)
		}
	}
	return len(p), nil
}

// keep closes the archive and moves it to its name; it returns that name
// relative to the archive directory's parent (the data directory).
func (a *archive) keep() (string, error) {
	if a.f == nil {
		return "", nil
	}
	err := a.zw.Close()
	if err == nil {
		err = a.f.Sync()
	}
	if cerr := a.f.Close(); err == nil {
		err = cerr
	}
	a.f = nil
	if err == nil {
		err = os.Rename(a.tmp, a.final)
	}
	if err != nil {
		return "", fmt.Errorf("register archive: %w", err)
	}
	return filepath.Join(filepath.Base(filepath.Dir(a.final)), filepath.Base(a.final)), nil
}

// discard removes an archive that was not kept.
func (a *archive) discard() {
	if a.f != nil {
		a.f.Close()
		os.Remove(a.tmp)
	}
}

func readMaybeGzip(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if b, err = os.ReadFile(path + ".gz"); err == nil {
			zr, zerr := gzip.NewReader(strings.NewReader(string(b)))
			if zerr != nil {
				return nil, zerr
			}
			return io.ReadAll(io.LimitReader(zr, 64<<20))
		}
	}
	return b, err
}

func writeGzip(path string, body []byte) error {
	tmp := path + ".part"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	zw := gzip.NewWriter(f)
	_, err = zw.Write(body)
	if err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		return os.Rename(tmp, path)
	}
	os.Remove(tmp)
	return err
}
