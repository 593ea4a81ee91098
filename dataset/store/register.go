package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/opendata-bg/opendata/dataset"
)

// The register table (ИСУН 2020). Each programme's contracts are written
// under a generation of their own while its file is read, in small
// transactions, so that a programme file of tens of megabytes never sits
// in one transaction; one small transaction then makes the new generation
// the programme's (Commit), and the old one is deleted. A file that proves
// truncated leaves the programme's current generation untouched (Abort).
//
//	regprogs  "ID/PERIOD" → storedProgramme JSON (the active generation)
//	regrows   prog 0x00 gen seq → dataset.RegisterContract JSON
//	regkeys   registration number 0x00 row key → "" (the join's lookup)
//	regmuni   mgen municipality key 0x00 row key → roles ("b", "p")
//	regjoin   registration number 0x00 record id → "" (records joined to the project)

var (
	bucketRegProgs = []byte("regprogs")
	bucketRegRows  = []byte("regrows")
	bucketRegKeys  = []byte("regkeys")
	bucketRegMuni  = []byte("regmuni")
	bucketRegJoin  = []byte("regjoin")

	metaRegMuniGen = []byte("regmuni_generation")
)

// registerBatch is how many contracts one transaction of a load writes.
const registerBatch = 1000

// storedProgramme is a programme with the generation of its contracts.
type storedProgramme struct {
	dataset.RegisterProgramme
	Gen uint64 `json:"gen"`
}

func rowKey(prog string, gen, seq uint64) []byte {
	k := append([]byte(prog), 0)
	k = binary.BigEndian.AppendUint64(k, gen)
	return binary.BigEndian.AppendUint64(k, seq)
}

// parseRowKey splits a row key into its programme and generation.
func parseRowKey(k []byte) (prog string, gen uint64, ok bool) {
	i := bytes.IndexByte(k, 0)
	if i < 0 || len(k) != i+17 {
		return "", 0, false
	}
	return string(k[:i]), binary.BigEndian.Uint64(k[i+1:]), true
}

// lookupKey is the key a contract is found by: its registration number
// when it has the register's form, else its normalized number.
func lookupKey(number string) string {
	if _, base, _, ok := dataset.RegisterKey(number); ok {
		return base
	}
	return dataset.CodeKey(number)
}

