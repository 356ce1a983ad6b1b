// Package basic shows the shapes of `defer mu.Unlock()` that go-defer-rewriter
// rewrites, and some that it leaves alone. Try:
//
//	cargo run --release -p gdr-cli -- --dry-run examples/basic/...
package basic

import (
	"errors"
	"sync"
)

// ErrEmpty is returned by Counter.Last when nothing was recorded.
var ErrEmpty = errors.New("basic: no values")

// Counter records values.
type Counter struct {
	mu     sync.Mutex
	n      int
	values []int
}

// Inc adds one; control falls off the end of the body.
func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

// Value reads shared state in the return expression: it is hoisted into a
// temporary so that it is still read under the lock.
func (c *Counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

// Last has several exits, one of them early.
func (c *Counter) Last() (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.values) == 0 {
		return 0, ErrEmpty
	}
	return c.values[len(c.values)-1], nil
}

// Record appends a value; named results and a bare return.
func (c *Counter) Record(v int) (count int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.values = append(c.values, v)
	count = len(c.values)
	return
}

// Sum calls a function while locked: if it panicked and the panic were
// recovered, only the deferred Unlock would release the lock. The fix is
// Unsafe, applied only with --unsafe-fixes.
func (c *Counter) Sum(weight func(int) int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	total := 0
	for _, v := range c.values {
		total += weight(v)
	}
	return total
}
