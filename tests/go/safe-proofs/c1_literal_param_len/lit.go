// Package c1literalparamlen: the parameter of an immediately called func
// literal is named `len`; `len(x)` in its body calls that func value, which
// can panic.
package c1literalparamlen

import "sync"

// Sizer measures slices under a lock with a caller-supplied measure.
type Sizer struct {
	mu sync.Mutex
	xs []int
}

// Size measures s.xs with measure.
func (s *Sizer) Size(measure func([]int) int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return func(len func([]int) int) int { return len(s.xs) }(measure)
}
