package r2c3receiverpathchangedbyalias

import "testing"

func TestRotate(t *testing.T) {
	old := &Shard{n: 3}
	next := &Shard{}
	next.mu.Lock() // held by someone else
	tb := &Table{cur: old, next: next}
	if got := tb.Rotate(); got != 3 {
		t.Fatalf("Rotate = %d", got)
	}
	if !old.mu.TryLock() {
		t.Fatal("the old shard's mutex is left locked")
	}
	if next.mu.TryLock() {
		t.Fatal("the next shard's mutex, held by someone else, was unlocked")
	}
}
