package store

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// rejoinBatch is how many records one transaction of RefreshRegister joins again.
const rejoinBatch = 200

// RefreshRegister brings the store up to a newly synced register: every
// record that states a contract number in a register format, or was
// joined before, is joined again (a version when its fields change, with
// source as the version's source), and the index of each municipality's
// register contracts is rebuilt. It returns the ids of the records it
// rewrote, for the search index.
func (s *Store) RefreshRegister(ctx context.Context, source string) ([]string, error) {
	var ids []string
	err := s.walk(bucketRecords, func(k, v []byte) error {
		var r struct {
			ContractNumbers []string `json:"contract_numbers"`
			RegisterMatch   string   `json:"register_match"`
		}
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode record %s: %w", k, err)
		}
		want := r.RegisterMatch != ""
		for _, n := range r.ContractNumbers {
			_, _, _, ok := dataset.RegisterKey(n)
			want = want || ok
		}
		if want {
			ids = append(ids, string(k))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("refresh register: %w", err)
	}
	var changed []string
	at := time.Now().UTC()
	for len(ids) > 0 {
		if err := ctx.Err(); err != nil {
			return changed, err
		}
		batch := ids[:min(rejoinBatch, len(ids))]
		ids = ids[len(batch):]
		err := s.db.Update(func(tx *bolt.Tx) error {
			wrote := false
			for _, id := range batch {
				_, w, err := recompile(tx, id, dataset.Page{URL: source, FetchedAt: at})
				if err != nil {
					return fmt.Errorf("join %s: %w", id, err)
				}
				if w {
					changed = append(changed, id)
					wrote = true
				}
			}
			if wrote {
				return bumpGeneration(tx, at)
			}
			return nil
		})
		if err != nil {
			return changed, fmt.Errorf("refresh register: %w", err)
		}
	}
	return changed, s.indexMunicipalities()
}

// indexMunicipalities rebuilds regmuni: for each municipality, the
// register contracts whose beneficiary it is (by name, or by an ЕИК that
// some contract names it by) or that are executed in it. The new index is
// written under a generation of its own and swapped in at once.
func (s *Store) indexMunicipalities() error {
	eikMuni := map[string]string{}
	err := s.eachActiveContract(func(_ []byte, c *dataset.RegisterContract) error {
		if m := dataset.BeneficiaryMunicipality(c.Beneficiary); m != "" && c.BeneficiaryEIK != "" {
			eikMuni[c.BeneficiaryEIK] = dataset.MunicipalityKey(m)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("index register municipalities: %w", err)
	}
	var gen, old uint64
	err = s.db.Update(func(tx *bolt.Tx) error {
		old = getUint(tx.Bucket(bucketMeta), metaRegMuniGen)
		var err error
		gen, err = tx.Bucket(bucketRegMuni).NextSequence()
		return err
	})
	if err != nil {
		return fmt.Errorf("index register municipalities: %w", err)
	}
	type entry struct{ k, v []byte }
	var batch []entry
	flush := func() error {
		err := s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketRegMuni)
			for _, e := range batch {
				if err := b.Put(e.k, e.v); err != nil {
					return err
				}
			}
			return nil
		})
		batch = batch[:0]
		return err
	}
	err = s.eachActiveContract(func(rk []byte, c *dataset.RegisterContract) error {
		roles := map[string]string{}
		if m := dataset.BeneficiaryMunicipality(c.Beneficiary); m != "" {
			roles[dataset.MunicipalityKey(m)] = "b"
		} else if m, ok := eikMuni[c.BeneficiaryEIK]; ok && c.BeneficiaryEIK != "" {
			roles[m] = "b"
		}
		for _, m := range c.Municipalities {
			roles[dataset.MunicipalityKey(m)] += "p"
		}
		for m, r := range roles {
			k := binary.BigEndian.AppendUint64(nil, gen)
			k = append(append(append(k, m...), 0), rk...)
			batch = append(batch, entry{k, []byte(r)})
		}
		if len(batch) >= registerBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = s.db.Update(func(tx *bolt.Tx) error {
			if err := putUint(tx.Bucket(bucketMeta), metaRegMuniGen, gen); err != nil {
				return err
			}
			return bumpGeneration(tx, time.Now())
		})
	}
	drop := old
	if err != nil {
		drop = gen // the half-built index goes, the old one stays
	}
	if derr := s.deletePrefix(bucketRegMuni, binary.BigEndian.AppendUint64(nil, drop)); err == nil {
		err = derr
	}
	if err != nil {
		return fmt.Errorf("index register municipalities: %w", err)
	}
	return nil
}

// eachActiveContract calls fn for every contract of an active programme
// generation, outside any transaction.
func (s *Store) eachActiveContract(fn func(rk []byte, c *dataset.RegisterContract) error) error {
	active := map[string]uint64{}
	err := s.db.View(func(tx *bolt.Tx) error {
		progs, err := readProgrammes(tx)
		for _, p := range progs {
			active[p.Key()] = p.Gen
		}
		return err
	})
	if err != nil {
		return err
	}
	return s.walk(bucketRegRows, func(k, v []byte) error {
		prog, gen, ok := parseRowKey(k)
		if !ok || active[prog] != gen {
			return nil
		}
		var c dataset.RegisterContract
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("decode register contract: %w", err)
		}
		return fn(k, &c)
	})
}

