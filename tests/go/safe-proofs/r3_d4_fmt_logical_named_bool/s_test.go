package r3d4fmtlogicalnamedbool

import "testing"

func TestLockReleasedAfterGoexit(t *testing.T) {
	s := &S{a: true, b: true}
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Describe() // String calls runtime.Goexit: deferred calls run, explicit ones do not
	}()
	<-done
	if !s.mu.TryLock() {
		t.Fatal("mutex left locked after runtime.Goexit")
	}
}
