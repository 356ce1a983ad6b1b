package x9definedtypeofotherpkgdropsmethods

import "testing"

func TestLastSizeReleasesLock(t *testing.T) {
	c := &Conn{last: Packet{N: 5}}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("LastSize did not panic")
			}
		}()
		c.LastSize()
	}()
	if !c.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	c.mu.Unlock()
}
