// Package c2buildtagtypeshift: the shift count `step` is an unsigned variable
// on other systems but a signed one on linux, where a negative count panics.
package c2buildtagtypeshift

import "sync"

// Flags shifts a bit set under a lock.
type Flags struct {
	mu   sync.Mutex
	bits uint64
}

// Shift shifts the flags left by step and returns them.
func (f *Flags) Shift() uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bits <<= step
	return f.bits
}
