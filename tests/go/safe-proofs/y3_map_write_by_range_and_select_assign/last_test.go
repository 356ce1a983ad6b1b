package y3mapwritebyrangeandselectassign

import "testing"

func check(t *testing.T, name string, r *Recorder, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic on a nil map", name)
			}
		}()
		f()
	}()
	if !r.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	r.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	r := &Recorder{ch: make(chan int, 1)}
	check(t, "Scan", r, func() { r.Scan([]int{7, 8}) })
	r.ch <- 1
	check(t, "Poll", r, func() { r.Poll() })
	check(t, "Bump", r, func() { r.Bump() })
}
