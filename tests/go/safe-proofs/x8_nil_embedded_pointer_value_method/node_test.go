package x8nilembeddedpointervaluemethod

import "testing"

func TestDescribeReleasesLock(t *testing.T) {
	n := &Node{} // no metadata: n.Info is nil
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Describe did not panic")
			}
		}()
		n.Describe()
	}()
	if !n.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	n.mu.Unlock()
}
