//go:build go1.21

package z1capturedloopvargo121

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

// Hold locks each store from a goroutine of its own, which keeps it until step
// is closed. In this file (Go 1.21) `s` is one variable for the whole loop: the
// loop writes it again once the goroutine holds the lock.
func Hold(stores []*Store, done *sync.WaitGroup) {
	for _, s := range stores {
		done.Add(1)
		go func() {
			defer done.Done()
			s.mu.Lock()
			defer s.mu.Unlock()
			locked.Store(true)
			<-step
		}()
		for !locked.Load() {
			runtime.Gosched()
		}
		locked.Store(false)
	}
}
