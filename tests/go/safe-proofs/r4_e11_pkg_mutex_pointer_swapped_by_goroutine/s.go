package r4e11pkgmutexpointerswappedbygoroutine

import "sync"

var (
	mu    = &sync.Mutex{}
	ready = make(chan struct{})
	ack   = make(chan struct{})
)

// rotate installs a fresh lock once Hold is ready; the channel operations
// order every access to mu (no data race).
func rotate() {
	ready <- struct{}{}
	mu = &sync.Mutex{}
	ack <- struct{}{}
}

func Hold() int {
	mu.Lock()
	defer mu.Unlock()
	<-ready
	<-ack
	return 1
}
