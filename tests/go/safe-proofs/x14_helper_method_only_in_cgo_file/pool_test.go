package x14helpermethodonlyincgofile

import (
	"testing"

	"safeproofs/x14_helper_method_only_in_cgo_file/buf"
)

func TestSizeReleasesLock(t *testing.T) {
	p := &Pool{cur: buf.Outer{N: 4}}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Size did not panic (is CGO_ENABLED=0 set?)")
			}
		}()
		p.Size()
	}()
	if !p.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	p.mu.Unlock()
}
