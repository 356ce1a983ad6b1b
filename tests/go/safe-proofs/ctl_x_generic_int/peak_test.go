package ctlxgenericint

import "testing"

func TestSee(t *testing.T) {
	p := &Peak{}
	if p.See(3) != 3 || p.See(1) != 3 {
		t.Fatalf("top = %d", p.top)
	}
	if !p.mu.TryLock() {
		t.Fatal("the mutex is left locked")
	}
	p.mu.Unlock()
}
