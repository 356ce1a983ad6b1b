package r3d13namedresultaddresssharedrace

import "testing"

// Under -race: n must be written (by `return k`) while the lock is held.
func TestResultWrittenUnderLock(t *testing.T) {
	for i := 0; i < 100; i++ {
		s := &S{}
		done := make(chan int)
		go func() {
			for {
				if v, ok := s.Peek(); ok {
					done <- v
					return
				}
			}
		}()
		s.Get(7)
		if v := <-done; v != 7 {
			t.Fatalf("Peek saw %d, want 7", v)
		}
	}
}
