package r4r1promotedembeddedpathassigned

import "sync"

type inner struct {
	sync.Mutex
	n int
}

type S struct {
	*inner
}

// Reset takes the current lock, installs a fresh inner, and releases the
// lock it took: the deferred s.Unlock() is (*s.inner).Mutex.Unlock, its
// receiver evaluated at the defer.
func (s S) Reset() int {
	s.Lock()
	defer s.Unlock()
	s.inner = &inner{}
	return 0
}
