package z6literalreadspkgvar

import (
	"sync"
	"testing"
)

func TestGetUnderLock(t *testing.T) {
	var c C
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			c.Inc()
		}
	}()
	go func() {
		defer wg.Done()
		for i := 0; i < 200; i++ {
			_ = c.Get()
		}
	}()
	wg.Wait()
}