// deletePrefix deletes the keys of a bucket that start with prefix, a batch per transaction.
func (s *Store) deletePrefix(bucket, prefix []byte) error {
	for {
		n := 0
		err := s.db.Update(func(tx *bolt.Tx) error {
			b := tx.Bucket(bucket)
			var dead [][]byte
			c := b.Cursor()
			for k, _ := c.Seek(prefix); k != nil && len(k) >= len(prefix) && string(k[:len(prefix)]) == string(prefix) && len(dead) < registerBatch*4; k, _ = c.Next() {
				dead = append(dead, clone(k))
			}
			for _, k := range dead {
				if err := b.Delete(k); err != nil {
					return err
				}
			}
			n = len(dead)
			return nil
		})
		if err != nil || n < registerBatch*4 {
			return err
		}
	}
}

// Disclosure returns the municipality's register contracts, each with
// whether a live record of the municipality announces its project (and
// with what disagreements), and the counts over all of them; the rows are
// those q selects, by contract number. name is the municipality's name,
// or its ЕКАТТЕ code (RSE04): then only that municipality's, when others
// share its name (see inProvince), and its records by their
// municipality_code. A municipality that neither the register nor any
// record knows is an ENOTFOUND error.
func (s *Store) Disclosure(name string, q dataset.DisclosureQuery) (dataset.Disclosure, error) {
	code := ""
	if dataset.IsMunicipalityCode(name) {
		code, name = name, ""
		munis, err := s.Municipalities()
		if err != nil {
			return dataset.Disclosure{}, err
		}
		for _, m := range munis {
			if m.Ekatte == code {
				name = m.Municipality
			}
		}
		if name == "" {
			return dataset.Disclosure{}, dataset.Errorf(dataset.ENOTFOUND, "no municipality of code %q has projects", code)
		}
	}
	d := dataset.Disclosure{Municipality: dataset.MunicipalityName(name), MunicipalityCode: code, Contracts: []dataset.DisclosureRow{}}
	mk := dataset.MunicipalityKey(name)
	if mk == "" {
		return d, dataset.Errorf(dataset.EINVALID, "name a municipality")
	}
	known := code != ""
	err := s.db.View(func(tx *bolt.Tx) error {
		reg, err := openRegister(tx)
		if err != nil || reg == nil {
			return err
		}
		for _, p := range reg.active {
			d.Programmes = append(d.Programmes, p.RegisterProgramme)
		}
		sort.Slice(d.Programmes, func(i, j int) bool { return d.Programmes[i].Key() < d.Programmes[j].Key() })
		prefix := binary.BigEndian.AppendUint64(nil, getUint(tx.Bucket(bucketMeta), metaRegMuniGen))
		prefix = append(append(prefix, mk...), 0)
		var rows []regRoles
		c := tx.Bucket(bucketRegMuni).Cursor()
		for k, v := c.Seek(prefix); k != nil && len(k) > len(prefix) && string(k[:len(prefix)]) == string(prefix); k, v = c.Next() {
			rc, ok, err := reg.row(k[len(prefix):])
			if err != nil {
				return err
			}
			if ok {
				rows = append(rows, regRoles{rc, string(v)})
			}
		}
		if code != "" {
			rows = inProvince(rows, mk, dataset.NUTS3OfCode(code))
		}
		for _, rr := range rows {
			known = true
			row, err := discloseRow(tx, mk, code, rr.c, rr.roles)
			if err != nil {
				return err
			}
			d.Total.Add(&row)
			if slices.Contains(row.Roles, dataset.RoleBeneficiary) {
				d.Beneficiary.Add(&row)
			}
			if slices.Contains(row.Roles, dataset.RolePlace) {
				d.Place.Add(&row)
			}
			if (q.Role == "" || slices.Contains(row.Roles, q.Role)) && (q.Status == "" || q.Status == row.Status) {
				d.Contracts = append(d.Contracts, row)
			}
		}
		return nil
	})
	if err != nil {
		return d, fmt.Errorf("disclosure of %s: %w", name, err)
	}
	if !known {
		munis, err := s.Municipalities()
		if err != nil {
			return d, err
		}
		for _, m := range munis {
			known = known || dataset.MunicipalityKey(m.Municipality) == mk
		}
	}
	if !known {
		return d, dataset.Errorf(dataset.ENOTFOUND, "neither the register nor any project names a municipality %q", name)
	}
	sort.SliceStable(d.Contracts, func(i, j int) bool { return d.Contracts[i].Contract.Number < d.Contracts[j].Contract.Number })
	return d, nil
}

