package x20dotimportsdifferbyfile

import "testing"

func TestRoughReleasesLock(t *testing.T) {
	m := &Meter{raw: 8}
	if m.Calm(0) != 8 {
		t.Fatal("Calm")
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Rough did not panic")
			}
		}()
		m.Rough(0)
	}()
	if !m.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	m.mu.Unlock()
}
