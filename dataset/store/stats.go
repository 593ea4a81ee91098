package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// aggregates caches what is computed by walking every record, per generation.
type aggregates struct {
	statsGen uint64
	statsOK  bool
	munis    []dataset.MunicipalityStat
	stats    dataset.Stats
	byMuni   map[string]dataset.Stats // each municipality name's totals by programme and year
	byCode   map[string]dataset.Stats // the same by municipality_code

	pkgGen  uint64
	pkgOK   bool
	files   map[string]dataset.FileInfo
	records int
	sources []dataset.PackageSource
}

// slim is the part of a record the aggregates read, decoded quickly.
type slim struct {
	Municipality string         `json:"municipality"`
	MuniCode     string         `json:"municipality_code"`
	Programme    string         `json:"programme"`
	Budget       dataset.Budget `json:"budget"`
	Period       dataset.Period `json:"period"`
	Published    string         `json:"published"`
	Withdrawn    string         `json:"withdrawn"`
}

// Municipalities returns each municipality with its number of live projects
// and their total budget in EUR: one row per municipality_code (Ekatte set),
// and one per name for the records without a code; by name, then code. It
// is computed once per generation.
func (s *Store) Municipalities() ([]dataset.MunicipalityStat, error) {
	if err := s.refreshStats(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]dataset.MunicipalityStat(nil), s.cache.munis...), nil
}

// Stats returns live projects' totals by programme and by year (EUR), the
// last crawl time and the last change of any record.
func (s *Store) Stats() (dataset.Stats, error) {
	if err := s.refreshStats(); err != nil {
		return dataset.Stats{}, err
	}
	s.mu.Lock()
	st := s.cache.stats
	s.mu.Unlock()
	return s.withTimes(st)
}

// MunicipalityStats returns the live projects' totals by programme and by
// year (EUR) of the municipalities called name (all of them, whatever
// their codes), like Stats; ENOTFOUND when they have none.
func (s *Store) MunicipalityStats(name string) (dataset.Stats, error) {
	if err := s.refreshStats(); err != nil {
		return dataset.Stats{}, err
	}
	s.mu.Lock()
	st, ok := s.cache.byMuni[name]
	s.mu.Unlock()
	if !ok {
		return dataset.Stats{}, dataset.Errorf(dataset.ENOTFOUND, "no municipality %q with projects", name)
	}
	return s.withTimes(st)
}

// MunicipalityCodeStats is MunicipalityStats of the records whose
// municipality_code is code; ENOTFOUND when none is.
func (s *Store) MunicipalityCodeStats(code string) (dataset.Stats, error) {
	if err := s.refreshStats(); err != nil {
		return dataset.Stats{}, err
	}
	s.mu.Lock()
	st, ok := s.cache.byCode[code]
	s.mu.Unlock()
	if !ok {
		return dataset.Stats{}, dataset.Errorf(dataset.ENOTFOUND, "no municipality of code %q with projects", code)
	}
	return s.withTimes(st)
}

// withTimes copies st's groups and adds the last crawl and change times.
func (s *Store) withTimes(st dataset.Stats) (dataset.Stats, error) {
	st.ByProgramme = append([]dataset.GroupStat(nil), st.ByProgramme...)
	st.ByYear = append([]dataset.GroupStat(nil), st.ByYear...)
	runs, err := s.Crawls(20)
	if err != nil {
		return st, err
	}
	for _, r := range runs {
		if r.Finished != nil {
			t := *r.Finished
			st.LastCrawl = &t
			break
		}
	}
	if t, err := s.updated(); err != nil {
		return st, err
	} else if !t.IsZero() {
		st.Updated = &t
	}
	return st, nil
}

func (s *Store) updated() (time.Time, error) {
	var t time.Time
	err := s.db.View(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketMeta).Get(metaUpdated); v != nil {
			var err error
			t, err = time.Parse(time.RFC3339Nano, string(v))
			return err
		}
		return nil
	})
	if err != nil {
		return t, fmt.Errorf("read last update: %w", err)
	}
	return t, nil
}

