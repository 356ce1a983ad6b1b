package x5stdlibdiscardreassigned

import (
	"io"
	"testing"
)

type boomWriter struct{}

func (boomWriter) Write([]byte) (int, error) { panic("write") }

func TestWriteReleasesLock(t *testing.T) {
	saved := io.Discard
	io.Discard = boomWriter{}
	defer func() { io.Discard = saved }()
	l := &Log{}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Write did not panic")
			}
		}()
		l.Write([]byte("x"))
	}()
	if !l.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	l.mu.Unlock()
}
