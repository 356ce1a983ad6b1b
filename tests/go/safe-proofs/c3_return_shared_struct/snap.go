// Package c3returnsharedstruct: `st.watch(c)` calls a pointer method on the
// local st, taking its address implicitly and sharing it with a goroutine that
// writes st under c.mu. `return st` must read st before the deferred Unlock;
// reading it after an explicit Unlock races with the goroutine.
package c3returnsharedstruct

import "sync"

// State is a snapshot.
type State struct {
	N    int
	Name string
}

// Counter hands out snapshots under a lock.
type Counter struct {
	mu   sync.Mutex
	done chan struct{}
}

// watch starts a goroutine that updates st under c.mu.
func (st *State) watch(c *Counter) {
	go func() {
		c.mu.Lock()
		st.N++
		st.Name = "updated"
		c.mu.Unlock()
		close(c.done)
	}()
}

// Snapshot returns a state that a watcher keeps updating.
func (c *Counter) Snapshot() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	var st State
	st.watch(c)
	return st
}
