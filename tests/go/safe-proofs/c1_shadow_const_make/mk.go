// Package c1shadowconstmake: a local `size` shadows the package constant
// `size`; `make([]int, size)` panics when the local is negative.
package c1shadowconstmake

import "sync"

const size = 16

// Pool hands out buffers under a lock.
type Pool struct {
	mu   sync.Mutex
	want int
}

// Buf returns a buffer of want-1 elements: the local size shadows the
// constant and is negative when want is zero.
func (p *Pool) Buf() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	size := p.want - 1
	return make([]int, size)
}

// Default is a buffer of the package's size.
func Default() []int { return make([]int, size) }
