// Package store (in directory other): Item.Size indexes its slice.
package store

// Item is an item of the store.
type Item struct{ sizes []int }

// Size returns the item's fourth size.
func (i Item) Size() int { return i.sizes[3] }
