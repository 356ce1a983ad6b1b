package x16helperlinknamebody

import "testing"

func TestSplitReleasesLock(t *testing.T) {
	a := &Acc{n: 6}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Split did not panic")
			}
		}()
		a.Split(0)
	}()
	if !a.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	a.mu.Unlock()
}
