// Package hotpath is a small key-value service with a realistic hot path for
// go-defer-rewriter's profile-guided sweep (see README.md): a read-mostly cache
// behind an HTTP handler, a ledger whose transfers run under a mutex, a batch
// lookup that locks once per item, and admin paths that a profile of the
// service never sees.
package hotpath

import "sync"

// Cache maps keys to values behind a read-write mutex. Reads dominate.
type Cache struct {
	mu    sync.RWMutex
	items map[string]string
	limit int
}

// NewCache returns a cache that holds at most limit entries.
func NewCache(limit int) *Cache {
	return &Cache{items: make(map[string]string, limit), limit: limit}
}

// Get returns the value cached for key. It is the hottest function of the
// service: every GET request calls it at least once.
func (c *Cache) Get(key string) (string, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	v, ok := c.items[key]
	return v, ok
}

// Put caches val under key, evicting an arbitrary entry when the cache is full.
func (c *Cache) Put(key, val string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[key]; !ok && len(c.items) >= c.limit {
		for k := range c.items {
			delete(c.items, k)
			break
		}
	}
	c.items[key] = val
}

// GetMany appends the value of each key (or "" when it is not cached) to dst.
// It takes the read lock once per key, in a closure, so that a long batch does
// not hold off writers: the defer runs at the end of each item.
func (c *Cache) GetMany(keys []string, dst []string) []string {
	for _, k := range keys {
		v := func() string {
			c.mu.RLock()
			defer c.mu.RUnlock()
			return c.items[k]
		}()
		dst = append(dst, v)
	}
	return dst
}

// Len returns the number of cached entries.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.items)
}
