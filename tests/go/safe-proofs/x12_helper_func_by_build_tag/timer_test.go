//go:build linux

package x12helperfuncbybuildtag

import "testing"

func check(t *testing.T, name string, tm *Timer, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !tm.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	tm.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	tm := &Timer{total: 10}
	check(t, "Per", tm, func() { tm.Per(0) })
	check(t, "Step", tm, func() { tm.Step(0) })
}
