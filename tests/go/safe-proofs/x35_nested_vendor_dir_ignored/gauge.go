// Package x35nestedvendordirignored: a directory vendor/ beside this file holds
// a copy of the imported helper whose Ratio cannot panic; in module mode the
// go tool ignores vendor directories other than the module root's (and that
// one too, without -mod=vendor), so helper.Ratio is the one that divides. An
// implementation that looks for vendored code GOPATH-style, in the vendor
// directories of the importer's ancestors, reads the wrong body, and an
// explicit Unlock leaves the lock held after the recovered panic.
package x35nestedvendordirignored

import (
	"sync"

	"safeproofs/x35_nested_vendor_dir_ignored/helper"
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
	return helper.Ratio(g.raw, n)
}
