package x7promotedthroughunexportedembedded

import (
	"testing"

	"safeproofs/x7_promoted_through_unexported_embedded/shape"
)

func TestSizeReleasesLock(t *testing.T) {
	c := &Canvas{Outer: shape.New(3, 0)}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Size did not panic")
			}
		}()
		c.Size()
	}()
	if !c.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	c.mu.Unlock()
}
