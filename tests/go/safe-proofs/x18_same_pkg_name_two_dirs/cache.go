// Package x18samepkgnametwodirs: two packages named `store` (directories
// one/store and two/store) both have a Len. one/store's Len cannot panic;
// two/store's, imported as `other`, indexes xs[0]. An implementation that
// keys what it learned by package name and function name (`store.Len`)
// reuses the first proof for `other.Len`, and an explicit Unlock leaves the
// lock held after the recovered panic.
package x18samepkgnametwodirs

import (
	"sync"

	"safeproofs/x18_same_pkg_name_two_dirs/one/store"
	other "safeproofs/x18_same_pkg_name_two_dirs/two/store"
)

// Cache holds values.
type Cache struct {
	mu   sync.Mutex
	vals []int
}

// Count returns the number of values (the Safe fix is correct here).
func (c *Cache) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return store.Len(c.vals)
}

// Header returns the length the header stores.
func (c *Cache) Header() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return other.Len(c.vals)
}
