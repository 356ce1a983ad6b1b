package x36multiresulttypesbyposition

import "testing"

func check(t *testing.T, name string, r *Reader, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
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
	r := &Reader{}
	if r.MetaLen() != 0 {
		t.Fatal("MetaLen")
	}
	check(t, "BodyLen", r, func() { r.BodyLen() })
	check(t, "PartsLen", r, func() { r.PartsLen() })
}
