// Package c1typeparamequal: a type parameter named T shadows the package type
// T (an int). `a == b` on the type parameter panics when both hold the same
// non-comparable dynamic type (T = any, two slices).
package c1typeparamequal

import "sync"

// T is the package's own type; comparing it never panics.
type T int

// Dedup remembers the last value under a lock.
type Dedup struct {
	mu   sync.Mutex
	seen int
}

// Same reports whether a == b, counting the calls.
func Same[T comparable](d *Dedup, a, b T) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	eq := a == b
	d.seen++
	return eq
}

// OwnSame compares the package's T.
func OwnSame(a, b T) bool { return a == b }
