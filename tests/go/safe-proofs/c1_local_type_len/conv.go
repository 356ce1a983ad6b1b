// Package c1localtypelen: a function-local type named `len` shadows the
// builtin; `len(x)` is then a slice-to-array conversion, which panics when the
// slice is too short.
package c1localtypelen

import "sync"

// Window keeps the last pair under a lock.
type Window struct {
	mu   sync.Mutex
	last []int
}

// Pair returns the first two elements of the last slice as an array. `len`
// here is the local type [2]int: the conversion panics when last has fewer
// than two elements.
func (w *Window) Pair() [2]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	type len = [2]int
	return len(w.last)
}
