package x31stdlibosexit0panicsintest

import "testing"

func TestQuitReleasesLock(t *testing.T) {
	s := &Server{stopped: true}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("os.Exit(0) did not panic in the test")
			}
		}()
		s.Quit()
	}()
	if !s.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	s.mu.Unlock()
}
