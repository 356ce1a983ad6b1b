// Package y4calleeimportnameguessedwrong: `x := mid.Pick()` has the type
// `store.Item` as package mid writes it, where `store` is the package clause
// of directory other. Guessing mid's import names from the paths maps it to
// directory store, which this file imports as `store` (package shop, whose
// Item.Size cannot panic): the proof of `x.Size()` is of the wrong method.
// The real one indexes an empty slice, and an explicit Unlock leaves the lock
// held after the recovered panic.
package y4calleeimportnameguessedwrong

import (
	"sync"

	"safeproofs/y4_callee_import_name_guessed_wrong/mid"
	store "safeproofs/y4_callee_import_name_guessed_wrong/store"
)

// Basket picks items.
type Basket struct {
	mu   sync.Mutex
	last store.Item
	size int
}

// Pick picks an item and returns its size.
func (b *Basket) Pick() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	x := mid.Pick()
	b.size = x.Size()
	return b.size
}
