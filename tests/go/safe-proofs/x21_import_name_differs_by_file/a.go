// Package x21importnamediffersbyfile: an import name is scoped to its file.
// In a.go, `sc` is package calm (Scale cannot panic); in b.go, `sc` is package
// rough (Scale divides). An implementation that maps import names to packages
// per package, not per file, proves b.go's call panic-free, and an explicit
// Unlock leaves the lock held after the recovered division-by-zero panic.
package x21importnamediffersbyfile

import (
	"sync"

	sc "safeproofs/x21_import_name_differs_by_file/calm"
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
	return sc.Scale(m.raw, by)
}
