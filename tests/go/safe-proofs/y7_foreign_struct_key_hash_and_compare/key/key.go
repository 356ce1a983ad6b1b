// Package key: Key is a comparable struct with an interface field. Hashing
// or comparing two Keys panics when the field holds the same uncomparable
// dynamic type (a slice) in both.
package key

// Key names a cache entry.
type Key struct {
	Name string
	Arg  any
}
