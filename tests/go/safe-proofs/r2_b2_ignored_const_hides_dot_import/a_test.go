package r2b2ignoredconsthidesdotimport

import "testing"

func TestPer(t *testing.T) {
	c := &C{v: 8}
	func() {
		defer func() { recover() }()
		c.Per()
	}()
	if !c.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
