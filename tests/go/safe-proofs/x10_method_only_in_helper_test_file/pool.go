// Package x10methodonlyinhelpertestfile: `p.cur.Size()` with p.cur a
// buf.Outer: Outer's own (panic-free) Size is declared only in package buf's
// _test.go file, so in this package Size is the promoted Inner.Size, which
// indexes past the end of an empty slice: an explicit Unlock leaves the lock
// held after the recovered panic.
package x10methodonlyinhelpertestfile

import (
	"sync"

	"safeproofs/x10_method_only_in_helper_test_file/buf"
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
