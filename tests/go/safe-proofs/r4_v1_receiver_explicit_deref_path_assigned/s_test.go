package r4v1receiverexplicitderefpathassigned

import "testing"

func TestSwap(t *testing.T) {
	a, b := &node{}, &node{}
	b.mu.Lock()
	T{p: a, q: b}.Swap()
	if !a.mu.TryLock() {
		t.Fatal("a (locked by Swap) still held")
	}
	if b.mu.TryLock() {
		t.Fatal("b was unlocked by Swap")
	}
}

func TestSwap2(t *testing.T) {
	a, b := &node{}, &node{}
	b.mu.Lock()
	T{p: a, q: b}.Swap2()
	if !a.mu.TryLock() {
		t.Fatal("a (locked by Swap2) still held")
	}
	if b.mu.TryLock() {
		t.Fatal("b was unlocked by Swap2")
	}
}
