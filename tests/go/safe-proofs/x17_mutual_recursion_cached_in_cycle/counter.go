// Package x17mutualrecursioncachedincycle: parity.Even and parity.Odd recurse
// into each other and Even divides by zero at the bottom. The defer in
// IsEven is analysed first: an implementation that caches "Odd is panic-free"
// while Even is still in progress (and assumed panic-free) proves IsOdd's
// call panic-free, and an explicit Unlock leaves the lock held.
package x17mutualrecursioncachedincycle

import (
	"sync"

	"safeproofs/x17_mutual_recursion_cached_in_cycle/parity"
)

// Counter holds a count.
type Counter struct {
	mu sync.Mutex
	n  int
}

// IsEven reports whether the count is even.
func (c *Counter) IsEven() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return parity.Even(c.n)
}

// IsOdd reports whether the count is odd.
func (c *Counter) IsOdd() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return parity.Odd(c.n)
}
