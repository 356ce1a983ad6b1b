// Package c5unlockrecovers: the package's own Unlock method calls recover().
// Deferred directly (`defer g.Unlock()`), that recover stops a panic of the
// function; called explicitly before `panic(v)`, it returns nil and the panic
// goes on.
package c5unlockrecovers

import "sync"

// Guard is a lock that swallows panics raised while it is held.
type Guard struct {
	mu        sync.Mutex
	recovered any
}

// Lock locks the guard.
func (g *Guard) Lock() { g.mu.Lock() }

// Unlock records a panic in progress (when deferred) and unlocks.
func (g *Guard) Unlock() {
	g.recovered = recover()
	g.mu.Unlock()
}

// Check panics on a negative n; the deferred Unlock recovers that panic.
func Check(g *Guard, n int) int {
	g.Lock()
	defer g.Unlock()
	if n < 0 {
		panic("negative")
	}
	return n * 2
}
