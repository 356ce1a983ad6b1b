//go:build linux

package c2buildtagconstvar

import "testing"

func TestSplitPanicReleasesLock(t *testing.T) {
	r := &Ratio{total: 8}
	parts = 0
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Split with parts 0 did not panic")
			}
		}()
		r.Split()
	}()
	if !r.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Split")
	}
	r.mu.Unlock()
	parts = 2
	if got := r.Split(); got != 4 {
		t.Fatalf("Split() = %d, want 4", got)
	}
}
