//go:build linux

package c2buildtagtypeshift

import "testing"

func TestShiftPanicReleasesLock(t *testing.T) {
	f := &Flags{bits: 1}
	step = -1
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Shift with step -1 did not panic")
			}
		}()
		f.Shift()
	}()
	if !f.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Shift")
	}
	f.mu.Unlock()
	step = 3
	if got := f.Shift(); got != 8 {
		t.Fatalf("Shift() = %d, want 8", got)
	}
}
