package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// State returns a named persistent key/value bucket for the crawler's state
// (visited URLs, queues); it survives restarts. Each call of a State method
// is one transaction.
func (s *Store) State(name string) *State {
	return &State{db: s.db, name: []byte(name)}
}

// State is a persistent key/value bucket, made on first write.
type State struct {
	db   *bolt.DB
	name []byte
}

// view runs fn with the bucket, or not at all when it does not exist yet.
func (st *State) view(fn func(b *bolt.Bucket) error) error {
	return st.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketState).Bucket(st.name)
		if b == nil {
			return nil
		}
		return fn(b)
	})
}

func (st *State) update(fn func(b *bolt.Bucket) error) error {
	return st.db.Update(func(tx *bolt.Tx) error {
		b, err := tx.Bucket(bucketState).CreateBucketIfNotExists(st.name)
		if err != nil {
			return err
		}
		return fn(b)
	})
}

// Put sets key to val.
func (st *State) Put(key string, val []byte) error {
	if key == "" {
		return fmt.Errorf("state %s: empty key", st.name)
	}
	if err := st.update(func(b *bolt.Bucket) error { return b.Put([]byte(key), val) }); err != nil {
		return fmt.Errorf("state %s: put: %w", st.name, err)
	}
	return nil
}

// Get returns the value of key and whether it exists.
func (st *State) Get(key string) ([]byte, bool, error) {
	var v []byte
	var ok bool
	err := st.view(func(b *bolt.Bucket) error {
		if x := b.Get([]byte(key)); x != nil {
			v, ok = clone(x), true
		}
		return nil
	})
	if err != nil {
		return nil, false, fmt.Errorf("state %s: get: %w", st.name, err)
	}
	return v, ok, nil
}

// Delete removes key.
func (st *State) Delete(key string) error {
	if err := st.update(func(b *bolt.Bucket) error { return b.Delete([]byte(key)) }); err != nil {
		return fmt.Errorf("state %s: delete: %w", st.name, err)
	}
	return nil
}

// Each calls fn for every key in key order. fn runs outside any transaction
// (it may write to the state), a chunk of keys at a time; fn's error stops the walk.
func (st *State) Each(fn func(key string, val []byte) error) error {
	get := func(tx *bolt.Tx) *bolt.Bucket { return tx.Bucket(bucketState).Bucket(st.name) }
	return walkBucket(st.db, get, func(k, v []byte) error { return fn(string(k), clone(v)) })
}

// First returns the first key in key order, and its value, that skip does
// not leave out (nil skip: the first key); ok is false when there is none.
// It reads in one transaction, without copying the keys it passes: skip
// runs inside it and must not call the store.
func (st *State) First(skip func(key string) bool) (key string, val []byte, ok bool, err error) {
	err = st.view(func(b *bolt.Bucket) error {
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if skip == nil || !skip(string(k)) {
				key, val, ok = string(k), clone(v), true
				return nil
			}
		}
		return nil
	})
	if err != nil {
		return "", nil, false, fmt.Errorf("state %s: first: %w", st.name, err)
	}
	return key, val, ok, nil
}

// Len returns the number of keys.
func (st *State) Len() (int, error) {
	n := 0
	err := st.view(func(b *bolt.Bucket) error {
		n = b.Stats().KeyN
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("state %s: len: %w", st.name, err)
	}
	return n, nil
}

// Clear removes every key.
func (st *State) Clear() error {
	err := st.db.Update(func(tx *bolt.Tx) error {
		parent := tx.Bucket(bucketState)
		if parent.Bucket(st.name) == nil {
			return nil
		}
		return parent.DeleteBucket(st.name)
	})
	if err != nil {
		return fmt.Errorf("state %s: clear: %w", st.name, err)
	}
	return nil
}
