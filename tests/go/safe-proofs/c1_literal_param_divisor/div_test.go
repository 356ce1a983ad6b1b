package c1literalparamdivisor

import "testing"

func TestSplitPanicReleasesLock(t *testing.T) {
	s := &Share{total: 12}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Split(0) did not panic")
			}
		}()
		s.Split(0)
	}()
	if !s.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Split")
	}
	s.mu.Unlock()
	if got := s.Split(4); got != 3 {
		t.Fatalf("Split(4) = %d, want 3", got)
	}
	if Third(9) != 3 {
		t.Fatal("Third")
	}
}
