package c3returnsharedstruct

import (
	"testing"
	"time"
)

// Under -race, reading st after the Unlock (instead of before it) is a data
// race with the watcher's write.
func TestSnapshotReadsUnderLock(t *testing.T) {
	for i := 0; i < 20; i++ {
		c := &Counter{done: make(chan struct{})}
		st := c.Snapshot()
		select {
		case <-c.done:
		case <-time.After(10 * time.Second):
			t.Fatal("the watcher never ran: the lock was not released")
		}
		if st.N != 0 || st.Name != "" {
			t.Fatalf("Snapshot = %+v, want the zero state read under the lock", st)
		}
	}
}
