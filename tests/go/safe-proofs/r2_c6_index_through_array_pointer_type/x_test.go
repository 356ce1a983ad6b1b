package r2c6indexthrougharraypointertype

import "testing"

func TestLockReleased(t *testing.T) {
	c := &C{}
	func() {
		defer func() { recover() }()
		c.Pick(&[2][]int{})
	}()
	if !c.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
