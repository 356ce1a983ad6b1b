// Package c3patternarrayarg: with --pattern '$X.Unlock($K)', `defer
// t.Unlock(key)` evaluates the array key at the defer. The region then
// changes key through a slice; an explicit `t.Unlock(key)` at the exit would
// release another key.
package c3patternarrayarg

import "sync"

// Key names a row.
type Key [2]int

// Table locks rows by key.
type Table struct {
	mu     sync.Mutex
	locked map[Key]bool
}

// Lock marks k locked.
func (t *Table) Lock(k Key) {
	t.mu.Lock()
	t.locked[k] = true
	t.mu.Unlock()
}

// Unlock marks k unlocked.
func (t *Table) Unlock(k Key) {
	t.mu.Lock()
	delete(t.locked, k)
	t.mu.Unlock()
}

// Touch locks the row k and, while it is held, moves key to the next row;
// the deferred Unlock still releases k.
func (t *Table) Touch(k Key) Key {
	key := k
	t.Lock(key)
	defer t.Unlock(key)
	copy(key[:], []int{k[0] + 1, k[1]})
	return key
}
