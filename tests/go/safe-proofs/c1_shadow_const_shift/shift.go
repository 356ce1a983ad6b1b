// Package c1shadowconstshift: a local `k` (signed, possibly negative) shadows
// the package constant `k`; `1 << k` panics on a negative count.
package c1shadowconstshift

import "sync"

const k = 3

// Mask builds bit masks under a lock.
type Mask struct {
	mu   sync.Mutex
	bits int
}

// Bit sets bits to 1 << k for the local k = bits - 1, which is negative when
// bits is zero, and returns it.
func (m *Mask) Bit() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := m.bits - 1
	m.bits = 1 << k
	return m.bits
}

// Eight is 1 << the package constant.
func Eight() int { return 1 << k }
