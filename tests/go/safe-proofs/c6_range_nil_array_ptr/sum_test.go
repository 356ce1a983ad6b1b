package c6rangenilarrayptr

import "testing"

func TestAddPanicReleasesLock(t *testing.T) {
	var a Acc
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Add(nil) did not panic")
			}
		}()
		a.Add(nil)
	}()
	if !a.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Add")
	}
	a.mu.Unlock()
	if got := a.Add(&[4]int{1, 2, 3, 4}); got != 10 {
		t.Fatalf("Add = %d, want 10", got)
	}
}
