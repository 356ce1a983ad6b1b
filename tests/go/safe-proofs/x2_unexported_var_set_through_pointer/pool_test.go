package x2unexportedvarsetthroughpointer

import (
	"testing"

	"safeproofs/x2_unexported_var_set_through_pointer/quota"
)

func TestShareReleasesLock(t *testing.T) {
	*quota.Shares() = 0
	defer func() { *quota.Shares() = 4 }()
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
