package z3capturedredeclaredsameblock

import "testing"

func TestHold(t *testing.T) {
	done := make(chan struct{})
	Hold(done)
	<-done
	if !stores[0].mu.TryLock() {
		t.Fatal("the first store is still locked")
	}
}
