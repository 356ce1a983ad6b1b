// Package x6ifaceofotherpkgoneimpl: `r.src.Len()` calls a method of the
// interface source.Source; the only type of package source that implements it
// has a Len that cannot panic, but any package may implement it (the test
// does, with a Len that panics): an explicit Unlock leaves the lock held.
package x6ifaceofotherpkgoneimpl

import (
	"sync"

	"safeproofs/x6_iface_of_other_pkg_one_impl/source"
)

// Reader reads from a source.
type Reader struct {
	mu  sync.Mutex
	src source.Source
}

// Size returns the source's length.
func (r *Reader) Size() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.src.Len()
}
