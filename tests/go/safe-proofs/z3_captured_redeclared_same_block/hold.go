package z3capturedredeclaredsameblock

import (
	"runtime"
	"sync"
	"sync/atomic"
)

type Store struct {
	mu sync.Mutex
}

var (
	locked atomic.Bool
	step   = make(chan struct{})
)

var stores = []*Store{{}, {}}

func get(i int) (*Store, int) { return stores[i], i }

// Hold: the second `s, n := ...` in the same block assigns the same `s` (only n
// is new) while the goroutine holds the first store's lock.
func Hold(done chan struct{}) int {
	s, m := get(0)
	go func() {
		defer close(done)
		s.mu.Lock()
		defer s.mu.Unlock()
		locked.Store(true)
		<-step
	}()
	for !locked.Load() {
		runtime.Gosched()
	}
	s, n := get(1)
	close(step)
	_ = s
	return m + n
}
