package c6definedarrayconversion

import "testing"

func TestTakePanicReleasesLock(t *testing.T) {
	var b Blocks
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Take of a 2-element slice did not panic")
			}
		}()
		b.Take([]int{1, 2})
	}()
	if !b.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Take")
	}
	b.mu.Unlock()
	if got := b.Take([]int{1, 2, 3, 4, 5}); got != (A{1, 2, 3, 4}) {
		t.Fatalf("Take = %v", got)
	}
}
