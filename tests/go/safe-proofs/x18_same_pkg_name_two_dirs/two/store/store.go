// Package store (two): same package name and function name as one/store, but
// this Len reads xs[0] and panics on an empty slice.
package store

// Len returns the first element of xs, the length a header stores.
func Len(xs []int) int { return xs[0] }
