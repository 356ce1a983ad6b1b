// Package x14helpermethodonlyincgofile: p.cur is a buf.Outer, whose own
// panic-free Size is in a cgo file of package buf; with CGO_ENABLED=0 (this
// package's `env`) that file is not built, and Size is the promoted
// Inner.Size, which indexes past the end of an empty slice: an explicit
// Unlock leaves the lock held after the recovered panic.
package x14helpermethodonlyincgofile

import (
	"sync"

	"safeproofs/x14_helper_method_only_in_cgo_file/buf"
)

// Pool holds the current buffer.
type Pool struct {
	mu  sync.Mutex
	cur buf.Outer
}

// Size returns the current buffer's size.
func (p *Pool) Size() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur.Size()
}
