package x32stdlibtimelocalnil

import (
	"testing"
	"time"
)

func TestLocalReleasesLock(t *testing.T) {
	saved := time.Local
	time.Local = nil
	defer func() { time.Local = saved }()
	s := &Stamp{}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Local did not panic")
			}
		}()
		s.Local()
	}()
	if !s.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	s.mu.Unlock()
}
