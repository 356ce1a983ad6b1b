package x1exportedvarzeroedbyinit

import "testing"

func check(t *testing.T, name string, tb *Table, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic (config zeroes the divisors)", name)
			}
		}()
		f()
	}()
	if !tb.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	tb.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	tb := &Table{}
	check(t, "Put", tb, func() { tb.Put(7) })
	check(t, "At", tb, func() { tb.At(7) })
}
