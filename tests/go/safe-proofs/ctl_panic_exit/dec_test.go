package ctlpanicexit

import "testing"

func TestDecPanicReleasesLock(t *testing.T) {
	var c Counter
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Dec on zero did not panic")
			}
		}()
		c.Dec()
	}()
	if !c.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Dec")
	}
	c.mu.Unlock()
	c.n = 2
	if got := c.Dec(); got != 1 {
		t.Fatalf("Dec() = %d, want 1", got)
	}
}
