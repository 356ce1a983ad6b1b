// Package c3valuereceiverfield: L has value-receiver Lock/Unlock methods, so
// `defer s.l.Unlock()` copies s.l (and the mutex pointer in it) at the defer.
// A callee then replaces s.l: the deferred call still unlocks the old mutex,
// an explicit `s.l.Unlock()` at the exit would unlock the new one.
package c3valuereceiverfield

import "sync"

// L is a handle on a mutex.
type L struct{ mu *sync.Mutex }

// Lock locks the handle's mutex.
func (l L) Lock() { l.mu.Lock() }

// Unlock unlocks the handle's mutex.
func (l L) Unlock() { l.mu.Unlock() }

// S counts under a lock handle that can be rotated.
type S struct {
	l L
	n int
}

// rotate installs a new, already locked handle.
func (s *S) rotate() {
	m := new(sync.Mutex)
	m.Lock()
	s.l = L{mu: m}
}

// Bump increments n, rotating the handle on the way.
func (s *S) Bump() int {
	s.l.Lock()
	defer s.l.Unlock()
	s.rotate()
	s.n++
	return s.n
}
