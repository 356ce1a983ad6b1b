// Package c1localnil: a local variable named `nil` shadows the predeclared
// nil. `p == nil` then compares with that variable, so `p` is not known to be
// non-nil after `if p == nil { return }`.
package c1localnil

import "sync"

// Node is a list node.
type Node struct{ V int }

// List is guarded by a lock.
type List struct {
	mu    sync.Mutex
	empty Node
}

// Value returns p.V, or 0 when p is the list's empty sentinel. `nil` is a
// local here: a genuinely nil p passes the check and p.V panics.
func (l *List) Value(p *Node) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	nil := &l.empty
	if p == nil {
		return 0
	}
	return p.V
}
