package c8blockcommentreturn

import (
	"sync"
	"testing"
)

func TestGetLen(t *testing.T) {
	c := &Cache{m: map[string]int{"a": 1}}
	if v, ok := c.Get("a", 9); v != 1 || !ok {
		t.Fatalf("Get(a) = %d, %v", v, ok)
	}
	if v, ok := c.Get("b", 9); v != 9 || ok {
		t.Fatalf("Get(b) = %d, %v", v, ok)
	}
	if c.Sum("a", "b") != 1 {
		t.Fatal("Sum")
	}
	if c.Len() != 1 {
		t.Fatal("Len")
	}
}

func TestLenRace(t *testing.T) {
	c := &Cache{m: map[string]int{}}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			c.mu.Lock()
			c.m[string(rune('a'+i%26))] = i
			c.mu.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			_ = c.Len()
			_, _ = c.Get("a", 0)
			_ = c.Sum("a", "b")
		}
	}()
	wg.Wait()
}
