// Package c6definedarrayconversion: A is defined from B, which is [4]int, so
// A(s) converts a slice to an array and panics when s is too short.
package c6definedarrayconversion

import "sync"

// B is a block of four.
type B [4]int

// A is a block of four too, defined from B.
type A B

// Blocks converts slices under a lock.
type Blocks struct {
	mu   sync.Mutex
	last A
}

// Take stores and returns the first four elements of s as an A.
func (b *Blocks) Take(s []int) A {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last = A(s)
	return b.last
}
