// Package codec: Frame has its own Size, which cannot panic, and embeds Header,
// whose Size indexes past the end of an empty slice.
package codec

// Header holds field lengths.
type Header struct{ Lens []int }

// Size returns the third length: it panics with fewer than three.
func (h Header) Size() int { return h.Lens[2] }

// Frame embeds Header and shadows its Size.
type Frame struct {
	Header
	N int
}

// Size returns f.N.
func (f Frame) Size() int { return f.N }
