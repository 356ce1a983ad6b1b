// Package ctlpanicexit (CONTROL): an explicit `panic(v)` is an exit like a
// return; the Safe fix unlocks just before it (after v is evaluated), and must
// be applied.
package ctlpanicexit

import "sync"

// Counter decrements under a lock.
type Counter struct {
	mu sync.Mutex
	n  int
}

// Dec decrements and returns n; it panics on underflow.
func (c *Counter) Dec() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == 0 {
		panic("underflow")
	}
	c.n--
	return c.n
}
