// Package shop (in directory store): Item.Size cannot panic.
package shop

// Item is an item of the shop.
type Item struct{ n int }

// Size returns the item's size.
func (i Item) Size() int { return i.n }
