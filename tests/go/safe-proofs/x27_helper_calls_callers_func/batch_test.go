package x27helpercallscallersfunc

import "testing"

func check(t *testing.T, name string, b *Batch, f func()) {
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
	b := &Batch{}
	b.hooks.OnFire = b.first
	check(t, "Apply", b, func() { b.Apply([]int{3}) })
	check(t, "Fire", b, func() { b.Fire() })
	check(t, "Init", b, func() { b.Init() })
}
