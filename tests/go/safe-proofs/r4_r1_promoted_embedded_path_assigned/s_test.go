package r4r1promotedembeddedpathassigned

import "testing"

func TestReset(t *testing.T) {
	first := &inner{}
	s := S{inner: first}
	s.Reset()
	if !first.TryLock() {
		t.Fatal("the lock taken by Reset is still held")
	}
}
