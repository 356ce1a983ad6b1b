// Package c2buildtagnamedtypeshift: the shift count type N is unsigned on
// other systems but signed on linux, where a negative count panics. (Guard:
// today's tool already sees the conflicting type declarations.)
package c2buildtagnamedtypeshift

import "sync"

// Flags sets bits under a lock.
type Flags struct {
	mu   sync.Mutex
	bits uint64
}

// Set sets bit i and returns the flags.
func (f *Flags) Set(i N) uint64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.bits |= 1 << i
	return f.bits
}
