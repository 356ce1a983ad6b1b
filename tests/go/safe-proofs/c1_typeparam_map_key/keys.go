// Package c1typeparammapkey: a type parameter named T shadows the package
// type T (an int). As a map key it may be instantiated with an interface
// type, and hashing an interface holding a slice panics.
package c1typeparammapkey

import "sync"

// T is the package's own key type; hashing it never panics.
type T int

// Index is guarded by a lock.
type Index struct {
	mu   sync.Mutex
	hits int
}

// Lookup reads m[k] under the lock. T here is the type parameter, not the
// package's T: with T = any and k holding a slice, the map index panics.
func Lookup[T comparable](ix *Index, m map[T]int, k T) int {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	return m[k]
}

// Own uses the package T.
func Own(m map[T]int, k T) int { return m[k] }
