package c1literalparamlen

import "testing"

func TestSizePanicReleasesLock(t *testing.T) {
	s := &Sizer{xs: []int{1, 2}}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("Size with a panicking measure did not panic")
			}
		}()
		s.Size(func([]int) int { panic("measure") })
	}()
	if !s.mu.TryLock() {
		t.Fatal("the mutex is still locked after a recovered panic in Size")
	}
	s.mu.Unlock()
	if got := s.Size(func(x []int) int { return 10 * len(x) }); got != 20 {
		t.Fatalf("Size = %d, want 20", got)
	}
}
