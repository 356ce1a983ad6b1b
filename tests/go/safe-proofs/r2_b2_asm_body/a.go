package r2b2asmbody

import "sync"

type C struct {
	mu sync.Mutex
	v  int
}

func (c *C) Get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return helper(c.v)
}

func boom(v int) int { panic("boom") }
