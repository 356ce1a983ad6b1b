// Package x15helperasmbody: on amd64, sum.Add is a declaration without a body
// whose assembly calls a panicking Go function (the panic-free Go body is for
// other architectures): an implementation that takes a missing body for an
// empty one, or reads the !amd64 body, proves it panic-free, and an explicit
// Unlock leaves the lock held after the recovered panic.
package x15helperasmbody

import (
	"sync"

	"safeproofs/x15_helper_asm_body/sum"
)

// Acc accumulates.
type Acc struct {
	mu sync.Mutex
	n  int
}

// Add adds v.
func (a *Acc) Add(v int) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.n = sum.Add(a.n, v)
	return a.n
}