// RegisterProgrammes returns the synced programmes, by key.
func (s *Store) RegisterProgrammes() ([]dataset.RegisterProgramme, error) {
	var out []dataset.RegisterProgramme
	err := s.db.View(func(tx *bolt.Tx) error {
		progs, err := readProgrammes(tx)
		for _, p := range progs {
			out = append(out, p.RegisterProgramme)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read register programmes: %w", err)
	}
	return out, nil
}

func readProgrammes(tx *bolt.Tx) ([]storedProgramme, error) {
	var out []storedProgramme
	err := tx.Bucket(bucketRegProgs).ForEach(func(k, v []byte) error {
		var p storedProgramme
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode register programme %s: %w", k, err)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// registerLoad is a programme file being loaded (dataset.RegisterLoader).
type registerLoad struct {
	s        *Store
	prog     string
	gen, seq uint64
	batch    []dataset.RegisterContract
	codes    map[string]bool
	done     bool
}

// LoadRegister starts loading a programme's file. What an earlier load
// left half-written (a crash) is deleted first.
func (s *Store) LoadRegister(p dataset.RegisterProgramme) (dataset.RegisterLoader, error) {
	l := &registerLoad{s: s, prog: p.Key(), codes: map[string]bool{}}
	var active uint64
	err := s.db.Update(func(tx *bolt.Tx) error {
		if v := tx.Bucket(bucketRegProgs).Get([]byte(l.prog)); v != nil {
			var sp storedProgramme
			if err := json.Unmarshal(v, &sp); err != nil {
				return err
			}
			active = sp.Gen
		}
		var err error
		l.gen, err = tx.Bucket(bucketRegRows).NextSequence()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("load register programme %s: %w", l.prog, err)
	}
	if err := s.deleteGenerations(l.prog, func(g uint64) bool { return g != active && g != l.gen }); err != nil {
		return nil, err
	}
	return l, nil
}

// Add implements dataset.RegisterLoader.
func (l *registerLoad) Add(c dataset.RegisterContract) error {
	l.batch = append(l.batch, c)
	if len(l.batch) >= registerBatch {
		return l.flush()
	}
	return nil
}

func (l *registerLoad) flush() error {
	if len(l.batch) == 0 {
		return nil
	}
	err := l.s.db.Update(func(tx *bolt.Tx) error {
		rows, keys := tx.Bucket(bucketRegRows), tx.Bucket(bucketRegKeys)
		seq := l.seq
		for i := range l.batch {
			c := &l.batch[i]
			seq++
			rk := rowKey(l.prog, l.gen, seq)
			v, err := json.Marshal(c)
			if err != nil {
				return err
			}
			if err := rows.Put(rk, v); err != nil {
				return err
			}
			if _, _, code, ok := dataset.RegisterKey(c.Number); ok {
				l.codes[code] = true
			}
			if k := lookupKey(c.Number); k != "" {
				if err := keys.Put(append(append([]byte(k), 0), rk...), nil); err != nil {
					return err
				}
			}
		}
		l.seq = seq
		return nil
	})
	if err != nil {
		return fmt.Errorf("load register programme %s: %w", l.prog, err)
	}
	l.batch = l.batch[:0]
	return nil
}

// Commit implements dataset.RegisterLoader: the loaded contracts become the
// programme's in one transaction, then the previous ones are deleted.
func (l *registerLoad) Commit(p dataset.RegisterProgramme, resolve func(*dataset.RegisterContract) bool) error {
	if l.done {
		return fmt.Errorf("load register programme %s: already finished", l.prog)
	}
	if err := l.flush(); err != nil {
		return err
	}
	if resolve != nil {
		if err := l.resolve(resolve); err != nil {
			return err
		}
	}
	for c := range l.codes {
		p.Codes = append(p.Codes, c)
	}
	sort.Strings(p.Codes)
	sp := storedProgramme{RegisterProgramme: p, Gen: l.gen}
	v, err := json.Marshal(sp)
	if err != nil {
		return err
	}
	err = l.s.db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketRegProgs).Put([]byte(l.prog), v); err != nil {
			return err
		}
		return bumpGeneration(tx, time.Now())
	})
	if err != nil {
		return fmt.Errorf("commit register programme %s: %w", l.prog, err)
	}
	l.done = true
	return l.s.deleteGenerations(l.prog, func(g uint64) bool { return g != l.gen })
}

// Abort implements dataset.RegisterLoader: the loaded contracts are deleted.
func (l *registerLoad) Abort() error {
	if l.done {
		return nil
	}
	l.done = true
	l.batch = nil
	return l.s.deleteGenerations(l.prog, func(g uint64) bool { return g == l.gen })
}

// resolve rewrites the loaded contracts that resolve changes.
func (l *registerLoad) resolve(fn func(*dataset.RegisterContract) bool) error {
	prefix := rowKey(l.prog, l.gen, 0)[:len(l.prog)+9]
	var after []byte
	for {
		n := 0
		err := l.s.db.Update(func(tx *bolt.Tx) error {
			rows := tx.Bucket(bucketRegRows)
			c := rows.Cursor()
			k, v := c.Seek(prefix)
			if after != nil {
				k, v = c.Seek(after)
				if bytes.Equal(k, after) {
					k, v = c.Next()
				}
			}
			type kv struct{ k, v []byte }
			var changed []kv
			for ; k != nil && bytes.HasPrefix(k, prefix) && n < registerBatch; k, v = c.Next() {
				n++
				after = clone(k)
				var rc dataset.RegisterContract
				if err := json.Unmarshal(v, &rc); err != nil {
					return err
				}
				if fn(&rc) {
					nv, err := json.Marshal(rc)
					if err != nil {
						return err
					}
					changed = append(changed, kv{clone(k), nv})
				}
			}
			for _, x := range changed {
				if err := rows.Put(x.k, x.v); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("resolve register programme %s: %w", l.prog, err)
		}
		if n < registerBatch {
			return nil
		}
	}
}

// deleteGenerations deletes the programme's contracts (and their lookup
// keys) of the generations drop selects, a batch per transaction.
func (s *Store) deleteGenerations(prog string, drop func(gen uint64) bool) error {
	prefix := append([]byte(prog), 0)
	for {
		n := 0
		err := s.db.Update(func(tx *bolt.Tx) error {
			rows, keys := tx.Bucket(bucketRegRows), tx.Bucket(bucketRegKeys)
			var dead [][]byte
			c := rows.Cursor()
			for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix) && len(dead) < registerBatch; k, v = c.Next() {
				_, gen, ok := parseRowKey(k)
				if !ok || !drop(gen) {
					continue
				}
				var rc struct {
					Number string `json:"contract_number"`
				}
				_ = json.Unmarshal(v, &rc)
				if lk := lookupKey(rc.Number); lk != "" {
					if err := keys.Delete(append(append([]byte(lk), 0), k...)); err != nil {
						return err
					}
				}
				dead = append(dead, clone(k))
			}
			for _, k := range dead {
				if err := rows.Delete(k); err != nil {
					return err
				}
			}
			n = len(dead)
			return nil
		})
		if err != nil {
			return fmt.Errorf("delete register programme %s: %w", prog, err)
		}
		if n < registerBatch {
			return nil
		}
	}
}

// txRegister is the register as the join sees it inside a transaction
// (dataset.RegisterIndex).
type txRegister struct {
	tx     *bolt.Tx
	active map[string]storedProgramme
	codes  map[string]bool
}

// openRegister returns the register of tx, nil when no programme is synced.
func openRegister(tx *bolt.Tx) (*txRegister, error) {
	progs, err := readProgrammes(tx)
	if err != nil || len(progs) == 0 {
		return nil, err
	}
	r := &txRegister{tx: tx, active: map[string]storedProgramme{}, codes: map[string]bool{}}
	for _, p := range progs {
		r.active[p.Key()] = p
		for _, c := range p.Codes {
			r.codes[c] = true
		}
	}
	return r, nil
}

// HasCode implements dataset.RegisterIndex.
func (r *txRegister) HasCode(code string) bool { return r.codes[code] }

// Contracts implements dataset.RegisterIndex.
func (r *txRegister) Contracts(base string) ([]dataset.RegisterContract, error) {
	prefix := append([]byte(base), 0)
	var out []dataset.RegisterContract
	c := r.tx.Bucket(bucketRegKeys).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		rc, ok, err := r.row(k[len(prefix):])
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, rc)
		}
	}
	return out, nil
}

// row reads the contract at a row key when its generation is active, with
// its programme's name, file date and address.
func (r *txRegister) row(rk []byte) (dataset.RegisterContract, bool, error) {
	prog, gen, ok := parseRowKey(rk)
	p, active := r.active[prog]
	if !ok || !active || p.Gen != gen {
		return dataset.RegisterContract{}, false, nil
	}
	v := r.tx.Bucket(bucketRegRows).Get(rk)
	if v == nil {
		return dataset.RegisterContract{}, false, nil
	}
	var rc dataset.RegisterContract
	if err := json.Unmarshal(v, &rc); err != nil {
		return rc, false, fmt.Errorf("decode register contract %x: %w", rk, err)
	}
	rc.ProgrammeID, rc.PeriodID, rc.Programme = p.ID, p.PeriodID, p.Name
	rc.FileDate, rc.URL = p.FileDate(), p.URL
	return rc, true, nil
}

func joinKey(r *dataset.Register, id string) []byte {
	return append(append([]byte(lookupKey(r.Number)), 0), id...)
}

func updateJoinIndex(tx *bolt.Tx, id string, old, cur *dataset.Register) error {
	b := tx.Bucket(bucketRegJoin)
	if old != nil && (cur == nil || lookupKey(old.Number) != lookupKey(cur.Number)) {
		if err := b.Delete(joinKey(old, id)); err != nil {
			return err
		}
	}
	if cur != nil {
		return b.Put(joinKey(cur, id), nil)
	}
	return nil
}

// joinedRecords returns the ids of the records joined to the register
// project of number.
func joinedRecords(tx *bolt.Tx, number string) []string {
	prefix := append([]byte(lookupKey(number)), 0)
	var ids []string
	c := tx.Bucket(bucketRegJoin).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := string(k[len(prefix):])
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids
}
