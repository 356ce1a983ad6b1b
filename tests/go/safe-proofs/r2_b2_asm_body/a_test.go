package r2b2asmbody

import "testing"

func TestGet(t *testing.T) {
	c := &C{}
	func() {
		defer func() { recover() }()
		c.Get()
	}()
	if !c.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
