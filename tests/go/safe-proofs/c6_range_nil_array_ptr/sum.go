// Package c6rangenilarrayptr: `for _, v := range p` over a *[4]int
// dereferences p, and panics when p is nil.
package c6rangenilarrayptr

import "sync"

// Acc sums arrays under a lock.
type Acc struct {
	mu    sync.Mutex
	total int
}

// Add adds the elements of *p to the total and returns it.
func (a *Acc) Add(p *[4]int) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, v := range p {
		a.total += v
	}
	return a.total
}
