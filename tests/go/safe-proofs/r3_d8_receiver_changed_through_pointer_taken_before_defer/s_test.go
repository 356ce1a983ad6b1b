package r3d8receiverchangedthroughpointertakenbeforedefer

import "testing"

func TestMoveUnlocksTheLockedShard(t *testing.T) {
	a, b := &Shard{}, &Shard{}
	b.mu.Lock() // held by someone else
	Move(a, b)
	if !a.mu.TryLock() {
		t.Fatal("shard a left locked")
	}
	if b.mu.TryLock() {
		t.Fatal("shard b, held by someone else, was unlocked")
	}
}
