// Package c8multilinereturncomments: a return expression spanning several
// lines with line comments, under `defer s.mu.Unlock()`. Hoisted into a
// temporary, it must stay gofmt-clean and keep every comment.
package c8multilinereturncomments

import "sync"

// Scores sums entries under a lock.
type Scores struct {
	mu sync.Mutex
	m  map[string]int
}

// Pair returns the sum of two entries.
func (s *Scores) Pair(a, b string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[a] + // the first entry
		s.m[b] // the second entry
}

// Triple returns the sum of three entries.
func (s *Scores) Triple(a, b, c string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a == "" {
		return 0 // nothing to add
	}
	return s.m[a] +
		// b counts twice
		2*s.m[b] +
		s.m[c] // and c once
}

// Both returns two entries.
func (s *Scores) Both(a, b string) (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[a], // the first entry
		s.m[b] // the second entry
}
