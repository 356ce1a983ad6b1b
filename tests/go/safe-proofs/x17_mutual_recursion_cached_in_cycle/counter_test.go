package x17mutualrecursioncachedincycle

import "testing"

func TestIsOddReleasesLock(t *testing.T) {
	c := &Counter{n: 1}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("IsOdd did not panic")
			}
		}()
		c.IsOdd()
	}()
	if !c.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	c.mu.Unlock()
}

func TestIsEvenReleasesLock(t *testing.T) {
	c := &Counter{n: 2}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("IsEven did not panic")
			}
		}()
		c.IsEven()
	}()
	if !c.mu.TryLock() {
		t.Fatal("the mutex is left locked after a recovered panic")
	}
	c.mu.Unlock()
}
