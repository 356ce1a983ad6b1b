package behaviour

import (
	"testing"
	"time"
)

// TestPanicReleasesLock: Parse's helper panics while the lock is held and the
// caller recovers. The deferred Unlock runs during the panic, so the next Lock
// succeeds. A rewrite that replaced it by an explicit Unlock after the call
// would leave the mutex locked: the tool must not make that rewrite by default
// (it is an Unsafe fix at most). A deadlock fails the test after a timeout
// instead of hanging it.
func TestPanicReleasesLock(t *testing.T) {
	p := &Parser{}
	if got := p.Parse("42"); got != 42 {
		t.Fatalf("Parse(42) = %d", got)
	}
	panicked := func() (did bool) {
		defer func() { did = recover() != nil }()
		p.Parse("4x2")
		return false
	}()
	if !panicked {
		t.Fatal("Parse(4x2) did not panic")
	}
	done := make(chan int, 1)
	go func() {
		p.Parse("7")
		done <- p.Calls()
	}()
	select {
	case calls := <-done:
		if calls != 3 {
			t.Errorf("Calls() = %d, want 3", calls)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock: the mutex is still locked after a recovered panic (the Unlock no longer runs while a panic unwinds)")
	}
}
