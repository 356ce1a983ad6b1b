package behaviour

import (
	"errors"
	"sync"
)

// ErrClosed is returned by the methods of a closed Store.
var ErrClosed = errors.New("behaviour: store closed")

// Store is a small lock-protected cache of the kind found in servers.
type Store struct {
	mu sync.Mutex

	m       map[string]int
	items   []string
	n       int
	limit   int64
	big     bool
	closed  bool
	version int
	drains  int
}

// NewStore returns an empty, open Store.
func NewStore() *Store {
	return &Store{m: make(map[string]int), limit: 100}
}

// Put stores v under k.
func (s *Store) Put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
	s.version++
}

// Incr adds one to the counter; control falls off the end of the body.
func (s *Store) Incr() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	s.version++
}

// Double returns twice the counter, computed from shared state in the return.
func (s *Store) Double() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n << 1
}

// Add appends an item unless the store is closed: an early bare return and a
// fall-through at the end.
func (s *Store) Add(item string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.items = append(s.items, item)
	s.version++
}

// Len returns the number of items; two results, one read from shared state.
func (s *Store) Len() (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0, ErrClosed
	}
	return len(s.items), nil
}

// Stats uses named results and a bare return.
func (s *Store) Stats() (count, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	count = len(s.items)
	for _, v := range s.m {
		total += v
	}
	return
}

// Lookup mixes a return with expressions and a bare return of named results.
func (s *Store) Lookup(k string) (v int, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return -1, false
	}
	v, ok = s.m[k]
	return
}

// SetBig switches Limit to the large constant.
func (s *Store) SetBig(big bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.big = big
}

// Limit returns an int64; `1 << 40` is an untyped constant that must keep the
// result type (a temporary declared as `r := 1 << 40` would be an int).
func (s *Store) Limit() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.big {
		return 1 << 40
	}
	return s.limit
}

// Classify has several returns in a switch and an if, all of constants.
func (s *Store) Classify(k string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[k]
	switch {
	case !ok:
		return "missing"
	case v < 0:
		return "negative"
	case v == 0:
		return "zero"
	}
	if v > s.n {
		return "above"
	}
	return "below"
}

// Describe has several returns in a switch whose expressions read shared state.
func (s *Store) Describe(k string) (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch v, ok := s.m[k]; {
	case !ok:
		return "missing", s.version
	case v < 0:
		return "negative", v
	}
	if s.closed {
		return "closed", s.version
	}
	return "present", s.m[k] + s.version
}

// Version returns the modification counter.
func (s *Store) Version() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.version
}

// Drain empties the store. The bookkeeping is deferred after the unlock, so it
// runs first, while the lock is still held; an explicit Unlock before the
// return would make it run unlocked. The later defer stays in the function.
func (s *Store) Drain() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer s.noteDrainLocked()
	out := s.items
	s.items = nil
	return out
}

// noteDrainLocked must be called with s.mu held.
func (s *Store) noteDrainLocked() {
	s.drains++
	s.version++
}

// Drains returns how many times Drain ran.
func (s *Store) Drains() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.drains
}

// Snapshot returns an accessor over a copy of the items. The func literal has
// returns of its own: they exit the literal, not Snapshot, and get no Unlock.
func (s *Store) Snapshot() func(i int) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	items := append([]string(nil), s.items...)
	return func(i int) (string, bool) {
		if i < 0 || i >= len(items) {
			return "", false
		}
		return items[i], true
	}
}

// Close marks the store closed; closing twice is an error.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	s.closed = true
	return nil
}
