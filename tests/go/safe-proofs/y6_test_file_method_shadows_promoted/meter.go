// Package y6testfilemethodshadowspromoted: in the package's own files,
// `m.cur.Size()` is the promoted Inner.Size, which cannot panic. `go test`
// compiles meter_test.go into the package, and it declares Reading's own
// Size, which indexes: under test the call panics, and an explicit Unlock
// leaves the lock held. (A `_test.go` file's methods, not only its functions,
// change what names mean in the other files.)
package y6testfilemethodshadowspromoted

import "sync"

// Inner has a size.
type Inner struct{}

// Size returns 1.
func (Inner) Size() int { return 1 }

// Reading embeds Inner.
type Reading struct {
	Inner
	sizes []int
}

// Meter holds a reading.
type Meter struct {
	mu  sync.Mutex
	cur Reading
	n   int
}

// Size returns the current reading's size.
func (m *Meter) Size() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.n = m.cur.Size()
	return m.n
}
