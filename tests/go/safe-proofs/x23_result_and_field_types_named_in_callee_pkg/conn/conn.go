// Package conn: Open's declared result is this package's interface Source
// and Pool's field Cur has this package's type *Buf; both are written
// unqualified here, and the importer has types of the same names.
package conn

// Source reads.
type Source interface{ Read() int }

type closed struct{}

// Read panics: the source is closed.
func (closed) Read() int { panic("read on closed source") }

// Open returns a closed source.
func Open() Source { return closed{} }

// Buf holds bytes.
type Buf struct{ b []byte }

// First returns the first byte: it panics on an empty Buf.
func (b *Buf) First() byte { return b.b[0] }

// Pool holds the current buffer.
type Pool struct{ Cur *Buf }
