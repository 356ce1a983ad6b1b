package c1typeparamequal

import "testing"

func TestSamePanicReleasesLock(t *testing.T) {
	var d Dedup
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Same on two slices did not panic")
			}
		}()
		Same[any](&d, []int{1}, []int{1})
	}()
	if !d.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Same")
	}
	d.mu.Unlock()
	if !Same[any](&d, 1, 1) {
		t.Fatal("Same(1, 1) = false")
	}
	if !OwnSame(2, 2) {
		t.Fatal("OwnSame")
	}
}
