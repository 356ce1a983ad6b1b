package r3d2ioeofreassigned

import (
	"io"
	"testing"
)

type multiErr []string

func (m multiErr) Error() string { return "multi" }

func TestLockReleased(t *testing.T) {
	old := io.EOF
	io.EOF = multiErr{"a"} // any program may assign another package's variable
	defer func() { io.EOF = old }()
	s := &S{}
	s.SetErr(multiErr{"a"})
	func() {
		defer func() { recover() }()
		s.AtEOF()
	}()
	if !s.mu.TryLock() {
		t.Fatal("mutex left locked after recovered panic")
	}
}
