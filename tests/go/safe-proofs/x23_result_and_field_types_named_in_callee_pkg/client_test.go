package x23resultandfieldtypesnamedincalleepkg

import (
	"testing"

	"safeproofs/x23_result_and_field_types_named_in_callee_pkg/conn"
)

func check(t *testing.T, name string, c *Client, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !c.mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	c.mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	c := &Client{pool: conn.Pool{Cur: &conn.Buf{}}}
	check(t, "Read", c, func() { c.Read() })
	check(t, "First", c, func() { c.First() })
}
