package r2c6makeconsttoolarge

import "sync"

// maxEntries bounds the table; one slot per possible 48-bit key.
const maxEntries = 1 << 48

type Table struct {
	mu    sync.Mutex
	slots []uint64
}

func (t *Table) Reset() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.slots = make([]uint64, maxEntries)
}
