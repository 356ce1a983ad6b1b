// Package mid imports directory store (package shop) and directory other
// (package store) without import names: in this file, `store` is the package
// of directory other, whatever the last element of the path
// ".../store" suggests, and `store.Item` is the item whose Size indexes.
package mid

import (
	"safeproofs/y4_callee_import_name_guessed_wrong/other"
	"safeproofs/y4_callee_import_name_guessed_wrong/store"
)

// Shelf is a shop item on a shelf.
type Shelf struct{ Item shop.Item }

// Pick returns an empty store item.
func Pick() store.Item { return store.Item{} }
