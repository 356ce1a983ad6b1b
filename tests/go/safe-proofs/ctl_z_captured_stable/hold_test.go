package ctlzcapturedstable

import "testing"

func TestHold(t *testing.T) {
	a := &Store{}
	done := make(chan struct{})
	Hold(a, done)
	<-done
	if !a.mu.TryLock() {
		t.Fatal("a is still locked")
	}
}
