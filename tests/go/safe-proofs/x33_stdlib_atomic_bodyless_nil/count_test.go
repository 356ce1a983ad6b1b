package x33stdlibatomicbodylessnil

import "testing"

func TestAddReleasesLock(t *testing.T) {
	c := &Counter{}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Add did not panic")
			}
		}()
		c.Add(1)
	}()
	if !c.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	c.mu.Unlock()
}
