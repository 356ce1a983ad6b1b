package r2c1localtypebyname

import "testing"

func TestLockReleased(t *testing.T) {
	c := &C{}
	func() {
		defer func() { recover() }()
		c.Third()
	}()
	if !c.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
