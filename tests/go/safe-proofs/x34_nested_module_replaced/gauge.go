// Package x34nestedmodulereplaced: the import path
// safeproofs/x34_nested_module_replaced/dep looks like the directory dep of
// this module, but dep has its own go.mod (a separate module, whose Ratio
// cannot panic), and the safeproofs go.mod requires that module and replaces
// it by the directory depfork, whose Ratio divides. An implementation that
// maps the import path to module path + directory reads the wrong body, and
// an explicit Unlock leaves the lock held after the recovered panic.
package x34nestedmodulereplaced

import (
	"sync"

	"safeproofs/x34_nested_module_replaced/dep"
)

// Gauge holds a reading.
type Gauge struct {
	mu  sync.Mutex
	raw int
}

// Per returns the reading per n.
func (g *Gauge) Per(n int) int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return dep.Ratio(g.raw, n)
}
