// Package x33stdlibatomicbodylessnil: sync/atomic.AddInt64 is declared without
// a Go body (doc_64.go; its body is assembly): an implementation that takes a
// missing body for an empty one proves it panic-free, but on a nil *int64 it
// panics (nil dereference), and an explicit Unlock leaves the lock held after
// the recovered panic.
package x33stdlibatomicbodylessnil

import (
	"sync"
	"sync/atomic"
)

// Counter adds to a shared total, when it has one.
type Counter struct {
	mu    sync.Mutex
	total *int64
	local int64
}

// Add adds n to the local and the shared total.
func (c *Counter) Add(n int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.local += n
	return atomic.AddInt64(c.total, n)
}
