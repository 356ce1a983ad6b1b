package ctlxsiblingpurefunc

import "testing"

func TestMove(t *testing.T) {
	l := &Level{}
	if got := l.Move(4); got != 4 {
		t.Fatalf("Move(4) = %d", got)
	}
	if got := l.Move(20); got != 10 {
		t.Fatalf("Move(20) = %d", got)
	}
	if got := l.Move(-30); got != 0 || l.Get() != 0 {
		t.Fatalf("Move(-30) = %d", got)
	}
	if !l.mu.TryLock() {
		t.Fatal("the mutex is left locked")
	}
	l.mu.Unlock()
}
