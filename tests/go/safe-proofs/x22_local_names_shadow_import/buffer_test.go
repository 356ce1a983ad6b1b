package x22localnamesshadowimport

import (
	"sync"
	"testing"
)

func check(t *testing.T, name string, mu *sync.Mutex, f func()) {
	t.Helper()
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("%s did not panic", name)
			}
		}()
		f()
	}()
	if !mu.TryLock() {
		t.Fatalf("%s: the mutex is left locked after a recovered panic", name)
	}
	mu.Unlock()
}

func TestLockReleased(t *testing.T) {
	b := &Buffer{head: &Ring{}}
	if !b.Empty() {
		t.Fatal("Empty")
	}
	check(t, "Used", &b.mu, func() { b.Used() })
	check(t, "Peek", &b.head.mu, func() { b.head.Peek() })
	check(t, "Each", &b.mu, func() { b.Each() })
}
