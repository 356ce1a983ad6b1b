package z1capturedloopvargo121

import (
	"sync"
	"testing"
)

func TestHold(t *testing.T) {
	stores := []*Store{{}, {}, {}}
	var done sync.WaitGroup
	Hold(stores, &done)
	close(step)
	done.Wait()
	for i, s := range stores {
		if !s.mu.TryLock() {
			t.Fatalf("store %d is still locked", i)
		}
	}
}
