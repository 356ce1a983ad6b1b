package y7foreignstructkeyhashandcompare

import (
	"testing"

	"safeproofs/y7_foreign_struct_key_hash_and_compare/key"
)

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
	k := key.Key{Name: "k", Arg: []int{1}}
	c := &Cache{hits: map[key.Key]int{}, last: key.Key{Name: "k", Arg: []int{2}}}
	check(t, "Hits", c, func() { c.Hits(k) })
	check(t, "Same", c, func() { c.Same(k) })
}
