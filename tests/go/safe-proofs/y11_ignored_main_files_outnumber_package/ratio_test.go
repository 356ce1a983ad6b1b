package y11ignoredmainfilesoutnumberpackage

import "testing"

func TestSetReleasesLock(t *testing.T) {
	r := &Ratio{}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Set did not panic on a zero divisor")
			}
		}()
		r.Set(1, 0)
	}()
	if !r.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	r.mu.Unlock()
}
