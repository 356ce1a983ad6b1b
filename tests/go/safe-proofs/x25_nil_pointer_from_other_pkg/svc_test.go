package x25nilpointerfromotherpkg

import "testing"

func check(t *testing.T, name string, s *Svc, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !s.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	s.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	s := &Svc{}
	if s.Size("a") != 1 {
		t.Fatal("Size(a)")
	}
	check(t, "Size", s, func() { s.Size("missing") })
	check(t, "Max", s, func() { s.Max() })
}
