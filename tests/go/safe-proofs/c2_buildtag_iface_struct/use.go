// Package c2buildtagifacestruct: Source is an interface on linux but a struct
// with a panic-free Next method elsewhere. On linux `src.Next()` is a dynamic
// call that can panic.
package c2buildtagifacestruct

import "sync"

// Reader pulls values from a Source under a lock.
type Reader struct {
	mu   sync.Mutex
	last int
}

// Pull stores and returns src.Next().
func (r *Reader) Pull(src Source) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last = src.Next()
	return r.last
}
