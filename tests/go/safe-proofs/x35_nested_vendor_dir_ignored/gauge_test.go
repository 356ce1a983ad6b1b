package x35nestedvendordirignored

import "testing"

func TestPerReleasesLock(t *testing.T) {
	g := &Gauge{raw: 6}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Per did not panic")
			}
		}()
		g.Per(0)
	}()
	if !g.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	g.mu.Unlock()
}
