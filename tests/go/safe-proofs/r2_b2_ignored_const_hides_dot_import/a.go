package r2b2ignoredconsthidesdotimport

import (
	"sync"

	. "safeproofs/r2_b2_ignored_const_hides_dot_import/d"
)

type C struct {
	mu sync.Mutex
	v  int
}

func (c *C) Per() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.v / N
}
