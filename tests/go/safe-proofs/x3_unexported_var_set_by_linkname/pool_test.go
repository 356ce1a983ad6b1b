package x3unexportedvarsetbylinkname

import (
	"testing"

	"safeproofs/x3_unexported_var_set_by_linkname/tune"
)

func TestShareReleasesLock(t *testing.T) {
	tune.Off()
	defer tune.On()
	p := &Pool{work: 12}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Share did not panic with 0 shares")
			}
		}()
		p.Share()
	}()
	if !p.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	p.mu.Unlock()
}
