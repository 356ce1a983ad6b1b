package x37helperruntimepanicscatalogue

import "testing"

func check(t *testing.T, name string, b *Box, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !b.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	b.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	ch := make(chan int, 1)
	close(ch)
	b := &Box{v: "x", ch: ch, s: []int{1}, k: -1}
	check(t, "Int", b, func() { b.Int() })
	check(t, "Send", b, func() { b.Send() })
	check(t, "Close", b, func() { b.Close() })
	check(t, "Head", b, func() { b.Head() })
	check(t, "Bit", b, func() { b.Bit() })
	check(t, "Grow", b, func() { b.Grow() })
}
