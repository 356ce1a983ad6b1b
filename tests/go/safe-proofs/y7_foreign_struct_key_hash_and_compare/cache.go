// Package y7foreignstructkeyhashandcompare: `c.hits[k]` hashes a key.Key and
// `c.last == k` compares two. A struct type of another package has no fields
// in this package's view: taken for a struct with no fields, it hashes and
// compares without panicking. Key has an `any` field; holding a slice, the
// hash and the comparison panic, and an explicit Unlock leaves the lock held.
package y7foreignstructkeyhashandcompare

import (
	"sync"

	"safeproofs/y7_foreign_struct_key_hash_and_compare/key"
)

// Cache counts hits by key.
type Cache struct {
	mu   sync.Mutex
	hits map[key.Key]int
	last key.Key
	n    int
	same bool
}

// Hits returns the hits of k.
func (c *Cache) Hits(k key.Key) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n = c.hits[k]
	return c.n
}

// Same says whether k is the last key.
func (c *Cache) Same(k key.Key) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.same = c.last == k
	return c.same
}
