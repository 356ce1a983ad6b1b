package x6ifaceofotherpkgoneimpl

import "testing"

type broken struct{ parts []int }

func (b broken) Len() int { return b.parts[3] }

func TestSizeReleasesLock(t *testing.T) {
	r := &Reader{src: broken{}}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Size did not panic")
			}
		}()
		r.Size()
	}()
	if !r.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	r.mu.Unlock()
}
