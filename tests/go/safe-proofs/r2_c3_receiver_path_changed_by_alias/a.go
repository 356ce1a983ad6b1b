package r2c3receiverpathchangedbyalias

import "sync"

type Shard struct {
	mu sync.Mutex
	n  int
}

type Table struct {
	cur  *Shard
	next *Shard
}

// Rotate locks the current shard, advances to the next one and returns the old count.
func (t *Table) Rotate() int {
	u := t
	_ = u.next
	t.cur.mu.Lock()
	defer t.cur.mu.Unlock()
	n := t.cur.n
	u.cur = u.next
	return n
}
