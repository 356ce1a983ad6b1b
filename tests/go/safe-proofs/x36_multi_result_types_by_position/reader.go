// Package x36multiresulttypesbyposition: `_, b, _ := doc.Open()` makes b a
// *doc.Body (its Len indexes), not the *doc.Meta of the first result (its Len
// cannot panic); likewise the first result of Doc.Parts is the Body. An
// implementation that types every variable of a multi-value assignment with
// the first result's type, or the wrong one, proves the calls panic-free, and
// an explicit Unlock leaves the lock held after the recovered panic.
package x36multiresulttypesbyposition

import (
	"sync"

	"safeproofs/x36_multi_result_types_by_position/doc"
)

// Reader reads documents.
type Reader struct {
	mu sync.Mutex
	d  doc.Doc
	n  int
}

// BodyLen returns the length of an opened document's body.
func (r *Reader) BodyLen() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, b, _ := doc.Open()
	r.n = b.Len()
	return r.n
}

// PartsLen returns the length of the document's body, through Parts.
func (r *Reader) PartsLen() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	b, _ := r.d.Parts()
	return b.Len()
}

// MetaLen returns the length of the meta (the Safe fix is correct here).
func (r *Reader) MetaLen() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	m, _, _ := doc.Open()
	return m.Len()
}
