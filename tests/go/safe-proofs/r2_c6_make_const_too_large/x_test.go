package r2c6makeconsttoolarge

import "testing"

func TestLockReleased(t *testing.T) {
	tb := &Table{}
	func() {
		defer func() { recover() }()
		tb.Reset()
	}()
	if !tb.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
