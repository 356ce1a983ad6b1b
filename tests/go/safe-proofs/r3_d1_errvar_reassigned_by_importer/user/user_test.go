package user

import (
	"testing"

	"safeproofs/r3_d1_errvar_reassigned_by_importer"
)

// An importer may replace an exported error variable (tests often do).
type multiErr []string

func (m multiErr) Error() string { return "multi" }

func TestLockReleased(t *testing.T) {
	r3d1errvarreassignedbyimporter.ErrClosed = multiErr{"a"}
	s := &r3d1errvarreassignedbyimporter.S{}
	s.SetErr(multiErr{"a"})
	func() {
		defer func() { recover() }()
		s.Closed() // comparing two multiErr values panics
	}()
	if !s.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
