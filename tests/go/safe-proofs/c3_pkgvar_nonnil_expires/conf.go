// Package c3pkgvarnonnilexpires: `defer cur.mu.Unlock()` dereferences the
// package variable cur, but "cur is not nil" expires: a panic-free callee sets
// cur to nil before the field read `cur.n`, which then panics.
package c3pkgvarnonnilexpires

import "sync"

// Conf is the current configuration.
type Conf struct {
	mu sync.Mutex
	n  int
}

var cur = &Conf{n: 1}

// retire drops the current configuration.
func retire() { cur = nil }

// Take returns the current n, retiring the configuration first when asked.
func Take(drop bool) int {
	cur.mu.Lock()
	defer cur.mu.Unlock()
	if drop {
		retire()
	}
	return cur.n
}
