// Package ctlconstdivisor (CONTROL): division and shift by package constants
// that nothing shadows, and a make with a constant size. Nothing between the
// defer and the exit can panic, so the Safe fix must be applied.
package ctlconstdivisor

import "sync"

const (
	n    = 4
	k    = 3
	size = 8
)

// Avg keeps a total under a lock.
type Avg struct {
	mu    sync.Mutex
	total int
	buf   []int
}

// Quarter stores and returns total / n, total % n and total << k.
func (a *Avg) Quarter() (int, int, int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	q := a.total / n
	r := a.total % n
	a.buf = make([]int, size)
	return q, r, a.total << k
}
