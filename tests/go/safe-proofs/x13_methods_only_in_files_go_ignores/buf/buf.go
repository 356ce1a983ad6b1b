// Package buf: Outer embeds Inner, whose Size, Count and Cap index past the
// end of a short slice. Outer's own Size, Count and Cap, which cannot panic,
// are declared only in files the go tool leaves out of every build:
// size_ignored.go (`//go:build ignore`), _count.go (name starts with `_`) and
// .cap.go (name starts with `.`).
package buf

// Inner holds lengths.
type Inner struct{ Lens []int }

// Size returns the second length: it panics with fewer than two.
func (i Inner) Size() int { return i.Lens[1] }

// Count returns the third length: it panics with fewer than three.
func (i Inner) Count() int { return i.Lens[2] }

// Cap returns the fourth length: it panics with fewer than four.
func (i Inner) Cap() int { return i.Lens[3] }

// Outer embeds Inner.
type Outer struct {
	Inner
	N int
}
