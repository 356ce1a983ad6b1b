package x10methodonlyinhelpertestfile

import (
	"testing"

	"safeproofs/x10_method_only_in_helper_test_file/buf"
)

func TestSizeReleasesLock(t *testing.T) {
	p := &Pool{cur: buf.Outer{N: 4}}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Size did not panic")
			}
		}()
		p.Size()
	}()
	if !p.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	p.mu.Unlock()
}
