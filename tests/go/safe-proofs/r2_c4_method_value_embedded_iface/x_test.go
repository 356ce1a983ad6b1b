package r2c4methodvalueembeddediface

import "testing"

func TestLockReleased(t *testing.T) {
	r := &Reg{}
	func() {
		defer func() { recover() }()
		r.Keep(Box{})
	}()
	if !r.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
