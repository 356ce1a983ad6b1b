// Package x1exportedvarzeroedbyinit: helper.Slot's body is `h % Buckets` with
// `var Buckets = 8` in the helper package, which never assigns it; but
// Buckets is exported and the package config (imported here) sets it to 0 in
// its init, so the division panics and an explicit Unlock leaves the lock held.
package x1exportedvarzeroedbyinit

import (
	"sync"

	_ "safeproofs/x1_exported_var_zeroed_by_init/config"
	"safeproofs/x1_exported_var_zeroed_by_init/helper"
)

// Table remembers the last slot.
type Table struct {
	mu   sync.Mutex
	last int
}

// Put stores and returns the slot of h.
func (t *Table) Put(h int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = helper.Slot(h)
	return t.last
}
