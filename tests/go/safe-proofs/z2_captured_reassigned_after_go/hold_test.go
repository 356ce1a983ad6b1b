package z2capturedreassignedaftergo

import "testing"

func TestHold(t *testing.T) {
	a, b := &Store{}, &Store{}
	done := make(chan struct{})
	Hold(a, b, done)
	<-done
	if !a.mu.TryLock() {
		t.Fatal("a is still locked")
	}
}
