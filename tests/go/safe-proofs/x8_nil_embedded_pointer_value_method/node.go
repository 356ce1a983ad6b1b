// Package x8nilembeddedpointervaluemethod: Node embeds *meta.Info; `n.Kind()`
// is the promoted value-receiver meta.Info.Kind, whose body cannot panic, but
// calling it copies *n.Info, which panics when the embedded pointer is nil:
// an explicit Unlock leaves the lock held after the recovered panic.
package x8nilembeddedpointervaluemethod

import (
	"sync"

	"safeproofs/x8_nil_embedded_pointer_value_method/meta"
)

// Node carries optional metadata.
type Node struct {
	mu sync.Mutex
	*meta.Info
	seen int
}

// Describe counts a look at the node and returns its kind.
func (n *Node) Describe() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.seen++
	return n.Kind()
}
