package behaviour

import "sync"

// Checked is a counter whose decrement panics on underflow, and whose AddIf
// takes the lock only on one branch.
type Checked struct {
	mu sync.Mutex
	n  int
}

// Dec decrements and returns the new value. It panics when the counter is
// zero: the panic is an exit, and the explicit Unlock goes just before it.
func (c *Checked) Dec() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n == 0 {
		panic("checked: underflow")
	}
	c.n--
	return c.n
}

// AddIf adds d when ok. The lock is taken in a nested block whose every path
// ends in a return, so every exit the defer reaches is inside that block.
func (c *Checked) AddIf(ok bool, d int) int {
	if ok {
		c.mu.Lock()
		defer c.mu.Unlock()
		c.n += d
		return c.n
	}
	return -1
}

// Value returns the counter.
func (c *Checked) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
