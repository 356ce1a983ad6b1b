// Package x1exportedvarzeroedbyinit: helper.Slot's body is `h % Buckets` with
// `var Buckets = 8`, and helper.Index's is `h % Default.Size` with
// `var Default = Config{Size: 16}`; the helper package never assigns either,
// but both are exported, and the package config (imported here) zeroes them
// in its init: the division panics and an explicit Unlock leaves the lock
// held.
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

// At stores and returns the index of h.
func (t *Table) At(h int) int {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.last = helper.Index(h)
	return t.last
}
