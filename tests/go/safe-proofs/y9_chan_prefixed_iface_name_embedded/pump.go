// Package y9chanprefixedifacenameembedded: `p.r.Get()` calls the Get of the
// embedded interface src.Source at depth 1 (nil here: it panics), not the
// promoted Deep.Get at depth 2. Taking Source's underlying `channelSource`
// for a channel type, whose method set is empty, proves Deep.Get, and an
// explicit Unlock leaves the lock held after the recovered panic.
package y9chanprefixedifacenameembedded

import (
	"sync"

	"safeproofs/y9_chan_prefixed_iface_name_embedded/src"
)

// Pump reads values.
type Pump struct {
	mu sync.Mutex
	r  src.Reader
	n  int
}

// Next reads one value.
func (p *Pump) Next() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n = p.r.Get()
	return p.n
}
