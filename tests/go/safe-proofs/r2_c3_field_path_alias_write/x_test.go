package r2c3fieldpathaliaswrite

import "testing"

func TestLockReleased(t *testing.T) {
	c := &Cache{}
	func() {
		defer func() { recover() }()
		c.Peek(Holder{slot: Slot{node: &Node{v: 1}}})
	}()
	if !c.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
