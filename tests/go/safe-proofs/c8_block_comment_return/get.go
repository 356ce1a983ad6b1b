// Package c8blockcommentreturn: block comments inside return expressions
// under `defer c.mu.Unlock()`. Hoisted, they must stay where they were and
// the file gofmt-clean.
package c8blockcommentreturn

import "sync"

// Cache holds values under a lock.
type Cache struct {
	mu sync.Mutex
	m  map[string]int
}

// Get returns the value for k, or def.
func (c *Cache) Get(k string, def int) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[k]; ok {
		return v /* found */, true
	}
	return def /* fallback */, c.m[k] /* zero */ != 0 /* never */
}

// Sum returns the sum of the values for a and b.
func (c *Cache) Sum(a, b string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return /* a */ c.m[a] + /* b */ c.m[b]
}

// Len returns the number of entries.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m /* every entry */) /* counted under the lock */
}
