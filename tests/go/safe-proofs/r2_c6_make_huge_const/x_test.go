package r2c6makehugeconst

import "testing"

func TestLockReleased(t *testing.T) {
	c := &C{buf: make([]int64, 1)}
	func() {
		defer func() { recover() }()
		c.Grow(1)
	}()
	if !c.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
