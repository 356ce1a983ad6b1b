package r2c1pkgtypenamedintcompare

import "sync"

type int = any

type Cache struct {
	mu   sync.Mutex
	last int
}

func (c *Cache) Same(v int) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last == v
}
