// Package c1shadowconstliteraldivisor: the defer is inside a func literal; the
// divisor `n` is a local of the enclosing function captured by the literal,
// not the package constant `n`.
package c1shadowconstliteraldivisor

import "sync"

const n = 2

// Table is guarded by a lock.
type Table struct {
	mu   sync.Mutex
	rows int
}

// PerPage returns a func computing rows per page for the given page count.
// Inside the literal, n is the enclosing function's local (pages), which can
// be zero.
func (t *Table) PerPage(pages int) func() int {
	n := pages
	return func() int {
		t.mu.Lock()
		defer t.mu.Unlock()
		return t.rows / n
	}
}

// Half uses the package constant.
func Half(x int) int { return x / n }
