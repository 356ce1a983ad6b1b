package behaviour

import "sync"

// Stats keeps a running total. Record's region calls add, a helper of this
// package whose body cannot panic (integer arithmetic on fields of a receiver
// already dereferenced by the Lock): the tool proves that and rewrites Record by
// default. Its return expression reads the total, so it must still be read under
// the lock.
type Stats struct {
	mu    sync.Mutex
	total int
	calls int
}

// add is panic-free.
func (s *Stats) add(n int) int {
	s.total += n
	s.calls++
	return s.total
}

// Record adds n and returns the new total.
func (s *Stats) Record(n int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.add(n)
}

// Snapshot returns the total and the number of calls.
func (s *Stats) Snapshot() (total, calls int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total, s.calls
}
