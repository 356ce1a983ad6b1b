// Package x26generichelperspanicbytypearg: gen.Eq (`a == b`), gen.Has
// (`m[k]`) and gen.Describe (`v.Name()`) cannot panic for int or
// string type arguments, but here T and K are `any` holding slices (== and
// map hashing panic), and Describe is instantiated with a type whose Name
// indexes. An implementation that proves the generic body once, for any type
// argument, proves the calls panic-free, and an explicit Unlock leaves the
// lock held after the recovered panic.
package x26generichelperspanicbytypearg

import (
	"sync"

	"safeproofs/x26_generic_helpers_panic_by_type_arg/gen"
)

// Label names by index.
type Label struct {
	names []string
	i     int
}

// Name returns names[i].
func (l Label) Name() string { return l.names[l.i] }

// Cache holds keys.
type Cache struct {
	mu   sync.Mutex
	last any
	seen map[any]bool
	lab  Label
}

// Same reports whether k is the last key.
func (c *Cache) Same(k any) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return gen.Eq(c.last, k)
}

// Seen reports whether k was seen.
func (c *Cache) Seen(k any) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return gen.Has(c.seen, k)
}

// Title returns the label's name.
func (c *Cache) Title() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return gen.Describe(c.lab)
}