// refreshStats recomputes the aggregates when the generation has moved.
func (s *Store) refreshStats() error {
	gen, err := s.Generation()
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cache.statsOK && s.cache.statsGen == gen {
		return nil
	}
	rows := map[string]*dataset.MunicipalityStat{} // by code, else "\x00"+name
	progs := map[string]*dataset.GroupStat{}
	years := map[string]*dataset.GroupStat{}
	byName, byCode := map[string]*groupStats{}, map[string]*groupStats{}
	var st dataset.Stats
	err = s.walk(bucketRecords, func(k, v []byte) error {
		var r slim
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode record %s: %w", k, err)
		}
		if r.Withdrawn != "" {
			return nil
		}
		eur := 0.0 // the best-known amount: the total, else the grant
		if e, _ := r.Budget.AmountEUR(); e != nil {
			eur = *e
		}
		st.Projects++
		st.BudgetEUR += eur
		name := orUnknown(r.Municipality)
		key := "\x00" + name
		if r.MuniCode != "" {
			key = r.MuniCode
		}
		m, ok := rows[key]
		if !ok {
			m = &dataset.MunicipalityStat{Municipality: name, Ekatte: r.MuniCode}
			rows[key] = m
		}
		m.Projects++
		m.BudgetEUR += eur
		prog := orUnknown(r.Programme)
		addGroup(progs, prog, eur)
		rec := dataset.Record{Period: r.Period, Published: r.Published}
		year := "unknown"
		if y := rec.Year(); y > 0 {
			year = strconv.Itoa(y)
		}
		addGroup(years, year, eur)
		groupsOf(byName, name).add(prog, year, eur)
		if r.MuniCode != "" {
			groupsOf(byCode, r.MuniCode).add(prog, year, eur)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("compute stats: %w", err)
	}
	st.BudgetEUR = cents(st.BudgetEUR)
	st.ByProgramme, st.ByYear = groups(progs), groups(years)
	list := make([]dataset.MunicipalityStat, 0, len(rows))
	for _, m := range rows {
		m.BudgetEUR = cents(m.BudgetEUR)
		list = append(list, *m)
	}
	sort.Slice(list, func(i, j int) bool {
		if list[i].Municipality != list[j].Municipality {
			return list[i].Municipality < list[j].Municipality
		}
		return list[i].Ekatte < list[j].Ekatte
	})
	s.cache.byMuni, s.cache.byCode = statsOf(byName), statsOf(byCode)
	s.cache.munis, s.cache.stats = list, st
	s.cache.statsGen, s.cache.statsOK = gen, true
	return nil
}

// groupStats are one municipality's totals, by programme and by year.
type groupStats struct {
	projects    int
	eur         float64
	progs, year map[string]*dataset.GroupStat
}

func groupsOf(m map[string]*groupStats, key string) *groupStats {
	g, ok := m[key]
	if !ok {
		g = &groupStats{progs: map[string]*dataset.GroupStat{}, year: map[string]*dataset.GroupStat{}}
		m[key] = g
	}
	return g
}

func (g *groupStats) add(prog, year string, eur float64) {
	g.projects++
	g.eur += eur
	addGroup(g.progs, prog, eur)
	addGroup(g.year, year, eur)
}

func statsOf(m map[string]*groupStats) map[string]dataset.Stats {
	out := make(map[string]dataset.Stats, len(m))
	for k, g := range m {
		out[k] = dataset.Stats{Projects: g.projects, BudgetEUR: cents(g.eur), ByProgramme: groups(g.progs), ByYear: groups(g.year)}
	}
	return out
}

func addGroup(m map[string]*dataset.GroupStat, key string, eur float64) {
	g, ok := m[key]
	if !ok {
		g = &dataset.GroupStat{Key: key}
		m[key] = g
	}
	g.Projects++
	g.BudgetEUR += eur
}

func groups(m map[string]*dataset.GroupStat) []dataset.GroupStat {
	out := make([]dataset.GroupStat, 0, len(m))
	for _, g := range m {
		g.BudgetEUR = cents(g.BudgetEUR)
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

func cents(x float64) float64 { return math.Round(x*100) / 100 }

// DataPackage returns the Frictionless Data Package (v2) JSON describing the
// downloads in formats (TextFormats when nil); baseURL is the API's absolute
// base (http://host) for resource paths. The bytes and hash of each Sized
// format's full download are computed by streaming a full export through a
// hasher, once per generation.
func (s *Store) DataPackage(baseURL string, formats dataset.Formats) ([]byte, error) {
	gen, err := s.Generation()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.cache.pkgOK || s.cache.pkgGen != gen {
		if err := s.computePackage(gen, formats); err != nil {
			return nil, fmt.Errorf("data package: %w", err)
		}
	}
	updated, err := s.updated()
	if err != nil {
		return nil, err
	}
	return dataset.DataPackage(dataset.PackageInfo{
		BaseURL: baseURL, Updated: updated, Records: s.cache.records,
		Files: s.cache.files, Sources: s.cache.sources, Formats: formats,
	})
}

// computePackage describes the full downloads and collects the sites of
// the archived pages (the rules are dataset's).
func (s *Store) computePackage(gen uint64, formats dataset.Formats) error {
	files, n, err := dataset.DescribeDownloads(formats, func(enc dataset.Encoder) (int, error) {
		return s.Export(context.Background(), enc)
	})
	if err != nil {
		return err
	}
	var sites dataset.SiteSources
	err = s.EachPage(func(p dataset.Page) error {
		sites.Add(p)
		return nil
	})
	if err != nil {
		return err
	}
	s.cache.files, s.cache.records, s.cache.sources = files, n, sites.List()
	s.cache.pkgGen, s.cache.pkgOK = gen, true
	return nil
}
