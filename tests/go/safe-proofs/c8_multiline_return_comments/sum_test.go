package c8multilinereturncomments

import (
	"sync"
	"testing"
)

func TestPairAndTriple(t *testing.T) {
	s := &Scores{m: map[string]int{"a": 1, "b": 2, "c": 4}}
	if got := s.Pair("a", "b"); got != 3 {
		t.Fatalf("Pair = %d", got)
	}
	if got := s.Triple("a", "b", "c"); got != 9 {
		t.Fatalf("Triple = %d", got)
	}
	if x, y := s.Both("a", "c"); x != 1 || y != 4 {
		t.Fatalf("Both = %d, %d", x, y)
	}
	if got := s.Triple("", "b", "c"); got != 0 {
		t.Fatalf("Triple(\"\") = %d", got)
	}
}

// Writers race with the readers: the map must be read under the lock.
func TestPairRace(t *testing.T) {
	s := &Scores{m: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			s.mu.Lock()
			s.m["k"+string(rune('a'+i%26))] = i
			s.mu.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			_ = s.Pair("ka", "kb")
			_ = s.Triple("ka", "kb", "kc")
			_, _ = s.Both("ka", "kb")
		}
	}()
	wg.Wait()
}
