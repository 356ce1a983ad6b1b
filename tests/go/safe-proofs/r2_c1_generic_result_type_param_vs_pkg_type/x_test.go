package r2c1genericresulttypeparamvspkgtype

import "testing"

func TestLockReleased(t *testing.T) {
	c := &C{}
	func() {
		defer func() { recover() }()
		c.Third([][]int{{1}})
	}()
	if !c.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
