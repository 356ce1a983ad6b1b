package x26generichelperspanicbytypearg

import "testing"

func check(t *testing.T, name string, c *Cache, f func()) {
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
	c := &Cache{last: []int{1}}
	check(t, "Same", c, func() { c.Same([]int{1}) })
	check(t, "Seen", c, func() { c.Seen([]int{2}) })
	check(t, "Title", c, func() { c.Title() })
}
