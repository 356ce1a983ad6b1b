package c1shadowconstdivisor

import "testing"

// A recovered divide-by-zero in Mean must still release the lock (the
// deferred Unlock runs while the panic unwinds).
func TestMeanPanicReleasesLock(t *testing.T) {
	var a Avg
	a.total = 8
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Mean with count 0 did not panic")
			}
		}()
		a.Mean()
	}()
	if !a.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Mean")
	}
	a.mu.Unlock()
	a.count = 2
	if got := a.Mean(); got != 4 {
		t.Fatalf("Mean() = %d, want 4", got)
	}
	if Quarter(8) != 2 {
		t.Fatal("Quarter")
	}
}
