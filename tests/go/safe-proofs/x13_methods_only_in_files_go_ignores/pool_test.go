package x13methodsonlyinfilesgoignores

import (
	"testing"

	"safeproofs/x13_methods_only_in_files_go_ignores/buf"
)

func check(t *testing.T, name string, p *Pool, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !p.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	p.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	p := &Pool{cur: buf.Outer{N: 4}}
	check(t, "Size", p, func() { p.Size() })
	check(t, "Count", p, func() { p.Count() })
	check(t, "Cap", p, func() { p.Cap() })
}
