package c1shadowconstliteraldivisor

import "testing"

func TestPerPagePanicReleasesLock(t *testing.T) {
	tb := &Table{rows: 10}
	f := tb.PerPage(0)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("PerPage(0)() did not panic")
			}
		}()
		f()
	}()
	if !tb.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in the PerPage closure")
	}
	tb.mu.Unlock()
	if got := tb.PerPage(5)(); got != 2 {
		t.Fatalf("PerPage(5)() = %d, want 2", got)
	}
	if Half(4) != 2 {
		t.Fatal("Half")
	}
}
