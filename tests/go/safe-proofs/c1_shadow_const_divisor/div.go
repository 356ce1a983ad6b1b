// Package c1shadowconstdivisor: a local `n` shadows the package constant `n`.
// `x / n` divides by the local, which can be zero.
package c1shadowconstdivisor

import "sync"

const n = 4

// Avg holds a running total under a lock.
type Avg struct {
	mu    sync.Mutex
	total int
	count int
}

// Mean returns total / count. The local n shadows the constant n = 4: the
// division panics when count is zero.
func (a *Avg) Mean() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := a.count
	return a.total / n
}

// Quarter divides by the package constant n (never zero).
func Quarter(x int) int { return x / n }
