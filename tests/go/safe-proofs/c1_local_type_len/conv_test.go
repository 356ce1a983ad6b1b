package c1localtypelen

import "testing"

func TestPairPanicReleasesLock(t *testing.T) {
	w := &Window{last: []int{1}}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Pair on a 1-element slice did not panic")
			}
		}()
		w.Pair()
	}()
	if !w.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Pair")
	}
	w.mu.Unlock()
	w.last = []int{3, 4, 5}
	if got := w.Pair(); got != [2]int{3, 4} {
		t.Fatalf("Pair() = %v", got)
	}
}
