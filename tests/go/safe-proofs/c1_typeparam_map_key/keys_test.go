package c1typeparammapkey

import "testing"

func TestLookupPanicReleasesLock(t *testing.T) {
	var ix Index
	m := map[any]int{1: 1}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Lookup with a slice key did not panic")
			}
		}()
		Lookup[any](&ix, m, []int{1})
	}()
	if !ix.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Lookup")
	}
	ix.mu.Unlock()
	if got := Lookup[any](&ix, m, 1); got != 1 {
		t.Fatalf("Lookup(1) = %d, want 1", got)
	}
	if Own(map[T]int{2: 3}, 2) != 3 {
		t.Fatal("Own")
	}
}
