package r2c6govaluereceivernil

import "testing"

func TestLockReleased(t *testing.T) {
	p := &Pool{}
	func() {
		defer func() { recover() }()
		p.Start(nil)
	}()
	if !p.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
