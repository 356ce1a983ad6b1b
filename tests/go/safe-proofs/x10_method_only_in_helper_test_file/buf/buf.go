// Package buf: Outer embeds Inner, whose Size indexes past the end of a short
// slice. Outer's own Size, which cannot panic, is declared only in this
// package's test file outer_test.go, which is not compiled into importers.
package buf

// Inner holds lengths.
type Inner struct{ Lens []int }

// Size returns the second length: it panics with fewer than two.
func (i Inner) Size() int { return i.Lens[1] }

// Outer embeds Inner.
type Outer struct {
	Inner
	N int
}
