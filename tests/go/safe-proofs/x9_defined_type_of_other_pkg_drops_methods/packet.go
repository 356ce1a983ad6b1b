// Package x9definedtypeofotherpkgdropsmethods: `type Packet codec.Frame` is a
// defined type: it has none of Frame's own methods, but keeps the methods
// promoted from the fields of Frame's struct. So `p.Size()` is Header.Size
// (panics on a short Lens), not the panic-free Frame.Size: an explicit Unlock
// leaves the lock held after the recovered panic.
package x9definedtypeofotherpkgdropsmethods

import (
	"sync"

	"safeproofs/x9_defined_type_of_other_pkg_drops_methods/codec"
)

// Packet is a frame with its own method set.
type Packet codec.Frame

// Conn sends packets.
type Conn struct {
	mu   sync.Mutex
	last Packet
}

// LastSize returns the size of the last packet.
func (c *Conn) LastSize() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last.Size()
}
