// Package x37helperruntimepanicscatalogue: each method calls one helper of
// package ops whose body has no call and no `panic`, but panics at run time
// here (a failed type assertion, a send on a closed channel, a second close,
// a slice-to-array conversion of a short slice, a negative shift count, a
// negative make size). An implementation whose check of the callee's body
// misses one of these proves the call panic-free, and an explicit Unlock
// leaves the lock held after the recovered panic.
package x37helperruntimepanicscatalogue

import (
	"sync"

	"safeproofs/x37_helper_runtime_panics_catalogue/ops"
)

// Box holds things.
type Box struct {
	mu  sync.Mutex
	v   any
	ch  chan int
	s   []int
	k   int
	out []byte
}

// Int returns the value as an int.
func (b *Box) Int() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ops.AsInt(b.v)
}

// Send sends k on the channel.
func (b *Box) Send() {
	b.mu.Lock()
	defer b.mu.Unlock()
	ops.Send(b.ch, b.k)
}

// Close closes the channel.
func (b *Box) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	ops.Close(b.ch)
}

// Head returns the first four elements.
func (b *Box) Head() [4]int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ops.Head(b.s)
}

// Bit returns 1 << k.
func (b *Box) Bit() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ops.Bit(b.k)
}

// Grow allocates k bytes.
func (b *Box) Grow() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.out = ops.Buf(b.k)
}
