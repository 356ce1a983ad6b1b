// Package doc: Open returns a *Meta, a *Body and an error; Meta.Len cannot
// panic, Body.Len reads the third part and panics on fewer. Doc.Parts returns
// the same two in the other order.
package doc

// Meta describes a document.
type Meta struct{ n int }

// Len returns 0.
func (m *Meta) Len() int { return 0 }

// Body holds a document's parts.
type Body struct{ parts []int }

// Len returns the length the third part records.
func (b *Body) Len() int { return b.parts[2] }

// Open opens an empty document.
func Open() (*Meta, *Body, error) { return &Meta{}, &Body{}, nil }

// Doc is a document.
type Doc struct{}

// Parts returns the body and the meta.
func (Doc) Parts() (*Body, *Meta) { return &Body{}, &Meta{} }
