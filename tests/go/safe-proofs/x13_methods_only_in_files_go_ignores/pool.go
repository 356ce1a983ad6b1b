// Package x13methodsonlyinfilesgoignores: p.cur is a buf.Outer, whose own
// panic-free Size, Count and Cap are only in files no build includes
// (`//go:build ignore`, a name starting with `_`, a name starting with `.`);
// the methods compiled are Inner's, promoted, which index past the end of an
// empty slice: an explicit Unlock leaves the lock held after the panic.
package x13methodsonlyinfilesgoignores

import (
	"sync"

	"safeproofs/x13_methods_only_in_files_go_ignores/buf"
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

// Count returns the current buffer's count.
func (p *Pool) Count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur.Count()
}

// Cap returns the current buffer's capacity.
func (p *Pool) Cap() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.cur.Cap()
}