// regRoles is a register contract of a municipality's name with its roles
// there ("b" beneficiary, "p" place, or both).
type regRoles struct {
	c     dataset.RegisterContract
	roles string
}

// inProvince keeps, of the register contracts of a municipality's name
// (rows), those of the municipality of that name in the province of NUTS 3
// code nuts3, with the roles that hold there: executed in a place of that
// name in the province; beneficiary when executed there too, or, executed
// in no place of the name, when the beneficiary's ЕИК has more such
// contracts there than in another province of the name. The register
// names municipalities by name: only its places say which of two of one
// name (the two Бяла) a contract is.
func inProvince(rows []regRoles, mk, nuts3 string) []regRoles {
	where := func(c *dataset.RegisterContract) (here, elsewhere bool) {
		for _, p := range c.Places {
			if dataset.MunicipalityKey(dataset.PlaceMunicipality(p)) != mk {
				continue
			}
			switch n := dataset.PlaceNUTS3(p); {
			case n == nuts3:
				here = true
			case n != "":
				elsewhere = true
			}
		}
		return here, elsewhere
	}
	votes := map[string]int{} // ЕИК → its contracts here less those elsewhere
	for i := range rows {
		if eik := rows[i].c.BeneficiaryEIK; eik != "" && strings.Contains(rows[i].roles, "b") {
			switch here, elsewhere := where(&rows[i].c); {
			case here:
				votes[eik]++
			case elsewhere:
				votes[eik]--
			}
		}
	}
	var out []regRoles
	for _, r := range rows {
		here, elsewhere := where(&r.c)
		roles := ""
		if strings.Contains(r.roles, "b") && (here || !elsewhere && r.c.BeneficiaryEIK != "" && votes[r.c.BeneficiaryEIK] > 0) {
			roles += "b"
		}
		if strings.Contains(r.roles, "p") && here {
			roles += "p"
		}
		if roles != "" {
			out = append(out, regRoles{r.c, roles})
		}
	}
	return out
}

// discloseRow sets one contract against the municipality's records.
func discloseRow(tx *bolt.Tx, mk, code string, rc dataset.RegisterContract, roles string) (dataset.DisclosureRow, error) {
	row := dataset.DisclosureRow{Contract: rc, Status: dataset.DisclosureNotAnnounced}
	if slices.Contains([]byte(roles), 'b') {
		row.Roles = append(row.Roles, dataset.RoleBeneficiary)
	}
	if slices.Contains([]byte(roles), 'p') {
		row.Roles = append(row.Roles, dataset.RolePlace)
	}
	for _, id := range joinedRecords(tx, rc.Number) {
		r, ok, err := getRecord(tx, id)
		if err != nil {
			return row, err
		}
		if !ok || r.Withdrawn != "" || r.Register == nil || !announcedBy(tx, &r, mk, code) {
			continue
		}
		row.Records = append(row.Records, id)
		if row.Status == dataset.DisclosureNotAnnounced {
			row.Status = dataset.DisclosureAnnounced
		}
		if len(r.Register.Disagreements) > 0 {
			row.Status = dataset.DisclosureDisagreement
			row.Disagreements = append(row.Disagreements, r.Register.Disagreements...)
		}
	}
	return row, nil
}

// announcedBy reports whether the record is one of the municipality's: it
// names the municipality, or a page of the municipality's site (the
// sites file's municipality) speaks of it; given the municipality's code,
// by code: the record's, or that of the site of one of its pages.
func announcedBy(tx *bolt.Tx, r *dataset.Record, mk, code string) bool {
	if code == "" && dataset.MunicipalityKey(r.Municipality) == mk || code != "" && r.MunicipalityCode == code {
		return true
	}
	pages := tx.Bucket(bucketPages)
	for _, src := range r.Sources {
		var p struct {
			Municipality string `json:"municipality"`
			Code         string `json:"municipality_code"`
		}
		if v := pages.Get([]byte(src.URL)); v == nil || json.Unmarshal(v, &p) != nil {
			continue
		}
		if code == "" && dataset.MunicipalityKey(p.Municipality) == mk || code != "" && p.Code == code {
			return true
		}
	}
	return false
}
