// Package ctlmapread (CONTROL): a map read under `defer s.mu.Unlock()`. The
// Safe fix (hoist the read, then Unlock, then return) is correct and must be
// applied.
package ctlmapread

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
	return s.m[k]
}

// Has reports whether k is present.
func (s *Store) Has(k string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.m[k]
	return ok
}

// Set stores v under k.
func (s *Store) Set(k string, v int) {
	s.mu.Lock()
	s.m[k] = v
	s.mu.Unlock()
}
