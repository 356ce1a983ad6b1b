// Package source declares an interface and its only implementation in this
// package, whose method cannot panic.
package source

// Source yields a length.
type Source interface{ Len() int }

// Static is a Source of fixed length.
type Static struct{ N int }

// Len returns s.N.
func (s Static) Len() int { return s.N }
