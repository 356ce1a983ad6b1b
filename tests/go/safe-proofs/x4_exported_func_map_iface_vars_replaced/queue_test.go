package x4exportedfuncmapifacevarsreplaced

import (
	"testing"

	"safeproofs/x4_exported_func_map_iface_vars_replaced/events"
)

type boomSink struct{}

func (boomSink) Add(int) { panic("sink") }

func check(t *testing.T, name string, q *Queue, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !q.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	q.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	events.OnDrop = func(int) { panic("hook") }
	events.Names = nil
	events.Counts = boomSink{}
	q := &Queue{items: 3, name: "q"}
	check(t, "Trim", q, func() { q.Trim(1) })
	check(t, "Label", q, func() { q.Label(1) })
	check(t, "Report", q, func() { q.Report() })
}
