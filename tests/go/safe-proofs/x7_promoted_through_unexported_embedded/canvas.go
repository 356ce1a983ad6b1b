// Package x7promotedthroughunexportedembedded: `c.Area()` is promoted from
// shape.Outer, which embeds the unexported shape.inner (Area panics, depth 2
// from Canvas) and shape.Mid (Deep.Area, panic-free, depth 3): an
// implementation that skips the unexported embedded type (an importer cannot
// name it) finds Deep.Area, and an explicit Unlock leaves the lock held.
package x7promotedthroughunexportedembedded

import (
	"sync"

	"safeproofs/x7_promoted_through_unexported_embedded/shape"
)

// Canvas is a shape under a lock.
type Canvas struct {
	mu sync.Mutex
	shape.Outer
}

// Size returns the area.
func (c *Canvas) Size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.Area()
}
