package r3d13namedresultaddresssharedrace

import "sync"

type S struct {
	mu  sync.Mutex
	res *int // the result slot of the call in progress, read under mu
}

// Get publishes its result slot under the lock; `return k` writes n before the
// deferred Unlock runs, so readers that take the lock see it written.
func (s *S) Get(k int) (n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.res = &n
	return k
}

// Peek reads the published slot under the lock.
func (s *S) Peek() (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.res == nil {
		return 0, false
	}
	return *s.res, true
}
