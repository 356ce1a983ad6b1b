package c1shadowconstparamdivisor

import "testing"

func TestSlotPanicReleasesLock(t *testing.T) {
	var b Buckets
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Slot(1, 0) did not panic")
			}
		}()
		b.Slot(1, 0)
	}()
	if !b.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Slot")
	}
	b.mu.Unlock()
	if got := b.Slot(7, 4); got != 3 {
		t.Fatalf("Slot(7, 4) = %d, want 3", got)
	}
	if Default(9) != 1 {
		t.Fatal("Default")
	}
}
