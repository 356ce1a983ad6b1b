package ctlzcapturedstable

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

// Hold: s is never written after its declaration, so the goroutine's explicit
// unlock is the deferred one (the fix calls it directly, without binding).
func Hold(a *Store, done chan struct{}) {
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
	close(step)
}
