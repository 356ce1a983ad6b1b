// Package x2unexportedvarsetthroughpointer: quota.Per divides by an unexported
// variable that package quota never assigns, yet the test stores 0 in it
// through the pointer quota.Shares() returns: the division panics, and an
// explicit Unlock leaves the lock held.
package x2unexportedvarsetthroughpointer

import (
	"sync"

	"safeproofs/x2_unexported_var_set_through_pointer/quota"
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
