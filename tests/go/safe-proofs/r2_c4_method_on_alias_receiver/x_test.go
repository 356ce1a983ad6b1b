package r2c4methodonaliasreceiver

import "testing"

func TestLockReleased(t *testing.T) {
	q := &Q{}
	func() {
		defer func() { recover() }()
		q.Size()
	}()
	if !q.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
