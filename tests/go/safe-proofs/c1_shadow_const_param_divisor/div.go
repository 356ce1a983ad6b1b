// Package c1shadowconstparamdivisor: a parameter `n` shadows the package
// constant `n`; `x / n` divides by the parameter, which can be zero.
package c1shadowconstparamdivisor

import "sync"

const n = 8

// Buckets spreads values over a number of buckets under a lock.
type Buckets struct {
	mu   sync.Mutex
	last int
}

// Slot records and returns the slot of x among n buckets (the parameter, not the
// constant): it panics when n is zero.
func (b *Buckets) Slot(x, n int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.last = x % n
	return b.last
}

// Default is the slot among the package's n buckets.
func Default(x int) int { return x % n }
