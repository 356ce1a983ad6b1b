package r2b2plusbuild

import "testing"

func TestGet(t *testing.T) {
	s := &S{}
	func() {
		defer func() { recover() }()
		s.Get()
	}()
	if !s.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
