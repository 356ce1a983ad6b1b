package z5errorfstringerreadsguarded

import (
	"sync"
	"testing"
)

func TestErrUnderLock(t *testing.T) {
	var r Reg
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			r.Set(Level(i%7), "x")
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			_ = r.Err()
		}
	}()
	wg.Wait()
}
