package y9chanprefixedifacenameembedded

import "testing"

func TestNextReleasesLock(t *testing.T) {
	p := &Pump{}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Next did not panic on a nil Source")
			}
		}()
		p.Next()
	}()
	if !p.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	p.mu.Unlock()
}
