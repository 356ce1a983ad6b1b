// Package y3mapwritebyrangeandselectassign: `for r.last["k"] = range xs`,
// `case r.last["c"] = <-r.ch:` and `(r.last["p"])++` assign to a map element,
// as `m[k] = v` does: on a nil map they panic. Taken for map reads (which
// never panic on a nil map), they are proven panic-free, and an explicit
// Unlock leaves the lock held after the recovered panic.
package y3mapwritebyrangeandselectassign

import "sync"

// Recorder records the last values seen.
type Recorder struct {
	mu   sync.Mutex
	last map[string]int
	ch   chan int
}

// Scan records the last index of xs.
func (r *Recorder) Scan(xs []int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for r.last["k"] = range xs {
	}
}

// Poll records a value from the channel, if one is ready.
func (r *Recorder) Poll() {
	r.mu.Lock()
	defer r.mu.Unlock()
	select {
	case r.last["c"] = <-r.ch:
	default:
	}
}

// Bump counts a bump (the parentheses are kept by gofmt).
func (r *Recorder) Bump() {
	r.mu.Lock()
	defer r.mu.Unlock()
	(r.last["p"])++
}
