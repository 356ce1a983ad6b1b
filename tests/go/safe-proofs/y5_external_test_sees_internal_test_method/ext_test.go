package y5externaltestseesinternaltestmethod_test

import (
	"sync"
	"testing"

	shape "safeproofs/y5_external_test_sees_internal_test_method"
	"safeproofs/y5_external_test_sees_internal_test_method/use"
)

type holder struct {
	mu sync.Mutex
	o  shape.Outer
	n  int
}

// size calls Outer.Size, declared by internal_test.go in this test.
func (h *holder) size() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n = h.o.Size()
	return h.n
}

// sizeVia calls it through package use, rebuilt against the test variant.
func (h *holder) sizeVia() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.n = use.Size(h.o)
	return h.n
}

func check(t *testing.T, name string, h *holder, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !h.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	h.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	h := &holder{}
	check(t, "size", h, func() { h.size() })
	check(t, "sizeVia", h, func() { h.sizeVia() })
}
