package z2capturedreassignedaftergo

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

// Hold locks a from a goroutine, then points s at b while the goroutine still
// holds a's lock: an explicit `s.mu.Unlock()` would unlock b.
func Hold(a, b *Store, done chan struct{}) {
	s := a
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
	s = b
	close(step)
}
