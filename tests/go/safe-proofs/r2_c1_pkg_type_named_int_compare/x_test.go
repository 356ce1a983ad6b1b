package r2c1pkgtypenamedintcompare

import "testing"

func TestLockReleased(t *testing.T) {
	c := &Cache{last: []byte("a")}
	func() {
		defer func() { recover() }()
		c.Same([]byte("a"))
	}()
	if !c.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
