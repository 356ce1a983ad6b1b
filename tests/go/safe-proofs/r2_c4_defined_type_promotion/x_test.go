package r2c4definedtypepromotion

import "testing"

func TestLockReleased(t *testing.T) {
	s := &S{}
	func() {
		defer func() { recover() }()
		s.Get()
	}()
	if !s.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
