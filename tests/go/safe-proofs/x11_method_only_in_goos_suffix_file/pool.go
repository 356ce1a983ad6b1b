// Package x11methodonlyingoossuffixfile: `p.cur.Size()` with p.cur a
// buf.Outer: Outer's own (panic-free) Size is only in buf/outer_windows.go, a
// file with no //go:build line that its _windows suffix leaves out of every
// other build; elsewhere Size is the promoted Inner.Size, which indexes past
// the end of an empty slice, and an explicit Unlock leaves the lock held.
package x11methodonlyingoossuffixfile

import (
	"sync"

	"safeproofs/x11_method_only_in_goos_suffix_file/buf"
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
