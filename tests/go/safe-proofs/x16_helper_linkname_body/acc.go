// Package x16helperlinknamebody: sum.Div is declared without a body and bound
// by `//go:linkname` to impl.div of another package, which divides: an
// implementation that takes the missing body for an empty one proves the call
// panic-free, and an explicit Unlock leaves the lock held after the recovered
// division-by-zero panic.
package x16helperlinknamebody

import (
	"sync"

	"safeproofs/x16_helper_linkname_body/sum"
)

// Acc accumulates.
type Acc struct {
	mu sync.Mutex
	n  int
}

// Split returns the share of each of k.
func (a *Acc) Split(k int) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return sum.Div(a.n, k)
}
