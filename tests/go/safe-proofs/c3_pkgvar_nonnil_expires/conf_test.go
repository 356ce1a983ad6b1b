package c3pkgvarnonnilexpires

import "testing"

func TestTakePanicReleasesLock(t *testing.T) {
	c := &Conf{n: 3}
	cur = c
	if got := Take(false); got != 3 {
		t.Fatalf("Take(false) = %d, want 3", got)
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Take(true) did not panic")
			}
		}()
		Take(true)
	}()
	if !c.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Take")
	}
	c.mu.Unlock()
}
