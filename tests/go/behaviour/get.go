package behaviour

// Get returns the value stored under k, or 0.
//
// The map is read by the return expression, so it must be read while the lock is
// held: a rewrite must evaluate `s.m[k]` before it calls Unlock. The file
// tests/go/behaviour-broken/get.go is the wrong rewrite of this method, which the
// harness uses to prove that the race test can fail.
func (s *Store) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[k]
}
