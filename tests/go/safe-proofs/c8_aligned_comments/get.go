// Package c8alignedcomments: gofmt aligns the trailing comments of adjacent
// lines. Inserting `s.mu.Unlock()` between two such lines splits the block,
// and the comments must be re-aligned for the file to stay gofmt-clean.
package c8alignedcomments

import "sync"

// Store holds values under a lock.
type Store struct {
	mu sync.Mutex
	m  map[string]int
}

// Get returns the value for k.
func (s *Store) Get(k string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	value := s.m[k] // read under the lock
	return value    // a local: returned after the Unlock
}

// Lookup returns the value for k and whether it is present.
func (s *Store) Lookup(k string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[k] // read
	return v, ok    // the locals
}
