package register_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/opendata-bg/opendata/dataset"
	"github.com/opendata-bg/opendata/dataset/register"
	"github.com/opendata-bg/opendata/dataset/register/registertest"
	"github.com/opendata-bg/opendata/dataset/store"
)

// fixture is a programme file of n contracts of Община Левски and of
// firms executed in Левски, with natural persons among the beneficiaries.
func fixture(id, n int, generated string) *registertest.File {
	f := &registertest.File{ID: id, PeriodID: 1, Name: fmt.Sprintf("Програма %d", id), GeneratedAt: generated,
		Entities: []registertest.Entity{
			{ID: "1", UIN: "000413640", Name: "Община Левски"},
			{ID: "2", UIN: "200000001", Name: "АГРО ЛЕВСКИ ЕООД"},
			{ID: "3", Name: "Иван"}, // a natural person: a first name, no ЕИК
		}}
	for i := range n {
		f.Projects = append(f.Projects, registertest.Project{
			ID:       fmt.Sprintf("BG16RFOP001-%d.001-%04d-C01", id, i+1),
			Name:     fmt.Sprintf("Проект %d на програма %d за реконструкция на обект в Левски", i+1, id),
			EntityID: []string{"1", "2", "3"}[i%3], Places: []string{registertest.Place("Левски")},
			Funding: "ЕФРР", Status: "Приключен", Start: "2017-03-01T00:00:00", End: "2019-12-31T00:00:00",
			Total: 1000 + float64(i) + 0.25, Paid: []float64{100, 200.5},
		})
	}
	return f
}

func openStore(t testing.TB) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "store.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func decodeAll(t *testing.T, f *registertest.File) ([]dataset.RegisterContract, register.Header, error) {
	t.Helper()
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	var out []dataset.RegisterContract
	h, err := register.Decode(&buf, func(c dataset.RegisterContract) error { out = append(out, c); return nil })
	return out, h, err
}

func TestDecode(t *testing.T) {
	f := fixture(1, 6, "2026-01-05T10:00:00")
	cs, h, err := decodeAll(t, f)
	if err != nil || !h.Whole() || len(cs) != 6 || h.GeneratedAt != "2026-01-05T10:00:00" {
		t.Fatalf("decode: %v, header %+v, %d contracts", err, h, len(cs))
	}
	c := cs[0]
	if c.Number != "BG16RFOP001-1.001-0001-C01" || c.Beneficiary != "Община Левски" || c.BeneficiaryEIK != "000413640" ||
		c.Start != "2017-03-01" || c.End != "2019-12-31" || *c.TotalEUR != 1000.25 || *c.PaidEUR != 300.5 ||
		len(c.Municipalities) != 1 || c.Municipalities[0] != "Левски" || c.Status != "Приключен" || c.Funding != "ЕФРР" {
		t.Errorf("first contract %+v", c)
	}
	if p := cs[2]; p.Beneficiary != "Иван" || p.BeneficiaryEIK != "" || !p.NaturalPerson {
		t.Errorf("natural person %+v", p)
	}
	// Entities after the projects: the beneficiaries are resolved afterwards.
	f.EntitiesLast = true
	cs, h, err = decodeAll(t, f)
	if err != nil || h.Unresolved != 6 || cs[0].Beneficiary != "" {
		t.Fatalf("entities last: %v, %+v", err, h)
	}
	if !h.Resolve(&cs[0]) || cs[0].Beneficiary != "Община Левски" {
		t.Errorf("resolve: %+v", cs[0])
	}
	// A file that announces more projects than it holds is not whole.
	f.TotalProjects = 7
	if _, h, err = decodeAll(t, f); err != nil || h.Whole() {
		t.Errorf("short file: %v whole=%v", err, h.Whole())
	}
}

func TestDecodeRejects(t *testing.T) {
	var whole bytes.Buffer
	fixture(1, 3, "2026-01-05").WriteTo(&whole)
	for name, body := range map[string]string{
		"truncated":    whole.String()[:whole.Len()/2],
		"html":         "<!DOCTYPE html><html>Too many requests</html>",
		"empty":        "",
		"a list":       "[1,2]",
		"trailing":     whole.String() + "{}",
		"bad projects": `{"totalProjects":1,"projects":{"id":1}}`,
	} {
		_, err := register.Decode(strings.NewReader(body), func(dataset.RegisterContract) error { return nil })
		if !errors.Is(err, register.ErrFormat) {
			t.Errorf("%s: error %v, want ErrFormat", name, err)
		}
	}
}

