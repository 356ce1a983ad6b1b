// Package x27helpercallscallersfunc: iter.Each, (*iter.Hooks).Fire and the
// standard library's (*sync.Once).Do call a func value that comes from this
// package (a method value that indexes past the end of a slice): their bodies
// have no other way to panic, but the call does. An explicit Unlock leaves
// the lock held after the recovered panic.
package x27helpercallscallersfunc

import (
	"sync"

	"safeproofs/x27_helper_calls_callers_func/iter"
)

// Batch applies weights.
type Batch struct {
	mu    sync.Mutex
	w     []int
	sum   int
	hooks iter.Hooks
	once  sync.Once
}

func (b *Batch) add(i int) { b.sum += b.w[i] }

func (b *Batch) first() { b.sum = b.w[0] }

// Apply adds the weights at idx.
func (b *Batch) Apply(idx []int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	iter.Each(idx, b.add)
	return b.sum
}

// Fire runs the hooks.
func (b *Batch) Fire() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.hooks.Fire()
}

// Init sets the sum to the first weight, once.
func (b *Batch) Init() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.once.Do(b.first)
	return b.sum
}
