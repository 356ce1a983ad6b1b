// Package c1rangevardivisor: the range variable `n` shadows the package
// constant `n`; `x / n` in the loop divides by an element, which can be zero.
package c1rangevardivisor

import "sync"

const n = 5

// Ratios accumulates quotients under a lock.
type Ratios struct {
	mu  sync.Mutex
	x   int
	sum int
}

// Add adds x / d for each d in ds and returns the sum.
func (r *Ratios) Add(ds []int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, n := range ds {
		r.sum += r.x / n
	}
	return r.sum
}

// Fifth divides by the package constant.
func Fifth(x int) int { return x / n }
