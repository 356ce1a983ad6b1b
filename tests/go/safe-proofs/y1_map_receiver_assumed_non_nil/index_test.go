package y1mapreceiverassumednonnil

import "testing"

func check(t *testing.T, name string, ix *Index, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic on a nil map", name)
			}
		}()
		f()
	}()
	if !ix.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	ix.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	ix := &Index{}
	check(t, "Tag", ix, func() { ix.Tag("a") })
	check(t, "See", ix, func() { ix.See("a") })
}
