package c1shadowconstmake

import "testing"

func TestBufPanicReleasesLock(t *testing.T) {
	var p Pool
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Buf with want 0 did not panic")
			}
		}()
		p.Buf()
	}()
	if !p.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Buf")
	}
	p.mu.Unlock()
	p.want = 3
	if got := len(p.Buf()); got != 2 {
		t.Fatalf("len(Buf()) = %d, want 2", got)
	}
	if len(Default()) != 16 {
		t.Fatal("Default")
	}
}
