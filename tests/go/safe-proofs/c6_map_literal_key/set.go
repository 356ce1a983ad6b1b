// Package c6mapliteralkey: the composite literal `map[any]int{k: 1}` hashes
// k; with k holding a slice that panics.
package c6mapliteralkey

import "sync"

// Sets builds single-element sets under a lock.
type Sets struct {
	mu   sync.Mutex
	last map[any]int
}

// One stores and returns the set {k}.
func (s *Sets) One(k any) map[any]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.last = map[any]int{k: 1}
	return s.last
}
