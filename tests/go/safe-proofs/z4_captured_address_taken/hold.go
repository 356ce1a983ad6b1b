package z4capturedaddresstaken

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

func swap(p **Store, to *Store) { *p = to }

// Hold never assigns s by name, but writes it through its address.
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
	swap(&s, b)
	close(step)
}
