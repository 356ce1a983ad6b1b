package c6mapliteralkey

import "testing"

func TestOnePanicReleasesLock(t *testing.T) {
	var s Sets
	func() {
		defer func() {
			if recover() == nil {
				t.Error("One([]int{1}) did not panic")
			}
		}()
		s.One([]int{1})
	}()
	if !s.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in One")
	}
	s.mu.Unlock()
	if got := s.One("a"); got["a"] != 1 {
		t.Fatalf("One(a) = %v", got)
	}
}
