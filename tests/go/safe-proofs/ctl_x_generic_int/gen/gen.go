// Package gen: generic helpers that cannot panic with an integer type
// argument (ordering and == on integers).
package gen

import "cmp"

// Max returns the larger of a and b.
func Max[T cmp.Ordered](a, b T) T {
	if a > b {
		return a
	}
	return b
}

// Eq reports whether a == b.
func Eq[T comparable](a, b T) bool { return a == b }
