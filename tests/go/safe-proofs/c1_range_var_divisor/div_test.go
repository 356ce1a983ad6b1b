package c1rangevardivisor

import "testing"

func TestAddPanicReleasesLock(t *testing.T) {
	r := &Ratios{x: 12}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Add([]int{0}) did not panic")
			}
		}()
		r.Add([]int{0})
	}()
	if !r.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Add")
	}
	r.mu.Unlock()
	if got := r.Add([]int{3, 4}); got != 7 {
		t.Fatalf("Add = %d, want 7", got)
	}
	if Fifth(10) != 2 {
		t.Fatal("Fifth")
	}
}
