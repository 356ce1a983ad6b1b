// Package x3unexportedvarsetbylinkname: quota.Per divides by the unexported
// `var shares = 4`, which package quota never assigns and whose address never
// escapes; package tune pulls it with `//go:linkname` and sets it to 0, so
// the division panics and an explicit Unlock leaves the lock held.
package x3unexportedvarsetbylinkname

import (
	"sync"

	"safeproofs/x3_unexported_var_set_by_linkname/quota"
)

// Pool hands out work.
type Pool struct {
	mu   sync.Mutex
	work int
}

// Share returns one worker's share.
func (p *Pool) Share() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return quota.Per(p.work)
}
