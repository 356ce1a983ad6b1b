package x28helpergoexit

import "testing"

func TestStepReleasesLockOnGoexit(t *testing.T) {
	w := &Worker{cancelled: true}
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Step()
	}()
	<-done
	if w.steps != 0 {
		t.Error("Step did not stop")
	}
	if !w.mu.TryLock() {
		t.Fatal("the mutex is left locked after runtime.Goexit")
	}
	w.mu.Unlock()
}
