package r2c1genericfieldtypeparamvspkgtype

import "testing"

func TestLockReleased(t *testing.T) {
	c := &Cache{last: Pair[any]{v: []int{}}}
	func() {
		defer func() { recover() }()
		c.Same(Pair[any]{v: []int{}})
	}()
	if !c.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
