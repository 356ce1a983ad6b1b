package ctlconstdivisor

import "testing"

func TestQuarter(t *testing.T) {
	a := &Avg{total: 9}
	q, r, s := a.Quarter()
	if q != 2 || r != 1 || s != 72 || len(a.buf) != 8 {
		t.Fatalf("Quarter = %d, %d, %d, %d", q, r, s, len(a.buf))
	}
	if !a.mu.TryLock() {
		t.Fatal("the mutex is left locked")
	}
	a.mu.Unlock()
}
