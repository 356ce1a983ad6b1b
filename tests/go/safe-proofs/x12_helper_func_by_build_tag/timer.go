// Package x12helperfuncbybuildtag: clock.Ticks and clock.Steps cannot panic in
// their `//go:build !linux` bodies, but on linux the bodies compiled divide by
// a zero argument; an implementation that reads every file of package clock
// (and keeps the first or the last body) proves one of them panic-free, and
// an explicit Unlock leaves the lock held after the recovered panic.
package x12helperfuncbybuildtag

import (
	"sync"

	"safeproofs/x12_helper_func_by_build_tag/clock"
)

// Timer counts time.
type Timer struct {
	mu    sync.Mutex
	total int
}

// Per returns the ticks per n.
func (t *Timer) Per(n int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return clock.Ticks(t.total, n)
}

// Step returns the steps per n.
func (t *Timer) Step(n int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return clock.Steps(t.total, n)
}
