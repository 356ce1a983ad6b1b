package r2c6makehugeconst

import "sync"

const big = 1 << 50

type C struct {
	mu  sync.Mutex
	buf []int64
}

func (c *C) Grow(k int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.buf = make([]int64, big*len(c.buf))
}
