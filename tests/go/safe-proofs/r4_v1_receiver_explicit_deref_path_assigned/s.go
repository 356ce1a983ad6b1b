package r4v1receiverexplicitderefpathassigned

import "sync"

type node struct{ mu sync.Mutex }

type T struct {
	p, q *node
}

// Swap locks *t.p, swaps p and q, and releases the node it locked.
func (t T) Swap() int {
	(*t.p).mu.Lock()
	defer (*t.p).mu.Unlock()
	t.p = t.q
	return 1
}

// Swap2 does the same through an explicit address.
func (t T) Swap2() int {
	(&t.p.mu).Lock()
	defer (&t.p.mu).Unlock()
	t.p = t.q
	return 1
}
