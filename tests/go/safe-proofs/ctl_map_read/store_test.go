package ctlmapread

import (
	"sync"
	"testing"
)

func TestGetRace(t *testing.T) {
	s := &Store{m: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 300; i++ {
			s.Set(string(rune('a'+i%26)), i)
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 300; i++ {
			_ = s.Get("a")
			_ = s.Has("b")
		}
	}()
	wg.Wait()
	if !s.Has("a") || s.Get("z") != 285 {
		t.Fatalf("Get(z) = %d", s.Get("z"))
	}
	if !s.mu.TryLock() {
		t.Fatal("the mutex is left locked")
	}
	s.mu.Unlock()
}
