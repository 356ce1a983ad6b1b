package c3valuereceiverfield

import (
	"sync"
	"testing"
)

func TestBumpUnlocksTheOldHandle(t *testing.T) {
	old := new(sync.Mutex)
	s := &S{l: L{mu: old}}
	if got := s.Bump(); got != 1 {
		t.Fatalf("Bump() = %d, want 1", got)
	}
	if !old.TryLock() {
		t.Fatal("the mutex locked by Bump is still locked: the Unlock went to the rotated handle")
	}
	old.Unlock()
	if s.l.mu.TryLock() {
		t.Fatal("the rotated handle's mutex was unlocked by Bump; only rotate should touch it")
	}
}
