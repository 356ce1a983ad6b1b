package r4e9receiverpathchangedbyothergoroutinechan

import "sync"

type shard struct{ mu sync.Mutex }

type T struct {
	cur, next *shard
	ready     chan struct{}
	ack       chan struct{}
}

// rotator swaps the current shard once the stepper is ready; the channel
// operations order every access (no data race).
func (t *T) rotator() {
	t.ready <- struct{}{}
	t.cur, t.next = t.next, t.cur
	t.ack <- struct{}{}
}

// Step holds the current shard while the rotator moves on; the deferred
// Unlock releases the shard it locked.
func (t *T) Step() int {
	t.cur.mu.Lock()
	defer t.cur.mu.Unlock()
	<-t.ready
	<-t.ack
	return 1
}
