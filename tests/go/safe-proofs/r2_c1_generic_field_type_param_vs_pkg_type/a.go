package r2c1genericfieldtypeparamvspkgtype

import "sync"

// T is the package's tag type.
type T int

// Pair holds one value of any type.
type Pair[T any] struct{ v T }

type Cache struct {
	mu   sync.Mutex
	last Pair[any]
}

func (c *Cache) Same(p Pair[any]) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last == p
}
