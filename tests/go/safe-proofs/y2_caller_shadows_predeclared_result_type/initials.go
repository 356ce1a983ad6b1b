// Package y2callershadowspredeclaredresulttype: this package declares
// `type string = map[int]byte`, so the type text `string` of names.First's
// result, written as is here, names this package's map type. `x[3]` on the
// result is not a map read but an index into the predeclared string, out of
// range for "": it panics, and an explicit Unlock leaves the lock held.
package y2callershadowspredeclaredresulttype

import (
	"sync"

	"safeproofs/y2_caller_shadows_predeclared_result_type/names"
)

// string is a sparse byte table (and shadows the predeclared string here).
type string = map[int]byte

// Table keeps the fourth byte of the first name.
type Table struct {
	mu   sync.Mutex
	b    byte
	rows string
}

// Fourth returns the fourth byte of the first of all.
func (t *Table) Fourth(all []names.Name) byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	x := names.First(all)
	t.b = x[3]
	return t.b
}
