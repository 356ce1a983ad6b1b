package behaviour

import (
	"sync"
	"testing"
)

// TestPanicExitReleasesLock: Dec panics on underflow while holding the lock and
// the caller recovers. The deferred Unlock runs while the panic unwinds; a
// rewrite must make the explicit Unlock before the panic starts, or the mutex
// stays locked. TryLock sees that without waiting.
func TestPanicExitReleasesLock(t *testing.T) {
	var c Checked
	panicked := func() (did bool) {
		defer func() { did = recover() != nil }()
		c.Dec()
		return false
	}()
	if !panicked {
		t.Fatal("Dec on zero did not panic")
	}
	if !c.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Dec")
	}
	c.mu.Unlock()
	if got := c.AddIf(true, 2); got != 2 {
		t.Fatalf("AddIf(true, 2) = %d, want 2", got)
	}
	if got := c.Dec(); got != 1 {
		t.Fatalf("Dec() = %d, want 1", got)
	}
}

// TestCheckedRace: AddIf (with and without the lock) and Dec race with readers;
// the total must be exact and every path must release the lock.
func TestCheckedRace(t *testing.T) {
	var c Checked
	var wg sync.WaitGroup
	const each = 500
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				if got := c.AddIf(true, 2); got < 2 {
					t.Errorf("AddIf returned %d, want at least 2", got)
					return
				}
				if got := c.AddIf(false, 5); got != -1 {
					t.Errorf("AddIf(false) returned %d, want -1", got)
					return
				}
				c.Dec()
				_ = c.Value()
			}
		}()
	}
	wg.Wait()
	if got := c.Value(); got != 3*each {
		t.Fatalf("final value %d, want %d", got, 3*each)
	}
	if !c.mu.TryLock() {
		t.Fatal("the mutex is left locked")
	}
	c.mu.Unlock()
}
