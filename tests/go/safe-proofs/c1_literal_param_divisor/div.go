// Package c1literalparamdivisor: the parameter `n` of an immediately called
// func literal shadows the package constant `n`; `x / n` in its body divides
// by the argument, which can be zero.
package c1literalparamdivisor

import "sync"

const n = 3

// Share splits a total under a lock.
type Share struct {
	mu    sync.Mutex
	total int
	each  int
}

// Split stores and returns total / ways.
func (s *Share) Split(ways int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.each = func(n int) int { return s.total / n }(ways)
	return s.each
}

// Third divides by the package constant.
func Third(x int) int { return x / n }
