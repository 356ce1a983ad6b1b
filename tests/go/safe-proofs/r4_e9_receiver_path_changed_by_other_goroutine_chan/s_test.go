package r4e9receiverpathchangedbyothergoroutinechan

import "testing"

func TestStep(t *testing.T) {
	a, b := &shard{}, &shard{}
	tt := &T{cur: a, next: b, ready: make(chan struct{}), ack: make(chan struct{})}
	b.mu.Lock()
	go tt.rotator()
	tt.Step()
	if !a.mu.TryLock() {
		t.Fatal("a (locked by Step) still held")
	}
	if b.mu.TryLock() {
		t.Fatal("b was unlocked by Step")
	}
}
