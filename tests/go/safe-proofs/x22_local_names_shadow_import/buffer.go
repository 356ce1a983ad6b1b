// Package x22localnamesshadowimport: `ring.Len()` names the imported package's
// Len (cannot panic) only where nothing closer declares `ring`: in Used a local
// variable does, in Peek a receiver does, in Each a func literal's parameter
// does, and each of those Len methods reads a nil pointer. An implementation
// that resolves `ring` to the import there proves the calls panic-free, and an
// explicit Unlock leaves the lock held after the recovered panic.
package x22localnamesshadowimport

import (
	"sync"

	"safeproofs/x22_local_names_shadow_import/ring"
)

// Ring is a ring buffer.
type Ring struct {
	mu   sync.Mutex
	next *Ring
	n    int
}

// Len returns the length of the next ring: it panics when r.next is nil.
func (r *Ring) Len() int { return r.next.n }

// Buffer holds rings.
type Buffer struct {
	mu   sync.Mutex
	head *Ring
}

// Empty reports whether the package ring is empty (the Safe fix is correct).
func (b *Buffer) Empty() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return ring.Len() == 0
}

// Used returns the length after the head.
func (b *Buffer) Used() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	ring := b.head
	return ring.Len()
}

// Peek returns the length after ring.
func (ring *Ring) Peek() int {
	ring.mu.Lock()
	defer ring.mu.Unlock()
	return ring.Len()
}

// Each returns the length after the head, through a func literal.
func (b *Buffer) Each() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return func(ring *Ring) int { return ring.Len() }(b.head)
}