func FuzzDecode(f *testing.F) {
	var whole bytes.Buffer
	fixture(1, 2, "2026-01-05").WriteTo(&whole)
	f.Add(whole.Bytes())
	f.Add([]byte(`{"totalProjects":"1","projects":[{"id":5,"totalValue":"1 234,5","actuallyPaidAmounts":null,"status":{"name":"x"}}]}`))
	f.Add([]byte(`{"entities":null,"x":[[{}]],"projects":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		h, err := register.Decode(bytes.NewReader(b), func(c dataset.RegisterContract) error {
			n++
			if c.TotalEUR != nil && (*c.TotalEUR != *c.TotalEUR) {
				t.Fatal("NaN total")
			}
			return nil
		})
		if err == nil && h.Projects != n {
			t.Fatalf("%d projects counted, %d handed over", h.Projects, n)
		}
	})
}

// syncer returns a syncer against srv with no politeness delay and quick backoff.
func syncer(st *store.Store, srv *registertest.Server, archive string, progs ...register.Programme) *register.Syncer {
	return &register.Syncer{
		Client:     &register.Client{Base: srv.URL, Delay: 20 * time.Millisecond, Backoff: 10 * time.Millisecond, Refusals: 4},
		Archive:    archive,
		Store:      st,
		Programmes: progs,
	}
}

func TestSyncLoadsWaitsAndKeepsOldData(t *testing.T) {
	st := openStore(t)
	f1, f2 := fixture(1, 2500, "2026-01-05T10:00:00"), fixture(2, 30, "2026-01-05T10:00:00")
	f2.EntitiesLast = true
	srv := registertest.NewServer(f1, f2)
	defer srv.Close()
	p1 := registertest.ProgrammePath(1, 1)
	srv.Refuse429[p1] = 1
	srv.RefuseHTML[p1] = 1
	archive := filepath.Join(t.TempDir(), "register")
	s := syncer(st, srv, archive, register.Programme{ID: 1, PeriodID: 1}, register.Programme{ID: 2, PeriodID: 1})
	res, err := s.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != "loaded" {
			t.Fatalf("programme %d: %s %s", r.Programme.ID, r.Status, r.Error)
		}
	}
	if res[0].Programme.Projects != 2500 || res[0].Programme.Name != "Програма 1" || res[0].Programme.FileDate() != "2026-01-05" {
		t.Errorf("programme 1: %+v", res[0].Programme)
	}
	// The refusals were waited out: the file was asked three times, and
	// no two calls came closer than the delay.
	calls := srv.Calls()
	n := 0
	for i, c := range calls {
		if c.Path == p1 {
			n++
		}
		if i > 0 && c.At.Sub(calls[i-1].At) < 20*time.Millisecond {
			t.Errorf("calls %d and %d %v apart", i-1, i, c.At.Sub(calls[i-1].At))
		}
	}
	if n != 3 {
		t.Errorf("programme 1 asked %d times, want 3 (a 429, an HTML page, the file)", n)
	}
	checkArchive(t, filepath.Join(archive, "programme-1-1.json.gz"), f1)

	// The resolved beneficiaries of a file whose entities came last.
	r := joinOne(t, st, "BG16RFOP001-2.001-0001-C01")
	if r.Register == nil || r.Register.Beneficiary != "Община Левски" || r.Register.BeneficiaryEIK != "000413640" {
		t.Fatalf("joined %+v", r.Register)
	}

	// A truncated file and a file short of its totalProjects are rejected:
	// the programme keeps its contracts and its archive.
	srv.SetFile(fixture(1, 10, "2026-02-01T10:00:00"))
	srv.Truncate[p1] = 300
	bad := fixture(2, 40, "2026-02-01T10:00:00")
	bad.TotalProjects = 41
	srv.SetFile(bad)
	res, err = s.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != "rejected" || r.Programme.GeneratedAt != "2026-01-05T10:00:00" {
			t.Errorf("programme %d: %s (%s), kept %+v", r.Programme.ID, r.Status, r.Error, r.Programme)
		}
	}
	progs, _ := st.RegisterProgrammes()
	if len(progs) != 2 || progs[0].Projects != 2500 || progs[1].Projects != 30 {
		t.Fatalf("after rejected files: %+v", progs)
	}
	if r := joinOne(t, st, "BG16RFOP001-1.001-2500-C01"); r.Register == nil {
		t.Error("the rejected file lost the old contracts")
	}
	checkArchive(t, filepath.Join(archive, "programme-1-1.json.gz"), f1)
	if _, err := os.Stat(filepath.Join(archive, "programme-1-1.json.gz.part")); !os.IsNotExist(err) {
		t.Errorf("a rejected file's archive is left behind: %v", err)
	}

	// A whole new file replaces the old one; the contracts it no longer has are gone.
	srv.SetFile(fixture(1, 10, "2026-02-01T10:00:00"))
	if res, _ = s.Sync(context.Background()); res[0].Status != "loaded" {
		t.Fatalf("new file: %+v", res[0])
	}
	if r := joinOne(t, st, "BG16RFOP001-1.001-2500-C01"); r.Register != nil {
		t.Error("a contract of the replaced file is still there")
	}
	if r := joinOne(t, st, "BG16RFOP001-1.001-0010"); r.Register == nil || r.Register.FileDate != "2026-02-01" || r.Register.Match != "registration_number" {
		t.Errorf("new file: %+v", r.Register)
	}

	// Offline: the archive is a directory of saved files.
	st2 := openStore(t)
	off := &register.Syncer{From: archive, Archive: archive, Store: st2, Programmes: s.Programmes}
	res, err = off.Sync(context.Background())
	if err != nil || res[0].Status != "loaded" || res[0].Programme.Projects != 10 || res[1].Programme.Projects != 30 {
		t.Fatalf("--from the archive: %v %+v", err, res)
	}
}

// joinOne merges a one-record page stating number into st and returns the record.
func joinOne(t *testing.T, st *store.Store, number string) dataset.Record {
	t.Helper()
	url := "https://levski.bg/p/" + number
	res, err := st.Merge(dataset.Page{URL: url, FetchedAt: time.Now()}, []dataset.Record{{ContractNumbers: []string{number}, Municipality: "Левски"}})
	if err != nil {
		t.Fatal(err)
	}
	id := append(res.Added, res.Changed...)
	if len(id) == 0 {
		t.Fatalf("merge of %s changed nothing", number)
	}
	r, err := st.Record(id[0])
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func checkArchive(t *testing.T, path string, f *registertest.File) {
	t.Helper()
	raw, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	zr, err := gzip.NewReader(raw)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	f.WriteTo(&want)
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("%s holds %d bytes, not the %d fetched", path, len(got), want.Len())
	}
}

func TestSyncGivesUpOnEndlessRefusals(t *testing.T) {
	st := openStore(t)
	srv := registertest.NewServer(fixture(1, 3, "2026-01-05"))
	defer srv.Close()
	srv.Refuse429[registertest.ProgrammePath(1, 1)] = 100
	res, err := syncer(st, srv, "", register.Programme{ID: 1, PeriodID: 1}).Sync(context.Background())
	if err != nil || res[0].Status != "failed" || !strings.Contains(res[0].Error, "refused") {
		t.Fatalf("%v %+v", err, res)
	}
	if n := len(srv.Calls()); n != 1+4 {
		t.Errorf("%d calls, want the criteria and 4 attempts", n)
	}
}

func TestClientDelayAgainstTheRealRegister(t *testing.T) {
	c := &register.Client{Delay: time.Second}
	if c.Spacing() != register.MinDelay {
		t.Errorf("spacing %v against the real register", c.Spacing())
	}
	if c := (&register.Client{Base: "http://127.0.0.1:1", Delay: time.Second}); c.Spacing() != time.Second {
		t.Errorf("spacing %v against a local register", c.Spacing())
	}
	if got := c.ProgrammeURL(8010686, 2); got != "https://2020.eufunds.bg/api/v1.0/opendata?ProgrammeId=8010686&ProgrammePeriodId=2" {
		t.Errorf("URL %s", got)
	}
	if len(register.Programmes) != 29 {
		t.Errorf("%d programmes, the register has 29 spending EU money", len(register.Programmes))
	}
}
