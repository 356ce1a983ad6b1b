// Package gen: generic helpers whose bodies cannot panic for most type
// arguments: == on a comparable T, a map read keyed by K, a method of the
// constraint. With T = any holding a slice, == and hashing k panic; with a type
// argument whose method panics, so does Describe.
package gen

// Eq reports whether a == b.
func Eq[T comparable](a, b T) bool { return a == b }

// Has reports whether m holds k (reading a nil map is fine).
func Has[K comparable](m map[K]bool, k K) bool { return m[k] }

// Namer names itself.
type Namer interface{ Name() string }

// Describe returns v's name.
func Describe[T Namer](v T) string { return "<" + v.Name() + ">" }
