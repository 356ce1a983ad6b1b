package ctlzstaysinreturn

import (
	"sync"
	"testing"
)

func TestFind(t *testing.T) {
	s := &S{m: map[string]int{"a": 1}}
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 100; j++ {
				if _, err := s.Find("", j); err == nil {
					t.Error("no error for an empty key")
				}
				if m, err := s.Find("a", j); err != nil || m.ID != j {
					t.Errorf("Find(a, %d) = %v, %v", j, m, err)
				}
			}
		}()
	}
	wg.Wait()
	if !s.mu.TryLock() {
		t.Fatal("still locked")
	}
}
