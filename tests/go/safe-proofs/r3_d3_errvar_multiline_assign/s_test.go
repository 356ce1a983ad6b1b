package r3d3errvarmultilineassign

import "testing"

type multiErr []string

func (m multiErr) Error() string { return "multi" }

func TestLockReleased(t *testing.T) {
	var n int
	errClosed,
		n = multiErr{"a"}, 1
	_ = n
	s := &S{err: multiErr{"a"}}
	func() {
		defer func() { recover() }()
		s.Closed()
	}()
	if !s.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
