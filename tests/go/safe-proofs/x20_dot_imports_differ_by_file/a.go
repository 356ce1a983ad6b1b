// Package x20dotimportsdifferbyfile: a dot import is scoped to its file. In
// a.go the free name Scale is calm.Scale (cannot panic); in b.go it is
// rough.Scale (divides). An implementation that resolves dot imports per
// package, not per file, proves b.go's call panic-free, and an explicit Unlock
// leaves the lock held after the recovered division-by-zero panic.
package x20dotimportsdifferbyfile

import (
	"sync"

	. "safeproofs/x20_dot_imports_differ_by_file/calm"
)

// Meter scales readings.
type Meter struct {
	mu  sync.Mutex
	raw int
}

// Calm returns the reading (the Safe fix is correct here).
func (m *Meter) Calm(by int) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return Scale(m.raw, by)
}
