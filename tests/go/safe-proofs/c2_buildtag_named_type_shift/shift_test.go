//go:build linux

package c2buildtagnamedtypeshift

import "testing"

func TestSetPanicReleasesLock(t *testing.T) {
	var f Flags
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Set(-1) did not panic")
			}
		}()
		f.Set(-1)
	}()
	if !f.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Set")
	}
	f.mu.Unlock()
	if got := f.Set(3); got != 8 {
		t.Fatalf("Set(3) = %d, want 8", got)
	}
}
