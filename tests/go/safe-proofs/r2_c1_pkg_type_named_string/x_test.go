package r2c1pkgtypenamedstring

import "testing"

func TestLockReleased(t *testing.T) {
	ix := &Index{m: map[string]int{}}
	func() {
		defer func() { recover() }()
		ix.Get([]int{1})
	}()
	if !ix.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
