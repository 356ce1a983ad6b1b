//go:build amd64

package x15helperasmbody

import "testing"

func TestAddReleasesLock(t *testing.T) {
	a := &Acc{}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Add did not panic")
			}
		}()
		a.Add(1)
	}()
	if !a.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	a.mu.Unlock()
}
