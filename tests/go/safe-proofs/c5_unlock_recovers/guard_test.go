package c5unlockrecovers

import "testing"

func TestCheckPanicIsRecoveredByUnlock(t *testing.T) {
	var g Guard
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Errorf("Check(-1) panicked with %v: the deferred Unlock should have recovered it", r)
			}
		}()
		Check(&g, -1)
	}()
	if g.recovered != "negative" {
		t.Errorf("recovered %v, want %q", g.recovered, "negative")
	}
	if !g.mu.TryLock() {
		t.Fatal("the guard is still locked")
	}
	g.mu.Unlock()
	if got := Check(&g, 3); got != 6 {
		t.Fatalf("Check(3) = %d", got)
	}
}
