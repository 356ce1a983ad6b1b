package r2c1localtypebyname

import "sync"

var vals []int

type C struct {
	mu sync.Mutex
	n  int
}

func (c *C) Third() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n > 100 {
		vals := [4]int{}
		c.n = vals[0]
	}
	x := vals
	return x[2]
}
